// Code spans read without remark (plain-inline.ts, via `plainChunkFacts`) are exactly remark's:
// the chunk facts of the remark-free path equal remark's (after a JSON round trip) over texts of
// backtick runs 1–4 long, escapes, spans across lines, unmatched runs, headings, lists, fences,
// comments, blank lines and the constructs that make the reader give up; the inline-code bench
// shape hands remark nothing, and its model equals the whole-text parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { comparable, sameAsRemark } from './helpers';
import { hostileShapes } from '../../bench/hostile';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { ChunkCache, parseChunk } from '../../server/src/engine/dialect/chunks';
import { readCodeSpans, ticksPairWithinLine } from '../../server/src/engine/dialect/plain-inline';
import { resetWorkCounters, workCounters } from '../../server/src/engine/dialect/work';
import type { ArticleModel } from '../../server/src/engine/dialect/model';


// Inline pieces: words, backtick runs of 1–4, escapes (of a backtick, of a backslash), spaces.
const safePieces = ['word', 'x', 'API', ' ', ' ', '  ', '`', '`', '``', '```', '````', '\\`', '\\\\', '\\', '*', '_', '[[Ref]] ', '[x] ', '&amp;', '#', ':'];
// Pieces that make the reader give up (or that remark reads as another construct).
const riskyPieces = ['<b>', '<', '>', '](u)', '[a](`b`)', '][', ']:', '[a]', '!['];

const inline = (pieces: string[]) => fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }).map((ps) => ps.join(''));

/** A line: prose starting with a letter (plus optional indentation), an ATX heading, or a block line. */
function lineOf(pieces: string[], blockLines: string[]) {
  return fc.oneof(
    { weight: 6, arbitrary: inline(pieces).map((s) => 'W' + s) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('', ' ', '  ', '   '), inline(pieces)).map(([lead, s]) => lead + 'a' + s) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('# ', '## ', '###### ', ' # ', '#'), inline(pieces)).map(([h, s]) => h + s) },
    { weight: 3, arbitrary: fc.constantFrom(...blockLines) },
  );
}

const safeBlockLines = ['', '', '', '===', '---', '***', '# Head', 'Setext', '<!-- note `x` -->'];
const allBlockLines = [
  ...safeBlockLines, '- item', '- item `x`', '* star `a', '1. Pillar', '2. `code` pillar', '```', '```js', '~~~', '``` a`b', '  ```', '    `indented`', '> `quoted`',
  '> quote', '<div>', '`x`', '``', '[def]: /u', '[`a`]: /u', 'text](dest "ti', 'tle `t`")', '- ', '\t`tab`',
];

const safeText = fc.array(lineOf(safePieces, safeBlockLines), { maxLength: 24 }).map((ls) => ls.join('\n'));
const anyText = fc.array(lineOf([...safePieces, ...riskyPieces], allBlockLines), { maxLength: 24 }).map((ls) => ls.join('\n'));


test('code spans in paragraphs and headings are read without remark exactly as remark reads them', () => {
  let plain = 0;
  let withTicks = 0;
  fc.assert(
    fc.property(safeText, fc.boolean(), (text, startsDocument) => {
      const read = sameAsRemark(text, startsDocument);
      if (text.includes('`')) withTicks++;
      if (read) plain++;
      // Prose, headings, breaks, comments and blank lines: all of it is read without remark (but
      // a first line `---`: maybe front matter).
      if (!(startsDocument && text.startsWith('---'))) assert.ok(read, `given to remark: ${JSON.stringify(text)}`);
    }),
    { numRuns: 6000 },
  );
  assert.ok(withTicks > 4000, `${withTicks} texts with backticks`);
  assert.ok(plain > 5000);
});

test('with lists, fences, quotes, definitions, links and HTML the remark-free path still equals remark', () => {
  let plain = 0;
  fc.assert(
    fc.property(anyText, fc.boolean(), (text, startsDocument) => {
      if (sameAsRemark(text, startsDocument) && text.includes('`')) plain++;
    }),
    { numRuns: 6000 },
  );
  assert.ok(plain > 300, `only ${plain} texts with backticks read without remark`);
});

test('hand-picked code spans: escapes, unmatched runs, spans across lines, headings of their own', () => {
  for (const text of [
    'a ` b\nc `d` e', // a run pairs with the next of its length, on a later line
    '`foo``bar``', // an unmatched opener is literal; the runs after it are read afresh
    '\\``a`', // an escaped backtick, then a run of one
    '`a\\`', // inside a span a backslash is literal
    '\\\\`a`', // an escaped backslash: the backtick is not escaped
    '# a `b\n`c` d', // a heading is its own context
    'x `` a ` b `` y\n===', // a setext heading's text
    '  `a`\n   b `c\nd`\n\n`e', // indentation, across lines, unmatched at the end
    'Text with `code 1` in it\nText with `code 2` in it',
    'para\n``` a`b\nz`', // not a fence (a backtick in its info string)
    '`a` [b](c)', // a link beside a span: remark decides
    '`a` <b>', // HTML beside a span: remark decides
    '- item `x`\nlazy `y`',
  ]) {
    sameAsRemark(text, false);
    sameAsRemark(text, true);
  }
  // The reader by itself, on one context.
  const out: { line: number; start: number; end: number }[] = [];
  assert.equal(readCodeSpans(['a ``` b', 'c ` d ``` e'], 0, 1, out), true);
  assert.deepEqual(out, [
    { line: 0, start: 2, end: 7 },
    { line: 1, start: 0, end: 9 },
  ]);
  assert.equal(readCodeSpans(['`a` [x](y)'], 0, 0, []), false);
  assert.equal(ticksPairWithinLine('Text with `code 1` in it'), true);
  assert.equal(ticksPairWithinLine('a \\` b'), true);
  assert.equal(ticksPairWithinLine('a ` b'), false);
  assert.equal(ticksPairWithinLine('`a` `` b'), false);
  assert.equal(ticksPairWithinLine('\\`` b'), false);
});

test('many runs of many lengths: one pass, read without remark', () => {
  // Runs of every length from 1 to 2,000, then the same lengths backwards.
  const lines: string[] = [];
  for (let k = 1; k <= 2000; k++) lines.push('w ' + '`'.repeat(k) + ' x');
  for (let k = 2000; k >= 1; k--) lines.push('v ' + '`'.repeat(k) + ' y');
  const text = lines.join('\n');
  resetWorkCounters();
  const facts = parseChunk(text, false);
  assert.equal(workCounters.remarkChars, 0);
  // The first opener (length 1) pairs with the last line's run, and the span takes every line.
  assert.equal(facts.code.length, lines.length);
  assert.deepEqual(facts.code[0], { line: 0, start: 2, end: 'w ` x'.length });
  assert.deepEqual(facts.code[facts.code.length - 1], { line: lines.length - 1, start: 0, end: 3 });
});

const inlineShape = hostileShapes.find((s) => s.name === 'inline code on every line')!;

test('the inline-code bench shape hands remark nothing, and its model equals the whole-text parse', () => {
  for (const size of [16384, 262144]) {
    const text = inlineShape.make(size);
    resetWorkCounters();
    const model = new ArticleBuilder(new ChunkCache()).build(text);
    assert.equal(workCounters.remarkChars, 0, `size ${size}: ${workCounters.remarkChars} characters handed to remark`);
    assert.ok(workCounters.chunkChars <= 4 * text.length, `size ${size}: ${workCounters.chunkChars} chunk characters for ${text.length}`);
    if (size === 16384) {
      const whole: ArticleModel = new ArticleBuilder(new ChunkCache(), true).build(text);
      assert.deepEqual(comparable(model), comparable(whole));
    }
  }
});

test('documents with code spans: the chunked model equals the whole-text parse, with any window', () => {
  const whole = new ArticleBuilder(new ChunkCache(), true);
  // Quote paragraphs with code (read by remark, cut in windows at depth 1), list items with code.
  const blockLines = [...safeBlockLines, '- item', '- item `x`', '1. Pillar', '```', '> quote', '> `a` b', '> a `b', '> c` d', '>', 'lazy `x` line'];
  const docText = fc
    .array(fc.oneof({ weight: 4, arbitrary: lineOf(safePieces, blockLines) }, { weight: 1, arbitrary: lineOf([...safePieces, ...riskyPieces], allBlockLines) }), { maxLength: 60 })
    .map((ls) => ls.join('\n'));
  for (const maxChunkLength of [64, 2048]) {
    const chunked = new ArticleBuilder(new ChunkCache(), false, { maxChunkLength });
    fc.assert(
      fc.property(docText, (text) => {
        assert.deepEqual(comparable(chunked.build(text)), comparable(whole.build(text)), JSON.stringify(text));
      }),
      { numRuns: 1500 },
    );
  }
});

test('a line of backticks with a backtick after them opens no fence: a setext underline below still takes the lines above', () => {
  // Found by the property above: the cut rules took "``` a`b" for a fence and cut the paragraph.
  const text = 'Wword\nWword\n``` a`b\n===\nW`word';
  const whole = new ArticleBuilder(new ChunkCache(), true).build(text);
  for (const maxChunkLength of [64, 2048]) {
    const chunked = new ArticleBuilder(new ChunkCache(), false, { maxChunkLength }).build(text);
    assert.deepEqual(comparable(chunked), comparable(whole));
    assert.equal(chunked.headings[0].line, 0);
  }
});
