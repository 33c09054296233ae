// Closed documents' memory is given back: 1,000 distinct documents opened, analyzed and closed
// leave the server holding what it held before (counts it reports through
// `strategyNotes/indexStats`, not the process's size, which the garbage collector decides).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IndexStats } from '../../server/src/lsp/indexing';
import { LspClient, fileUri, removeDir, tempDir } from '../helpers/lsp-client';

/** A distinct article of about 3 KB: pillars, sub-points, tags, prose with its own words. */
function article(n: number): string {
  const lines = [`# Article ${n}`, '', `Here are four things company ${n} will focus on:`, ''];
  for (let p = 1; p <= 4; p++) {
    lines.push(`## ${p}. Pillar ${p} of article ${n}`, '');
    for (let s = 0; s < 6; s++) lines.push(`Paragraph ${s} of pillar ${p} in article ${n}: the [[Network Effects]] of platform ${n * 7 + s} grow with each user ${p * s}.`, '');
    lines.push(`Point ${p} of ${n}:`, `- item ${n}-${p}-a`, `- item ${n}-${p}-b`, '');
  }
  lines.push('From the Concept Library, concepts for this article are:', '- Network Effects', '', 'This is not investment, legal or tax advice.', '');
  return lines.join('\n');
}

test('1,000 documents opened and closed: open documents, their text and the chunk cache fall back', { timeout: 600_000 }, async () => {
  const root = tempDir('sn-memory-');
  mkdirSync(path.join(root, 'articles'), { recursive: true });
  writeFileSync(path.join(root, 'articles', 'kept.md'), article(-1));
  const client = await LspClient.start({ workspaceFolders: [root] });
  const stats = () => client.request<IndexStats>('strategyNotes/indexStats', { wait: true }, 60_000);
  try {
    const kept = fileUri(path.join(root, 'articles', 'kept.md'));
    await client.open(kept, article(-1));
    await client.symbols(kept);
    const start = await stats();
    let opened = 0;
    let peak = 0;
    for (let i = 0; i < 1_000; i++) {
      const uri = fileUri(path.join(root, 'articles', `generated-${i}.md`));
      const text = article(i);
      opened += text.length;
      await client.open(uri, text);
      assert.ok((await client.symbols(uri)).length >= 4);
      if (i % 100 === 99) peak = Math.max(peak, (await stats()).memory.chunkCacheCharacters);
      await client.close(uri);
    }
    const end = await stats();
    console.log(`opened ${opened} characters; chunk cache: ${start.memory.chunkCacheCharacters} at start, at most ${peak} on the way, ${end.memory.chunkCacheCharacters} at the end; heap ${(start.memory.heapUsed / 2 ** 20).toFixed(0)} -> ${(end.memory.heapUsed / 2 ** 20).toFixed(0)} MB`);
    assert.equal(end.memory.openDocuments, 1);
    assert.equal(end.memory.openCharacters, start.memory.openCharacters);
    // The project's index counts the files on disk again, not the closed editors' texts.
    assert.equal(end.files, start.files);
    // Bounded by the open documents' size (256 K characters at least), not by what was ever opened.
    assert.ok(end.memory.chunkCacheCharacters <= Math.max(256 * 1024, 2 * end.memory.openCharacters), `${end.memory.chunkCacheCharacters} characters held`);
    assert.ok(end.memory.chunkCacheCharacters < opened / 10, `${end.memory.chunkCacheCharacters} of ${opened} characters still held`);
    // The document still open keeps working from the cache.
    assert.ok((await client.symbols(kept)).length >= 4);
    assert.equal(await client.shutdown(), 0);
  } finally {
    await client.dispose();
    removeDir(root);
  }
});
