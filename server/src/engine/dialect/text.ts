import type { Range } from './model';

// Line splitting shared by every layer: the model, the rules and the edits all agree on
// what a line is (LF, CRLF or a lone CR ends one), so ranges never drift between them.

const lineBreak = /\r\n|\r|\n/;

/** Line texts without their line endings. */
export function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(lineBreak) : text.split('\n');
}

/** No tab (columns), backtick (code spans) or `<` (HTML, autolinks) anywhere on the line: what
 * the remark-free list and quote readers take. */
export function plainCharacters(line: string): boolean {
  return !line.includes('\t') && !line.includes('`') && !line.includes('<');
}

export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** White space as `String.prototype.trim` and `\s` see it (line terminators included). */
export function isJsSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** What `.` in a regular expression does not match. */
export function isLineTerminator(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

/** Leading white space of `text` (as `trimStart` sees it), in characters. */
export function leadingSpace(text: string, from = 0, to = text.length): number {
  let i = from;
  while (i < to && isJsSpace(text.charCodeAt(i))) i++;
  return i - from;
}

/** The end of `text[from, to)` once trailing white space (as `trimEnd` sees it) is dropped. */
export function trimmedEnd(text: string, from = 0, to = text.length): number {
  let e = to;
  while (e > from && isJsSpace(text.charCodeAt(e - 1))) e--;
  return e;
}

/** The end of `text[from, to)` once trailing spaces and tabs are dropped. */
export function endWithoutSpacesAndTabs(text: string, from = 0, to = text.length): number {
  let e = to;
  while (e > from && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  return e;
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
  // Printable ASCII has nothing to decompose, no marks and no curly quotes (most names, and a
  // library's suggestions compare every entry's names: this is their hot path).
  if (!/[^\x20-\x7e]/.test(name)) return name.replace(/ +/g, ' ').trim().toLowerCase();
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
