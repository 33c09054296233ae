// What passes between the server and its model worker (`model-worker.ts`, driven by
// `model-builds.ts`). A model is sent in parts: its long arrays (pillars, references, headings …)
// in batches, each asked for by the server when it is ready for the next, so no message takes
// long to read on the server's thread (reading a 10 MB article's whole model at once: ~0.5 s).
// The arrays that grow with every line of some article (pillars, headings, references) go as
// columns of numbers (their ranges) beside one JSON string of their strings: 131,072 pillars
// (before an article stopped at 999, `pillarLimit`) were 55 MB of JSON, and writing and reading headings one JSON object each cost a setext-heavy
// 1 MB article ~100 ms.

import type { ArticleModel } from '../engine';
import type { Heading, InlineReference, Pillar, Range, SubPoint } from '../engine/dialect/model';
import { noSubPoints, PillarItem, rangeFromCells, writeRangeCells } from '../engine/dialect/pillar';
import { HeadingItem } from '../engine/dialect/heading';

export type ToWorker =
  /** A piece of the text of build `id` (long texts go in pieces, so posting one is quick). */
  | { type: 'text'; id: number; piece: string }
  | {
      type: 'build';
      id: number;
      version: number;
      fileName?: string;
      /** The disclaimer pattern as written (compiled again there). */
      patternSource?: string;
      cacheCharacters: number;
    }
  /** The next part of build `id`'s model. */
  | { type: 'next'; id: number }
  | { type: 'limit'; cacheCharacters: number }
  /** Warm up at a third of the thread's time (the server is busy with its start: indexing) or at full speed. */
  | { type: 'pace'; paced: boolean };

export type FromWorker =
  | { type: 'model'; id: number; head: ArticleModel; parts: number }
  | { type: 'part'; id: number; part: ModelPart | ColumnPart }
  | { type: 'abandoned'; id: number }
  | { type: 'failed'; id: number; message: string }
  /** The warm-up ended: after `steps` of its `of` texts (all of them, unless a build came first). */
  | { type: 'warmed'; steps: number; of: number; ms: number };

/** Items of one of the model's arrays, as JSON: `path` is `[field]` or `[section, 'items']`.
 * JSON, not the structured clone: a model is plain data, and V8 reads JSON about twice as fast
 * (131,072 pillars: 50 MB cloned, read in seconds, against 55 MB of JSON read in half the time). */
export interface ModelPart {
  path: string[];
  json: string;
}

/** A batch of one of the arrays that grow with every line (pillars, headings, references) as
 * columns: `numbers` holds the items' integers (`columns[field].fields` per item: line and
 * character pairs, and small codes; all small, so the objects made from them hold small
 * integers, not boxed doubles: a pillar's number has three digits at most); `text` is the JSON
 * of their strings (and of pillars' non-empty sub-point lists). */
export interface ColumnPart {
  path: [ColumnField];
  numbers: Int32Array;
  text: string;
}

type ColumnField = 'pillars' | 'headings' | 'references';

/** How one kind of item is written to columns and read back in the builder's field order (so
 * the model reads the same either way). */
interface Columns<T> {
  fields: number;
  write(item: T, numbers: Int32Array, at: number): void;
  /** The JSON-able rest of a batch (strings and nested lists). */
  strings(items: readonly T[]): unknown;
  read(numbers: Int32Array, strings: unknown, into: T[]): void;
}

const writeRange = (n: Int32Array, at: number, r: Range): void => writeRangeCells(n, at, r.start.line, r.start.character, r.end.line, r.end.character);

const pillarColumns: Columns<Pillar> = {
  fields: 19,
  write(p, n, at) {
    n[at] = p.number;
    n[at + 1] = p.style === 'heading' ? 0 : 1;
    n[at + 2] = p.bodyLineCount;
    // The builder's pillars hold their ranges as numbers, in this order: copied, not made.
    if (p instanceof PillarItem) return p.copyCells(n, at + 3);
    writeRange(n, at + 3, p.range);
    writeRange(n, at + 7, p.selectionRange);
    writeRange(n, at + 11, p.numberRange);
    writeRange(n, at + 15, p.titleRange);
  },
  strings: (pillars) => [pillars.map((p) => p.title), pillars.flatMap((p, i) => (p.subPoints.length ? [[i, p.subPoints]] : []))],
  read(n, strings, into) {
    const [titles, subPoints] = strings as [string[], [number, SubPoint[]][]];
    const first = into.length;
    // The pillars read their ranges from the part's numbers when asked (pillar.ts).
    for (let i = 0, at = 0; i < titles.length; i++, at += 19) into.push(new PillarItem(n[at], titles[i], n[at + 1] === 0 ? 'heading' : 'line', n[at + 2], noSubPoints, n, at + 3));
    for (const [i, points] of subPoints) into[first + i].subPoints = points;
  },
};

const headingColumns: Columns<Heading> = {
  // A heading's range is on its line: its line and the text's start and end say all of it.
  fields: 4,
  write(h, n, at) {
    n[at] = h.depth;
    n[at + 1] = h.line;
    // The builder's headings hold the characters as numbers: read, no range made.
    n[at + 2] = h instanceof HeadingItem ? h.textStart : h.range.start.character;
    n[at + 3] = h instanceof HeadingItem ? h.textEnd : h.range.end.character;
  },
  strings: (headings) => headings.map((h) => h.text),
  read(n, strings, into) {
    const texts = strings as string[];
    // The heading makes its range when asked (heading.ts).
    for (let i = 0, at = 0; i < texts.length; i++, at += 4) into.push(new HeadingItem(texts[i], n[at], n[at + 1], n[at + 2], n[at + 3]));
  },
};

const referenceColumns: Columns<InlineReference> = {
  fields: 8,
  write(r, n, at) {
    writeRange(n, at, r.range);
    writeRange(n, at + 4, r.nameRange);
  },
  // A reference without a label keeps its `label` key (undefined), as the builder writes it.
  strings: (references) => [references.map((r) => r.name), references.map((r) => r.label ?? null)],
  read(n, strings, into) {
    const [names, labels] = strings as [string[], (string | null)[]];
    for (let i = 0, at = 0; i < names.length; i++, at += 8) into.push({ name: names[i], label: labels[i] ?? undefined, range: rangeFromCells(n, at), nameRange: rangeFromCells(n, at + 4) });
  },
};

const columns: { [F in ColumnField]: Columns<ArticleModel[F][number]> } = { pillars: pillarColumns, headings: headingColumns, references: referenceColumns };

/** Items in one column part: reading one takes a few milliseconds on the server's thread. */
const partItems = 8192;
/** Characters of JSON in one part: reading one takes a few milliseconds on the server's thread. */
const partCharacters = 256 * 1024;

function encodeColumns<F extends ColumnField>(field: F, items: readonly ArticleModel[F][number][]): ColumnPart {
  const codec = columns[field] as Columns<ArticleModel[F][number]>;
  const numbers = new Int32Array(items.length * codec.fields);
  items.forEach((item, i) => codec.write(item, numbers, i * codec.fields));
  return { path: [field], numbers, text: JSON.stringify(codec.strings(items)) };
}

function decodeColumns(part: ColumnPart, model: ArticleModel): void {
  const field = part.path[0];
  (columns[field] as Columns<unknown>).read(part.numbers, JSON.parse(part.text), model[field] as unknown[]);
}

/** The model without its long arrays (emptied), and those arrays in parts. */
export function splitModel(model: ArticleModel): { head: ArticleModel; parts: (ModelPart | ColumnPart)[] } {
  const head = { ...model } as unknown as Record<string, unknown>;
  const parts: (ModelPart | ColumnPart)[] = [];
  const cut = (path: string[], items: unknown[]) => {
    let batch: string[] = [];
    let length = 0;
    for (const item of items) {
      const json = JSON.stringify(item);
      batch.push(json);
      length += json.length + 1;
      if (length >= partCharacters) {
        parts.push({ path, json: `[${batch.join(',')}]` });
        batch = [];
        length = 0;
      }
    }
    if (batch.length) parts.push({ path, json: `[${batch.join(',')}]` });
  };
  for (const [key, value] of Object.entries(head)) {
    if (key in columns && Array.isArray(value) && value.length > 0) {
      const field = key as ColumnField;
      head[field] = [];
      for (let i = 0; i < value.length; i += partItems) parts.push(encodeColumns(field, value.slice(i, i + partItems)));
    } else if (Array.isArray(value) && value.length > 0) {
      head[key] = [];
      cut([key], value);
    } else if (value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items) && (value as { items: unknown[] }).items.length > 0) {
      const section = value as { items: unknown[] };
      head[key] = { ...section, items: [] };
      cut([key, 'items'], section.items);
    }
  }
  return { head: head as unknown as ArticleModel, parts };
}

/** Puts a part back into the model `splitModel` emptied. */
export function joinPart(head: ArticleModel, part: ModelPart | ColumnPart): void {
  if ('numbers' in part) return decodeColumns(part, head);
  let target = head as unknown as Record<string, unknown>;
  for (const key of part.path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const list = target[part.path[part.path.length - 1]] as unknown[];
  for (const item of JSON.parse(part.json) as unknown[]) list.push(item);
}
