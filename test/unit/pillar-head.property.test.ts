// `readPillar` reads the usual head (`1. `, `12) `, `3: `) by hand and leaves the rest to its
// pattern, and peels a title's emphasis on offsets into the line rather than on a copy. Both must
// read every line exactly as the pattern-only reader did: random lines built from the characters
// that decide a head (digits, `.`, `)`, `:`, spaces, tabs, other white space, `**`, `_`, dashes,
// words, `#`), compared with that reader, kept here as the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanTitle, readPillar, type PillarLine } from '../../server/src/engine/dialect/lines';

const pillarHead = /^((?:\*\*|__)?(?:[\p{L}][\p{L}'’-]*[ \t]+)?#?)(\d{1,3})(?:[.):](?:\*\*|__)?[ \t]+|[ \t]+[–—-][ \t]+)(?=\S)/u;

/** The reader as it was before the hand-read head: the pattern, then `cleanTitle` on a copy. */
function referencePillar(text: string, offset = 0): PillarLine | undefined {
  const m = pillarHead.exec(text);
  if (!m) return undefined;
  const restStart = m[0].length;
  let end = text.length;
  while (end > restStart && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  let rest = text.slice(restStart, end);
  const bold = m[1].startsWith('**') ? '**' : m[1].startsWith('__') ? '__' : undefined;
  if (bold && rest.endsWith(bold + ':')) rest = rest.slice(0, -3) + ':';
  else if (bold && rest.endsWith(bold)) rest = rest.slice(0, -2);
  const cleaned = cleanTitle(rest);
  if (!cleaned.text) return undefined;
  const numberStart = m[1].length;
  const titleStart = offset + restStart + cleaned.start;
  return { number: Number(m[2]), title: cleaned.text, numberStart: offset + numberStart, numberEnd: offset + numberStart + m[2].length, titleStart, titleEnd: titleStart + cleaned.text.length };
}

const pieces = ['1', '2', '9', '0', '12', '123', '1234', '.', ')', ':', ' ', ' ', '  ', '\t', '\u00a0', '\u2028', '\u3000', '**', '__', '*', '_', '-', '–', '—', '#', 'Step', 'Rule ', 'émigré', 'Title', 'a', 'x:', '**:', '𝐀'];
const line = fc.array(fc.constantFrom(...pieces), { minLength: 0, maxLength: 12 }).map((parts) => parts.join(''));
// Lines that start like a pillar more often than chance would have them.
const headed = fc.tuple(fc.constantFrom('1', '7', '42', '999', '1000', '**1', '__2', 'Step 3', '#4', ''), fc.constantFrom('.', ')', ':', ' -', ' – ', '.**', ''), fc.constantFrom(' ', '\t', '  ', '\u00a0', ''), line).map((parts) => parts.join(''));

test('the hand-read pillar head reads every line as the pattern did', () => {
  let pillars = 0;
  fc.assert(
    fc.property(fc.oneof(line, headed), fc.nat(40), (text, offset) => {
      const expected = referencePillar(text, offset);
      assert.deepEqual(readPillar(text, offset), expected, JSON.stringify(text));
      // Read into a reused object, the same fields (what the builder does for every line).
      const into: PillarLine = { number: -1, title: 'stale', numberStart: -1, numberEnd: -1, titleStart: -1, titleEnd: -1 };
      const read = readPillar(text, offset, into);
      assert.equal(read === undefined, expected === undefined);
      if (expected) assert.deepEqual({ ...into }, expected);
      if (expected) pillars++;
    }),
    { numRuns: 20_000 },
  );
  // The runs must have met many pillars, not only lines that are none.
  assert.ok(pillars > 2_000, `only ${pillars} of the random lines were pillars`);
});
