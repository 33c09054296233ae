// A UTF-8 byte order mark is not text: VS Code drops it before the server sees the document,
// the CLI reads files with it. The model is built from the text without it, then its positions
// are given in the text as handed over (line 0 one character further), so a client that keeps
// the BOM in its buffer gets positions right for its text, and every feature (rules, fixes,
// outline, summary, locate) reads one set of coordinates.

import type { ArticleModel } from './model';

const bom = '\uFEFF';

export function startsWithBom(text: string): boolean {
  return text.charCodeAt(0) === 0xfeff;
}

/** The text without its BOM (the CLI reads files this way, so its columns are VS Code's). */
export function withoutBom(text: string): string {
  return startsWithBom(text) ? text.slice(bom.length) : text;
}

/** A copy of the model with every position on line 0 moved `by` characters (the model may share
 * objects with caches, so nothing is changed in place). Front matter data is the writer's YAML, not positions. */
export function shiftFirstLine(model: ArticleModel, by: number): ArticleModel {
  const shifted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(model)) shifted[key] = key === 'frontMatter' && model.frontMatter ? { range: shift(model.frontMatter.range, by), data: model.frontMatter.data } : shift(value, by);
  if (model.lastTextLine === 0) shifted.lastTextLineLength = model.lastTextLineLength + by;
  return shifted as unknown as ArticleModel;
}

/** A deep copy of plain data with every `{ line: 0, character }` moved. */
function shift(value: unknown, by: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shift(v, by));
  if (value === null || typeof value !== 'object' || value instanceof RegExp) return value;
  // An object with a plain form (a pillar, whose ranges are getters: pillar.ts) is copied as that.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return shift((value as { toJSON(): unknown }).toJSON(), by);
  const o = value as Record<string, unknown>;
  if (typeof o.line === 'number' && typeof o.character === 'number') return { ...o, character: o.line === 0 ? o.character + by : o.character };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) out[key] = shift(o[key], by);
  return out;
}
