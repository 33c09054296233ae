// The helpers of the model build's cut rules and disclaimer search: per-line marks (what may
// span lines, where the next blank line is) and the literal a disclaimer pattern's matches hold.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineMarks } from '../../server/src/engine/dialect/line-marks';
import { defaultDisclaimerPattern, requiredLiteral } from '../../server/src/engine/dialect/article';
import { compileTextPattern } from '../../server/src/engine/text-pattern';

/** The marks as the includes-per-line code computed them before the helper. */
function naive(lines: string[]) {
  const n = lines.length;
  const counts = { ticks: [0], opens: [0], lts: [0], gts: [0] };
  for (let l = 0; l < n; l++) {
    const line = lines[l];
    const tick = line.includes('`');
    const lt = line.includes('<');
    counts.ticks.push(counts.ticks[l] + (tick ? 1 : 0));
    counts.opens.push(counts.opens[l] + (tick || lt || line.includes('[') ? 1 : 0));
    counts.lts.push(counts.lts[l] + (lt ? 1 : 0));
    counts.gts.push(counts.gts[l] + (line.includes('>') ? 1 : 0));
  }
  const nextBlank = new Array<number>(n + 1).fill(n);
  for (let l = n - 1; l >= 0; l--) nextBlank[l] = /^[ \t]*$/.test(lines[l]) ? l : nextBlank[l + 1];
  return { ...counts, nextBlank };
}

test('lineMarks: prefix counts of backticks, `[`, `<`, `>` and the next blank line, as the per-line searches found them', () => {
  const long = 'x'.repeat(300);
  const lines = ['', 'plain', '`code`', '  ', '<a href="x">', '[link](y)', '\t', '> quote', long, long + '`', ' \t ', '<>[`', 'a > b', '`<', ' ' + '['];
  const marks = lineMarks(lines);
  const expected = naive(lines);
  for (const key of ['ticks', 'opens', 'lts', 'gts', 'nextBlank'] as const) assert.deepEqual(Array.from(marks[key]), expected[key], key);
  // Random lines of the characters that matter.
  let seed = 7;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / (1 << 24);
  const alphabet = ' \t`<>[]ax';
  const randomLines = Array.from({ length: 2000 }, () => Array.from({ length: Math.floor(random() * (random() < 0.05 ? 400 : 8)) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
  const got = lineMarks(randomLines);
  const want = naive(randomLines);
  for (const key of ['ticks', 'opens', 'lts', 'gts', 'nextBlank'] as const) assert.deepEqual(Array.from(got[key]), want[key], key);
  assert.deepEqual(Array.from(lineMarks([]).nextBlank), [0]);
});

test('requiredLiteral: a run every match holds, or none where it is not plain to see', () => {
  assert.equal(requiredLiteral(defaultDisclaimerPattern.source)?.source, 'advice');
  assert.equal(requiredLiteral('Not Financial Advice')?.source, 'financial');
  assert.equal(requiredLiteral('colou?r')?.source, 'colo');
  assert.equal(requiredLiteral('abcd{2}xyz')?.source, 'abc');
  assert.equal(requiredLiteral('disclaimer|warning'), undefined, 'alternatives at the top');
  assert.equal(requiredLiteral('(?:foo|bar)baz')?.source, 'baz', 'alternatives inside a group');
  assert.equal(requiredLiteral('[abc]+def\\w+')?.source, 'def');
  assert.equal(requiredLiteral('\\bno\\b'), undefined, 'shorter than three');
  assert.equal(requiredLiteral('\\bnot\\b')?.source, 'not');
  assert.equal(requiredLiteral('risk'), undefined, '`k` and `s` fold with non-ASCII letters in RE2');
  assert.equal(requiredLiteral('\\cJabcdef'), undefined);
  assert.equal(requiredLiteral('[]abc]xyz'), undefined);
  // Wherever the pattern matches, so does the literal.
  for (const source of [defaultDisclaimerPattern.source, 'Not Financial Advice', 'colou?r', '(?:foo|bar)baz', '[abc]+def\\w+']) {
    const pattern = compileTextPattern(source);
    const literal = requiredLiteral(source)!;
    for (const text of ['This is not investment advice.', 'THIS IS NOT INVESTMENT, LEGAL OR TAX ADVICE', 'not financial advice!', 'color', 'COLOUR', 'barbaz', 'cdef_1', 'nothing here']) {
      if (pattern.test(text)) assert.ok(literal.test(text), `${source} on ${text}`);
    }
  }
});
