// A client that keeps the UTF-8 BOM in its text (VS Code strips it; not every editor does) gets
// the same outline, diagnostics and answers as for the text without it, with positions right for
// the text it sent: on line 0 one character further, in results and in the positions it sends.
// Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, DocumentSymbol, Range, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, copyExample, fileUri, outlineProblems, removeDir } from '../helpers/lsp-client';

const BOM = '\uFEFF';
const TEXT = '## 1. Pricing for [[Cloudline]] and [[Nowhere]]\n\n## 3. Habit\n\nBody.\n';

/** The text a range covers. */
function textAt(text: string, range: Range): string {
  return TextDocument.create('x', 'markdown', 0, text).getText(range);
}

/** The same data in the coordinates of the text without the BOM (line 0 one character back;
 * a "start of line" at character 0 is that in either text). */
function unshifted<T>(value: T): T {
  if (Array.isArray(value)) return value.map(unshifted) as T;
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (o.line === 0 && typeof o.character === 'number') return { ...o, character: Math.max(0, o.character - 1) } as T;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unshifted(v)])) as T;
}

const allRanges = (symbols: DocumentSymbol[]): Range[] => symbols.flatMap((s) => [s.range, s.selectionRange, ...allRanges(s.children ?? [])]);

describe('a document sent with a BOM', () => {
  let ws: string;
  let client: LspClient;
  let withBom: string;
  let plain: string;
  before(async () => {
    ws = copyExample('sn-lsp-bom-');
    client = await LspClient.start({ pull: true, workspaceFolders: [ws], library: true });
    withBom = fileUri(path.join(ws, 'articles', 'bom.md'));
    plain = fileUri(path.join(ws, 'articles', 'plain.md'));
    await client.open(withBom, BOM + TEXT);
    await client.open(plain, TEXT);
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('the same diagnostics, at the places of its own text', async () => {
    const [a, b] = await Promise.all([client.pullDiagnostics(plain), client.pullDiagnostics(withBom)]);
    const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();
    assert.deepEqual(codes(a), ['disclaimer-missing', 'pillar-empty', 'pillar-numbering', 'unknown-reference']);
    assert.deepEqual(unshifted(b), a);
    assert.deepEqual(
      b.map((d) => [d.code, textAt(BOM + TEXT, d.range).replace(BOM, '')]),
      a.map((d) => [d.code, textAt(TEXT, d.range)]),
    );
    const unknown = b.find((d) => d.code === 'unknown-reference')!;
    assert.equal(textAt(BOM + TEXT, unknown.range), 'Nowhere');
  });

  test('the same outline, at the places of its own text', async () => {
    const [a, b] = await Promise.all([client.symbols(plain), client.symbols(withBom)]);
    assert.deepEqual(outlineProblems(b, BOM + TEXT), []);
    assert.deepEqual(b.map((s) => s.name), ['1. Pricing for [[Cloudline]] and [[Nowhere]]', '3. Habit']);
    assert.deepEqual(unshifted(b), a);
    assert.deepEqual(
      allRanges(b).map((r) => textAt(BOM + TEXT, r).replace(BOM, '')),
      allRanges(a).map((r) => textAt(TEXT, r)),
    );
    assert.deepEqual(b[0].selectionRange.start, { line: 0, character: 1 }, 'the pillar starts after the BOM');
  });

  test('positions it sends on line 0 are read in its own text (hover, definition)', async () => {
    const at = { line: 0, character: (BOM + TEXT).indexOf('Cloudline') };
    const hover = await client.hover(withBom, at);
    assert.ok(hover?.range, JSON.stringify(hover));
    assert.equal(textAt(BOM + TEXT, hover.range), '[[Cloudline]]');
    assert.match(await client.hoverText(withBom, at) ?? '', /Cloudline/);
    // One character before the reference in its text: nothing there (the BOM is not subtracted twice).
    const before = await client.hover(withBom, { line: 0, character: at.character - 3 });
    assert.ok(!before || textAt(BOM + TEXT, before.range!) !== '[[Cloudline]]', JSON.stringify(before));
    const targets = await client.definition(withBom, at);
    assert.deepEqual(targets.map((t) => path.basename(t.uri)), ['cloudline.md']);
  });

  test('a quick fix lands in its own text, the BOM kept first', async () => {
    const diagnostics = await client.pullDiagnostics(withBom);
    const numbering = diagnostics.find((d) => d.code === 'pillar-numbering')!;
    const actions = await client.codeActions(withBom, numbering.range, [numbering]);
    const renumber = actions.find((a) => a.edit?.changes?.[withBom] ?? a.edit?.documentChanges);
    assert.ok(renumber, JSON.stringify(actions.map((a) => a.title)));
    const edits = renumber.edit!.changes?.[withBom] ?? (renumber.edit!.documentChanges as TextDocumentEdit[]).find((c) => c.textDocument.uri === withBom)!.edits;
    const after = TextDocument.applyEdits(TextDocument.create(withBom, 'markdown', 0, BOM + TEXT), edits as TextEdit[]);
    assert.ok(after.startsWith(BOM + '## 1. Pricing'), JSON.stringify(after.slice(0, 20)));
    assert.match(after, /\n## 2\. Habit\n/);
  });

  test('an incremental edit on line 0, in its coordinates, is applied where it was meant', async () => {
    const one = (BOM + TEXT).indexOf('1.');
    await client.changeIncremental(withBom, [{ range: { start: { line: 0, character: one }, end: { line: 0, character: one + 1 } }, newText: '7' }]);
    const symbols = await client.symbols(withBom);
    assert.deepEqual(symbols.map((s) => s.name), ['7. Pricing for [[Cloudline]] and [[Nowhere]]', '3. Habit']);
  });
});
