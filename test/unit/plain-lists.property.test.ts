// Nested lists read without remark (plain-lists.ts, through `plainChunkFacts`) must give exactly
// the facts and structure of remark's parse: random texts of items at every indentation from 0 to
// 12 spaces, with every marker, numbers that may or may not interrupt a paragraph, empty items,
// lazy and indented continuation lines, blank lines, headings and prose. The benchmark's list
// shapes hand remark nothing, and their chunked model equals the whole-text parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { comparable, sameAsRemark } from './helpers';
import { hostileShapes } from '../../bench/hostile';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { ChunkCache } from '../../server/src/engine/dialect/chunks';
import { resetWorkCounters, workCounters } from '../../server/src/engine/dialect/work';


const markers = ['-', '-', '-', '*', '+', '1.', '1.', '2.', '3.', '1)', '2)', '10.', '01.', '0.', '123456789.'];
// What follows a marker: mostly plain text, sometimes nothing or something the reader leaves to remark.
const itemTexts = [' x', ' item text', ' Word and more', ' b', ' 5 apples', ' émigré', '', '', ' ', '  two spaces', ' # heading', ' [link](u)', ' - inner', ' 2. inner', ' `c`', ' ***'];
const lineTexts = ['text', 'lazy line', 'Continued prose.', '-x', '1.5 billion', '2024 was', '+plus', '*emph*', '# Heading', '===', '---', '***', '- - -', '> quote', 'a `code` span', '<b>x</b>', '[[wiki]]', '[def]: /u'];

const indent = fc.oneof(fc.constantFrom(0, 0, 0, 2, 2, 4), fc.integer({ min: 0, max: 12 })).map((n) => ' '.repeat(n));
const itemLine = fc.tuple(indent, fc.constantFrom(...markers), fc.oneof({ weight: 4, arbitrary: fc.constantFrom(' x', ' item text', ' Word and more') }, { weight: 3, arbitrary: fc.constantFrom(...itemTexts) })).map(([i, m, t]) => i + m + t);
const textLine = fc.tuple(indent, fc.oneof({ weight: 4, arbitrary: fc.constantFrom('text', 'lazy line') }, { weight: 2, arbitrary: fc.constantFrom(...lineTexts) })).map(([i, t]) => i + t);
const otherLine = fc.constantFrom('', '', '', '   ', '# Head', '## Sub', 'Plain prose line.', 'Setext', '---', '***', '<!-- note -->', '\t- tab', '  \t');
const line = fc.oneof({ weight: 6, arbitrary: itemLine }, { weight: 3, arbitrary: textLine }, { weight: 2, arbitrary: otherLine });
const listText = fc.array(line, { minLength: 1, maxLength: 24 }).map((ls) => ls.join('\n'));


test('nested lists read without remark give exactly what remark gives', () => {
  let runs = 0;
  let plain = 0;
  fc.assert(
    fc.property(listText, fc.boolean(), (text, startsDocument) => {
      runs++;
      if (sameAsRemark(text, startsDocument)) plain++;
    }),
    { numRuns: 6000 },
  );
  // The generator is no use if the plain path gives up on most of its texts.
  assert.ok(plain > runs / 6, `plain path read ${plain} of ${runs} texts`);
});

test('lists of plain items only, nested any way, are all read without remark and exactly', () => {
  // Items, continuation lines and blank lines the reader is meant to take, at any indentation.
  const item = fc.tuple(indent, fc.constantFrom('-', '*', '+', '1.', '2.', '7)', '1)'), fc.constantFrom(' x', ' item text', ' Point')).map(([i, m, t]) => i + m + t);
  const text = fc.tuple(indent, fc.constantFrom('text', 'more words')).map(([i, t]) => i + t);
  const head = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('- x', '1. One', '3) Three', 'Prose')).map(([i, t]) => ' '.repeat(i) + t);
  const texts = fc
    .tuple(head, fc.array(fc.oneof({ weight: 6, arbitrary: item }, { weight: 3, arbitrary: text }, { weight: 1, arbitrary: fc.constant('') }), { maxLength: 30 }))
    .map(([h, ls]) => [h, ...ls]);
  let runs = 0;
  let plain = 0;
  fc.assert(
    fc.property(texts, (ls) => {
      runs++;
      if (sameAsRemark(ls.join('\n'), false)) plain++;
    }),
    { numRuns: 4000 },
  );
  // (Indented code after a blank line is left to remark, so not every text is read plainly.)
  assert.ok(plain > runs / 2, `plain path read ${plain} of ${runs} texts`);
});

test('CommonMark cases that decide facts and splits', () => {
  const cases: [string, boolean][] = [
    // [text, read without remark]
    ['- a\n  - b\n    - c\n- d', true],
    ['- a\n  - b\n2. c', true], // another marker starts a new list where the item is not reached
    ['- a\n  2. b', true], // 2. does not interrupt the item's paragraph: continuation text
    ['- a\n  1. b', true], // 1. does
    ['- a\n  01. b', true], // 01. does not (micromark wants the digit 1)
    ['Para\n2. x\n3. y', true],
    ['Para\n1. x\n2. y', true],
    ['- a\n  - b\n-', true], // an empty sibling
    ['-\n  a\n- b', true], // an empty item with content on the next line
    ['- a\n      four past the content column', true], // continuation text after a paragraph line
    ['- a\n\n      code', false], // indented code in the item
    ['- a\n  - b\n\n  c\n  - d\nlazy', true],
    ['* a\n- b\n+ c', true], // a change of marker starts a new list
    ['1. a\n2) b', true],
    ['- a\n\t- b', false], // tabs: remark decides
    ['- a\n  ---', false], // a setext underline inside the item
    ['- a\n-\n\n  b', false], // an empty item, then a blank line
    ['   - a\n    - b', true], // four columns past the outer content column: neither sibling nor child, lazy text
    ['   - a\n\n    - b', false], // the same after a blank line: indented code
  ];
  for (const [text, plain] of cases) assert.equal(sameAsRemark(text, false), plain, JSON.stringify(text));
});

test('the benchmark list shapes hand remark nothing, and their model equals the whole-text parse', () => {
  const names = ['lists nested ever deeper', 'sub-points and bullets', 'list items, no blank lines'];
  for (const name of names) {
    const shape = hostileShapes.find((s) => s.name === name)!;
    for (const size of [8192, 65536]) {
      const text = shape.make(size);
      resetWorkCounters();
      const chunked = new ArticleBuilder(new ChunkCache()).build(text);
      assert.equal(workCounters.remarkChars, 0, `${name} at ${size}: characters handed to remark`);
      // The whole-text reference is remark's (slow on deep nesting: the smaller size only).
      if (size === 8192) assert.deepEqual(comparable(chunked), comparable(new ArticleBuilder(new ChunkCache(), true).build(text)), name);
    }
  }
});

test('deeply nested lists with lazy, indented and blank lines build the whole-text model', () => {
  // Nesting up and down one level a line (20 deep), each item at its parent's content column,
  // blank lines, continuation lines at the item's content column, lazy lines at column 0 after a
  // paragraph line, numbers that interrupt a paragraph or not.
  const content: number[] = [];
  const text = Array.from({ length: 600 }, (_, i) => {
    if (i % 11 === 5) return '';
    if (i % 13 === 6 && i % 11 !== 6) return `lazy line ${i}`;
    if (i % 7 === 3 && content.length > 0) return `${' '.repeat(content[content.length - 1])}continued text ${i}`;
    const depth = i % 40 < 20 ? i % 40 : 40 - (i % 40);
    content.length = Math.min(content.length, depth);
    const at = content.length > 0 ? content[content.length - 1] : 0;
    const marker = ['1.', '+', '-', '2)', '-'][i % 5];
    content.push(at + marker.length + 1);
    return `${' '.repeat(at)}${marker} item ${i}`;
  }).join('\n');
  resetWorkCounters();
  const chunked = new ArticleBuilder(new ChunkCache()).build(text);
  assert.equal(workCounters.remarkChars, 0);
  assert.deepEqual(comparable(chunked), comparable(new ArticleBuilder(new ChunkCache(), true).build(text)));
});
