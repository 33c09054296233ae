// The open documents' text, kept in step with the client's `didChange` notifications.
// vscode-languageserver-textdocument rebuilds the whole string for each change of a
// notification, so a Replace All of k changes on an n-character document costs O(k·n) (4,063
// changes on 2 MB: 9 s). Here one notification's changes are applied to a balanced tree of
// pieces (a treap) that knows where its lines start, then the text is joined once:
// O(n + k log n + total change size). A notification of one change (typing) is a plain cut and
// paste with the line offsets patched, as the library does. The semantics are the library's and the LSP's: each change
// applies to the result of the one before; positions past the end of a line clamp to the line's
// end (before its line break), positions past the last line to the end of the document; `\r\n`,
// `\n` and `\r` all end a line.

import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver/node';

/** Characters copied or scanned while applying changes and joining text, for complexity tests. */
export const documentWork = { charactersCopied: 0 };

const CR = 13;
const LF = 10;
/** Pieces cut from a long text are at most this long, so splitting one costs little. */
const maxPiece = 1024;

/** One open document; the same interface (and answers) as the library's. */
export class StrategyDocument implements TextDocument {
  private lineOffsets: number[] | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private _version: number,
    private content: string,
  ) {}

  get version(): number {
    return this._version;
  }

  get lineCount(): number {
    return this.getLineOffsets().length;
  }

  getText(range?: Range): string {
    if (!range) return this.content;
    return this.content.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.content.length), 0);
    const lineOffsets = this.getLineOffsets();
    const line = lineOf(lineOffsets, offset);
    offset = beforeLineBreak(this.content, offset, lineOffsets[line]);
    return { line, character: offset - lineOffsets[line] };
  }

  offsetAt(position: Position): number {
    const lineOffsets = this.getLineOffsets();
    if (position.line >= lineOffsets.length) return this.content.length;
    if (position.line < 0) return 0;
    const lineOffset = lineOffsets[position.line];
    if (position.character <= 0) return lineOffset;
    const next = position.line + 1 < lineOffsets.length ? lineOffsets[position.line + 1] : this.content.length;
    return beforeLineBreak(this.content, Math.min(lineOffset + position.character, next), lineOffset);
  }

  getLineRange(line: number): Range {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length) {
      const last = lineOffsets.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.content.length - lineOffsets[last] } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this.content.length;
    return { start: { line, character: 0 }, end: { line, character: beforeLineBreak(this.content, next, lineOffsets[line]) - lineOffsets[line] } };
  }

  getEOLCharacters(line: number): string {
    const lineOffsets = this.getLineOffsets();
    if (line < 0 || line >= lineOffsets.length) return '';
    const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this.content.length;
    return this.content.substring(beforeLineBreak(this.content, next, lineOffsets[line]), next);
  }

  /** Applies one notification's changes in order; the text is joined once at the end. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    this._version = version;
    // One change (typing): cut and paste the string, and patch the line offsets.
    if (changes.length === 1 && 'range' in changes[0] && changes[0].range !== undefined) return this.replace(wellFormed(changes[0].range), changes[0].text);
    let tree: Piece | undefined;
    // The text while it is whole (before the first incremental change, after a full one).
    let text: string | undefined = this.content;
    for (const change of changes) {
      if (!('range' in change) || change.range === undefined) {
        tree = undefined;
        text = change.text;
        continue;
      }
      if (text !== undefined) tree = fromText(text);
      text = undefined;
      const range = wellFormed(change.range);
      const start = treeOffsetAt(tree, range.start);
      const end = treeOffsetAt(tree, range.end);
      const [before, rest] = split(tree, start);
      const [, after] = split(rest, end - start);
      tree = merge(merge(before, fromText(change.text)), after);
    }
    if (text === undefined) text = join(tree);
    this.content = text;
    this.lineOffsets = undefined;
  }

  private replace(range: Range, text: string): void {
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    const lineOffsets = this.getLineOffsets();
    const content = (this.content = this.content.slice(0, start) + text + this.content.slice(end));
    documentWork.charactersCopied += content.length;
    const insertedEnd = start + text.length;
    // A `\r` and a `\n` meeting at either edge make one line break out of two: count afresh.
    if ((content.charCodeAt(start - 1) === CR && content.charCodeAt(start) === LF) || (content.charCodeAt(insertedEnd - 1) === CR && content.charCodeAt(insertedEnd) === LF)) {
      this.lineOffsets = undefined;
      return;
    }
    // The lines of the offsets themselves (the range's line numbers may lie past the end).
    const startLine = lineOf(lineOffsets, start);
    const endLine = lineOf(lineOffsets, end);
    const added = lineStarts(text, start);
    const diff = text.length - (end - start);
    const tail = lineOffsets.slice(endLine + 1);
    for (let i = 0; i < tail.length; i++) tail[i] += diff;
    lineOffsets.length = startLine + 1;
    for (const offset of added) lineOffsets.push(offset);
    for (const offset of tail) lineOffsets.push(offset);
  }

  private getLineOffsets(): number[] {
    if (!this.lineOffsets) {
      documentWork.charactersCopied += this.content.length;
      this.lineOffsets = [0, ...lineStarts(this.content, 0)];
    }
    return this.lineOffsets;
  }
}

/**
 * The `TextDocuments` configuration. Versions must increase (LSP), but notifications arrive in
 * order and each change is relative to the text before it: a change whose version does not
 * increase is still applied (ignoring it would leave the text out of step with the editor's for
 * good) and logged. The document takes the client's version as sent, since edits the server
 * sends back name it; caches keyed by version also compare the text.
 */
export function strategyDocuments(log: (message: string) => void): TextDocumentsConfiguration<TextDocument> {
  return {
    create: (uri, languageId, version, content) => new StrategyDocument(uri, languageId, version, content),
    update: (document, changes, version) => {
      if (!(document instanceof StrategyDocument)) throw new Error('strategyDocuments: the document was not made by create');
      if (!(version > document.version)) log(`Strategy Notes: version ${version} of ${document.uri} is not newer than ${document.version}; its changes are applied all the same`);
      document.update(changes, version);
      return document;
    },
  };
}

/** The last line starting at or before `offset`. */
function lineOf(lineOffsets: number[], offset: number): number {
  let low = 0;
  let high = lineOffsets.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (lineOffsets[mid] > offset) high = mid;
    else low = mid + 1;
  }
  return low - 1;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

function beforeLineBreak(text: string, offset: number, lineOffset: number): number {
  while (offset > lineOffset && isLineBreak(text.charCodeAt(offset - 1))) offset--;
  return offset;
}

function isLineBreak(code: number): boolean {
  return code === CR || code === LF;
}

/** Offsets (from `base`) where a line starts after a line break in `text`; a trailing `\r` counts. */
function lineStarts(text: string, base: number): number[] {
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CR) {
      if (text.charCodeAt(i + 1) === LF) i++;
      starts.push(base + i + 1);
    } else if (c === LF) starts.push(base + i + 1);
  }
  return starts;
}

// --- the tree -----------------------------------------------------------------------------
// An in-order sequence of pieces. Each node sums its subtree: length and line breaks, where a
// `\r` ending a subtree followed by a `\n` starting the next is one break, not two (so a
// subtree's `breaks` counts its trailing `\r` and the join takes one off).

interface Piece {
  text: string;
  /** Line starts inside `text` (a trailing `\r` gives `text.length`). */
  starts: number[];
  priority: number;
  left: Piece | undefined;
  right: Piece | undefined;
  length: number;
  breaks: number;
  startsWithLF: boolean;
  endsWithCR: boolean;
}

function piece(text: string, starts?: number[]): Piece {
  if (!starts) {
    documentWork.charactersCopied += text.length;
    starts = lineStarts(text, 0);
  }
  const node: Piece = { text, starts, priority: Math.random(), left: undefined, right: undefined, length: 0, breaks: 0, startsWithLF: false, endsWithCR: false };
  return sum(node);
}

function sum(node: Piece): Piece {
  const { left, right, text } = node;
  let length = text.length;
  let breaks = node.starts.length;
  let startsWithLF = text.charCodeAt(0) === LF;
  let endsWithCR = text.charCodeAt(text.length - 1) === CR;
  if (left) {
    length += left.length;
    breaks += left.breaks - (left.endsWithCR && startsWithLF ? 1 : 0);
    startsWithLF = left.startsWithLF;
  }
  if (right) {
    length += right.length;
    breaks += right.breaks - (endsWithCR && right.startsWithLF ? 1 : 0);
    endsWithCR = right.endsWithCR;
  }
  node.length = length;
  node.breaks = breaks;
  node.startsWithLF = startsWithLF;
  node.endsWithCR = endsWithCR;
  return node;
}

function fromText(text: string): Piece | undefined {
  let tree: Piece | undefined;
  for (let i = 0; i < text.length; i += maxPiece) tree = merge(tree, piece(text.slice(i, i + maxPiece)));
  return tree;
}

function merge(a: Piece | undefined, b: Piece | undefined): Piece | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.priority > b.priority) {
    a.right = merge(a.right, b);
    return sum(a);
  }
  b.left = merge(a, b.left);
  return sum(b);
}

/** The first `offset` characters and the rest; a piece straddling the cut is cut in two. */
function split(node: Piece | undefined, offset: number): [Piece | undefined, Piece | undefined] {
  if (!node) return [undefined, undefined];
  const leftLength = node.left?.length ?? 0;
  if (offset <= leftLength) {
    const [a, b] = split(node.left, offset);
    node.left = b;
    return [a, sum(node)];
  }
  const inside = offset - leftLength;
  if (inside >= node.text.length) {
    const [a, b] = split(node.right, inside - node.text.length);
    node.right = a;
    return [sum(node), b];
  }
  // Cut this piece: its line starts are divided, not scanned again.
  const { text, starts } = node;
  documentWork.charactersCopied += text.length;
  let k = 0;
  while (k < starts.length && starts[k] <= inside) k++;
  const head = piece(text.slice(0, inside), starts.slice(0, k));
  const tail = piece(text.slice(inside), starts.slice(k).map((s) => s - inside));
  // A `\r\n` cut in two: the head's `\r` now ends a line of its own within the head.
  if (text.charCodeAt(inside - 1) === CR && text.charCodeAt(inside) === LF) {
    head.starts.push(inside);
    sum(head);
  }
  return [merge(node.left, head), merge(tail, node.right)];
}

/** Offset of the start of line `line` (1 ≤ line ≤ breaks), `nextIsLF` telling what follows the subtree. */
function lineStart(node: Piece, line: number, nextIsLF: boolean): number {
  const { left, right, text } = node;
  const ownNextIsLF = right ? right.startsWithLF : nextIsLF;
  const leftNextIsLF = text.charCodeAt(0) === LF;
  const leftBreaks = left ? left.breaks - (left.endsWithCR && leftNextIsLF ? 1 : 0) : 0;
  if (line <= leftBreaks) return lineStart(left!, line, leftNextIsLF);
  line -= leftBreaks;
  const base = left?.length ?? 0;
  const ownBreaks = node.starts.length - (ownNextIsLF && text.charCodeAt(text.length - 1) === CR ? 1 : 0);
  if (line <= ownBreaks) return base + node.starts[line - 1];
  line -= ownBreaks;
  return base + text.length + lineStart(right!, line, nextIsLF);
}

function charCodeAt(node: Piece | undefined, offset: number): number {
  while (node) {
    const leftLength = node.left?.length ?? 0;
    if (offset < leftLength) node = node.left;
    else if (offset < leftLength + node.text.length) return node.text.charCodeAt(offset - leftLength);
    else {
      offset -= leftLength + node.text.length;
      node = node.right;
    }
  }
  return NaN;
}

/** `offsetAt` on the text the tree holds, clamped as the library clamps. */
function treeOffsetAt(tree: Piece | undefined, position: Position): number {
  if (!tree) return 0;
  const lineCount = tree.breaks + 1;
  if (position.line >= lineCount) return tree.length;
  if (position.line < 0) return 0;
  const start = position.line === 0 ? 0 : lineStart(tree, position.line, false);
  if (position.character <= 0) return start;
  const next = position.line + 1 < lineCount ? lineStart(tree, position.line + 1, false) : tree.length;
  let offset = Math.min(start + position.character, next);
  while (offset > start && isLineBreak(charCodeAt(tree, offset - 1))) offset--;
  return offset;
}

function join(tree: Piece | undefined): string {
  const parts: string[] = [];
  const walk = (node: Piece | undefined): void => {
    // Iterative on the right spine, recursive on the left (the depth is logarithmic).
    while (node) {
      walk(node.left);
      parts.push(node.text);
      node = node.right;
    }
  };
  walk(tree);
  const text = parts.join('');
  documentWork.charactersCopied += text.length;
  return text;
}
