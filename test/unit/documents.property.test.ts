// The server's own document (lsp/documents.ts) must answer exactly as
// vscode-languageserver-textdocument does for any list of changes — ranges past line ends and
// past the end, reversed, empty, multi-line, every kind of line break — and apply one
// notification of k changes in work linear in k (the library rebuilds the string per change).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { StrategyDocument, documentWork, strategyDocuments } from '../../server/src/lsp/documents';

const textArb = fc
  .array(fc.constantFrom('a', 'b', ' ', '1. P', '\n', '\r\n', '\r', '\n\n', 'é', '😀', 'xyz'), { maxLength: 30 })
  .map((parts) => parts.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 14 }) });
const change: fc.Arbitrary<TextDocumentContentChangeEvent> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text: textArb }) },
  { weight: 1, arbitrary: fc.record({ text: textArb }) },
);

/**
 * The library's answer, from fresh line offsets for each change: its incremental line offsets
 * go wrong on a range whose lines lie past the end (`{12,0}-{11,0}` on an empty document leaves
 * 13 lines), and the LSP's answer is the one for the text as it is.
 */
function libraryApply(text: string, changes: readonly TextDocumentContentChangeEvent[]): string {
  for (const c of changes) {
    const doc = TextDocument.create('u', 'markdown', 1, text);
    TextDocument.update(doc, [c], 2);
    text = doc.getText();
  }
  return text;
}

function samePositions(ours: StrategyDocument, theirs: TextDocument): void {
  assert.equal(ours.getText(), theirs.getText());
  assert.equal(ours.lineCount, theirs.lineCount);
  for (let offset = -1; offset <= theirs.getText().length + 1; offset++) assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset));
  for (let line = -1; line <= theirs.lineCount + 1; line++) {
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line));
    assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line));
    for (const character of [-1, 0, 1, 2, 5, 100]) assert.equal(ours.offsetAt({ line, character }), theirs.offsetAt({ line, character }));
  }
}

test('applying random change lists gives the library’s text, lines and positions', () => {
  fc.assert(
    fc.property(textArb, fc.array(fc.array(change, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }), (initial, notifications) => {
      const ours = new StrategyDocument('file:///a.md', 'markdown', 1, initial);
      let text = initial;
      let version = 1;
      for (const changes of notifications) {
        version++;
        ours.update(changes, version);
        text = libraryApply(text, changes);
        assert.equal(ours.getText(), text);
        assert.equal(ours.version, version);
      }
      samePositions(ours, TextDocument.create('file:///a.md', 'markdown', version, text));
    }),
    { numRuns: 3000 },
  );
});

test('one change per notification (typing: line offsets patched, not recounted) answers as the library', () => {
  fc.assert(
    fc.property(textArb, fc.array(change, { minLength: 1, maxLength: 20 }), (initial, changes) => {
      const ours = new StrategyDocument('u', 'markdown', 1, initial);
      let text = initial;
      changes.forEach((c, i) => {
        ours.update([c], i + 2);
        text = libraryApply(text, [c]);
        samePositions(ours, TextDocument.create('u', 'markdown', i + 2, text));
      });
    }),
    { numRuns: 1000 },
  );
});

test('a \\r\\n made and cut by changes inside one notification counts as one line break', () => {
  const changes: TextDocumentContentChangeEvent[] = [
    { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\nb' }, // after a lone \r: makes \r\n
    { range: { start: { line: 1, character: 1 }, end: { line: 1, character: 1 } }, text: 'x' },
    { range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, text: '\r' },
  ];
  const ours = new StrategyDocument('u', 'markdown', 1, 'a\rc');
  const theirs = TextDocument.create('u', 'markdown', 1, 'a\rc');
  ours.update(changes, 2);
  TextDocument.update(theirs, changes, 2);
  samePositions(ours, theirs);
});

test('a version that does not increase is logged and its changes applied, under the version sent', () => {
  const logs: string[] = [];
  const config = strategyDocuments((m) => logs.push(m));
  const doc = config.create('file:///a.md', 'markdown', 5, 'one\ntwo');
  config.update(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, text: 'TWO' }], 3);
  assert.equal(doc.getText(), 'one\nTWO');
  assert.equal(doc.version, 3);
  assert.equal(logs.length, 1);
  assert.match(logs[0], /version 3 .* not newer than 5/);
  config.update(doc, [{ text: 'new' }], 4);
  assert.equal(doc.getText(), 'new');
  assert.equal(doc.version, 4);
  assert.equal(logs.length, 1, 'an increasing version after it is not logged');
});

/** A Replace All: one change per line of a document of `lines` lines, sent last line first (as VS Code sends them). */
function replaceAllWork(lines: number, firstToLast: boolean): { work: number } {
  const initial = Array.from({ length: lines }, (_, i) => `Line ${i} has the word cloud in it and a bit more text.`).join('\r\n');
  const changes: TextDocumentContentChangeEvent[] = [];
  for (let i = 0; i < lines; i++) {
    const line = firstToLast ? i : lines - 1 - i;
    const at = `Line ${line} has the word `.length;
    changes.push({ range: { start: { line, character: at }, end: { line, character: at + 'cloud'.length } }, text: 'platform\nshift' });
  }
  // Going first to last, each change sees the lines the ones before it added.
  if (firstToLast) changes.forEach((c, i) => { if ('range' in c) { c.range.start.line += i; c.range.end.line += i; } });
  const doc = new StrategyDocument('u', 'markdown', 1, initial);
  const before = documentWork.charactersCopied;
  doc.update(changes, 2);
  const work = documentWork.charactersCopied - before;
  // (The library itself would take minutes here: it is checked on the smallest size only.)
  if (lines <= 2_000) {
    const library = TextDocument.create('u', 'markdown', 1, initial);
    TextDocument.update(library, changes, 2);
    assert.equal(doc.getText(), library.getText());
  }
  assert.equal(doc.getText(), initial.replaceAll('cloud', 'platform\nshift'));
  return { work };
}

test('one notification of k changes copies characters in proportion to k (document size ∝ k)', () => {
  for (const firstToLast of [false, true]) {
    const works = [2_000, 4_000, 8_000, 16_000].map((k) => replaceAllWork(k, firstToLast).work);
    for (let i = 1; i < works.length; i++) {
      const ratio = works[i] / works[i - 1];
      assert.ok(ratio < 2.3, `work grew ${ratio.toFixed(2)}× as k doubled (${works.join(', ')}), ${firstToLast ? 'first to last' : 'last to first'}`);
    }
  }
});
