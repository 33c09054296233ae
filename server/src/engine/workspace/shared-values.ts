// One copy of the values that thousands of summaries and kept checks repeat. A summary that
// crosses from an index thread (structured clone) or out of the cache (JSON.parse) arrives with
// fresh copies of everything: the same entry names, section headers and forms ("plain",
// "concepts") once per file, and a `{ line, character }` object for every position although a
// workspace has only as many distinct positions as lines × columns in use. Measured on the
// generated 10,000-article corpus after a collection, such copies were about half of the
// server's heap (55 MiB of positions, 27 MiB of ranges, 44 MiB of repeated strings).
//
// `share` walks a plain value and swaps each short string, position and one-line range for the
// table's copy, in place. The shared positions and ranges are frozen: nothing may write into a
// range it was handed (none of our code does; a write would now throw in strict mode rather than
// move another file's range).

import type { Position, Range } from '../dialect/model';

/** Strings longer than this are rarely repeated (titles, item texts with their own links). */
const maxSharedLength = 128;
/** A table that grows past this starts over (values already shared stay valid; later ones are
 * shared among themselves): a bound, not a size any workspace is expected to reach. */
const defaultMaxTableSize = 1 << 20;
// Keys pack a position as line * 2^16 + character, and a one-line range as that times 2^16 plus
// its end character: 52 bits at most, exact in a double.
const columnSpan = 0x10000;
const maxLine = 1 << 20;

export class SharedValues {
  private strings = new Map<string, string>();
  private positions = new Map<number, Position>();
  private ranges = new Map<number, Range>();

  constructor(private readonly maxTableSize = defaultMaxTableSize) {}

  /** `value` with its short strings, positions and one-line ranges replaced by shared copies
   * (arrays and plain objects are changed in place; the same value is returned, or for a
   * position, range or string, its shared copy). */
  share<T>(value: T): T {
    return this.visit(value) as T;
  }

  /** How many distinct values the tables hold (for tests and traces). */
  get size(): { strings: number; positions: number; ranges: number } {
    return { strings: this.strings.size, positions: this.positions.size, ranges: this.ranges.size };
  }

  private visit(value: unknown): unknown {
    if (typeof value === 'string') return value.length <= maxSharedLength ? this.string(value) : value;
    if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (typeof v === 'object' || typeof v === 'string') value[i] = this.visit(v);
      }
      return value;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value; // typed arrays, maps, classes: left alone
    const o = value as Record<string, unknown>;
    const position = this.asPosition(o);
    if (position) return position;
    const range = this.asRange(o);
    if (range) return range;
    for (const key in o) {
      const v = o[key];
      if (typeof v === 'object' || typeof v === 'string') o[key] = this.visit(v);
    }
    return o;
  }

  private string(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    if (this.strings.size >= this.maxTableSize) this.strings = new Map();
    this.strings.set(s, s);
    return s;
  }

  /** The shared copy of an object that is exactly `{ line, character }` with small whole numbers. */
  private asPosition(o: Record<string, unknown>): Position | undefined {
    const key = positionKey(o);
    if (key === undefined) return undefined;
    const known = this.positions.get(key);
    if (known) return known;
    if (this.positions.size >= this.maxTableSize) this.positions = new Map();
    const p = Object.freeze({ line: o.line as number, character: o.character as number });
    this.positions.set(key, p);
    return p;
  }

  /** The shared copy of an object that is exactly `{ start, end }`, both positions: one-line
   * ranges are shared whole, others get shared positions. */
  private asRange(o: Record<string, unknown>): Range | undefined {
    if (typeof o.start !== 'object' || typeof o.end !== 'object' || o.start === null || o.end === null) return undefined;
    let count = 0;
    for (const _ in o) count++;
    if (count !== 2) return undefined;
    const start = o.start as Record<string, unknown>;
    const end = o.end as Record<string, unknown>;
    const startKey = positionKey(start);
    const endKey = positionKey(end);
    if (startKey === undefined || endKey === undefined) return undefined;
    if (start.line !== end.line) {
      o.start = this.asPosition(start);
      o.end = this.asPosition(end);
      return o as unknown as Range;
    }
    const key = startKey * columnSpan + (end.character as number);
    const known = this.ranges.get(key);
    if (known) return known;
    if (this.ranges.size >= this.maxTableSize) this.ranges = new Map();
    const r = Object.freeze({ start: this.asPosition(start)!, end: this.asPosition(end)! });
    this.ranges.set(key, r);
    return r;
  }
}

function positionKey(o: Record<string, unknown>): number | undefined {
  const { line, character } = o;
  if (typeof line !== 'number' || typeof character !== 'number') return undefined;
  if (!(line >= 0 && line < maxLine && character >= 0 && character < columnSpan) || !Number.isInteger(line) || !Number.isInteger(character)) return undefined;
  let count = 0;
  for (const _ in o) count++;
  return count === 2 ? line * columnSpan + character : undefined;
}
