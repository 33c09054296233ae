import type { Range } from './model';

// Line splitting shared by every layer: the model, the rules and the edits all agree on
// what a line is (LF, CRLF or a lone CR ends one), so ranges never drift between them.

const lineBreak = /\r\n|\r|\n/;

/** Line texts without their line endings. */
export function splitLines(text: string): string[] {
  return text.split(lineBreak);
}

export function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/** Leading indentation in columns (a tab advances to the next multiple of 4, as in CommonMark). */
export function indentOf(line: string): number {
  let col = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) col++;
    else if (c === 9) col += 4 - (col % 4);
    else break;
  }
  return col;
}

/** Names compare case-insensitively, with white space collapsed, curly quotes made straight and
 * accents folded (`Nestle` names `Nestlé`). */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}
