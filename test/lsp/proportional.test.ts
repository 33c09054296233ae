// Proportional work through the real server over stdio (issue 9): an entry's alias changed on disk
// re-checks only the open articles that name it (push mode); in pull mode the client re-pulls every
// open document after `workspace/diagnostic/refresh` and the server answers them from kept models
// (rules re-run, nothing re-parsed); closed documents leave no analysis behind; a burst of file
// events over many notifications is applied in one batch. Counts come from `strategyNotes/indexStats`
// (memory.analysesKept, memory.modelBuilds, memory.documentChecks), never from the clock.
// Needs a build first (`node scripts/build.mjs`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver-protocol/node';
import type { IndexStats } from '../../server/src/lsp/indexing';
import { LspClient, fileUri, removeDir, tempDir } from '../helpers/lsp-client';

const entry = (aliases: string[]) => `---\ntitle: Network Effects\naliases: [${aliases.join(', ')}]\n---\n# Network Effects\n\nEach user adds value.\n`;
const OTHER_ENTRY = '---\ntitle: Switching Costs\n---\nWhat leaving costs.\n';

function article(title: string, concepts: string[]): string {
  return [`# ${title}`, '', 'Some analysis.', '', 'From the Concept Library, concepts for this article are:', ...concepts.map((c) => `- ${c}`), '', 'This article is not investment advice.', ''].join('\n');
}

/** Four articles: only `naming` writes a name of the Network Effects entry ("NFX", unknown until it is an alias). */
const ARTICLES: Record<string, string> = {
  'articles/naming.md': article('Naming', ['NFX']),
  'articles/a.md': article('A', ['Switching Costs']),
  'articles/b.md': article('B', ['Switching Costs']),
  'articles/c.md': article('C', ['Switching Costs']),
};

function write(dir: string, rel: string, text: string): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return fileUri(file);
}

function workspace(prefix: string): string {
  const ws = tempDir(prefix);
  write(ws, '.strategy-notes.json', JSON.stringify({ articles: ['articles/**/*.md'] }));
  write(ws, 'library/concepts/network-effects.md', entry(['Flywheel']));
  write(ws, 'library/concepts/switching-costs.md', OTHER_ENTRY);
  for (const [rel, text] of Object.entries(ARTICLES)) write(ws, rel, text);
  return ws;
}

const stats = (c: LspClient) => c.request<IndexStats>('strategyNotes/indexStats', { wait: true }, 60_000);
const unknownNfx = (d: { message: unknown }[]) => d.some((x) => /"NFX" is not in the Concept Library/.test(String(x.message)));

test('push mode: an alias added on disk re-checks only the open article naming it; closed documents keep no analysis', { timeout: 300_000 }, async () => {
  const ws = workspace('sn-prop-push-');
  const client = await LspClient.start({ library: true, workspaceFolders: [ws] });
  try {
    await stats(client);
    const uris = Object.keys(ARTICLES).map((rel) => fileUri(path.join(ws, rel)));
    const [naming, ...others] = uris;
    for (const [i, uri] of uris.entries()) {
      await client.open(uri, Object.values(ARTICLES)[i]);
      await client.waitForPublish(uri);
    }
    assert.ok(unknownNfx(client.published.get(naming)!.at(-1)!.diagnostics), 'NFX unknown at first');
    const before = await stats(client);
    assert.equal(before.memory.analysesKept, 4);
    const published = new Map(uris.map((u) => [u, client.publishCount(u)]));

    write(ws, 'library/concepts/network-effects.md', entry(['Flywheel', 'NFX']));
    await client.changeWatchedFiles([{ uri: fileUri(path.join(ws, 'library/concepts/network-effects.md')), type: FileChangeType.Changed }]);
    const republished = await client.waitForPublish(naming, { afterCount: published.get(naming) });
    assert.ok(!unknownNfx(republished.diagnostics), 'NFX resolves once it is an alias');
    const after = await stats(client);
    console.log(`alias change: ${after.memory.documentChecks - before.memory.documentChecks} check(s), ${after.memory.modelBuilds - before.memory.modelBuilds} build(s) for 4 open articles`);
    assert.equal(after.memory.documentChecks - before.memory.documentChecks, 1, 'only the article naming the entry is checked again');
    assert.equal(after.memory.modelBuilds - before.memory.modelBuilds, 0, 'its model is kept: nothing is parsed again');
    for (const u of others) assert.equal(client.publishCount(u), published.get(u), `${path.basename(u)} is not re-published`);

    // Closed documents: their analyses are forgotten; what is kept is one per open document.
    const extra: string[] = [];
    for (let i = 0; i < 40; i++) {
      const uri = fileUri(path.join(ws, 'articles', `extra-${i}.md`));
      extra.push(uri);
      await client.open(uri, article(`Extra ${i}`, ['Network Effects']));
      assert.ok((await client.symbols(uri)).length >= 1);
    }
    assert.equal((await stats(client)).memory.analysesKept, 44);
    for (const uri of extra) await client.close(uri);
    for (const uri of others) await client.close(uri);
    const end = await stats(client);
    assert.equal(end.memory.openDocuments, 1);
    assert.equal(end.memory.analysesKept, 1, 'only the open document keeps an analysis');
    assert.equal(await client.shutdown(), 0);
  } finally {
    await client.dispose();
    removeDir(ws);
  }
});

test('pull mode: a refresh re-pulls every open document; they are answered from kept models (rules re-run, no parse)', { timeout: 300_000 }, async () => {
  const ws = workspace('sn-prop-pull-');
  const client = await LspClient.start({ pull: true, library: true, workspaceFolders: [ws] });
  try {
    await stats(client);
    const uris = Object.keys(ARTICLES).map((rel) => fileUri(path.join(ws, rel)));
    const [naming] = uris;
    for (const [i, uri] of uris.entries()) await client.open(uri, Object.values(ARTICLES)[i]);
    for (const uri of uris) await client.pullDiagnostics(uri);
    assert.ok(unknownNfx(await client.pullDiagnostics(naming)));
    const before = await stats(client);

    const refreshed = client.waitForRefresh();
    write(ws, 'library/concepts/network-effects.md', entry(['Flywheel', 'NFX']));
    await client.changeWatchedFiles([{ uri: fileUri(path.join(ws, 'library/concepts/network-effects.md')), type: FileChangeType.Changed }]);
    await refreshed;
    for (const uri of uris) await client.pullDiagnostics(uri);
    assert.ok(!unknownNfx(await client.pullDiagnostics(naming)), 'NFX resolves once it is an alias');
    const after = await stats(client);
    const checks = after.memory.documentChecks - before.memory.documentChecks;
    console.log(`pull refresh: ${checks} check(s), ${after.memory.modelBuilds - before.memory.modelBuilds} build(s) for 4 re-pulled articles`);
    assert.equal(after.memory.modelBuilds - before.memory.modelBuilds, 0, 'no model is built again');
    // Every re-pulled document is checked against the new index once (a second pull reuses it).
    assert.equal(checks, 4);
    assert.equal(await client.shutdown(), 0);
  } finally {
    await client.dispose();
    removeDir(ws);
  }
});

test('1,000 file events over 10 notifications (a branch switch, some files twice) are applied in one batch and the index is right', { timeout: 300_000 }, async () => {
  const ws = workspace('sn-prop-burst-');
  const client = await LspClient.start({ library: true, workspaceFolders: [ws] });
  try {
    const before = await stats(client);
    const events: FileEvent[] = [];
    for (let i = 0; i < 900; i++) events.push({ uri: write(ws, `articles/branch/a-${i}.md`, article(`Branch ${i}`, ['Network Effects'])), type: FileChangeType.Created });
    // 100 of them reported twice, created then changed, as watchers do.
    for (let i = 0; i < 100; i++) events.push({ uri: events[i * 9].uri, type: FileChangeType.Changed });
    for (let i = 0; i < events.length; i += 100) await client.changeWatchedFiles(events.slice(i, i + 100));
    const after = await stats(client);
    assert.equal(after.eventsReceived - before.eventsReceived, 1000);
    const batches = after.batchesApplied - before.batchesApplied;
    console.log(`1,000 events in 10 notifications: ${batches} batch(es)`);
    assert.ok(batches >= 1 && batches <= 2, `${batches} batches`);
    assert.equal(after.articles - before.articles, 900, 'every created file is indexed once');
    assert.equal(after.files - before.files, 900);
    assert.equal(await client.shutdown(), 0);
  } finally {
    await client.dispose();
    removeDir(ws);
  }
});
