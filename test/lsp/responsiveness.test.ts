// One document never holds up another, and stale work is abandoned — over stdio with the real
// server. A ~10 MB article (text that never repeats, so nothing is cached) is built on the
// server's model worker while a small article's requests are answered; `$/cancelRequest` gets
// `RequestCancelled`; a run of quick new versions ends with only the last one published and
// the stale builds abandoned. Builds are counted from the server's log, which
// STRATEGY_NOTES_LOG_BUILDS=1 turns on. Order and counts only, never the clock.
// Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, CodeActionRequest, type CancellationToken, DocumentSymbolRequest, LSPErrorCodes, ResponseError, type DocumentSymbol } from 'vscode-languageserver-protocol/node';
import { distinctArticle, typicalArticle } from '../../bench/articles';
import { LspClient, withTimeout } from '../helpers/lsp-client';

const big = 'untitled:big-article';
const small = 'untitled:small-article';
const logBuilds = { STRATEGY_NOTES_LOG_BUILDS: '1' };
const long = 300_000;

/** The worker's builds of `uri` as the log tells them: version and how each ended. */
function builds(client: LspClient, uri: string): { version: number; end: string }[] {
  const out: { version: number; end: string }[] = [];
  for (const m of client.logMessages) {
    const found = / of (\S+) version (\d+): (.*)$/.exec(m.message);
    if (found && found[1] === uri) out.push({ version: Number(found[2]), end: found[3] });
  }
  return out;
}

/** The text with one word of line `line` changed (a new version that differs from every other). */
function variant(text: string, k: number): string {
  const at = text.indexOf('\n', 1000 + k * 997) + 1;
  return text.slice(0, at) + `Variant ${k} ` + text.slice(at);
}

/** Sends a request, cancels it at once, and asserts it is answered RequestCancelled. */
async function assertCancelled(send: (token: CancellationToken) => Promise<unknown>): Promise<void> {
  const source = new CancellationTokenSource();
  const pending = send(source.token);
  source.cancel();
  const error = await withTimeout(
    pending.then(
      () => undefined,
      (e: unknown) => e,
    ),
    long,
    'the cancelled request’s answer',
  );
  assert.ok(error instanceof ResponseError, `an error answer, got ${String(error)}`);
  assert.equal(error.code, LSPErrorCodes.RequestCancelled);
}

describe('a 10 MB article next to a small one (push diagnostics)', () => {
  let client: LspClient;
  const bigText = distinctArticle(10_000_000);

  before(async () => {
    client = await LspClient.start({ env: logBuilds });
  });
  after(async () => {
    await client.shutdown(30_000).catch(() => undefined);
    await client.dispose();
  });

  test('the small article is answered before the big one is built', async () => {
    const events: string[] = [];
    await client.open(big, bigText);
    const bigOutline = client.symbols(big, long).then((s) => {
      events.push('big outline');
      return s;
    });
    await client.open(small, typicalArticle());
    const bigPublished = client.waitForPublish(big, { ms: long }).then(() => events.push('big diagnostics'));
    const symbols = await withTimeout(
      client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: small } }),
      long,
      'the small article’s outline',
    );
    events.push('small outline');
    const builtBefore = builds(client, big).filter((b) => b.end === 'built').length;
    assert.equal((symbols as DocumentSymbol[]).filter((s) => /^\d+\./.test(s.name)).length, 5, 'the small article’s five pillars');
    assert.equal(builtBefore, 0, 'the big article was not built yet when the small one was answered');
    const bigSymbols = await bigOutline;
    await bigPublished;
    assert.equal(events[0], 'small outline', `the small article first: ${events.join(', ')}`);
    assert.deepEqual([...events].sort(), ['big diagnostics', 'big outline', 'small outline']);
    const published = client.published.get(big)!;
    assert.equal(published[published.length - 1].version, 1);
    assert.ok(bigSymbols.length > 1000, `the big article’s outline (${bigSymbols.length} symbols)`);
    assert.deepEqual(
      builds(client, big).map((b) => b.end),
      ['started', 'built'],
      'one build of the big article, shared by its outline and its diagnostics',
    );
  });

  test('$/cancelRequest for a request waiting on the big article is answered RequestCancelled', async () => {
    await client.changeFull(big, variant(bigText, 0));
    await assertCancelled((token) => client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: big } }, token));
    // The server goes on: the small article is still answered, the big one's diagnostics come.
    assert.ok((await client.symbols(small, long)).length > 0);
    await client.waitForPublish(big, { version: 2, ms: long });
  });

  test('a code-action request cancelled while the big article is built is answered RequestCancelled', async () => {
    await client.changeFull(big, variant(bigText, 1));
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    await assertCancelled((token) => client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: big }, range, context: { diagnostics: [] } }, token));
    await client.waitForPublish(big, { version: 3, ms: long });
  });

  test('quick new versions: only the last is published, the stale builds are abandoned', async () => {
    const publishedBefore = client.publishCount(big);
    const buildsBefore = builds(client, big).length;
    const answers: Promise<DocumentSymbol[]>[] = [];
    const last = 8;
    for (let v = 4; v <= last; v++) {
      assert.equal(await client.changeFull(big, variant(bigText, v)), v);
      // Each version asked for at once, as an editor asks for the outline after each change.
      answers.push(client.symbols(big, long));
    }
    const published = await client.waitForPublish(big, { afterCount: publishedBefore, ms: long });
    assert.equal(published.version, last, 'the first publish after the changes is the last version’s');
    const outlines = await Promise.all(answers);
    for (const o of outlines) assert.ok(o.length > 1000, 'every request is answered with the current outline');
    // One more round for the published list to settle: a publish of a stale version would come before this.
    assert.ok((await client.symbols(small, long)).length > 0);
    const after = client.published.get(big)!.slice(publishedBefore);
    assert.deepEqual(
      after.map((p) => p.version),
      after.map(() => last),
      'only the last version’s diagnostics are published',
    );
    const runs = builds(client, big).slice(buildsBefore);
    const builtStale = runs.filter((b) => b.end === 'built' && b.version < last);
    assert.ok(builtStale.length < last - 3, `not every stale version was built to the end: ${JSON.stringify(runs)}`);
    assert.ok(
      runs.some((b) => b.end.startsWith('abandoned')),
      `a stale build was abandoned: ${JSON.stringify(runs)}`,
    );
    assert.ok(runs.some((b) => b.end === 'built' && b.version === last));
  });
});

test('pull diagnostics of a version made stale while it is built are answered ServerCancelled (retrigger)', async () => {
  const client = await LspClient.start({ pull: true, env: logBuilds });
  try {
    const text = distinctArticle(2_000_000, 2);
    await client.open(big, text);
    const pending = client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: big } });
    await client.changeFull(big, variant(text, 1));
    const error = await withTimeout(
      pending.then(
        () => undefined,
        (e: unknown) => e,
      ),
      long,
      'the stale pull’s answer',
    );
    assert.ok(error instanceof ResponseError, `an error answer, got ${String(error)}`);
    assert.equal(error.code, LSPErrorCodes.ServerCancelled);
    assert.deepEqual(error.data, { retriggerRequest: true });
    // Asked again, as the client does: the newest version's diagnostics.
    const items = await client.pullDiagnostics(big, long);
    assert.ok(Array.isArray(items));
    assert.ok(builds(client, big).some((b) => b.version === 1 && b.end.startsWith('abandoned')), JSON.stringify(builds(client, big)));
  } finally {
    await client.shutdown(30_000).catch(() => undefined);
    await client.dispose();
  }
});
