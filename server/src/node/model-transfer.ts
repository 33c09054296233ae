// What passes between the server and its model worker (`model-worker.ts`, driven by
// `model-builds.ts`). A model is sent in parts: its long arrays (pillars, references, headings …)
// in batches, each asked for by the server when it is ready for the next, so no message takes
// long to read on the server's thread (reading a 10 MB article's whole model at once: ~0.5 s).

import type { ArticleModel } from '../engine';

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
  | { type: 'part'; id: number; part: ModelPart }
  | { type: 'abandoned'; id: number }
  | { type: 'failed'; id: number; message: string };

/** Items of one of the model's arrays, as JSON: `path` is `[field]` or `[section, 'items']`.
 * JSON, not the structured clone: a model is plain data, and V8 reads JSON about twice as fast
 * (131,072 pillars: 50 MB cloned, read in seconds, against 55 MB of JSON read in half the time). */
export interface ModelPart {
  path: string[];
  json: string;
}

/** Characters of JSON in one part: reading one takes a few milliseconds on the server's thread. */
const partCharacters = 256 * 1024;

/** The model without its long arrays (emptied), and those arrays in parts. */
export function splitModel(model: ArticleModel): { head: ArticleModel; parts: ModelPart[] } {
  const head = { ...model } as unknown as Record<string, unknown>;
  const parts: ModelPart[] = [];
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
    if (Array.isArray(value) && value.length > 0) {
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
export function joinPart(head: ArticleModel, part: ModelPart): void {
  let target = head as unknown as Record<string, unknown>;
  for (const key of part.path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const list = target[part.path[part.path.length - 1]] as unknown[];
  for (const item of JSON.parse(part.json) as unknown[]) list.push(item);
}
