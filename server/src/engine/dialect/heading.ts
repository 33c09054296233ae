// A heading whose range is made when first read. An article of 65,536 setext headings holds
// 65,536 of them; as plain objects each carried a range of three objects, made in the build and
// again when read back from the model worker, though only the outline and link completion read
// them, and then few.

import type { Heading, Range } from './model';

export class HeadingItem implements Heading {
  private rangeMade?: Range;

  constructor(
    public text: string,
    public depth: number,
    public line: number,
    /** Where the text starts and ends on its line (a heading's range is on one line). */
    readonly textStart: number,
    readonly textEnd: number,
  ) {}

  get range(): Range {
    return (this.rangeMade ??= { start: { line: this.line, character: this.textStart }, end: { line: this.line, character: this.textEnd } });
  }

  /** The plain heading, fields in the builder's order (what a JSON copy of the model holds). */
  toJSON(): Heading {
    const { text, depth, line, range } = this;
    return { text, depth, line, range };
  }
}
