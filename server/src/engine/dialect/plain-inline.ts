// Inline code spans read by their look, for the remark-free chunk reader (`plainChunkFacts` in
// chunks.ts): the same spans remark's `inlineCode` nodes give, split per line as `addSpans` does.
//
// CommonMark: a backtick run opens a code span that closes at the next run of exactly the same
// length in the same inline context (a paragraph, a list item's paragraph, a heading's text),
// across lines; an opener with no such run is literal text, and the runs after it are read
// afresh (`` `a``b`` `` is a literal backtick, then the span `b`). Outside code spans a
// backslash escapes the next ASCII punctuation character, so `` \` `` is literal and the rest
// of its run still counts; inside a span backslashes are literal (the closing run is raw).
// Runs are indexed by length and a pointer per length only moves forward, so a context is read
// in one pass whatever its runs. Where another inline construct could take backticks before
// code spans do — an HTML tag or autolink (`<`), a link's destination or title (`](`), a full
// reference (`][`, whose label is raw when defined elsewhere), a definition (`]:`) — the reader
// gives up (undefined) and remark decides; it never guesses.

import { addSpans, type InlineSpan, type LineFacts } from './chunks';

/** A block as the remark-free reader records it (lines [start, end]). */
export interface PlainInlineBlock {
  type: string;
  start: number;
  end: number;
}

const itemStart = /^(?:[-*+]|\d{1,9}[.)]) /;

/**
 * The code spans of a chunk read by its look, in document order, or undefined where the reader
 * cannot be sure: a line holding a backtick outside a context it knows (a paragraph, an ATX or
 * setext heading's text, a list item's paragraph at column 0; fenced code and HTML blocks hold
 * none), or a context with `<`, `](`, `][` or `]:` beside a backtick.
 */
export function plainCodeSpans(lines: readonly string[], kinds: readonly LineFacts[], blocks: readonly PlainInlineBlock[]): InlineSpan[] | undefined {
  const code: InlineSpan[] = [];
  let tickLines = 0;
  for (const line of lines) if (line.includes('`')) tickLines++;
  if (tickLines === 0) return code;
  let covered = 0;
  const context = (from: number, to: number, kind: LineFacts['kind']): boolean => {
    const n = collectRuns(lines, from, to);
    if (n === 0) return true;
    if (n < 0) return false;
    for (let l = from; l <= to; l++) if (kinds[l]?.kind !== kind) return false;
    covered += runLines;
    pairRuns(n);
    for (let k = 0; k < n; k++) {
      const close = closer[k];
      if (close >= 0) addSpans(code, lines, runLine[k], runStart[k] + runEscaped[k], runLine[close], runStart[close] + runLength[close]);
    }
    return true;
  };
  for (const b of blocks) {
    switch (b.type) {
      case 'code':
      case 'html':
        // Their lines are excluded: backticks there are not code spans.
        for (let l = b.start; l <= b.end; l++) if (lines[l].includes('`')) covered++;
        break;
      case 'paragraph':
        if (!context(b.start, b.end, 'text')) return undefined;
        break;
      case 'heading':
        // ATX: one line (no backtick in its markers); setext: the lines above the underline.
        if (!context(b.start, b.start === b.end ? b.end : b.end - 1, 'heading')) return undefined;
        break;
      case 'list': {
        // Items at column 0, each one paragraph: its line and the lazy lines after it. Any other
        // line (indented: a nested list; quoted) is not the simple list this reader knows.
        let ticks = false;
        let simple = true;
        for (let l = b.start; l <= b.end; l++) {
          const c = lines[l].charCodeAt(0);
          if (lines[l].includes('`')) ticks = true;
          if ((c === 32 || c === 9 || c === 62) && lines[l].trim() !== '') simple = false;
        }
        if (!ticks) break;
        if (!simple) return undefined;
        let from = -1;
        for (let l = b.start; l <= b.end + 1; l++) {
          const line = l <= b.end ? lines[l] : '';
          const blank = line.trim() === '';
          if (from >= 0 && (blank || itemStart.test(line))) {
            if (!context(from, l - 1, 'text')) return undefined;
            from = -1;
          }
          if (blank) continue;
          if (from < 0) {
            if (!itemStart.test(line)) return undefined; // text after a blank line inside the list
            from = l;
          }
        }
        break;
      }
      default:
        break; // unknown blocks: their backticks stay uncovered
    }
  }
  return covered === tickLines ? code : undefined;
}

/**
 * Reads the code spans of one inline context, lines [from, to] (backtick runs never cross a line
 * end; a span may), into `out`. False where another construct could change the pairing.
 */
export function readCodeSpans(lines: readonly string[], from: number, to: number, out: InlineSpan[]): boolean {
  const n = collectRuns(lines, from, to);
  if (n < 0) return false;
  pairRuns(n);
  for (let k = 0; k < n; k++) {
    const close = closer[k];
    if (close >= 0) addSpans(out, lines, runLine[k], runStart[k] + runEscaped[k], runLine[close], runStart[close] + runLength[close]);
  }
  return true;
}

/** Whether every backtick run of `line`, read alone as an inline context, pairs within it (an
 * escaped backtick is literal), with no `<`, `](`, `][` or `]:` beside them. Cut before a
 * paragraph's line, a prefix made of such lines (and no `[` or `<`) leaves no code span open and
 * no run that a later one could close. */
export function ticksPairWithinLine(line: string): boolean {
  if (!line.includes('`')) return true;
  const n = collectRuns([line], 0, 0);
  return n >= 0 && pairRuns(n);
}

// The runs of the context being read (reused: no allocation per context): line, first column,
// length, 1 when an odd number of backslashes precede the run (outside code its first backtick
// is escaped; inside code it is not), and the next run of the same length and of one less.
let runLine = new Int32Array(64);
let runStart = new Int32Array(64);
let runLength = new Int32Array(64);
let runEscaped = new Uint8Array(64);
let nextSame = new Int32Array(64);
let nextShorter = new Int32Array(64);
/** closer[k]: the run closing the span run k opens, -1 when run k opens none. */
let closer = new Int32Array(64);
/** By length (short runs): the run last seen in the backward pass, -1 none. */
const lastShort = new Int32Array(65).fill(-1);
/** Lines holding a run, in the context last collected. */
let runLines = 0;

/** Collects the runs of lines [from, to]; -1 where a `<`, `](`, `][` or `]:` stands in the context beside them. */
function collectRuns(lines: readonly string[], from: number, to: number): number {
  let n = 0;
  let risky = false;
  runLines = 0;
  for (let l = from; l <= to; l++) {
    const line = lines[l];
    if (!risky && (line.includes('<') || (line.includes(']') && (line.includes('](') || line.includes('][') || line.includes(']:'))))) risky = true;
    let i = line.indexOf('`');
    if (i >= 0) runLines++;
    while (i >= 0) {
      let j = i + 1;
      while (line.charCodeAt(j) === 96) j++;
      // The backslashes before a run lie after the previous run: each is counted once.
      let b = 0;
      while (b < i && line.charCodeAt(i - b - 1) === 92) b++;
      if (n === runLine.length) grow();
      runLine[n] = l;
      runStart[n] = i;
      runLength[n] = j - i;
      runEscaped[n] = b & 1;
      n++;
      i = line.indexOf('`', j);
    }
  }
  return n > 0 && risky ? -1 : n;
}

function grow(): void {
  const size = runLine.length * 2;
  const more = <T extends Int32Array | Uint8Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(size);
    b.set(a);
    return b;
  };
  runLine = more(runLine);
  runStart = more(runStart);
  runLength = more(runLength);
  runEscaped = more(runEscaped);
  nextSame = new Int32Array(size);
  nextShorter = new Int32Array(size);
  closer = new Int32Array(size);
}

/**
 * Pairs the `n` collected runs as CommonMark does, setting `closer` (the run closing the span each
 * run opens, or -1); returns whether every opener found its closer. One backward pass finds, for
 * every run, the next run of its length and of one less (the closer of an escaped opener), so
 * reading costs O(runs) whatever their lengths.
 */
function pairRuns(n: number): boolean {
  let long: Map<number, number> | undefined;
  for (let k = n - 1; k >= 0; k--) {
    const length = runLength[k];
    nextSame[k] = length <= 64 ? lastShort[length] : (long?.get(length) ?? -1);
    nextShorter[k] = length - 1 <= 64 ? lastShort[length - 1] : (long?.get(length - 1) ?? -1);
    if (length <= 64) lastShort[length] = k;
    else (long ??= new Map()).set(length, k);
  }
  for (let k = 0; k < n; k++) if (runLength[k] <= 64) lastShort[runLength[k]] = -1;
  let paired = true;
  for (let k = 0; k < n; k++) closer[k] = -1;
  for (let k = 0; k < n; ) {
    // An escaped opener is one backtick shorter; a lone escaped backtick opens nothing.
    if (runEscaped[k] && runLength[k] === 1) {
      k++;
      continue;
    }
    const close = runEscaped[k] ? nextShorter[k] : nextSame[k];
    if (close < 0) {
      paired = false; // no closing run: the opener is literal text
      k++;
      continue;
    }
    closer[k] = close;
    k = close + 1;
  }
  return paired;
}

