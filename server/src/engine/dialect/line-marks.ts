// Per-line marks of the characters that open or close a construct able to span lines (a code
// span, an HTML tag or comment, a link destination), as prefix counts over the lines, and where
// the next blank line is. Both cut rules read them: `chunkStarts` (chunks.ts: may a chunk start
// at a column-0 line of pasted text?) and `paragraphCut` (blocks.ts: may a window be cut inside a
// paragraph?). One pass over the characters, computed once per document.

import { isBlank } from './text';
import { scanned } from './work';

export interface LineMarks {
  /** Prefix counts: `ticks[l]` is how many lines before line l hold a backtick. */
  ticks: Int32Array;
  /** Lines holding a backtick, `[` or `<` (what may open a code span, a link or HTML). */
  opens: Int32Array;
  /** Lines holding `<`. */
  lts: Int32Array;
  /** Lines holding `>`. */
  gts: Int32Array;
  /** `nextBlank[l]`: the first blank line (spaces and tabs only) at or after line l; n if none. */
  nextBlank: Int32Array;
}

const TICK = 1;
const LT = 2;
const GT = 4;
const BRACKET = 8;
const ALL = TICK | LT | GT | BRACKET;

export function lineMarks(lines: string[]): LineMarks {
  const n = lines.length;
  const ticks = new Int32Array(n + 1);
  const opens = new Int32Array(n + 1);
  const lts = new Int32Array(n + 1);
  const gts = new Int32Array(n + 1);
  const nextBlank = new Int32Array(n + 1);
  const blank = new Uint8Array(n);
  let total = 0;
  for (let l = 0; l < n; l++) {
    const line = lines[l];
    const length = line.length;
    total += length;
    let marks = 0;
    let text = false;
    if (length > 256) {
      // A long line: the engine's searches (one per character) beat a loop over its characters.
      marks = (line.includes('`') ? TICK : 0) | (line.includes('<') ? LT : 0) | (line.includes('>') ? GT : 0) | (line.includes('[') ? BRACKET : 0);
      text = !isBlank(line);
    } else {
      for (let i = 0; i < length; i++) {
        const c = line.charCodeAt(i);
        if (c === 96) marks |= TICK;
        else if (c === 60) marks |= LT;
        else if (c === 62) marks |= GT;
        else if (c === 91) marks |= BRACKET;
        else if (c !== 32 && c !== 9) text = true;
        if (marks === ALL) break; // nothing left to find (and the line is not blank)
      }
    }
    if (marks !== 0) text = true;
    blank[l] = text ? 0 : 1;
    ticks[l + 1] = ticks[l] + (marks & TICK);
    opens[l + 1] = opens[l] + (marks & (TICK | LT | BRACKET) ? 1 : 0);
    lts[l + 1] = lts[l] + (marks & LT ? 1 : 0);
    gts[l + 1] = gts[l] + (marks & GT ? 1 : 0);
  }
  scanned('line-marks', total);
  nextBlank[n] = n;
  for (let l = n - 1; l >= 0; l--) nextBlank[l] = blank[l] ? l : nextBlank[l + 1];
  return { ticks, opens, lts, gts, nextBlank };
}
