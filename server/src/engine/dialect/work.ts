// Work counters: how much the dialect layer did, in characters, so tests can prove that the
// work grows linearly with the input without timing anything. Nothing reads them but tests:
// counting starts with the first `resetWorkCounters()` (until then each count is one test of
// a flag, so the server and the benchmarks pay nothing for it).

/** What the line rules and patterns were given, by rule. */
const scanRules = [
  'chunk-lines',
  'line-marks',
  'plain-lines',
  'cuts',
  'numbered-runs',
  'heading',
  'pillar',
  'title',
  'list-item',
  'thesis',
  'section-header',
  'break',
  'sub-point',
  'sentence',
  'references',
  'item',
  'directives',
  'markup',
  'disclaimer',
] as const;
export type ScanRule = (typeof scanRules)[number];

export interface WorkCounters {
  /** Characters handed to remark (cache misses only), and in how many calls. */
  remarkChars: number;
  remarkCalls: number;
  /** The largest single text handed to remark: bounded, whatever the document. */
  remarkMaxChars: number;
  /** Characters of chunk texts looked up in the chunk cache (hits and misses). */
  chunkChars: number;
  /** Characters given to the line rules and patterns, in total and by rule (lines, for the
   * per-line passes `plain-lines` and `numbered-runs`). */
  scannedChars: number;
  byRule: Record<ScanRule, number>;
}

// Every rule has its field from the start: counting is one addition on an object of fixed shape.
const noRules = (): Record<ScanRule, number> => Object.fromEntries(scanRules.map((r) => [r, 0])) as Record<ScanRule, number>;

export const workCounters: WorkCounters = {
  remarkChars: 0,
  remarkCalls: 0,
  remarkMaxChars: 0,
  chunkChars: 0,
  scannedChars: 0,
  byRule: noRules(),
};

let counting = false;

export function resetWorkCounters(): void {
  counting = true;
  workCounters.remarkChars = 0;
  workCounters.remarkCalls = 0;
  workCounters.remarkMaxChars = 0;
  workCounters.chunkChars = 0;
  workCounters.scannedChars = 0;
  workCounters.byRule = noRules();
}

/** Counts `length` characters given to `rule`. */
export function scanned(rule: ScanRule, length: number): void {
  if (!counting) return;
  workCounters.scannedChars += length;
  workCounters.byRule[rule] += length;
}

export function parsedByRemark(length: number): void {
  if (!counting) return;
  workCounters.remarkChars += length;
  workCounters.remarkCalls++;
  if (length > workCounters.remarkMaxChars) workCounters.remarkMaxChars = length;
}

export function lookedUp(length: number): void {
  if (counting) workCounters.chunkChars += length;
}
