// The parser never throws: random and hostile text always gives a model whose outline is
// well-formed (ranges inside the document, children inside their parents).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import type { ArticleModel, Position, Range } from '../../server/src/engine/dialect/model';
import { outline, type OutlineItem } from '../../server/src/engine/features/outline';
import { foldingRegions } from '../../server/src/engine/features/folding';
import { checkArticle } from '../../server/src/engine/features/diagnostics';
import { defaultConfig } from '../../server/src/engine/config';

const builder = new ArticleBuilder();
const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const within = (inner: Range, outer: Range) => before(outer.start, inner.start) && before(inner.end, outer.end);

function assertWellFormed(text: string, m: ArticleModel): void {
  const lines = text.split(/\r\n|\r|\n/);
  assert.equal(m.lineCount, lines.length);
  const doc: Range = { start: { line: 0, character: 0 }, end: m.end };
  const inDoc = (r: Range) => {
    assert.ok(within(r, doc) && before(r.start, r.end), `range ${JSON.stringify(r)} outside the document`);
    assert.ok(r.start.character <= lines[r.start.line].length && r.end.character <= lines[r.end.line].length, `range ${JSON.stringify(r)} past a line end`);
  };
  const walk = (items: OutlineItem[], parent?: OutlineItem) => {
    for (const item of items) {
      inDoc(item.range);
      inDoc(item.selectionRange);
      assert.ok(within(item.selectionRange, item.range), 'selection inside the item');
      if (parent) assert.ok(within(item.range, parent.range), 'child inside its parent');
      walk(item.children, item);
    }
  };
  walk(outline(m));
  for (const f of foldingRegions(m)) assert.ok(f.startLine < f.endLine && f.endLine < m.lineCount);
  for (const d of checkArticle(m, defaultConfig())) inDoc(d.range);
}

const hostile = [
  '- '.repeat(10_000) + 'x',
  Array.from({ length: 2_000 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n'),
  '>'.repeat(10_000) + ' x',
  '['.repeat(60_000),
  '*a '.repeat(30_000),
  '\u0000\u0001binary\u0000'.repeat(1000),
  'text\u0000with a NUL\n1. Pillar\n',
  '```\n1. inside an unterminated fence\n[[x]]\n',
  '<!--\n1. never closed comment\n',
  '---\ntitle: [broken\n',
  '---\n: : :\n---\n',
  '\r\n\r\r\n\n\r',
  '\uFEFF# BOM title\n1. Pillar\n',
  '1. ' + 'very long title '.repeat(5_000),
  '[[' + ']]'.repeat(10_000),
  '\uD800 lone surrogate \uDC00\n1. Pillar \uD83D\n',
];

test('hostile inputs give a model and a well-formed outline', () => {
  for (const text of hostile) {
    const m = builder.build(text);
    assertWellFormed(text, m);
  }
});

test('random text never throws and always gives a well-formed outline', () => {
  const piece = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('\n', '\r\n', '\r', '\n\n', '1. ', '## 1. ', '- ', '> ', '```', '<!--', '-->', '[[', ']]', '|', ':', '***', '---', '——', '\u0000', '\t', '    ', 'Related articles:', 'Concepts for this class:', 'is not investment advice', 'Here are 3 things:'),
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 80 }).map((p) => p.join('')), (text) => {
      assertWellFormed(text, builder.build(text));
    }),
    { numRuns: 2000 },
  );
});
