// Linear-time analysis, proved by counting work, never by a clock: for every hostile shape
// (bench/hostile.ts: issue 7's table and its family) the characters handed to remark, looked up
// in the chunk cache and given to the line rules grow at most ~2.2× when the input doubles;
// no single text handed to remark grows with the document; a one-character edit re-parses
// only the chunks around it. Chunking stays exact: with tiny windows (cut everywhere the tree
// allows), the model equals the model of one whole-text parse, also after random edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { hostileShapes } from '../../bench/hostile';
import { largeArticle, typicalArticle } from '../../bench/articles';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { defaultMaxChunkLength } from '../../server/src/engine/dialect/blocks';
import { ChunkCache, htmlBlockCloses, htmlBlockKind, parseChunk } from '../../server/src/engine/dialect/chunks';
import { cleanTitle, headingText, pillarLimit, readDirectives, readPillar, readSectionHeader, readSubPoint } from '../../server/src/engine/dialect/lines';
import { resetWorkCounters, workCounters, type WorkCounters } from '../../server/src/engine/dialect/work';
import type { ArticleModel } from '../../server/src/engine/dialect/model';
import { boundaryVocabulary } from './helpers';

const comparable = (m: ArticleModel): unknown => JSON.parse(JSON.stringify(m));

function countBuild(text: string, builder = new ArticleBuilder()): WorkCounters {
  resetWorkCounters();
  builder.build(text);
  return { ...workCounters, byRule: { ...workCounters.byRule } };
}

/** Largest text remark is ever given: a window grown to its limit (8 × the chunk length), or one
 * line up to the length past which a chunk is read without remark (20,000), and a line more. */
const remarkBound = Math.max(8 * defaultMaxChunkLength, 20_000) + 1024;

test('every hostile shape: counted work grows at most 2.2× per doubling, and remark never gets a long text', () => {
  const sizes = [16384, 32768, 65536];
  const failures: string[] = [];
  for (const shape of hostileShapes) {
    const runs = sizes.map((size) => {
      const text = shape.make(size);
      return { size, length: text.length, work: countBuild(text) };
    });
    for (const [k, run] of runs.entries()) {
      const { work, length } = run;
      if (work.remarkMaxChars > remarkBound) failures.push(`${shape.name}: remark was given ${work.remarkMaxChars} characters at once (size ${run.size})`);
      // Linear with small constants: every rule sees each character a few times at most.
      if (work.chunkChars > 4 * length) failures.push(`${shape.name}: ${work.chunkChars} chunk characters for ${length}`);
      if (work.scannedChars > 16 * length) failures.push(`${shape.name}: the line rules were given ${work.scannedChars} characters for ${length}`);
      for (const [rule, n] of Object.entries(work.byRule)) if ((n ?? 0) > 4 * length) failures.push(`${shape.name}: ${rule} was given ${n} characters for ${length}`);
      if (k === 0) continue;
      const before = runs[k - 1].work;
      const growth = (now: number, then: number) => now / Math.max(then, 256);
      for (const [what, now, then] of [
        ['characters handed to remark', work.remarkChars, before.remarkChars],
        ['characters looked up in the chunk cache', work.chunkChars, before.chunkChars],
        ['characters given to the line rules', work.scannedChars, before.scannedChars],
      ] as const) {
        if (growth(now, then) > 2.2) failures.push(`${shape.name}: ${what} grew ${growth(now, then).toFixed(2)}× (${then} → ${now}) from ${runs[k - 1].size} to ${run.size}`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

/** Where to type one character: a letter just past the middle (inside a word, not a marker). */
function editPoint(text: string): number {
  const m = /[a-z]/.exec(text.slice(text.length >> 1));
  return m ? (text.length >> 1) + m.index + 1 : text.length >> 1;
}

test('a one-character edit re-parses only the chunks around it', () => {
  const failures: string[] = [];
  for (const shape of hostileShapes) {
    const text = shape.make(65536);
    const builder = new ArticleBuilder();
    const first = countBuild(text, builder);
    const at = editPoint(text);
    const edit = countBuild(text.slice(0, at) + 'x' + text.slice(at), builder);
    // A few of the texts the first build handed remark; that is a small part of the document
    // wherever the tree allows cuts (every shape but those with no block boundary at all).
    const bound = Math.max(3 * first.remarkMaxChars, 1024);
    if (edit.remarkChars > bound) failures.push(`${shape.name}: the edit re-parsed ${edit.remarkChars} characters (bound ${bound})`);
    if (first.remarkMaxChars <= 2 * defaultMaxChunkLength + 1024 && edit.remarkChars > text.length / 8) failures.push(`${shape.name}: the edit re-parsed ${edit.remarkChars} of ${text.length}`);
    const undo = countBuild(text, builder);
    if (undo.remarkChars !== 0) failures.push(`${shape.name}: undoing the edit re-parsed ${undo.remarkChars} characters (the cache had them)`);
  }
  assert.deepEqual(failures, []);
});

test('ordinary articles: a one-character edit re-parses a sliver of the text', () => {
  for (const text of [typicalArticle(), largeArticle(1024 * 1024)]) {
    const builder = new ArticleBuilder();
    builder.build(text);
    const at = editPoint(text);
    const misses = builder.cache.misses;
    const edit = countBuild(text.slice(0, at) + 'x' + text.slice(at), builder);
    assert.ok(builder.cache.misses > misses, 'the edited chunk is read again');
    assert.ok(edit.remarkChars <= Math.max(2 * defaultMaxChunkLength, text.length / 100), `re-parsed ${edit.remarkChars} of ${text.length}`);
  }
});

test('the issue’s shapes: comments end their chunks, numbered lists and references are read once', () => {
  // 600 notes in comments: each chunk is read once (it used to merge with all that followed),
  // and without remark (a comment on its own line is read by its look).
  const notes = Array.from({ length: 600 }, (_, i) => `Para ${i}\n<!-- note ${i} -->\n\n`).join('');
  const counted = countBuild(notes);
  assert.ok(counted.chunkChars <= notes.length, `${counted.chunkChars} chunk characters looked up for ${notes.length}`);
  assert.equal(counted.remarkChars, 0);
  // 12,000 lines `1. Item`: the runs of numbered lines are found in one pass, up to the limit.
  const items = '1. Item\n'.repeat(12000);
  const listed = new ArticleBuilder().build(items);
  assert.equal(listed.pillars.length, pillarLimit, 'a run from the first pillar on is the pillars, as many as an article holds');
  assert.deepEqual(listed.problems.filter((p) => p.code === 'pillar-limit').map((p) => p.range.start.line), [pillarLimit]);
  assert.ok((countBuild(items).byRule['numbered-runs'] ?? 0) <= 3 * 12000);
  const nested = '1. Pillar\n\nBody text.\n\n' + '1. Item\n'.repeat(12000);
  assert.equal(new ArticleBuilder().build(nested).pillars.length, 1, 'a run inside a pillar’s body is a list');
  // 100,000 lines of `[[`: every line is looked at once for references, none is found.
  const brackets = '[[\n'.repeat(100000);
  const refs = countBuild(brackets);
  assert.equal(refs.byRule.references, 200000);
  assert.equal(new ArticleBuilder().build(brackets).references.length, 0);
});

test('the line rules read hostile lines as before, in one pass', () => {
  const spaces = ' '.repeat(60000);
  assert.deepEqual(headingText('# a' + spaces + 'b'), { text: 'a' + spaces + 'b', start: 2 });
  assert.deepEqual(headingText('## Title ##   '), { text: 'Title', start: 3 });
  assert.deepEqual(headingText('# ###'), { text: '###', start: 2 });
  assert.equal(readPillar('1. a' + spaces + 'b')?.title, 'a' + spaces + 'b');
  assert.equal(readPillar('1. Title' + spaces)?.title, 'Title');
  assert.equal(readPillar('**1. Bold Title**')?.title, 'Bold Title');
  assert.equal(readPillar('1.5 billion users'), undefined);
  assert.deepEqual(cleanTitle('*'.repeat(10001)), { text: '*', start: 5000 });
  assert.deepEqual(cleanTitle('**' + '_'.repeat(20000) + '**:'), { text: '', start: 10002 });
  assert.deepEqual(cleanTitle('  **Title**:  '), { text: 'Title', start: 4 });
  assert.equal(readSubPoint(':' + spaces + 'x'), undefined);
  assert.deepEqual(readSubPoint('Leveraging Logistics:' + spaces), { title: 'Leveraging Logistics', start: 0 });
  assert.deepEqual(readSectionHeader('Related articles' + spaces + ':' + spaces + 'x'), { kind: 'related', rest: 'x' });
  assert.deepEqual(readSectionHeader('## **Concepts for this article:** ##'), { kind: 'concepts', rest: '' });
  const openComments = '<!-- strategy-notes-disable a\n'.repeat(20000);
  resetWorkCounters();
  assert.deepEqual(readDirectives(openComments), []);
  assert.equal(workCounters.scannedChars, openComments.length);
  assert.deepEqual(readDirectives('<!-- strategy-notes-disable a, b --> <!-- strategy-notes-enable -->'), [
    { kind: 'disable', rules: ['a', 'b'] },
    { kind: 'enable', rules: [] },
  ]);
});

test('an HTML block is open at the end of a chunk exactly when remark would run it on', () => {
  const remark = unified().use(remarkParse);
  const blocks = [
    '<!-- note -->', '<!-->', '<!--->', '<!-- a', '<!-- a\n-->', '<!-- a -- b', '<?php ?>', '<?>', '<?x', '<!DOCTYPE html>', '<!X', '<![CDATA[ x ]]>',
    '<![CDATA[ x ]]]>', '<![CDATA[ x', '<pre>', '<pre>\n</pre>', '<PRE>x</pre>', '<pre>x</style>', '<script src="a">', '<script></script>', '<textarea>',
    '<pre-x>', '<pre/>', '</pre>', '<div>', '<div>\nx', '<a href="x">', '  <!-- indented', '<style>a</ STYLE>', '<style>a</STYLE >',
  ];
  for (const block of blocks) {
    const tree = remark.parse(block + '\nnext line');
    const html = tree.children[0];
    assert.equal(html?.type, 'html', block);
    const open = html.position!.end.line > block.split('\n').length;
    const kind = htmlBlockKind(block);
    const lines = block.split('\n');
    const closes = kind.ends === 'blank' ? false : lines.some((line, i) => htmlBlockCloses(line, kind.ends as never, i === 0 ? kind.openerEnd : 0, i === 0));
    assert.equal(!closes, open, `${JSON.stringify(block)}: ${kind.ends}`);
  }
});

test('chunks are never cut inside a construct spanning lines', () => {
  const whole = new ArticleBuilder(new ChunkCache(), true);
  for (const text of [
    'para\nx `a [[Foo]]\nb` y [[Bar]]\n', // a code span over a pasted cut
    'Intro <!-- a\nnote --> [[Foo]]\n', // an inline comment
    '- bullet item\nx `a [[Foo]]\n3) Third Pillar\nhref="`x`">\n', // a lazy line, then a list micromark starts
    '> > nested quote\nx `a [[Foo]]\n> > nested quote\nText [[Ref]] and `[[code]]`.\n', // lazy lines in a quote
    '    indented\n\n-\n- \n', // after indented code `-` is not a list
    '- > quote in list\ntext](dest "ti\n]]>\n', // a lazy line is not quoted
    '   > indented quote\nlazy\n> 2. quoted pillar\n',
    '===\n2. Secx `a [[Foo]]\ndiv>\n——\n3) `Third Pillar', // a `2.` item cut loose would end its code span at `3)`
  ]) {
    for (const maxChunkLength of [64, defaultMaxChunkLength]) {
      assert.deepEqual(comparable(new ArticleBuilder(new ChunkCache(), false, { maxChunkLength }).build(text)), comparable(whole.build(text)), JSON.stringify(text));
    }
  }
});

// Lines that exercise chunk boundaries, windows and the cuts their trees allow.
const vocabulary = [
  ...boundaryVocabulary,
  'x `a [[Foo]]', 'b` y [[Bar]]', '`', '``', 'a <!-- c', 'd --> e', '<a', 'href="`x`">', '[link', 'text](dest "ti', 'tle `t`")', '[[',
  '> > nested quote', '>', '> ```', '> <!-- strategy-notes-disable -->', 'lazy line', '<!-->', '<!--->', '<?x', '?>', '<!DOCTYPE', '<![CDATA[ x ]]]>', ']]>',
  '<pre>', '</pre>', '<pre-x>', '<script>', '</style>', '1. Item', '2. Item', '-', '- ', '  continued', 'a', 'b', '(parenthesis line', '"quoted line"',
  '*emph line*', '__bold__', '\\# escaped', '   > indented quote', '- > quote in list',
  '--', '==', '   ===', '=== foo', '#hashtag', '   # three spaces', '_ _ _', '\u00a0nbsp line', '+x', '1.5 billion', '#######', '   ', '[[wiki]]: x',
  '- - -', '* * *', '  --- ', ' ==',
];
const articleText = fc.array(fc.constantFrom(...vocabulary), { minLength: 0, maxLength: 80 }).map((ls) => ls.join('\n'));

test('with tiny windows (cut wherever the tree allows) the model equals the whole-text parse', () => {
  const whole = new ArticleBuilder(new ChunkCache(), true);
  for (const maxChunkLength of [64, 256]) {
    const chunked = new ArticleBuilder(new ChunkCache(), false, { maxChunkLength });
    fc.assert(
      fc.property(articleText, (text) => {
        assert.deepEqual(comparable(chunked.build(text)), comparable(whole.build(text)));
      }),
      { numRuns: 1500 },
    );
  }
});

test('with tiny windows an incrementally updated model equals a fresh build and the whole-text parse', () => {
  const edit = fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 40 }),
    insert: fc.oneof(fc.constantFrom(...vocabulary).map((l) => l + '\n'), fc.string({ maxLength: 5 }), fc.constantFrom('\n', '\n\n', 'x', ':', '1. ', '```\n', '`', '<', '>')),
  });
  const whole = new ArticleBuilder(new ChunkCache(), true);
  fc.assert(
    fc.property(articleText, fc.array(edit, { minLength: 1, maxLength: 10 }), (start, edits) => {
      const warm = new ArticleBuilder(new ChunkCache(), false, { maxChunkLength: 64 });
      let text = start;
      warm.build(text);
      for (const e of edits) {
        const at = text.length ? e.at % (text.length + 1) : 0;
        text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        const incremental = comparable(warm.build(text, 1));
        assert.deepEqual(incremental, comparable(new ArticleBuilder(new ChunkCache(), false, { maxChunkLength: 64 }).build(text, 1)));
        assert.deepEqual(incremental, comparable(whole.build(text, 1)));
      }
    }),
    { numRuns: 200 },
  );
});

test('plain chunks (prose, headings, breaks) are read without remark exactly as remark reads them', () => {
  const plain = [
    '', '', 'Plain prose line.', 'Another line', '--', '==', '   ===', '=== foo', '#hashtag', '   # three spaces', '# Head', '## Sub', '#', '###### six',
    '####### seven', '_ _ _', '***', '___', '---', '===', '\u00a0nbsp line', '+x', '1.5 billion', '   ', '[[wiki]]: x', 'Foo', '  --- ', ' ==', '-x', '*x*',
    '**b**', '&amp;', '\\#', '| t |', '[[x]]', 'x  ', '=', '-- -', '*-*', '_ _', '__', '# #', '  ## two', '  ***', 'text ===', 'snake_case_word', '—dash',
  ];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...plain), { maxLength: 30 }).map((ls) => ls.join('\n')), fc.boolean(), (text, startsDocument) => {
      resetWorkCounters();
      const fast = parseChunk(text, startsDocument);
      const viaRemark = parseChunk(text, startsDocument, true);
      assert.deepEqual(JSON.parse(JSON.stringify(fast)), JSON.parse(JSON.stringify(viaRemark)));
    }),
    { numRuns: 5000 },
  );
  // A line of prose is not given to remark at all.
  resetWorkCounters();
  parseChunk('# Title\n\nSome prose, and more.\nSetext\n===\n', true);
  assert.equal(workCounters.remarkChars, 0);
});

test('HTML comments, fences and simple lists are read without remark exactly as remark reads them', () => {
  const lines = [
    '', '', '', 'Plain prose line.', 'Para 1', 'lazy line', '#hashtag', '# Head', '## Sub', '---', '***', '___', '===', '--', '-- -', '  --- ', ' ==', 'Setext',
    '<!-- note -->', '<!-- strategy-notes-disable pillar-numbering -->', '<!-- strategy-notes-disable-next-line pillar-empty -->', '<!-->', '<!--->',
    '<!-- a --> after', '<!-- open', 'closed -->', '<!-- x -->  ', '<!---->', '<!-- - -->', ' <!-- indented -->', '<!--\t-->',
    '- item', '- item two', '* star item', '+ plus item', '1. Pillar', '2. Pillar', '3) Third', '1) First', '10. Ten', '0. Zero', '2. 2024', '1. 2024',
    '- ', '-', '- - -', '* * *', '-x', '1.5 billion', '-  two spaces', '  - indented', '  text', '   ', '[[wiki]]', '*emph*',
    '```', '```js', '~~~', '~~~ a`b', '``` a`b', '````', '    ```', 'code line', '\tcode', '  ```', '``', '`x`',
    '<div>', '</div>', '<p class="x">', '<table>', '<DIV>', '<div', '<div/>', '<divx>', '<span>', '<pre>', 'text <b>', '<details>', '</p>', '<h2>',
  ];
  // Lines the fast path reads (most texts of them are read without remark) and all of the above.
  const accepted = lines.filter((l) => !/^(?:<!-- open|closed -->| <|  [-`t]|    |-$|- $|- - -|\* \* \*|1\. 2024|\\t|<!--\\t|<divx|<span|<pre|text <)/.test(l));
  for (const [vocabulary, numRuns] of [[accepted, 2500], [lines, 1000]] as const) {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 24 }).map((ls) => ls.join('\n')), fc.boolean(), (text, startsDocument) => {
        const fast = parseChunk(text, startsDocument);
        const viaRemark = parseChunk(text, startsDocument, true);
        assert.deepEqual(JSON.parse(JSON.stringify(fast)), JSON.parse(JSON.stringify(viaRemark)), JSON.stringify(text));
      }),
      { numRuns },
    );
  }
  // The shapes are not given to remark at all.
  for (const text of ['Para 1\n<!-- note 1 -->\n', '<!-- strategy-notes-disable-next-line pillar-empty -->\n1. Pillar 0\n', 'Sub-point:\n- bullet\n', '```\ncode\n```\n', '<div>\ntext 1\n</div>\n']) {
    resetWorkCounters();
    parseChunk(text, false);
    assert.equal(workCounters.remarkChars, 0, text);
  }
});

test('closed fences with no blank lines are read without remark, whatever the width of their lines', () => {
  // No cut between such fences but the tree's: a window ends where its length falls, inside a
  // fence as often as not (depending on how the lines' lengths add up against the window's). The
  // remark-free reader takes a fence left open at the window's end, so remark gets none of it
  // (it was given most windows once the numbers reached six digits: 2.4 MB of a 4 MB text).
  for (let from = 1; from <= 1e6; from *= 10) {
    const text = Array.from({ length: 2000 }, (_, i) => '```\ncode ' + (from + i) + '\n```\n').join('');
    const counted = countBuild(text);
    assert.equal(counted.remarkChars, 0, `numbers from ${from}`);
    assert.ok(counted.chunkChars <= 2 * text.length, `numbers from ${from}: ${counted.chunkChars} chunk characters for ${text.length}`);
  }
});

test('a stretch with no exact cut is parsed in pieces, and says so', () => {
  // One backtick on every line of one long paragraph (each code span runs across a line break):
  // no cut is exact, the window grows to its limit.
  const text = Array.from({ length: 12000 }, (_, i) => `Text with \`code ${i} in it`).join('\n') + '\n';
  const counted = countBuild(text);
  assert.ok(counted.remarkMaxChars <= remarkBound);
  const model = new ArticleBuilder().build(text);
  const notice = model.problems.find((p) => p.code === 'parse-fallback');
  assert.match(notice?.message ?? '', /were parsed in pieces, not as one block: no block boundary within 16,384 characters/);
  assert.equal(model.problems.filter((p) => p.code === 'parse-fallback').length, 1, 'one notice for the whole stretch');
});
