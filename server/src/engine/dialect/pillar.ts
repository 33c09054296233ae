// A pillar whose four ranges are made when first read. A pasted list of 131,072 `1.` lines was
// 131,072 pillars before an article stopped at 999 (`pillarLimit`): as plain objects each carried four ranges of three objects each (1.5 million
// objects, about half of its build and most of reading it back from the model worker), though
// the rules, the outline and the editor read the ranges of few of them. The ranges' numbers sit
// in one Int32Array shared by the model's pillars (or the column part they came in from the
// worker, see `model-transfer.ts`); a range read is made once and kept.

import type { Pillar, PillarStyle, Range, SubPoint } from './model';

/** Integers per pillar in `cells`: range, selectionRange, numberRange, titleRange (start line,
 * start character, end line, end character each). */
export const pillarCells = 16;

/** The sub-points of every pillar that has none: one shared, frozen array. */
export const noSubPoints = Object.freeze([]) as unknown as SubPoint[];

export class PillarItem implements Pillar {
  private rangeMade?: Range;
  private selectionMade?: Range;
  private numberMade?: Range;
  private titleMade?: Range;

  constructor(
    public number: number,
    public title: string,
    public style: PillarStyle,
    public bodyLineCount: number,
    public subPoints: SubPoint[],
    /** The ranges' numbers, `pillarCells` from `at`. */
    private readonly cells: Int32Array,
    private readonly at: number,
  ) {}

  get range(): Range {
    return (this.rangeMade ??= this.rangeAt(0));
  }

  get selectionRange(): Range {
    return (this.selectionMade ??= this.rangeAt(4));
  }

  get numberRange(): Range {
    return (this.numberMade ??= this.rangeAt(8));
  }

  get titleRange(): Range {
    return (this.titleMade ??= this.rangeAt(12));
  }

  /** Copies the ranges' numbers to `into` at `at` (the model worker's column parts). */
  copyCells(into: Int32Array, at: number): void {
    into.set(this.cells.subarray(this.at, this.at + pillarCells), at);
  }

  /** The plain pillar, fields in the builder's order (what a JSON copy of the model holds). */
  toJSON(): Pillar {
    const { number, title, style, range, selectionRange, numberRange, titleRange, bodyLineCount, subPoints } = this;
    return { number, title, style, range, selectionRange, numberRange, titleRange, bodyLineCount, subPoints };
  }

  private rangeAt(offset: number): Range {
    return rangeFromCells(this.cells, this.at + offset);
  }
}

/** The range whose numbers are in `cells` at `at` (as `writeRangeCells` wrote them). */
export function rangeFromCells(cells: Int32Array, at: number): Range {
  return { start: { line: cells[at], character: cells[at + 1] }, end: { line: cells[at + 2], character: cells[at + 3] } };
}

/** Writes a range's numbers to `cells` at `at`. */
export function writeRangeCells(cells: Int32Array, at: number, startLine: number, startCharacter: number, endLine: number, endCharacter: number): void {
  cells[at] = startLine;
  cells[at + 1] = startCharacter;
  cells[at + 2] = endLine;
  cells[at + 3] = endCharacter;
}
