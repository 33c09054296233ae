// Block chunks: the text is cut at boundaries where CommonMark's parse of the whole equals
// the parses of the parts, each part is parsed by remark on its own and cached by its
// content, so an edit re-parses only the chunks it touched. What a chunk yields is not the
// tree but per-line facts (is this line code? a heading? a list item?), relative to the
// chunk's first line, so a cached chunk can be reused wherever it moves in the document.

import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import type { Nodes, Root } from 'mdast';
import { indentOf, isBlank } from './text';

export type LineKind = 'blank' | 'text' | 'heading' | 'setext-underline' | 'thematic-break' | 'excluded';
export type ExcludedBy = 'code' | 'html' | 'front-matter' | 'block-quote';

export interface LineFacts {
  kind: LineKind;
  /** Heading level, on heading lines (ATX, or a setext heading's text lines). */
  headingDepth?: number;
  excludedBy?: ExcludedBy;
}

/** A stretch of one line that is not prose (inline code), relative to the chunk. */
export interface InlineSpan {
  line: number;
  start: number;
  end: number;
}

/** An HTML comment (block or inline) — where rule directives live. */
export interface HtmlComment {
  line: number;
  value: string;
}

export interface ChunkFacts {
  lines: LineFacts[];
  /** Inline code spans, split per line. */
  code: InlineSpan[];
  comments: HtmlComment[];
  /** Front matter body (without fences) when this chunk starts the document with one. */
  frontMatter?: { value: string; endLine: number };
  /** Set when remark was not used for this chunk (hostile input): the lines were classified plainly. */
  fallbackReason?: string;
  /** The chunk ends inside a fenced code block or HTML block that never closed. */
  endsOpen: boolean;
}

export interface Chunk {
  /** First line of the chunk in the document. */
  startLine: number;
  lineCount: number;
  facts: ChunkFacts;
}

/** Lines longer than this, or nested deeper than `maxNesting`, are not given to remark: its
 * parse of them grows quadratically (50,000 `[` take 2 s; 10,000 nested `- ` take 30 s). */
const maxLineLength = 20_000;
const maxNesting = 48;

const markdown = unified().use(remarkParse);
// Only for a text that opens with a closed front matter block: where the block is not closed,
// the front matter extension changes how the rest parses ("---\n\n2. x\n===" becomes a heading).
const markdownWithFrontMatter = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);
const closedFrontMatter = /^---[ \t]*\n(?:[^\n]*\n)*?(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/** Content-addressed cache of chunk parses, shared by every document (least recently used out). */
export class ChunkCache {
  private readonly map = new Map<string, ChunkFacts>();
  /** Characters held in keys: bounded as well as the entry count, since chunks vary in size. */
  private chars = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries = 50_000,
    private readonly maxChars = 32 * 1024 * 1024,
  ) {}

  get(text: string, startsDocument: boolean): ChunkFacts {
    const key = (startsDocument ? '1' : '0') + text;
    const found = this.map.get(key);
    if (found) {
      this.hits++;
      // Re-insert to keep recently used chunks at the end of the Map's order.
      this.map.delete(key);
      this.map.set(key, found);
      return found;
    }
    this.misses++;
    const facts = parseChunk(text, startsDocument);
    this.map.set(key, facts);
    this.chars += key.length;
    while (this.map.size > 1 && (this.map.size > this.maxEntries || this.chars > this.maxChars)) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.chars -= oldest.length;
    }
    return facts;
  }

  get size(): number {
    return this.map.size;
  }
}

const fenceOpen = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const underlineLike = /^ {0,3}(?:=+|-+)[ \t]*$/;
// Column-0 starts that interrupt a paragraph (so they close a lazy one): non-empty bullets, an
// ordered list starting at 1, ATX headings, quotes, fences, `***` / `___` breaks.
const startsBlock = /^(?:[-*+][ \t]+\S|1[.)][ \t]+\S|#{1,6}(?:[ \t]|$)|>|`{3,}|~{3,}|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$)/;
const mayStartBlock = /^(?:[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|#{1,6}(?:[ \t]|$)|>|`{3,}|~{3,}|<|[-*_=])/;
const htmlOpen = /^ {0,3}<(?:(script|pre|style|textarea)\b|(!--)|(\?)|(![A-Za-z])|(!\[CDATA\[)|\/?[A-Za-z])/i;

/**
 * Cuts `lines` into chunks. A boundary sits before a line at column 0 when no top-level
 * fence or HTML block is open and either a blank line precedes it (nothing can continue
 * across that) or, in pasted text with no blank lines, the line starts with a letter or
 * digit and nothing up to where every open list item closes depends on what came before.
 * Returns the first line of every chunk.
 */
export function chunkStarts(lines: string[]): number[] {
  const starts = [0];
  const n = lines.length;
  let i = 1;
  // Front matter stays whole in the first chunk.
  if (/^---[ \t]*$/.test(lines[0] ?? '')) {
    for (let j = 1; j < n; j++) {
      if (/^(?:---|\.\.\.)[ \t]*$/.test(lines[j])) {
        i = j + 1;
        break;
      }
    }
  }
  let fence: { char: string; length: number } | undefined;
  let html: 'blank' | RegExp | undefined;
  for (; i < n; i++) {
    const prev = lines[i - 1];
    // Track what the previous line opened or closed.
    if (fence) {
      const m = fenceOpen.exec(prev);
      if (m && m[1][0] === fence.char && m[1].length >= fence.length && isBlank(m[2])) fence = undefined;
    } else if (html) {
      if (html === 'blank' ? isBlank(prev) : html.test(prev)) html = undefined;
    } else {
      const f = fenceOpen.exec(prev);
      if (f && !(f[1][0] === '`' && f[2].includes('`'))) fence = { char: f[1][0], length: f[1].length };
      else {
        const h = htmlOpen.exec(prev);
        if (h) {
          const end = h[1] ? new RegExp(`</${h[1]}>`, 'i') : h[2] ? /-->/ : h[3] ? /\?>/ : h[4] ? />/ : h[5] ? /\]\]>/ : 'blank';
          // A one-line block (its end marker on the opening line) closes at once.
          if (end === 'blank' || !end.test(prev.slice(h[0].length))) html = end;
        }
      }
    }
    if (fence || html) continue;
    const line = lines[i];
    if (line.length === 0 || line[0] === ' ' || line[0] === '\t') continue;
    if (isBlank(prev)) {
      starts.push(i);
    } else if (/^[\p{L}\p{N}]/u.test(line) && pastedBoundaryIsSafe(lines, i)) {
      starts.push(i);
    }
  }
  return starts;
}

/**
 * Before line `i`, preceded by a non-blank line: the line may be a lazy continuation of an
 * open list item or paragraph. Cutting there is safe only if no later line's meaning depends
 * on that container: walk on until a line that closes every container (a column-0 line after
 * a blank, or one that starts a block), refusing at an indented line after a blank (it could
 * belong to the open item) or at a setext underline (it would turn the paragraph into a heading).
 */
function pastedBoundaryIsSafe(lines: string[], i: number): boolean {
  let sawBlank = false;
  const limit = Math.min(lines.length, i + 200);
  for (let j = i; j < limit; j++) {
    const line = lines[j];
    if (isBlank(line)) {
      sawBlank = true;
      continue;
    }
    if (underlineLike.test(line)) return sawBlank && indentOf(line) === 0;
    if (indentOf(line) > 0) {
      // Indented under an open list item, a line may start a block inside it (a fence, a
      // nested list); cut loose, it would only continue a paragraph.
      if (sawBlank || mayStartBlock.test(line.trimStart())) return false;
      continue;
    }
    if (sawBlank || (j > i && startsBlock.test(line))) return true;
    // micromark lets an HTML line after a lazy line start a block (CommonMark would not): don't rely on either.
    if (line[0] === '<') return false;
  }
  return limit === lines.length;
}

export function chunkText(lines: string[], start: number, end: number): string {
  return lines.slice(start, end).join('\n');
}

/** Parses one chunk and reduces the tree to line facts. Never throws. */
export function parseChunk(text: string, startsDocument: boolean): ChunkFacts {
  const lines = text.split('\n');
  const hostile = hostileReason(lines);
  if (hostile) return plainFacts(lines, hostile);
  let tree: Root;
  try {
    tree = (startsDocument && closedFrontMatter.test(text) ? markdownWithFrontMatter : markdown).parse(text);
  } catch (error) {
    return plainFacts(lines, `Markdown parser failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return factsFromTree(tree, lines, startsDocument);
}

function hostileReason(lines: string[]): string | undefined {
  for (const line of lines) {
    if (line.length > maxLineLength) return `a line of ${line.length} characters is longer than ${maxLineLength}`;
    if (line.length > maxNesting * 2 && nestingDepth(line) > maxNesting) return `a line is nested more than ${maxNesting} levels deep`;
  }
  const indents = lines.filter((l) => /^[ \t]*(?:[-*+]|\d{1,9}[.)]|>)/.test(l)).map(indentOf);
  if (indents.some((d) => d > maxNesting * 4)) return `list items are nested more than ${maxNesting} levels deep`;
  return undefined;
}

function nestingDepth(line: string): number {
  const m = /^(?:[ \t]*(?:[-*+]|\d{1,9}[.)]|>)(?=[ \t>]|$))+/.exec(line);
  return m ? (m[0].match(/[-*+>]|\d{1,9}[.)]/g)?.length ?? 0) : 0;
}

/** Classifies lines without remark: headings, breaks and fences by their look, the rest as text. */
function plainFacts(lines: string[], reason: string): ChunkFacts {
  let fence: string | undefined;
  const facts = lines.map((line): LineFacts => {
    const f = fenceOpen.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = undefined;
      return { kind: 'excluded', excludedBy: 'code' };
    }
    if (f) {
      fence = f[1];
      return { kind: 'excluded', excludedBy: 'code' };
    }
    if (isBlank(line)) return { kind: 'blank' };
    const h = /^ {0,3}(#{1,6})(?:[ \t]|$)/.exec(line);
    if (h) return { kind: 'heading', headingDepth: h[1].length };
    if (/^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line)) return { kind: 'thematic-break' };
    return { kind: 'text' };
  });
  return { lines: facts, code: [], comments: [], fallbackReason: reason, endsOpen: fence !== undefined };
}

function factsFromTree(tree: Root, lines: string[], startsDocument: boolean): ChunkFacts {
  const facts: (LineFacts | undefined)[] = new Array(lines.length);
  const code: InlineSpan[] = [];
  const comments: HtmlComment[] = [];
  let frontMatter: ChunkFacts['frontMatter'];
  const set = (from: number, to: number, value: LineFacts) => {
    for (let l = from; l <= to && l < lines.length; l++) if (!facts[l]) facts[l] = value;
  };
  // Iterative walk: hostile nesting must not exhaust the call stack.
  const stack: { node: Nodes; inline: boolean }[] = [{ node: tree, inline: false }];
  while (stack.length > 0) {
    const { node, inline } = stack.pop()!;
    const pos = node.position;
    const first = pos ? pos.start.line - 1 : 0;
    // An unclosed block may end at column 1 of the next line: that line is not part of it.
    const last = pos ? (pos.end.column === 1 && pos.end.line > pos.start.line ? pos.end.line - 2 : pos.end.line - 1) : 0;
    switch (node.type) {
      case 'yaml':
        if (startsDocument && first === 0) {
          frontMatter = { value: node.value, endLine: last };
          set(first, last, { kind: 'excluded', excludedBy: 'front-matter' });
        }
        continue;
      case 'code':
        set(first, last, { kind: 'excluded', excludedBy: 'code' });
        continue;
      case 'html':
        if (pos && node.value.startsWith('<!--')) comments.push({ line: first, value: node.value });
        // Block HTML excludes its lines; inline HTML sits inside a paragraph's lines.
        if (!inline) set(first, last, { kind: 'excluded', excludedBy: 'html' });
        continue;
      case 'blockquote': {
        // Only lines that carry the `>` marker are quoted; lazy lines pasted after a quote stand on their own.
        const column = pos ? pos.start.column - 1 : 0;
        for (let l = first; l <= last; l++) {
          if (lines[l] !== undefined && /^[ \t]{0,3}>/.test(lines[l].slice(column))) set(l, l, { kind: 'excluded', excludedBy: 'block-quote' });
        }
        // Comments inside quotes still count as directives.
        break;
      }
      case 'heading': {
        const setext = last > first || underlineLike.test(lines[last] ?? '');
        if (setext && last > first) {
          set(first, last - 1, { kind: 'heading', headingDepth: node.depth });
          set(last, last, { kind: 'setext-underline', headingDepth: node.depth });
        } else {
          set(first, last, { kind: 'heading', headingDepth: node.depth });
        }
        break;
      }
      case 'thematicBreak':
        set(first, last, { kind: 'thematic-break' });
        continue;
      case 'paragraph':
        set(first, last, { kind: 'text' });
        break;
      case 'inlineCode':
        if (pos) addSpans(code, lines, pos.start.line - 1, pos.start.column - 1, pos.end.line - 1, pos.end.column - 1);
        continue;
      default:
        break;
    }
    if ('children' in node) {
      const childrenInline = inline || node.type === 'paragraph' || node.type === 'heading';
      for (let c = node.children.length - 1; c >= 0; c--) stack.push({ node: node.children[c] as Nodes, inline: childrenInline });
    }
  }
  const all = Array.from(facts, (f, l): LineFacts => f ?? (isBlank(lines[l]) ? { kind: 'blank' } : { kind: 'text' }));
  return { lines: all, code, comments, frontMatter, endsOpen: endsOpen(tree, lines) };
}

function addSpans(out: InlineSpan[], lines: string[], l1: number, c1: number, l2: number, c2: number): void {
  for (let l = l1; l <= l2; l++) {
    out.push({ line: l, start: l === l1 ? c1 : 0, end: l === l2 ? c2 : (lines[l] ?? '').length });
  }
}

/** Whether the chunk's last block is a fence or HTML block still open at the chunk's end. */
function endsOpen(tree: Root, lines: string[]): boolean {
  const lastNode = tree.children[tree.children.length - 1];
  if (!lastNode?.position) return false;
  let lastText = lines.length - 1;
  while (lastText > 0 && isBlank(lines[lastText])) lastText--;
  if (lastNode.position.end.line - 1 < lastText) return false;
  if (lastNode.type === 'code') {
    const open = fenceOpen.exec(lines[lastNode.position.start.line - 1] ?? '');
    if (!open) return false; // indented code ends at the next column-0 line anyway
    const close = fenceOpen.exec(lines[lastNode.position.end.line - 1] ?? '');
    const closed =
      lastNode.position.end.line > lastNode.position.start.line && !!close && close[1][0] === open[1][0] && close[1].length >= open[1].length && isBlank(close[2]);
    return !closed;
  }
  return lastNode.type === 'html';
}
