// The persistent summary cache (server/src/node/summary-cache.ts) on temporary folders, over an
// in-memory workspace and a summarizer that counts its calls: hits, misses, and every way a
// cache file can be wrong (it is ignored and rebuilt, never trusted).

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ArticleBuilder, defaultConfig, InMemoryWorkspace, summarizeText, WorkspaceIndexer, type FileRole, type Summarizer } from '../../server/src/engine';
import { cacheFileOf, SummaryCache, type SummaryCacheOptions } from '../../server/src/node/summary-cache';

const root = 'file:///notes';
const PROSE = 'Subscription software compounds because the switching costs rise every quarter';
const files = {
  'articles/moats.md': `# Moats\n\n${PROSE}.\n\n## Pillar 1: Switching costs\n\nMore text about [[Network effects]].\n\n## Concepts\n\n- Network effects\n\nThis article is not investment advice.\n`,
  'library/concepts/network-effects.md': '---\ntitle: Network effects\naliases: [network effect]\n---\n\n# Network effects\n\nEach user adds value.\n',
  'library/companies/acme.md': '# Acme\n\nA company.\n',
  'README.md': '# Readme\n',
};

class Counting implements Summarizer {
  calls: string[] = [];
  private builder = new ArticleBuilder();
  summarize(uri: string, role: FileRole, text: string) {
    this.calls.push(uri);
    return summarizeText(uri, role, text, this.builder);
  }
}

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempFolder(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'sn-summary-cache-'));
  dirs.push(d);
  return path.join(d, 'cache');
}

/** One "session": a fresh indexer and cache over the workspace, built and flushed. */
async function session(folder: string, workspace: InMemoryWorkspace, options: Partial<SummaryCacheOptions> = {}) {
  const inner = new Counting();
  let indexer: WorkspaceIndexer | undefined;
  const cache = new SummaryCache(inner, { folder, rootUri: root, isLive: (uri) => indexer?.index.get(uri) !== undefined, ...options });
  indexer = new WorkspaceIndexer(workspace, () => Promise.resolve(), cache);
  await indexer.build();
  await cache.flush();
  return { inner, cache, indexer };
}

const workspaceOf = (over: Record<string, string | undefined> = {}) => {
  const w = new InMemoryWorkspace(root, files, defaultConfig());
  w.write(over);
  return w;
};
const total = Object.keys(files).length;
/** A summary as JSON keeps it (absent and undefined fields are the same to the index). */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('summary cache', () => {
  test('a second session reads every summary from the cache, and they equal the parsed ones', async () => {
    const folder = tempFolder();
    const first = await session(folder, workspaceOf());
    assert.equal(first.inner.calls.length, total);
    assert.deepEqual([first.cache.hits, first.cache.misses], [0, total]);
    const second = await session(folder, workspaceOf());
    assert.equal(second.inner.calls.length, 0, 'no file parsed again');
    assert.deepEqual([second.cache.hits, second.cache.misses], [total, 0]);
    for (const uri of [...first.indexer.index.all()].map((s) => s.uri)) assert.deepEqual(second.indexer.index.get(uri), plain(first.indexer.index.get(uri)));
  });

  test("a file whose text changed is a miss, that one only; a deleted file leaves the cache", async () => {
    const folder = tempFolder();
    await session(folder, workspaceOf());
    const edited = workspaceOf({ 'library/companies/acme.md': '# Acme Corp\n\nA company.\n', 'README.md': undefined });
    const second = await session(folder, edited);
    assert.deepEqual(second.inner.calls, [edited.uriOf('library/companies/acme.md')]);
    const stored = JSON.parse(readFileSync(cacheFileOf(folder, root), 'utf8')) as { entries: Record<string, unknown> };
    assert.equal(Object.keys(stored.entries).length, total - 1);
    assert.ok(!(edited.uriOf('README.md') in stored.entries));
  });

  test('a file under another role is a miss', async () => {
    const folder = tempFolder();
    const w = workspaceOf();
    await session(folder, w);
    const inner = new Counting();
    const cache = new SummaryCache(inner, { folder, rootUri: root });
    const summary = await cache.summarize(w.uriOf('library/companies/acme.md'), 'concept-entry', files['library/companies/acme.md']);
    assert.equal(inner.calls.length, 1);
    assert.equal(summary.kind === 'entry' && summary.entryKind, 'concept');
  });

  test('another engine version or config fingerprint: the cache is ignored and rewritten', async () => {
    const folder = tempFolder();
    await session(folder, workspaceOf(), { version: 'v1', fingerprint: 'a' });
    const otherVersion = await session(folder, workspaceOf(), { version: 'v2', fingerprint: 'a' });
    assert.equal(otherVersion.inner.calls.length, total);
    assert.match(otherVersion.cache.rejected ?? '', /version/);
    const otherConfig = await session(folder, workspaceOf(), { version: 'v2', fingerprint: 'b' });
    assert.equal(otherConfig.inner.calls.length, total);
    const again = await session(folder, workspaceOf(), { version: 'v2', fingerprint: 'b' });
    assert.equal(again.inner.calls.length, 0, 'rewritten under the new version');
  });

  const broken: [string, (file: string) => void][] = [
    ['flipped bytes', (file) => {
      const bytes = readFileSync(file);
      for (let i = 40; i < bytes.length; i += 97) bytes[i] ^= 0x5a;
      writeFileSync(file, bytes);
    }],
    ['truncated', (file) => writeFileSync(file, readFileSync(file).subarray(0, Math.floor(readFileSync(file).length / 2)))],
    ['wrong version', (file) => writeFileSync(file, readFileSync(file, 'utf8').replace(/"version":"[^"]*"/, '"version":"0+0.0.0"'))],
    ['a directory', (file) => {
      rmSync(file);
      mkdirSync(file);
    }],
    ['valid JSON, summaries of the wrong shape', (file) => writeFileSync(file, readFileSync(file, 'utf8').replace(/"headings":\[/g, '"headings":[7,'))],
    ['valid JSON, a summary for another file', (file) => writeFileSync(file, readFileSync(file, 'utf8').replace(/("summary":\{"kind":"[a-z]+","uri":")file:\/\/\/notes\//g, '$1file:///elsewhere/'))],
  ];
  for (const [what, breakIt] of broken) {
    test(`a cache file that is ${what} is not trusted: every file is parsed, and the build is the same`, async () => {
      const folder = tempFolder();
      const first = await session(folder, workspaceOf());
      breakIt(cacheFileOf(folder, root));
      const second = await session(folder, workspaceOf());
      assert.equal(second.inner.calls.length, total);
      for (const s of first.indexer.index.all()) assert.deepEqual(plain(second.indexer.index.get(s.uri)), plain(s));
      if (what !== 'a directory') {
        const third = await session(folder, workspaceOf());
        assert.equal(third.inner.calls.length, 0, 'rebuilt by the session before');
      }
    });
  }

  test('concurrent writers: interleaved writes leave a valid file (the last writer wins)', async () => {
    const folder = tempFolder();
    const a = workspaceOf();
    const b = workspaceOf({ 'articles/moats.md': files['articles/moats.md'].replace('# Moats', '# Deep moats') });
    // Two caches over the same file, loaded before either writes, then writing back and forth.
    const ca = new SummaryCache(new Counting(), { folder, rootUri: root, debounceMs: 0 });
    const cb = new SummaryCache(new Counting(), { folder, rootUri: root, debounceMs: 0 });
    const writes: Promise<void>[] = [];
    for (let round = 0; round < 5; round++) {
      for (const [cache, w] of [[ca, a], [cb, b]] as const) {
        for (const file of await w.listFiles()) await cache.summarize(file.uri, file.role, (await w.readFile(file.uri))! + '\n'.repeat(round));
        writes.push(cache.flush());
      }
    }
    await Promise.all(writes);
    const third = await session(folder, workspaceOf({ 'articles/moats.md': files['articles/moats.md'].replace('# Moats', '# Deep moats') + '\n'.repeat(4) }));
    assert.equal(third.cache.rejected, undefined, 'a valid cache file');
    assert.ok(third.cache.hits >= 1, 'the last writer’s article summary is read back');
  });

  test('the cache file holds summaries, not the articles’ text', async () => {
    const folder = tempFolder();
    await session(folder, workspaceOf());
    const text = readFileSync(cacheFileOf(folder, root), 'utf8');
    assert.ok(!text.includes(PROSE), 'no sentence of prose');
    assert.ok(!text.includes('More text about'), 'no sentence of prose');
    assert.ok(text.includes('Switching costs'), 'pillar titles are summaries');
  });

  test('after the first flush, later misses are written on their own (debounced)', async () => {
    const folder = tempFolder();
    const w = workspaceOf();
    const { indexer, cache } = await session(folder, w, { debounceMs: 10 });
    await indexer.applyChanges(w.write({ 'library/companies/new.md': '# New Co\n' }));
    assert.equal(cache.misses, total + 1);
    // No flush called: the debounced write comes on its own (waited for, never timed).
    const written = () => (JSON.parse(readFileSync(cacheFileOf(folder, root), 'utf8')) as { entries: Record<string, unknown> }).entries;
    while (!(w.uriOf('library/companies/new.md') in written())) await new Promise((r) => setTimeout(r, 10));
  });
});
