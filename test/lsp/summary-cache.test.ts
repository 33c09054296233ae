// The server's summary cache across restarts: with `initializationOptions.cacheLocation`, the
// first start parses every file and writes the cache; a second start on the same workspace reads
// every summary from it (the "indexed …" log line counts hits and misses) and indexes the same.
// Without the option there is no cache. Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { IndexStats } from '../../server/src/lsp/indexing';
import { assertBuilt, copyExample, fileUri, LspClient, removeDir, tempDir } from '../helpers/lsp-client';

const cacheLine = /summary cache: (\d+) hits, (\d+) misses/;

async function session(dir: string, cacheLocation: string | undefined) {
  const client = await LspClient.start({ workspaceFolders: [dir], initializationOptions: cacheLocation ? { cacheLocation } : undefined });
  try {
    const stats = await client.request<IndexStats>('strategyNotes/indexStats', { wait: true }, 60_000);
    // The log line is sent as the build ends; waited for, never timed.
    let line: string | undefined;
    while (!(line = client.logMessages.map((m) => m.message).find((m) => m.includes('Strategy Notes: indexed')))) await new Promise((r) => setTimeout(r, 20));
    const m = cacheLine.exec(line);
    // The cache is written after the build: wait for its file before stopping the server.
    if (cacheLocation) while (!existsSync(cacheLocation) || readdirSync(cacheLocation).filter((f) => f.endsWith('.json')).length === 0) await new Promise((r) => setTimeout(r, 20));
    return { stats, line, counts: m ? { hits: Number(m[1]), misses: Number(m[2]) } : undefined };
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
}

describe('summary cache across server restarts', () => {
  let dir: string;
  let cacheRoot: string;
  before(() => {
    assertBuilt();
    dir = copyExample('sn-lsp-cache-');
    cacheRoot = tempDir('sn-lsp-cache-store-');
  });
  after(() => {
    removeDir(dir);
    removeDir(cacheRoot);
  });

  test('the second start reads every summary from the cache', async () => {
    const location = path.join(cacheRoot, 'summaries');
    const first = await session(dir, location);
    assert.ok(first.counts, first.line);
    assert.equal(first.counts.hits, 0);
    assert.equal(first.counts.misses, first.stats.files);
    const second = await session(dir, location);
    assert.deepEqual(second.counts, { hits: first.stats.files, misses: 0 });
    assert.equal(second.stats.files, first.stats.files);
    assert.equal(second.stats.entries, first.stats.entries);
    assert.equal(second.stats.articles, first.stats.articles);
    const [file] = readdirSync(location);
    const stored = JSON.parse(readFileSync(path.join(location, file), 'utf8')) as { entries: Record<string, unknown> };
    assert.equal(Object.keys(stored.entries).length, first.stats.files);
  });

  test('shutdown right after the build is answered once the cache is on disk; no temporary file is left', async () => {
    // Enough files that writing the cache takes many turns of the event loop after the build ends.
    const big = copyExample('sn-lsp-cache-big-');
    const location = path.join(cacheRoot, 'at-shutdown');
    try {
      mkdirSync(path.join(big, 'articles', 'many'), { recursive: true });
      for (let i = 0; i < 1500; i++) {
        const pillars = Array.from({ length: 6 }, (_, k) => `## ${k + 1}. Pillar ${k + 1} of note ${i}\n\nBody ${i}-${k} about [[Network Effects]] and switching costs.\n`).join('\n');
        writeFileSync(path.join(big, 'articles', 'many', `note-${i}.md`), `# Note ${i}\n\n${pillars}\n## Concepts\n\n- Network Effects\n\nThis is not investment advice.\n`);
      }
      const client = await LspClient.start({ workspaceFolders: [big], initializationOptions: { cacheLocation: location } });
      const stats = await client.request<IndexStats>('strategyNotes/indexStats', { wait: true }, 120_000);
      assert.equal(await client.shutdown(), 0);
      const names = readdirSync(location);
      assert.deepEqual(names.filter((n) => n.endsWith('.tmp')), []);
      assert.equal(names.length, 1, names.join(', '));
      const stored = JSON.parse(readFileSync(path.join(location, names[0]), 'utf8')) as { entries: Record<string, unknown> };
      assert.equal(Object.keys(stored.entries).length, stats.files);
    } finally {
      removeDir(big);
    }
  });

  test('without initializationOptions.cacheLocation, no cache', async () => {
    const plain = await session(dir, undefined);
    assert.equal(plain.counts, undefined, plain.line);
  });

  test('an entry opened as it is on disk keeps its summary; edited, the index follows the editor; closed, the disk again', async () => {
    const location = path.join(cacheRoot, 'open-as-on-disk');
    await session(dir, location);
    const client = await LspClient.start({ pull: true, workspaceFolders: [dir], initializationOptions: { cacheLocation: location } });
    try {
      await client.request<IndexStats>('strategyNotes/indexStats', { wait: true }, 60_000);
      const article = fileUri(path.join(dir, 'articles/netflix-moats.md'));
      const entry = fileUri(path.join(dir, 'library/concepts/network-effects.md'));
      const entryText = readFileSync(path.join(dir, 'library/concepts/network-effects.md'), 'utf8');
      const codes = async () => (await client.pullDiagnostics(article)).map((d) => d.code);
      await client.open(article, readFileSync(path.join(dir, 'articles/netflix-moats.md'), 'utf8'));
      assert.ok(!(await codes()).includes('unknown-reference'));
      await client.open(entry, entryText);
      await client.pullDiagnostics(entry);
      assert.ok(!(await codes()).includes('unknown-reference'), 'opened unchanged: the same index');
      // Renamed in the editor (not saved): `[[Network Effects|…]]` names no entry any more.
      await client.changeFull(entry, entryText.replace('title: Network Effects', 'title: Network Externalities').replace(/aliases:\n(?:  - .*\n)+/, ''));
      await client.pullDiagnostics(entry);
      assert.ok((await codes()).includes('unknown-reference'), 'the editor text counts');
      // Closed without saving: the disk's entry counts again.
      await client.close(entry);
      await client.request<IndexStats>('strategyNotes/indexStats', { wait: true }, 60_000);
      let found = await codes();
      for (let i = 0; i < 100 && found.includes('unknown-reference'); i++) {
        await new Promise((r) => setTimeout(r, 20));
        found = await codes();
      }
      assert.ok(!found.includes('unknown-reference'), JSON.stringify(found));
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });
});
