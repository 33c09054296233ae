// Block quotes read without remark (server/src/engine/dialect/plain-quotes.ts) must read exactly
// as remark reads them: the same chunk facts (lines, code, comments, endsOpen, structure) as the
// remark path, over random texts mixing quote lines of every depth and spacing, `>` lines, lazy
// lines, items in quotes, prose, headings, lists and blank lines; and the bench's quote shapes
// are read with no character handed to remark, to the same model as one whole-text parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { comparable, sameAsRemark } from './helpers';
import { hostileShapes } from '../../bench/hostile';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { ChunkCache } from '../../server/src/engine/dialect/chunks';
import { resetWorkCounters, workCounters } from '../../server/src/engine/dialect/work';
import type { ArticleModel } from '../../server/src/engine/dialect/model';


/** Quote lines the reader takes, and lines around quotes (most of them read without remark too). */
const quoteLines = [
  '> a', '> quoted line 1', '>quoted', '>  two spaces', '>   three', ' > one in', '   > three in', '>', '> ', '>  ', '   >',
  '>>', '> >', '>> b', '> > b', '>>> c', '> > > c', '>>>> d', '>  > e', '> >> f', '  >> z', '>>>>>>>>>> deep', '> a  ', '> \\# x', '> *a', '> b*',
  '> - item', '> - > - 1', '> - > - 2', '> * star', '> + plus', '> - a', '>> - b', '> > - c', '>- a', '>>- x', '> - - a', '> - >', '> - > a',
  '> -x', '> *em*', '> 5', '> 1.5 billion', '> [[wiki]]', '> [[x]]: y', '> - -- x', '> =x', '>\u00a0x', '> x- > - 2606', '> - > >', '>> x',
];
const around = [
  '', '', '', 'lazy line', 'Plain prose.', '  indented lazy', '5 apples', 'Setext', '# Head', '## Sub', '- item', '* star', '1. One', '2. Two',
  '---', '===', '***', '___', '<!-- note -->', '```', '~~~',
];
/** Lines the reader refuses (remark decides), or that make what follows them uncertain. */
const refused = [
  '>    four', '    > four in', '>     code', '> -', '> - ', '> -  ', '> - - -', '> * * *', '> -- -', '> 1. one', '> 2. two', '> - 1. x', '> - 2) y',
  '> # head', '> - # h', '> ---', '> ===', '> =', '> ***', '> [x]: y', '> `code`', '> <b>', '> <!-- c -->', '>\tx', '> ```', '> ~~~',
  '> - >  a', '> -  a', '>   - x', '  > - a', ' >  - b', '    four lazy', '  - nested', '-', '- ', '1) x', '[x]: y', 'a `code`', '<div>',
  '>' + '>'.repeat(52) + ' very deep',
];

const text = (vocabulary: string[], maxLength: number) => fc.array(fc.constantFrom(...vocabulary), { maxLength }).map((ls) => ls.join('\n'));


test('block quotes of plain lines are read without remark exactly as remark reads them', () => {
  let quoted = 0;
  let read = 0;
  fc.assert(
    fc.property(text([...quoteLines, ...quoteLines, ...around], 24), fc.boolean(), (t, startsDocument) => {
      const plain = sameAsRemark(t, startsDocument);
      if (/^ {0,3}>/m.test(t)) {
        quoted++;
        if (plain) read++;
      }
    }),
    { numRuns: 6000 },
  );
  // Most texts with quotes are read by the quote reader (the rest hold a line it is not sure of).
  assert.ok(read > quoted / 2, `${read} of ${quoted} texts with quotes read without remark`);
});

test('texts with quote lines the reader refuses still read as remark reads them', () => {
  fc.assert(
    fc.property(text([...quoteLines, ...around, ...refused], 30), fc.boolean(), (t, startsDocument) => {
      sameAsRemark(t, startsDocument);
    }),
    { numRuns: 4000 },
  );
});

test('documents with quotes, read in tiny windows, build the model of one whole-text parse', () => {
  const whole = new ArticleBuilder(new ChunkCache(), true);
  const comparableModel = (m: ArticleModel) => comparable(m);
  fc.assert(
    fc.property(text([...quoteLines, ...quoteLines, ...around, ...refused.slice(0, 12)], 60), (t) => {
      const chunked = new ArticleBuilder(new ChunkCache(), false, { maxChunkLength: 64 });
      assert.deepEqual(comparableModel(chunked.build(t)), comparableModel(whole.build(t)));
    }),
    { numRuns: 1500 },
  );
});

test('the bench quote shapes hand no character to remark and build the whole-text model', () => {
  const names = ['quote lines', 'quotes nested 40 deep', 'quote in list in quote'];
  for (const name of names) {
    const shape = hostileShapes.find((s) => s.name === name);
    assert.ok(shape, name);
    for (const size of [16384, 262144]) {
      const doc = shape.make(size);
      resetWorkCounters();
      const model = new ArticleBuilder(new ChunkCache()).build(doc);
      assert.equal(workCounters.remarkChars, 0, `${name} at ${size}: characters handed to remark`);
      // Each line is looked up about once (windows overlap a little at their cuts).
      assert.ok(workCounters.chunkChars <= 1.5 * doc.length, `${name} at ${size}: ${workCounters.chunkChars} chunk characters for ${doc.length}`);
      // (remark's parse of the whole text is the slow part: compared at the smaller size.)
      if (size === 16384) assert.deepEqual(comparable(model), comparable(new ArticleBuilder(new ChunkCache(), true).build(doc)), name);
    }
  }
});

test('an article mixing prose, headings, lists and quotes is read without remark', () => {
  const parts: string[] = [];
  for (let i = 0; i < 300; i++) {
    parts.push(
      `## Section ${i}`,
      '',
      `Some prose for section ${i}, and more.`,
      `> A quote in section ${i},`,
      'continued lazily,',
      '>',
      `> > and a nested reply ${i}.`,
      `> - a point ${i}`,
      `> - > - nested ${i}`,
      '',
      `- item ${i}`,
      `- another item`,
      '',
    );
  }
  const doc = parts.join('\n');
  resetWorkCounters();
  const model = new ArticleBuilder(new ChunkCache()).build(doc);
  assert.equal(workCounters.remarkChars, 0);
  assert.deepEqual(comparable(model), comparable(new ArticleBuilder(new ChunkCache(), true).build(doc)));
});
