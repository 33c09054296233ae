// File stamps (FsWorkspace.stampOf) in front of the summary cache: a file whose size, times and
// inode are those it was read under is not read again (a warm start reads no file it knows);
// any write changes its change time, so it is read and its hash decides; a file changed in the
// last seconds has no stamp (its times cannot tell two writes apart yet). On a temporary folder.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { defaultConfig, WorkspaceIndexer } from '../../server/src/engine';
import { FsWorkspace } from '../../server/src/node/fs-workspace';
import { SummaryCache } from '../../server/src/node/summary-cache';
import { CountingSummarizer, temporaryFolders } from './helpers';

const files: Record<string, string> = {
  'articles/moats.md': '# Moats\n\n## Pillar 1: Switching costs\n\nText about [[Network effects]].\n\n## Concepts\n\n- Network effects\n\nThis article is not investment advice.\n',
  'articles/scale.md': '# Scale\n\n## Pillar 1: Fixed costs\n\nSpread over more units.\n\nThis article is not investment advice.\n',
  'library/concepts/network-effects.md': '---\ntitle: Network effects\n---\n\n# Network effects\n\nEach user adds value.\n',
};

const folder = temporaryFolders('sn-stamps-');

function workspaceFolder(): string {
  const dir = folder();
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, 'notes', rel)), { recursive: true });
    writeFileSync(path.join(dir, 'notes', rel), text);
  }
  return dir;
}

/** A fresh workspace, cache and index over the folder; counts the files read and summarized. */
async function session(dir: string, settledMs = 0) {
  const workspace = new FsWorkspace(path.join(dir, 'notes'), defaultConfig(), { settledMs });
  const reads: string[] = [];
  const readFile = workspace.readFile.bind(workspace);
  workspace.readFile = (uri) => (reads.push(uri), readFile(uri));
  const inner = new CountingSummarizer();
  let indexer: WorkspaceIndexer | undefined;
  const cache = new SummaryCache(inner, { folder: path.join(dir, 'cache'), rootUri: workspace.rootUri, isLive: (uri) => indexer?.index.get(uri) !== undefined });
  indexer = new WorkspaceIndexer(workspace, () => Promise.resolve(), cache, 4);
  await indexer.build();
  await cache.flush();
  const names = (uris: string[]) => uris.map((u) => u.slice(u.indexOf('/notes/') + 7)).sort();
  return { reads: names(reads), summarized: names(inner.calls), index: indexer.index, hits: cache.hits };
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
const all = Object.keys(files).sort();

describe('file stamps in front of the summary cache', () => {
  test('a second session reads no file: every summary comes by its stamp, and the index is the same', async () => {
    const dir = workspaceFolder();
    const first = await session(dir);
    assert.deepEqual(first.reads, all);
    assert.deepEqual(first.summarized, all);
    const second = await session(dir);
    assert.deepEqual(second.reads, []);
    assert.deepEqual(second.summarized, []);
    assert.equal(second.hits, all.length);
    for (const s of first.index.all()) assert.deepEqual(plain(second.index.get(s.uri)), plain(s));
  });

  test('a file rewritten at the same size with its modification time put back is read and summarized again (its change time moved)', async () => {
    const dir = workspaceFolder();
    const file = path.join(dir, 'notes', 'articles/scale.md');
    // A whole second, so it is put back exactly.
    const second = Math.floor(Date.now() / 1000) - 120;
    utimesSync(file, second, second);
    await session(dir);
    const before = statSync(file);
    const text = readFileSync(file, 'utf8').replace('Fixed costs', 'Fixed price');
    assert.equal(text.length, files['articles/scale.md'].length);
    writeFileSync(file, text);
    utimesSync(file, second, second);
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
    const next = await session(dir);
    assert.deepEqual(next.reads, ['articles/scale.md']);
    assert.deepEqual(next.summarized, ['articles/scale.md']);
    const pillars = [...next.index.all()].find((s) => s.uri.endsWith("scale.md"));
    assert.match(JSON.stringify(pillars), /Fixed price/);
  });

  test('a file touched (same text, new times) is read once and not summarized; after that its new stamp is known', async () => {
    const dir = workspaceFolder();
    await session(dir);
    const file = path.join(dir, 'notes', 'articles/moats.md');
    const later = new Date(Date.now() - 60_000);
    utimesSync(file, later, later);
    const touched = await session(dir);
    assert.deepEqual(touched.reads, ['articles/moats.md']);
    assert.deepEqual(touched.summarized, []);
    const after = await session(dir);
    assert.deepEqual(after.reads, []);
  });

  test('files changed in the last seconds have no stamp: they are read (and their hash decides) until their times settle', async () => {
    const dir = workspaceFolder();
    const workspace = new FsWorkspace(path.join(dir, 'notes'), defaultConfig());
    const uri = workspace.uriOf('articles/moats.md');
    assert.equal(workspace.stampOf(uri), undefined);
    assert.match(new FsWorkspace(path.join(dir, 'notes'), defaultConfig(), { settledMs: 0 }).stampOf(uri) ?? '', /^\d+:/);
    await session(dir, 60_000);
    const again = await session(dir, 60_000);
    assert.deepEqual(again.reads, all);
    assert.deepEqual(again.summarized, []);
    // Neither a folder nor a missing file has one.
    assert.equal(workspace.stampOf(workspace.uriOf('articles')), undefined);
    assert.equal(workspace.stampOf(workspace.uriOf('articles/gone.md')), undefined);
  });

  test("reads block while they are fast ('while-fast'), then go through the thread pool for good; every way reads the same texts", async () => {
    const dir = workspaceFolder();
    const root = path.join(dir, 'notes');
    writeFileSync(path.join(root, 'articles/picture.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    const uris = [...all, 'articles/picture.md', 'articles/gone.md'].map((rel) => new FsWorkspace(root, defaultConfig()).uriOf(rel));
    const textsOf = async (workspace: FsWorkspace) => Promise.all(uris.map((u) => workspace.readFile(u)));
    const promised = await textsOf(new FsWorkspace(root, defaultConfig()));
    assert.equal(promised[0], files[all[0]]);
    assert.equal(promised.at(-1), undefined, 'a file that is not there');
    const fast = new FsWorkspace(root, defaultConfig(), { blockingReads: 'while-fast' });
    assert.deepEqual(await textsOf(fast), promised);
    assert.equal(fast.readsBlocking, true, 'local reads are fast');
    // A disk slower than the limit: the first read tells, the rest are not blocking.
    const slow = new FsWorkspace(root, defaultConfig(), { blockingReads: 'while-fast', slowReadMs: -1 });
    assert.equal(slow.readsBlocking, true);
    assert.deepEqual(await textsOf(slow), promised);
    assert.equal(slow.readsBlocking, false);
    assert.deepEqual(await textsOf(new FsWorkspace(root, defaultConfig(), { blockingReads: true })), promised);
  });

  test('a named pipe called .md is not read, whichever way reads go (a blocking open would wait for a writer forever)', { skip: process.platform === 'win32' }, async () => {
    const dir = workspaceFolder();
    const root = path.join(dir, 'notes');
    execFileSync('mkfifo', [path.join(root, 'articles/pipe.md')]);
    for (const blockingReads of [false, true, 'while-fast'] as const) {
      const workspace = new FsWorkspace(root, defaultConfig(), { blockingReads });
      assert.equal(await workspace.readFile(workspace.uriOf('articles/pipe.md')), undefined, String(blockingReads));
      assert.equal(await workspace.readFile(workspace.uriOf('articles/moats.md')), files['articles/moats.md']);
    }
  });
});
