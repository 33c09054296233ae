// Hostile configuration over stdio: a backtracking-bomb disclaimer pattern and glob, from an
// untrusted and a trusted workspace, in `.strategy-notes.json` and through
// `workspace/configuration`; values that cannot be used at all; and a client that never answers
// `workspace/configuration`. The server keeps answering, reports each bad key once, and the
// documents keep their outline and diagnostics. (Run `node scripts/build.mjs` first.)

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LspClient, copyExample, fileUri, removeDir } from '../helpers/lsp-client';

const CANONICAL = 'articles/netflix-moats.md';
const DRAFT = 'articles/drafts/cloud-pricing-draft.md';
/** picomatch took 26 s (CLI) and 3.9 s per open (server) on a 40-character name with this. */
const hostileGlob = '**/*a*a*a*a*a*a*a*a*a*a*c.md';
const hostileName = `articles/${'a'.repeat(40)}.md`;
/** Exponential for a backtracking engine on `aaaa…!`. */
const hostilePattern = '(a+)+$';
const nestedPattern = `${'('.repeat(20_000)}a${')'.repeat(20_000)}`;
const longGlob = `${'a'.repeat(70_000)}/*.md`;
const hostileText = `# Notes\n\n${'a'.repeat(5000)}!\n`;

const codes = (ds: { code?: unknown }[]) => ds.map((d) => String(d.code)).sort();
const messagesAbout = (client: LspClient, key: RegExp) => client.shownMessages.filter((m) => key.test(m.message));

async function stillAnswers(client: LspClient, ws: string): Promise<void> {
  const hostile = fileUri(path.join(ws, hostileName));
  await client.open(hostile, hostileText);
  const canonical = fileUri(path.join(ws, CANONICAL));
  await client.open(canonical, readFileSync(path.join(ws, CANONICAL), 'utf8'));
  const [symbols, diagnostics] = await Promise.all([client.symbols(canonical), client.pullDiagnostics(hostile)]);
  assert.ok(symbols.length > 0, 'the other document still has its outline');
  assert.ok(Array.isArray(diagnostics));
  assert.ok(client.alive);
}

for (const trusted of [false, true]) {
  describe(`a hostile .strategy-notes.json in ${trusted ? 'a trusted' : 'an untrusted'} workspace`, () => {
    let ws: string;
    let client: LspClient;
    before(async () => {
      ws = copyExample();
      writeFileSync(path.join(ws, hostileName), hostileText);
      writeFileSync(
        path.join(ws, '.strategy-notes.json'),
        JSON.stringify({ articles: [hostileGlob, 'articles/**/*.md'], exclude: ['**/*b*b*b*b*b*b*b*b*b*b*c/**'], disclaimer: { pattern: hostilePattern, text: 'aaa' } }),
      );
      // `workspaceTrusted` is what older clients sent; the server no longer needs it.
      client = await LspClient.start({ pull: true, workspaceFolders: [ws], ...(trusted ? {} : { initializationOptions: { workspaceTrusted: false } }) });
    });
    after(async () => {
      await client?.dispose();
      removeDir(ws);
    });

    test('the server keeps answering; the pattern applies (on RE2), with no message', async () => {
      await stillAnswers(client, ws);
      const canonical = fileUri(path.join(ws, CANONICAL));
      assert.deepEqual(codes(await client.pullDiagnostics(canonical)), ['disclaimer-missing'], 'the workspace pattern is used, trusted or not');
      assert.deepEqual(messagesAbout(client, /disclaimer|articles|exclude/), []);
    });
  });
}

describe('unusable values in .strategy-notes.json (an untrusted workspace)', () => {
  let ws: string;
  let client: LspClient;
  before(async () => {
    ws = copyExample();
    writeFileSync(path.join(ws, hostileName), hostileText);
    writeFileSync(path.join(ws, '.strategy-notes.json'), JSON.stringify({ articles: [longGlob], disclaimer: { pattern: nestedPattern } }));
    client = await LspClient.start({ pull: true, workspaceFolders: [ws], initializationOptions: { workspaceTrusted: false } });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('20,000 nested groups and a 70,000-character glob: one message each, the defaults, the outline stays', async () => {
    await stillAnswers(client, ws);
    const draft = fileUri(path.join(ws, DRAFT));
    await client.open(draft, readFileSync(path.join(ws, DRAFT), 'utf8'));
    assert.ok(codes(await client.pullDiagnostics(draft)).includes('disclaimer-missing'), 'the default pattern and the default article globs');
    const canonical = fileUri(path.join(ws, CANONICAL));
    assert.deepEqual(await client.pullDiagnostics(canonical), [], 'the default pattern finds the disclaimer');
    // A file's problems are its diagnostics and one log line each (no popup).
    const logged = (key: RegExp) => client.logMessages.filter((m) => key.test(m.message));
    assert.equal(logged(/disclaimer\.pattern: .*the default pattern is used/).length, 1);
    assert.equal(logged(/articles: the glob .* is longer than 4,096 characters; the default is used/).length, 1);
    assert.deepEqual(messagesAbout(client, /disclaimer|articles/), []);
  });
});

describe('hostile and unusable values through workspace/configuration', () => {
  let ws: string;
  let client: LspClient;
  let settings: unknown = {};
  before(async () => {
    ws = copyExample();
    writeFileSync(path.join(ws, hostileName), hostileText);
    client = await LspClient.start({ pull: true, workspaceFolders: [ws], configuration: () => settings, initializationOptions: { workspaceTrusted: false } });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('a backtracking bomb as pattern and glob: the server keeps answering', async () => {
    settings = { articles: [hostileGlob, 'articles/**/*.md'], disclaimer: { pattern: hostilePattern, text: 'aaa' } };
    await client.changeConfiguration();
    await stillAnswers(client, ws);
    assert.deepEqual(messagesAbout(client, /disclaimer|articles/), []);
  });

  test('20,000 nested groups and a 70,000-character glob: one message each, and the outline stays', async () => {
    settings = { articles: [longGlob], library: { companies: [longGlob] }, disclaimer: { pattern: nestedPattern } };
    await client.changeConfiguration();
    const canonical = fileUri(path.join(ws, CANONICAL));
    await client.changeFull(canonical, `${readFileSync(path.join(ws, CANONICAL), 'utf8')}\n`);
    assert.ok((await client.symbols(canonical)).length > 0);
    assert.deepEqual(await client.pullDiagnostics(canonical), []);
    const draft = fileUri(path.join(ws, DRAFT));
    await client.open(draft, readFileSync(path.join(ws, DRAFT), 'utf8'));
    assert.ok(codes(await client.pullDiagnostics(draft)).includes('disclaimer-missing'));
    assert.equal(messagesAbout(client, /settings \(strategyNotes\): disclaimer\.pattern: /).length, 1);
    assert.equal(messagesAbout(client, /settings \(strategyNotes\): articles: the glob/).length, 1);
    assert.equal(messagesAbout(client, /settings \(strategyNotes\): library\.companies: the glob/).length, 1);
  });
});

describe('a client that never answers workspace/configuration', () => {
  let ws: string;
  let client: LspClient;
  before(async () => {
    ws = copyExample();
    client = await LspClient.start({ pull: true, workspaceFolders: [ws], configurationUnanswered: true });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('gets diagnostics with the defaults, a log line, and answers to later requests', async () => {
    const draft = fileUri(path.join(ws, DRAFT));
    await client.open(draft, readFileSync(path.join(ws, DRAFT), 'utf8'));
    assert.ok(codes(await client.pullDiagnostics(draft)).includes('disclaimer-missing'));
    assert.ok(client.configurationRequests.length > 0, 'the server did ask');
    assert.ok(client.logMessages.some((m) => /did not answer workspace\/configuration within 2 s; the defaults are used/.test(m.message)));
    const canonical = fileUri(path.join(ws, CANONICAL));
    await client.open(canonical, readFileSync(path.join(ws, CANONICAL), 'utf8'));
    assert.ok((await client.symbols(canonical)).length > 0);
    assert.deepEqual(await client.pullDiagnostics(canonical), []);
  });
});
