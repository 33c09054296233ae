// Offsets in a text ↔ 0-based line/character positions (UTF-16, as LSP and the model count).
// Lines end at LF, CRLF or a lone CR, as the engine splits them.

import type { Position } from './dialect/model';

/** Where each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The offset of a position, clamped to its line (a character past the end is the line's end). */
export function offsetAt(starts: number[], text: string, p: Position): number {
  const line = Math.min(Math.max(p.line, 0), starts.length - 1);
  const next = line + 1 < starts.length ? starts[line + 1] : text.length;
  let end = next;
  if (line + 1 < starts.length) end -= text.charCodeAt(next - 1) === 10 && text.charCodeAt(next - 2) === 13 ? 2 : 1;
  return Math.min(starts[line] + Math.max(p.character, 0), end);
}

export function positionAt(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}
