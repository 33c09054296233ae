// Ranges in the summary cache's files as `[startLine, startCharacter, endLine, endCharacter]`
// rather than `{"start":{"line":…,"character":…},"end":{…}}`: on the generated 10,000-article
// corpus the ranges were 29 of the summaries' 65 MB, and a warm start's JSON.parse of them its
// largest cost (the compact file, 42 MB, parsed in 290 ms against 450 ms, 60 ms more to put the
// ranges back). Only values under a range key are written so — `range`, a key ending in `Range`,
// the items of a key ending in `Ranges` — and only those are read back, so no other array of four
// numbers is ever taken for a range; what is read back is validated as before (cache-validation.ts).

type Packed = [number, number, number, number];

const isRangeKey = (key: string) => key === 'range' || key.endsWith('Range');
const isRangesKey = (key: string) => key.endsWith('Ranges');

function isPosition(p: unknown): p is { line: number; character: number } {
  return typeof p === 'object' && p !== null && typeof (p as { line: unknown }).line === 'number' && typeof (p as { character: unknown }).character === 'number' && Object.keys(p).length === 2;
}

function packed(value: unknown): Packed | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { start, end } = value as { start: unknown; end: unknown };
  if (!isPosition(start) || !isPosition(end) || Object.keys(value).length !== 2) return undefined;
  return [start.line, start.character, end.line, end.character];
}

function isPacked(value: unknown): value is Packed {
  return Array.isArray(value) && value.length === 4 && typeof value[0] === 'number' && typeof value[1] === 'number' && typeof value[2] === 'number' && typeof value[3] === 'number';
}

const unpacked = (p: Packed) => ({ start: { line: p[0], character: p[1] }, end: { line: p[2], character: p[3] } });

/** A copy of a plain value with its ranges packed, for JSON.stringify (whose own fast path a
 * replacer function would leave: that made writing 2,800 summaries 0.3 s slower). */
export function packRanges(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(packRanges);
  const out: Record<string, unknown> = {};
  const o = value as Record<string, unknown>;
  for (const key in o) {
    const v = o[key];
    if (typeof v !== 'object' || v === null) out[key] = v;
    else if (isRangeKey(key)) out[key] = packed(v) ?? packRanges(v);
    else if (isRangesKey(key) && Array.isArray(v)) out[key] = v.map((r) => packed(r) ?? packRanges(r));
    else out[key] = packRanges(v);
  }
  return out;
}

/** Puts the packed ranges of a parsed value back as range objects, in place. */
export function unpackRanges(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null) unpackRanges(item);
    return;
  }
  const o = value as Record<string, unknown>;
  for (const key in o) {
    const v = o[key];
    if (typeof v !== 'object' || v === null) continue;
    if (isPacked(v) && isRangeKey(key)) o[key] = unpacked(v);
    else if (Array.isArray(v) && isRangesKey(key)) o[key] = v.map((r) => (isPacked(r) ? unpacked(r) : r));
    else unpackRanges(v);
  }
}
