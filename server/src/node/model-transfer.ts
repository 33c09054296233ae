// What passes between the server and its model worker (`model-worker.ts`, driven by
// `model-builds.ts`). A model is sent in parts: its long arrays (pillars, references, headings …)
// in batches, each asked for by the server when it is ready for the next, so no message takes
// long to read on the server's thread (reading a 10 MB article's whole model at once: ~0.5 s).
// Pillars, the one array that grows with every numbered line, go as columns of numbers (their
// four ranges) beside one JSON string of their titles: 131,072 pillars were 55 MB of JSON.

import type { ArticleModel } from '../engine';
import type { Pillar, Range, SubPoint } from '../engine/dialect/model';

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
  | { type: 'limit'; cacheCharacters: number };

export type FromWorker =
  | { type: 'model'; id: number; head: ArticleModel; parts: number }
  | { type: 'part'; id: number; part: ModelPart | PillarPart }
  | { type: 'abandoned'; id: number }
  | { type: 'failed'; id: number; message: string };

/** Items of one of the model's arrays, as JSON: `path` is `[field]` or `[section, 'items']`.
 * JSON, not the structured clone: a model is plain data, and V8 reads JSON about twice as fast
 * (131,072 pillars: 50 MB cloned, read in seconds, against 55 MB of JSON read in half the time). */
export interface ModelPart {
  path: string[];
  json: string;
}

/** A batch of pillars: per pillar `pillarFields` integers (number, style, body lines, then the
 * four ranges' line and character pairs; all small, so the objects made from them hold small
 * integers, not boxed doubles: a pillar's number has three digits at most); `text` is the JSON
 * of the titles and of the non-empty sub-point lists as `[index, subPoints]`. */
export interface PillarPart {
  path: ['pillars'];
  numbers: Int32Array;
  text: string;
}

const pillarFields = 19;
/** Pillars in one part: reading one takes a few milliseconds on the server's thread. */
const partPillars = 8192;
/** Characters of JSON in one part: reading one takes a few milliseconds on the server's thread. */
const partCharacters = 256 * 1024;

function encodePillars(pillars: readonly Pillar[]): PillarPart {
  const numbers = new Int32Array(pillars.length * pillarFields);
  const titles: string[] = [];
  const subPoints: [number, SubPoint[]][] = [];
  let at = 0;
  const range = (r: Range) => {
    numbers[at++] = r.start.line;
    numbers[at++] = r.start.character;
    numbers[at++] = r.end.line;
    numbers[at++] = r.end.character;
  };
  pillars.forEach((p, i) => {
    numbers[at++] = p.number;
    numbers[at++] = p.style === 'heading' ? 0 : 1;
    numbers[at++] = p.bodyLineCount;
    range(p.range);
    range(p.selectionRange);
    range(p.numberRange);
    range(p.titleRange);
    titles.push(p.title);
    if (p.subPoints.length) subPoints.push([i, p.subPoints]);
  });
  return { path: ['pillars'], numbers, text: JSON.stringify([titles, subPoints]) };
}

const rangeAt = (n: Int32Array, at: number): Range => ({ start: { line: n[at], character: n[at + 1] }, end: { line: n[at + 2], character: n[at + 3] } });

function decodePillars(part: PillarPart, into: Pillar[]): void {
  const n = part.numbers;
  const [titles, subPoints] = JSON.parse(part.text) as [string[], [number, SubPoint[]][]];
  const first = into.length;
  for (let i = 0, at = 0; i < titles.length; i++, at += pillarFields) {
    // The builder's field order, so the model reads the same either way.
    into.push({
      number: n[at],
      title: titles[i],
      style: n[at + 1] === 0 ? 'heading' : 'line',
      range: rangeAt(n, at + 3),
      selectionRange: rangeAt(n, at + 7),
      numberRange: rangeAt(n, at + 11),
      titleRange: rangeAt(n, at + 15),
      bodyLineCount: n[at + 2],
      subPoints: [],
    });
  }
  for (const [i, points] of subPoints) into[first + i].subPoints = points;
}

/** The model without its long arrays (emptied), and those arrays in parts. */
export function splitModel(model: ArticleModel): { head: ArticleModel; parts: (ModelPart | PillarPart)[] } {
  const head = { ...model } as unknown as Record<string, unknown>;
  const parts: (ModelPart | PillarPart)[] = [];
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
    if (key === 'pillars' && model.pillars.length > 0) {
      head.pillars = [];
      for (let i = 0; i < model.pillars.length; i += partPillars) parts.push(encodePillars(model.pillars.slice(i, i + partPillars)));
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
export function joinPart(head: ArticleModel, part: ModelPart | PillarPart): void {
  if ('numbers' in part) return decodePillars(part, head.pillars);
  let target = head as unknown as Record<string, unknown>;
  for (const key of part.path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const list = target[part.path[part.path.length - 1]] as unknown[];
  for (const item of JSON.parse(part.json) as unknown[]) list.push(item);
}
