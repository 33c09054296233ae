import { numberWords as words } from '../dialect/lines';
import type { Rule } from './rule';

export const pillarCount: Rule = {
  id: 'pillar-count',
  defaultSeverity: 'warning',
  description: 'The thesis line announces a count that differs from the pillars found.',
  fixable: 'safe',
  check({ model }) {
    const thesis = model.thesis;
    const found = model.pillars.length;
    if (!thesis || found === 0 || thesis.count === found) return [];
    const written = thesis.text.slice(thesis.countRange.start.character - thesis.range.start.character, thesis.countRange.end.character - thesis.range.start.character);
    // The thesis reader reads back every count up to `maxCount`, and an article has no more
    // pillars than that (`pillarLimit`), so the fix always lands.
    return [
      {
        range: thesis.countRange,
        message: `The thesis line announces ${thesis.count} pillars, but the article has ${found}.`,
        fixes: [{ title: `Announce ${found} pillars`, safe: true, edits: [{ range: thesis.countRange, newText: countLike(written, found) }] }],
      },
    ];
  },
};

/** Writes `n` the way the count was written: digits, or a number word with the same capitalisation. */
function countLike(written: string, n: number): string {
  if (/^\d+$/.test(written) || n > words.length) return String(n);
  const word = words[n - 1];
  if (written === written.toUpperCase()) return word.toUpperCase();
  if (written[0] === written[0].toUpperCase()) return word[0].toUpperCase() + word.slice(1);
  return word;
}
