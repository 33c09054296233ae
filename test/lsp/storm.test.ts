// An edit storm at the protocol level: one open document gets hundreds of random incremental
// `didChange` notifications — ranges past line ends and past the end, reversed, empty,
// multi-line, `\r\n` and lone `\r`, several changes per notification, versions that repeat or go
// back — and the server's final answers (outline, folding, pulled diagnostics) must equal those
// of a fresh server opened on the final text, computed here with vscode-languageserver-textdocument.
//
// Versions that do not increase: the LSP says versions increase, but notifications arrive in
// order and each change is relative to the text before it, so the server applies them anyway
// (ignoring one would leave its text out of step with the editor's for good) and logs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DidChangeTextDocumentNotification, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, copyExample, fileUri, removeDir } from '../helpers/lsp-client';

/** Deterministic: the same storm on every run. */
function generator(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((seed / 2 ** 31) * n);
  };
}

const snippets = [
  '', 'x', ' ', '\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '## 2. Inserted Pillar\r\n', '\n3. Pasted pillar\nBody\n', 'Sub Point:\n- item\n', '- ',
  '```\n', '<!-- note -->\n', '***\n', '[[Cloudline]]', 'Related articles:\n- [x](./netflix-moats.md)\n', 'This is not investment advice.', 'é😀', '1. ',
];

/** The library's text after these changes, one change at a time on fresh line offsets (its own
 * incremental line offsets go wrong on ranges whose lines lie past the end). */
function apply(text: string, changes: TextDocumentContentChangeEvent[]): string {
  for (const change of changes) {
    const doc = TextDocument.create('u', 'markdown', 1, text);
    TextDocument.update(doc, [change], 2);
    text = doc.getText();
  }
  return text;
}

function randomChange(random: (n: number) => number, text: string): TextDocumentContentChangeEvent {
  const lines = text.split(/\r\n|\r|\n/);
  const position = () => {
    const line = random(10) === 0 ? lines.length + random(3) : random(lines.length); // sometimes past the last line
    const length = lines[line]?.length ?? 0;
    const character = random(8) === 0 ? length + 1 + random(50) : random(length + 1); // sometimes past the line's end
    return { line, character };
  };
  const start = position();
  // Insertions (empty ranges) and short ranges, some multi-line or reversed; now and then a long
  // one (rarely, or the text would soon be gone).
  const shape = random(20);
  const end =
    shape < 8 ? start
    : shape < 17 ? { line: start.line + (random(6) === 0 ? 1 : 0), character: start.character + random(12) - 2 }
    : shape < 19 ? { line: Math.max(0, start.line - random(2)), character: random(20) }
    : position();
  const newText = random(4) === 0 ? snippets[random(snippets.length)].repeat(1 + random(4)) : snippets[random(snippets.length)];
  return { range: { start, end }, text: newText };
}

test('an edit storm of random incremental changes ends where a fresh server opened on the final text is', { timeout: 300_000 }, async () => {
  const ws = copyExample('sn-storm-');
  const uri = fileUri(path.join(ws, 'articles', 'storm.md'));
  // Some lines end in \r\n from the start.
  let text = readFileSync(path.join(ws, 'articles', 'netflix-moats.md'), 'utf8').replace(/\n(?=## )/g, '\r\n');
  const random = generator(7_000_113);
  const storm = await LspClient.start({ pull: true, workspaceFolders: [ws] });
  let fresh: LspClient | undefined;
  const answers = async (c: LspClient) => ({ symbols: await c.symbols(uri, 30_000), folding: await c.folding(uri, 30_000), diagnostics: await c.pullDiagnostics(uri, 30_000) });
  try {
    await storm.open(uri, text);
    let version = 1;
    let backwards = 0;
    let held = 1;
    for (let n = 0; n < 400; n++) {
      const changes = Array.from({ length: 1 + (random(4) === 0 ? random(6) : 0) }, () => {
        const change = randomChange(random, text);
        text = apply(text, [change]);
        return change;
      });
      // Now and then a version that repeats or goes back.
      const shape = random(20);
      const sent = shape === 0 ? version : shape === 1 ? Math.max(0, version - 1 - random(5)) : ++version;
      if (sent <= held) backwards++;
      held = sent; // the server's document takes the version as sent
      await storm.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: sent }, contentChanges: changes });
      // Requests in the middle of the storm see whole, consistent states.
      if (n % 50 === 49) assert.ok(Array.isArray(await storm.symbols(uri, 30_000)));
    }
    assert.ok(backwards > 5, `the storm sent ${backwards} versions that did not increase`);
    const after = await answers(storm);
    assert.ok(after.symbols.length > 5 && after.folding.length > 5 && after.diagnostics.length > 5, 'the final text still has plenty to compare');
    fresh = await LspClient.start({ pull: true, workspaceFolders: [ws] });
    await fresh.open(uri, text);
    assert.deepEqual(after, await answers(fresh));
    // Every non-increasing version was said in the log, once.
    const logged = storm.logMessages.filter((m) => /is not newer than/.test(m.message)).length;
    assert.equal(logged, backwards);
    assert.equal(await storm.shutdown(), 0);
  } finally {
    await storm.dispose();
    await fresh?.dispose();
    removeDir(ws);
  }
});
