// Fixes land, over stdio: the disclaimer quick fix and the Insert Disclaimer command on articles
// that end inside an unclosed block close it first, and the re-check has no disclaimer-missing.
// Needs a build first (`node scripts/build.mjs`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ExecuteCommandRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../helpers/lsp-client';

const head = '# Draft\n\nHere are two things:\n\n1. One\n\nBody.\n\n2. Two\n\nBody.\n\n';
const endings: [string, string][] = [
  ['an unclosed ``` fence', '```js\nconst x = 1;\n'],
  ['an unclosed ~~~ fence, CRLF, no final newline', '~~~~\r\ncode'],
  ['an unclosed comment', '<!-- a note to self\nstill in it'],
  ['an unclosed <pre>', '<pre>\npreformatted'],
  ['an unclosed <script> in a list item', '- item\n\n  <script>\n  x'],
];

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client?.dispose();
});

async function diagnosticsOf(uri: string, version: number): Promise<Diagnostic[]> {
  return (await client.waitForPublish(uri, { version })).diagnostics;
}

describe('the disclaimer fix lands after a block left open', () => {
  for (const [name, ending] of endings) {
    test(`quick fix: ${name}`, async () => {
      const uri = `untitled:quick-${encodeURIComponent(name)}.md`;
      const text = head.replace(/\n/g, ending.includes('\r\n') ? '\r\n' : '\n') + ending;
      await client.open(uri, text);
      const [d] = (await diagnosticsOf(uri, 1)).filter((x) => x.code === 'disclaimer-missing');
      assert.match(String(d.message), /ends inside an? (?:code block|HTML comment|HTML block) opened on line \d+/);
      const actions: CodeAction[] = await client.codeActions(uri, d.range, [d]);
      const fix = actions.find((a) => /then add the investment disclaimer$/.test(a.title));
      assert.ok(fix?.edit?.changes?.[uri], `a closing fix among ${JSON.stringify(actions.map((a) => a.title))}`);
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), fix.edit.changes[uri]);
      assert.ok(fixed.startsWith(text), 'only inserts');
      const version = await client.changeFull(uri, fixed);
      assert.deepEqual((await diagnosticsOf(uri, version)).filter((x) => x.code === 'disclaimer-missing'), []);
      await client.close(uri);
    });

    test(`Insert Disclaimer: ${name}`, async () => {
      const uri = `untitled:command-${encodeURIComponent(name)}.md`;
      const text = head + ending;
      await client.open(uri, text);
      await diagnosticsOf(uri, 1);
      const seen = client.applyEditRequests.length;
      const result = await client.request<{ applied: boolean }>(ExecuteCommandRequest.method, { command: 'strategyNotes.server.appendDisclaimer', arguments: [uri] });
      assert.deepEqual(result, { applied: true });
      const edits = client.applyEditRequests[seen]?.edit.changes?.[uri];
      assert.ok(edits, 'the server asked the client to apply an edit');
      const version = await client.changeFull(uri, TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits));
      assert.deepEqual((await diagnosticsOf(uri, version)).filter((x) => x.code === 'disclaimer-missing'), []);
      await client.close(uri);
    });
  }
});
