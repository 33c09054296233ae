// Block chunks: the text is cut at boundaries where CommonMark's parse of the whole equals
// the parses of the parts, each part is parsed on its own (by remark; plain blocks — prose, headings, comments on their own line, lists (nested too), fences, block quotes — by their look,
// see `plainChunkFacts`) and cached by its content, so an edit re-parses only the chunks it touched. What a chunk yields is not the
// tree but per-line facts (is this line code? a heading? a list item?), relative to the
// chunk's first line, so a cached chunk can be reused wherever it moves in the document.
//
// Everything here is linear in the text: the cut rules look at precomputed per-line facts, a
// chunk that ends inside an unclosed block is merged with what follows in doubling steps, and
// a chunk's tree also says where a longer stretch may be cut (see `ChunkStructure`), which
// `blocks.ts` uses to keep every text handed to remark short (remark slows down more than
// linearly on long inputs: 32 KB of setext headings take seconds).

import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import type { Nodes, Root, RootContent } from 'mdast';
import { indentOf, isBlank, isJsSpace } from './text';
import { lookedUp, parsedByRemark, scanned } from './work';
import { lineMarks, type LineMarks } from './line-marks';
import { PlainLists } from './plain-lists';
import { readPlainQuote, type PlainQuote } from './plain-quotes';
import { plainCodeSpans } from './plain-inline';

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
  /** Where the tree allows cutting this chunk's text (absent for a chunk classified plainly). */
  structure?: ChunkStructure;
}

/**
 * What a chunk's tree says about cutting it. A line where a top-level block starts, where an
 * item of a list starts that is not inside another item, or where a block inside block quotes
 * only starts, begins a new chunk exactly: every block before it was closed by lines before it
 * (CommonMark reads block structure line by line), and what follows parses the same from a
 * fresh start (the block quote markers are on that line; a list only continues with siblings).
 * Where micromark's reading of a line depends on what came before it, there is no split (see
 * `startsChunk`); the property tests compare the cut parse with the whole one.
 */
export interface ChunkStructure {
  /** Lines (relative, ascending, > 0) where a new chunk may start. */
  splits: number[];
  /** Paragraphs in the document or in block quotes only (depth: how many quotes): a cut inside
   * one is exact where its lines hold no construct that spans lines (checked by the caller). */
  paragraphs: { start: number; end: number; depth: number }[];
  /** The first top-level block. */
  first?: { type: RootContent['type']; start: number; end: number };
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
  /** By chunk text: its parses (as the document's start or not, via remark only or not), and
   * when it last moved to the end of the Map's order (the most recently used end). */
  private readonly map = new Map<string, { parses: (ChunkFacts | undefined)[]; moved: number }>();
  /** Characters held in keys: bounded as well as the entry count, since chunks vary in size. */
  private chars = 0;
  /** Lookups so far: an entry used again is moved only if it was moved a while ago (a quarter of
   * the entries), which keeps it far from eviction at a fraction of the Map operations. */
  private clock = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries = 50_000,
    private maxChars = 32 * 1024 * 1024,
  ) {}

  /** Sets the bound on the characters held (the server ties it to the open documents' size, so
   * closed documents' chunks are given back) and drops the least recently used past it. */
  limitCharacters(maxChars: number): void {
    this.maxChars = maxChars;
    this.evict();
  }

  /** Characters of chunk text held. */
  get characters(): number {
    return this.chars;
  }

  /** `viaRemark`: parse with remark even where the text is plain (the whole-text reference).
   * `lines`: the text's lines, when the caller has them split already (a miss then splits nothing). */
  get(text: string, startsDocument: boolean, viaRemark = false, lines?: () => string[]): ChunkFacts {
    lookedUp(text.length);
    this.clock++;
    const variant = (startsDocument ? 1 : 0) + (viaRemark ? 2 : 0);
    let entry = this.map.get(text);
    if (entry && this.clock - entry.moved > this.maxEntries / 4) {
      this.map.delete(text);
      this.map.set(text, entry);
      entry.moved = this.clock;
    }
    const found = entry?.parses[variant];
    if (found) {
      this.hits++;
      return found;
    }
    this.misses++;
    const facts = parseChunk(text, startsDocument, viaRemark, lines?.());
    if (!entry) {
      entry = { parses: [], moved: this.clock };
      this.map.set(text, entry);
      this.chars += text.length;
    }
    entry.parses[variant] = facts;
    this.evict(1);
    return facts;
  }

  /** Least recently used first, keeping at least `keep` entries (the one just parsed). */
  private evict(keep = 0): void {
    while (this.map.size > keep && (this.map.size > this.maxEntries || this.chars > this.maxChars)) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.chars -= oldest.length;
    }
  }

  get size(): number {
    return this.map.size;
  }
}

// `[^]*`, not `.*`: `.` refuses U+2028, and the failure would backtrack through the whole fence run.
export const fenceOpen = /^ {0,3}(`{3,}|~{3,})([^]*)$/;
const underlineLike = /^ {0,3}(?:=+|-+)[ \t]*$/;
// Column-0 starts that interrupt a paragraph (so they close a lazy one): non-empty bullets, an
// ordered list starting at 1, ATX headings, quotes, fences, `***` / `___` breaks.
const startsBlock = /^(?:[-*+][ \t]+\S|1[.)][ \t]+\S|#{1,6}(?:[ \t]|$)|>|`{3,}|~{3,}|(?:\*[ \t]*){3,}$|(?:_[ \t]*){3,}$)/;
const mayStartBlock = /^(?:[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|#{1,6}(?:[ \t]|$)|>|`{3,}|~{3,}|<|[-*_=])/;
/** First characters `startsBlock` / `mayStartBlock` can match at (the rest cannot start a block). */
function startsBlockFirst(c: number): boolean {
  return c === 45 || c === 42 || c === 43 || c === 49 || c === 35 || c === 62 || c === 96 || c === 126 || c === 95;
}
function mayStartFirst(c: number): boolean {
  return startsBlockFirst(c) || (c >= 48 && c <= 57) || c === 60 || c === 61;
}
const htmlOpen = /^ {0,3}<(?:(script|pre|style|textarea)\b|(!--)|(\?)|(![A-Za-z])|(!\[CDATA\[)|\/?[A-Za-z])/i;

/** The line that closes front matter opened on line 0 (-1: none). */
export function frontMatterEnd(lines: string[]): number {
  if (!/^---[ \t]*$/.test(lines[0] ?? '')) return -1;
  for (let j = 1; j < lines.length; j++) if (/^(?:---|\.\.\.)[ \t]*$/.test(lines[j])) return j;
  return -1;
}

// Per-line flags for the cut rules, computed once per line.
const BLANK = 1;
const UNDERLINE = 2;
const INDENTED = 4;
const MAY_START = 8;
const STARTS_BLOCK = 16;
const LT_START = 32;
const LETTER_START = 64;
const ATX = 128;
const GT_START = 256;

/**
 * Cuts `lines` into chunks. A boundary sits before a line at column 0 when no top-level
 * fence or HTML block is open and either a blank line precedes it (nothing can continue
 * across that) or, in pasted text with no blank lines, the line starts with a letter or
 * digit, nothing up to where every open list item closes depends on what came before, and
 * no inline construct (a code span, an HTML tag or comment, a link's destination) can run
 * across it. Returns the first line of every chunk.
 */
export function chunkStarts(lines: string[], marks: LineMarks = lineMarks(lines)): number[] {
  const starts = [0];
  const n = lines.length;
  const flags = new Uint16Array(n);
  // Prefix counts of lines holding characters that open or close a construct spanning lines.
  const { opens, ticks, lts, gts, nextBlank } = marks;
  const containers = new Int32Array(n + 1); // lines opening a list item or a quote
  let total = 0;
  for (let j = 0; j < n; j++) {
    const line = lines[j];
    total += line.length;
    // The patterns run only where the line's first characters allow a match.
    const c = line.charCodeAt(0);
    let lead = 0;
    while (lead < line.length && (line.charCodeAt(lead) === 32 || line.charCodeAt(lead) === 9)) lead++;
    const first = line.charCodeAt(lead); // NaN on a blank line
    let f = 0;
    if (lead === line.length) f |= BLANK;
    else {
      if ((first === 61 || first === 45) && underlineLike.test(line)) f |= UNDERLINE;
      if (lead > 0) {
        f |= INDENTED;
        const rest = isJsSpace(first) ? line.trimStart() : line.slice(lead);
        if (mayStartFirst(rest.charCodeAt(0)) && mayStartBlock.test(rest)) f |= MAY_START;
      } else {
        // (A run of backticks followed by another backtick on its line opens no fence: it is text.)
        if (startsBlockFirst(c) && startsBlock.test(line) && !(c === 96 && line.indexOf('`', line.search(/[^`]|$/)) >= 0)) f |= STARTS_BLOCK;
        if (c === 60) f |= LT_START;
        else if (c === 62) f |= GT_START;
        if ((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || (c > 127 && /^[\p{L}\p{N}]/u.test(line))) f |= LETTER_START;
      }
      if (first === 35 && lead <= 3 && /^ {0,3}#{1,6}(?:[ \t]|$)/.test(line)) f |= ATX;
    }
    flags[j] = f;
    const container = lead <= 3 && (first === 45 || first === 42 || first === 43 || first === 62 || (first >= 48 && first <= 57));
    containers[j + 1] = containers[j] + (container && opensContainer(line) ? 1 : 0);
  }
  scanned('chunk-lines', total);
  const pasted = pastedWalks(lines, flags);

  let i = 1;
  // Front matter stays whole in the first chunk.
  const fmEnd = frontMatterEnd(lines);
  if (fmEnd > 0) i = fmEnd + 1;
  let fence: { char: string; length: number } | undefined;
  let html: 'blank' | RegExp | undefined;
  // First line of the paragraph the previous line may belong to (for constructs spanning lines).
  let paragraphStart = i - 1;
  // Whether the last non-blank line before line i was indented as code.
  let lastTextIndented = false;
  for (; i < n; i++) {
    const prev = lines[i - 1];
    // Track what the previous line opened or closed.
    const wasOpen = fence !== undefined || html !== undefined;
    // (Fences and HTML start with ` `, `` ` ``, `~` or `<`: other lines skip the patterns.)
    const p = prev.charCodeAt(0);
    const mayOpen = p === 32 || p === 96 || p === 126 || p === 60;
    if (fence) {
      const m = mayOpen ? fenceOpen.exec(prev) : null;
      if (m && m[1][0] === fence.char && m[1].length >= fence.length && isBlank(m[2])) fence = undefined;
    } else if (html) {
      if (html === 'blank' ? flags[i - 1] & BLANK : html.test(prev)) html = undefined;
    } else if (mayOpen) {
      const f = p === 60 ? null : fenceOpen.exec(prev);
      if (f && !(f[1][0] === '`' && f[2].includes('`'))) fence = { char: f[1][0], length: f[1].length };
      else if (p === 60 && prev.startsWith('<!--')) {
        // A comment at column 0 (the common case, read without the pattern): open unless `-->`
        // follows its opener on the line.
        if (prev.indexOf('-->', 4) < 0) html = htmlEnds.comment;
      } else {
        const h = htmlOpen.exec(prev);
        if (h) {
          const end = h[1] ? rawHtmlEnd(h[1]) : h[2] ? htmlEnds.comment : h[3] ? htmlEnds.instruction : h[4] ? htmlEnds.declaration : h[5] ? htmlEnds.cdata : 'blank';
          // A one-line block (its end marker on the opening line) closes at once.
          if (end === 'blank' || !end.test(prev.slice(h[0].length))) html = end;
        }
      }
    }
    if (!(flags[i - 1] & BLANK)) lastTextIndented = indentOf(prev) >= 4;
    if (fence || html) continue;
    if (wasOpen || flags[i - 1] & (BLANK | ATX)) paragraphStart = i;
    const line = lines[i];
    if (line.length === 0 || line[0] === ' ' || line[0] === '\t') continue;
    if (flags[i - 1] & BLANK) {
      // micromark reads a list item after indented code and blank lines as if it interrupted a
      // paragraph (`-` or `2. x` then stays text): no cut there.
      if (!(lastTextIndented && /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/.test(line))) starts.push(i);
    } else if (flags[i] & LETTER_START && pasted(i) && !spansLines(paragraphStart, i) && !itemOpensBlock(line)) {
      starts.push(i);
      paragraphStart = i;
    }
  }
  return starts;

  /** Whether a construct opened in lines [from, i) may close in the rest of the paragraph:
   * a backtick, `[` or `<` before with a backtick after (a code span; a link destination or
   * HTML attribute holding one), or a `<` before with a `>` after (an HTML tag or comment).
   * Where a list item or quote may be open, line i may lazily continue its paragraph, and cut
   * loose it joins lines into a paragraph differently (micromark starts a list at `3)` after a
   * lazy line, not after a plain one): then any code span or HTML after the cut is a risk.
   * So too where line i itself opens a list item (`2. x` continues a paragraph, cut loose it is
   * an item whose lazy lines end at a `3)`). */
  function spansLines(from: number, i: number): boolean {
    const end = nextBlank[i];
    if (opens[i] > opens[from] && ticks[end] > ticks[i]) return true;
    if (lts[i] > lts[from] && gts[end] > gts[i]) return true;
    return containers[i + 1] > containers[from] && (ticks[end] > ticks[i] || lts[end] > lts[i]);
  }
}

/** A digit line that, starting a chunk, is a list item whose text opens a block (`3) > quote`,
 * `1.     code`): cut loose it would not read as the paragraph text it continues. */
function itemOpensBlock(line: string): boolean {
  let i = 0;
  while (i < 10 && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  if (i === 0 || i > 9 || (line[i] !== '.' && line[i] !== ')')) return false;
  const after = line.charCodeAt(i + 1);
  if (after !== 32 && after !== 9) return false; // not a list item (or an empty one: text either way)
  const next = line.charCodeAt(i + 2);
  if ((next | 32) >= 97 && (next | 32) <= 122) return false; // a letter starts no block
  const rest = line.slice(i + 2);
  return !isBlank(rest) && !neutralStart(rest, 0);
}

/** `/^ {0,3}(?:[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|>)/.test(line)`, by hand: the line opens a
 * list item or a block quote. */
function opensContainer(line: string): boolean {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  const c = line.charCodeAt(i);
  if (c === 62) return true;
  let k = i;
  if (c === 45 || c === 42 || c === 43) k++;
  else {
    while (k - i < 10 && line.charCodeAt(k) >= 48 && line.charCodeAt(k) <= 57) k++;
    if (k === i || k - i > 9) return false;
    const m = line.charCodeAt(k);
    if (m !== 46 && m !== 41) return false;
    k++;
  }
  const after = line.charCodeAt(k);
  return k === line.length || after === 32 || after === 9;
}

/** What ends an HTML block of kinds 2–5 in `chunkStarts` (one pattern each, made once). */
const htmlEnds = { comment: /-->/, instruction: /\?>/, declaration: />/, cdata: /\]\]>/ };
const rawHtmlEnds = new Map<string, RegExp>();
/** What ends a raw HTML block (`<pre>`, `<script>` …), by its tag name in any case. */
function rawHtmlEnd(name: string): RegExp {
  const key = name.toLowerCase();
  let end = rawHtmlEnds.get(key);
  if (!end) rawHtmlEnds.set(key, (end = new RegExp(`</${key}>`, 'i')));
  return end;
}

/**
 * Before line `i`, preceded by a non-blank line: the line may be a lazy continuation of an
 * open list item or paragraph. Cutting there is safe only if no later line's meaning depends
 * on that container: walk on until a line that closes every container (a column-0 line after
 * a blank, or one that starts a block), refusing at an indented line after a blank (it could
 * belong to the open item), at a setext underline (it would turn the paragraph into a heading)
 * or at a `>` line (it may continue a quote the line lazily continues: cut loose, it would
 * interrupt that paragraph instead, and a code span across it would be lost). The walk from
 * every line is computed once, backwards (where it stops and what it answers, with and without
 * a blank line seen), so asking for every line costs one pass, and it needs no length limit.
 */
function pastedWalks(lines: string[], flags: Uint16Array): (i: number) => boolean {
  const n = lines.length;
  // stop[s][j]: the line where a walk entering line j stops (n: it reaches the end); answer[s][j]
  // what it returns there; s: whether a blank line was seen.
  const stop = [new Int32Array(n + 1), new Int32Array(n + 1)];
  const answer = [new Uint8Array(n + 1), new Uint8Array(n + 1)];
  stop[0][n] = stop[1][n] = n;
  for (let j = n - 1; j >= 0; j--) {
    const f = flags[j];
    for (let s = 0; s < 2; s++) {
      let at = j;
      let value = 0;
      if (f & BLANK) {
        at = stop[1][j + 1];
        value = answer[1][j + 1];
      } else if (f & UNDERLINE) value = s && indentOf(lines[j]) === 0 ? 1 : 0;
      else if (f & INDENTED) {
        if (!(s || f & MAY_START)) {
          at = stop[s][j + 1];
          value = answer[s][j + 1];
        }
      } else if (s || (f & STARTS_BLOCK && !(f & GT_START))) value = 1;
      else if (!(f & (LT_START | GT_START))) {
        at = stop[s][j + 1];
        value = answer[s][j + 1];
      }
      stop[s][j] = at;
      answer[s][j] = value;
    }
  }
  // Line i itself (a letter or digit at column 0) never settles the walk: it starts at i + 1.
  // A walk that reaches the end of the text finds nothing that depends on the open container.
  return (i) => stop[0][i + 1] >= n || answer[0][i + 1] === 1;
}

export function chunkText(lines: string[], start: number, end: number): string {
  return lines.slice(start, end).join('\n');
}

/** Parses one chunk and reduces the tree to line facts. Never throws. */
export function parseChunk(text: string, startsDocument: boolean, viaRemark = false, lines = text.split('\n')): ChunkFacts {
  const plain = viaRemark ? undefined : (plainChunkFacts(lines, startsDocument) ?? (startsDocument ? plainAfterFrontMatter(lines) : undefined));
  if (plain) return plain;
  const hostile = hostileReason(lines);
  if (hostile) return plainFacts(lines, hostile);
  let tree: Root;
  try {
    parsedByRemark(text.length);
    tree = (startsDocument && closedFrontMatter.test(text) ? markdownWithFrontMatter : markdown).parse(text);
  } catch (error) {
    return plainFacts(lines, `Markdown parser failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return factsFromTree(tree, lines, startsDocument);
}

// Shared facts (never changed once made), so a plain chunk allocates none per line.
const blankFact: LineFacts = { kind: 'blank' };
const textFact: LineFacts = { kind: 'text' };
const breakFact: LineFacts = { kind: 'thematic-break' };
const htmlFact: LineFacts = { kind: 'excluded', excludedBy: 'html' };
const codeFact: LineFacts = { kind: 'excluded', excludedBy: 'code' };
const headingFacts = [1, 2, 3, 4, 5, 6].map((headingDepth): LineFacts => ({ kind: 'heading', headingDepth }));
const underlineFacts = [1, 2].map((headingDepth): LineFacts => ({ kind: 'setext-underline', headingDepth }));

/**
 * The facts of a chunk of plain blocks, read by their look, without remark (which spends as
 * long on a line of prose as on any other, and has a high cost per call: a chunk of two lines
 * took it ~0.3 ms): paragraphs, ATX and setext headings, breaks, blank lines, one-line HTML
 * comments at column 0 (writers' notes, rule directives), fenced code at column 0 (closed, or open to a last line that is not blank), and lists,
 * nested or not, of items with one space and plain text after the marker (plain-lists.ts). No backtick
 * or `<` elsewhere (so no code span, HTML or autolink), no indentation of four columns (but in a
 * list) or a tab, no link reference definition; block quotes of plain lines (plain-quotes.ts). Exactly what remark makes
 * of such a text (the property tests compare the two). Undefined otherwise.
 */
function plainChunkFacts(lines: string[], startsDocument: boolean): ChunkFacts | undefined {
  if (startsDocument && /^---[ \t]*$/.test(lines[0] ?? '')) return undefined; // maybe front matter
  const kinds: LineFacts[] = new Array(lines.length);
  const blocks: PlainBlock[] = [];
  const comments: HtmlComment[] = [];
  let paragraph = -1;
  // Set by a fence not closed before the end of the text (it takes every line after it).
  let openAtEnd = false;
  // Lists, nested or not (plain-lists.ts): a list's block is added where it closes.
  const lists = new PlainLists(blocks, lines.length);
  const closeList = () => lists.close();
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l];
    let lead = 0;
    while (line.charCodeAt(lead) === 32) lead++;
    if (lead === line.length || (line.charCodeAt(lead) === 9 && isBlank(line))) {
      paragraph = closeParagraph(blocks, paragraph, l - 1);
      lists.blank();
      kinds[l] = blankFact;
      continue;
    }
    const c = line[lead];
    if (lead === 0 && c === '<' && line.startsWith('<!--') && !line.includes('\t') && htmlBlockCloses(line, 'comment', 4, true)) {
      // A comment closed on its own line is an HTML block of that line (it interrupts a paragraph).
      paragraph = closeParagraph(blocks, paragraph, l - 1);
      closeList();
      kinds[l] = htmlFact;
      comments.push({ line: l, value: line });
      blocks.push({ type: 'html', start: l, end: l });
      continue;
    }
    if (lead === 0 && c === '<' && blockTagLine.test(line)) {
      // An HTML block of kind 6 (it interrupts a paragraph): its lines up to a blank one.
      let e = l + 1;
      while (e < lines.length && !isBlank(lines[e])) e++;
      if (e >= lines.length) return undefined; // open at the chunk's end: let remark decide
      paragraph = closeParagraph(blocks, paragraph, l - 1);
      closeList();
      for (let k = l; k < e; k++) kinds[k] = htmlFact;
      blocks.push({ type: 'html', start: l, end: e - 1 });
      l = e - 1;
      continue;
    }
    if (lead === 0 && (c === '`' || c === '~') && /^(?:`{3,}(?![^]*`)|~{3,})/.test(line) && !line.includes('\t')) {
      // A fence at column 0: its lines up to the closing fence (or the end of the text) are code.
      const open = fenceOpen.exec(line)!;
      let e = l + 1;
      for (; e < lines.length; e++) {
        const close = fenceOpen.exec(lines[e]);
        if (close && close[1][0] === open[1][0] && close[1].length >= open[1].length && isBlank(close[2])) break;
      }
      if (e >= lines.length) {
        // Not closed: the code runs to the end of the text and the chunk ends open. Where the
        // text ends in blank lines, remark's end of the block is subtle: let it decide.
        if (isBlank(lines[lines.length - 1])) return undefined;
        e = lines.length - 1;
        openAtEnd = true;
      }
      paragraph = closeParagraph(blocks, paragraph, l - 1);
      closeList();
      for (let k = l; k <= e; k++) kinds[k] = codeFact;
      blocks.push({ type: 'code', start: l, end: e });
      l = e;
      continue;
    }
    if (c === '>' && lead <= 3) {
      // A block quote of plain lines, lazy ones included (plain-quotes.ts); not one inside a list item.
      const quote = lead > 0 && lists.open ? undefined : readPlainQuote(lines, l, kinds);
      if (!quote) return undefined;
      paragraph = closeParagraph(blocks, paragraph, l - 1);
      closeList();
      blocks.push({ type: 'blockquote', start: l, end: quote.end, quote });
      l = quote.end;
      continue;
    }
    // A line of a list (nested items, lazy lines …), or an ordered item that may not interrupt the paragraph.
    const listed = lists.read(l, line, lead, paragraph >= 0);
    if (listed === undefined) return undefined;
    if (listed !== 'outside') {
      if (listed === 'list') paragraph = closeParagraph(blocks, paragraph, l - 1);
      kinds[l] = textFact;
      continue;
    }
    if (lead > 3 || line.includes('\t') || line.includes('<')) return undefined;
    const rest = line.slice(lead, lead + 12);
    // (Backticks elsewhere are code spans, read after the blocks: plain-inline.ts.)
    if (c === '>' || (c === '[' && !opensNoDefinition(line, lead)) || rest.startsWith('~~~') || rest.startsWith('```')) return undefined;
    if ((c === '-' || c === '*' || c === '+') && (lead + 1 === line.length || line[lead + 1] === ' ')) return undefined;
    if (c >= '0' && c <= '9' && /^\d{1,9}[.)](?: |$)/.test(rest)) return undefined;
    const atx = c === '#' ? /^#{1,6}(?: |$)/.exec(rest) : null;
    if (atx) {
      paragraph = closeParagraph(blocks, paragraph, l - 1);
      closeList();
      kinds[l] = headingFacts[atx[0].trimEnd().length - 1];
      blocks.push({ type: 'heading', start: l, end: l });
    } else if (paragraph >= 0 && (c === '=' || c === '-') && underlineLike.test(line)) {
      const depth = c === '=' ? 1 : 2;
      for (let k = paragraph; k < l; k++) kinds[k] = headingFacts[depth - 1];
      kinds[l] = underlineFacts[depth - 1];
      blocks.push({ type: 'heading', start: paragraph, end: l });
      paragraph = -1;
    } else if ((c === '-' || c === '*' || c === '_') && /^ {0,3}([-*_])(?: *\1){2,} *$/.test(line)) {
      paragraph = closeParagraph(blocks, paragraph, l - 1);
      closeList();
      kinds[l] = breakFact;
      blocks.push({ type: 'thematicBreak', start: l, end: l });
    } else {
      if (paragraph < 0) paragraph = l;
      kinds[l] = textFact;
    }
  }
  closeParagraph(blocks, paragraph, lines.length - 1);
  closeList();
  blocks.sort((a, b) => a.start - b.start);
  const code = plainCodeSpans(lines, kinds, blocks);
  if (!code) return undefined;
  scanned('plain-lines', lines.length);
  // Where the text may be cut, as `structureOf` would find it in the tree.
  const splits: number[] = [];
  const paragraphs: ChunkStructure['paragraphs'] = [];
  blocks.forEach((b, k) => {
    if (b.quote) return b.quote.structure(lines, k > 0, splits, paragraphs);
    if (b.type === 'paragraph') paragraphs.push({ start: b.start, end: b.end, depth: 0 });
    if (b.type === 'list') {
      // Every item of a list at the top level starts a chunk (`startsChunk`: the items read
      // here are empty or have plain text after one space, so `plainContainers` holds for each).
      for (let l = b.start; l <= b.end; l++) if (l > 0 && lists.topItem(l)) splits.push(l);
      return;
    }
    if (b.start === 0) return;
    const afterText = k > 0 && !isBlank(lines[b.start - 1]);
    if (!afterText || b.type === 'thematicBreak' || b.type === 'html' || b.type === 'code' || (b.type === 'heading' && b.start === b.end) || neutralStart(lines[b.start], 0)) splits.push(b.start);
  });
  const head = blocks[0];
  return {
    lines: kinds,
    code,
    comments,
    endsOpen: openAtEnd,
    structure: { splits, paragraphs, first: head && { type: head.type, start: head.start, end: head.end } },
  };
}

const frontMatterFence = /^---[ \t]*$/;
const frontMatterFact: LineFacts = { kind: 'excluded', excludedBy: 'front-matter' };

/**
 * A document that opens with closed YAML front matter (`---` lines, as remark-frontmatter reads
 * them: at column 0, spaces or tabs after the dashes) followed by plain blocks: the front matter's
 * facts, then those of the rest read by `plainChunkFacts` on its own (a block after the closing
 * fence starts afresh, as after any closed block) and moved down; undefined when the rest is not
 * plain. Every library entry starts so, and many articles.
 */
function plainAfterFrontMatter(lines: string[]): ChunkFacts | undefined {
  if (!frontMatterFence.test(lines[0]) || lines.some((l) => l.includes('\r'))) return undefined;
  let close = 1;
  while (close < lines.length && !frontMatterFence.test(lines[close])) close++;
  if (close >= lines.length) return undefined;
  const from = close + 1;
  const rest = from < lines.length ? plainChunkFacts(lines.slice(from), false) : { lines: [], code: [], comments: [], endsOpen: false, structure: { splits: [], paragraphs: [] } };
  if (!rest?.structure) return undefined;
  const kinds: LineFacts[] = new Array(from).fill(frontMatterFact);
  const splits: number[] = [];
  // The first block after the front matter starts a chunk as `startsChunk` decides after the yaml node.
  const head = rest.structure.first;
  // (One after blank lines is among the rest's own splits already.)
  if (head && head.start === 0) {
    const line = lines[from];
    const starts =
      head.type === 'paragraph'
        ? neutralStart(line, 0)
        : head.type === 'heading'
          ? head.end === head.start || neutralStart(line, 0)
          : head.type === 'list' || head.type === 'blockquote'
            ? plainContainers(line, 0, head.type === 'blockquote')
            : head.type === 'thematicBreak' || head.type === 'code' || head.type === 'html';
    if (starts) splits.push(from);
  }
  for (const l of rest.structure.splits) splits.push(from + l);
  return {
    lines: kinds.concat(rest.lines),
    code: rest.code.map((c) => ({ ...c, line: c.line + from })),
    comments: rest.comments.map((c) => ({ ...c, line: c.line + from })),
    frontMatter: { value: lines.slice(1, close).join('\n'), endLine: close },
    endsOpen: rest.endsOpen,
    structure: {
      splits: splits.filter((l) => l < lines.length),
      paragraphs: rest.structure.paragraphs.map((p) => ({ ...p, start: p.start + from, end: p.end + from })),
      first: { type: 'yaml', start: 0, end: close },
    },
  };
}

/** A line opening an HTML block of kind 6 with one of these common tags (CommonMark has more). */
export const blockTagLine = /^<\/?(?:div|p|table|section|details|summary|figure|aside|article|header|footer|nav|ul|ol|li|dl|dt|dd|h[1-6]|hr|tr|td|th|tbody|thead)(?:[ >]|\/>|$)/i;

type PlainBlock = { type: 'paragraph' | 'heading' | 'thematicBreak' | 'html' | 'code' | 'list' | 'blockquote'; start: number; end: number; quote?: PlainQuote };

function closeParagraph(blocks: PlainBlock[], paragraph: number, end: number): number {
  if (paragraph >= 0) blocks.push({ type: 'paragraph', start: paragraph, end });
  return -1;
}

/** Emphasis delimiter runs (`*`, `_`) in one stretch of non-blank lines above this are not given
 * to remark: it pairs them in quadratic time (20,000 `*a` take seconds). */
const maxDelimiterRuns = 2000;

function hostileReason(lines: string[]): string | undefined {
  let runs = 0;
  for (const line of lines) {
    if (line.length > maxLineLength) return `a line of ${line.length} characters is longer than ${maxLineLength}`;
    if (line.length > maxNesting * 2 && nestingDepth(line) > maxNesting) return `a line is nested more than ${maxNesting} levels deep`;
    if (isBlank(line)) runs = 0;
    else {
      for (let i = 0; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if ((c === 42 || c === 95) && line.charCodeAt(i - 1) !== c) runs++;
      }
      if (runs > maxDelimiterRuns) return `a paragraph holds more than ${maxDelimiterRuns} emphasis markers`;
    }
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
  const stack: { node: Nodes; inline: boolean; topLevel?: boolean }[] = [{ node: tree, inline: false }];
  while (stack.length > 0) {
    const { node, inline, topLevel } = stack.pop()!;
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
        // A top-level quote's marker may be indented differently on each line; a nested one's stands
        // at its column, after its containers' marks (indentation, `>`) on lines after the first.
        const column = pos && !topLevel ? pos.start.column - 1 : 0;
        for (let l = first; l <= last; l++) {
          if (lines[l] !== undefined && carriesQuoteMarker(lines[l], column, l === first)) set(l, l, { kind: 'excluded', excludedBy: 'block-quote' });
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
      for (let c = node.children.length - 1; c >= 0; c--) stack.push({ node: node.children[c] as Nodes, inline: childrenInline, topLevel: node.type === 'root' });
    }
  }
  const all = Array.from(facts, (f, l): LineFacts => f ?? (isBlank(lines[l]) ? { kind: 'blank' } : { kind: 'text' }));
  return { lines: all, code, comments, frontMatter, endsOpen: endsOpen(tree, lines), structure: structureOf(tree, lines) };
}

function isIndentedCode(node: RootContent, lines: string[]): boolean {
  return node.type === 'code' && !fenceOpen.test(lines[node.position!.start.line - 1] ?? '');
}

/** The last line a block covers (an unclosed block may end at column 1 of the next line). */
function lastLineOf(node: Nodes): number {
  const pos = node.position!;
  return pos.end.column === 1 && pos.end.line > pos.start.line ? pos.end.line - 2 : pos.end.line - 1;
}

function structureOf(tree: Root, lines: string[]): ChunkStructure {
  const splits: number[] = [];
  const paragraphs: ChunkStructure['paragraphs'] = [];
  // Containers whose children may start chunks: the root and block quotes (nested in each other).
  // `opening`: the container's own first line, where a child may start only if the container could.
  const stack: { children: RootContent[]; depth: number; opening: number; openingAllowed: boolean }[] = [
    { children: tree.children, depth: 0, opening: -1, openingAllowed: true },
  ];
  while (stack.length > 0) {
    const { children, depth, opening, openingAllowed } = stack.pop()!;
    let previous: RootContent | undefined;
    for (const child of children) {
      if (!child.position) continue;
      const line = child.position.start.line - 1;
      const allowed = line === opening ? openingAllowed : startsChunk(child, previous, lines, depth);
      if (allowed) splits.push(line);
      if (child.type === 'blockquote') stack.push({ children: child.children, depth: depth + 1, opening: line, openingAllowed: allowed });
      else if (child.type === 'list') {
        let previousItem: RootContent | undefined;
        for (const item of child.children) {
          if (!item.position) continue;
          const itemLine = item.position.start.line - 1;
          if (itemLine === line ? allowed : startsChunk(item, previousItem, lines, depth)) splits.push(itemLine);
          previousItem = item;
        }
      } else if (child.type === 'paragraph') paragraphs.push({ start: line, end: lastLineOf(child), depth });
      previous = child;
    }
  }
  splits.sort((a, b) => a - b);
  const unique = splits.filter((line, k) => line > 0 && line < lines.length && line !== splits[k - 1]);
  paragraphs.sort((a, b) => a.start - b.start);
  const head = tree.children.find((c) => c.position);
  const first = head ? { type: head.type, start: head.position!.start.line - 1, end: lastLineOf(head) } : undefined;
  return { splits: unique, paragraphs, first };
}

/**
 * Whether a chunk may start at the line where `node` (a child of the root or of `depth` block
 * quotes, or an item of a list there) starts, `previous` being the sibling before it.
 */
function startsChunk(node: RootContent, previous: RootContent | undefined, lines: string[], depth: number): boolean {
  const line = node.position!.start.line - 1;
  const text = lines[line] ?? '';
  // Inside block quotes, only a line that carries every quote marker starts a block the same
  // way on its own: micromark lets a lazy line (markers left out) start an HTML block.
  const at = quoteMarkersEnd(text, depth);
  if (at < 0) return false;
  if (!previous) return true;
  // Definitions and the paragraph right after them are one block of text to CommonMark.
  if (previous.type === 'definition' && lastLineOf(previous) === line - 1) return false;
  // Around indented code micromark's reading of the next lines depends even on what came before
  // the code (after it, `2. Item` or `-` may be a paragraph, even past blank lines): no cut there.
  if (isIndentedCode(node, lines) || isIndentedCode(previous, lines)) return false;
  if (isBlank(lines[line - 1] ?? '')) return true;
  // Right after another block, micromark reads the line as if it interrupted one: `2. Item` and
  // `-` do not start lists, not even inside a quote opened on that line. Cut only where the
  // line's text (after the node's own marker) could start nothing else anyway.
  switch (node.type) {
    case 'paragraph':
    case 'definition':
      return neutralStart(text, depth);
    case 'heading':
      return node.position!.end.line === node.position!.start.line || neutralStart(text, depth);
    case 'list':
    case 'listItem':
    case 'blockquote':
      return plainContainers(text, at, node.type === 'blockquote');
    case 'thematicBreak':
    case 'code':
    case 'html':
      return true;
    default:
      return false;
  }
}

/** On the quote's first line its containers' markers (`- `, `1. `) may stand before it too. */
function carriesQuoteMarker(line: string, column: number, firstLine: boolean): boolean {
  for (let i = 0; i < column && i < line.length && !firstLine; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 62) return false;
  }
  let i = column;
  while (i < column + 3 && (line[i] === ' ' || line[i] === '\t')) i++;
  return line[i] === '>';
}

/** A span from (l1, c1) to (l2, c2), split per line (how chunk facts hold inline code). */
export function addSpans(out: InlineSpan[], lines: readonly string[], l1: number, c1: number, l2: number, c2: number): void {
  for (let l = l1; l <= l2; l++) {
    out.push({ line: l, start: l === l1 ? c1 : 0, end: l === l2 ? c2 : (lines[l] ?? '').length });
  }
}

/**
 * Whether the container markers from `at` on (the node's own first) open only what any line
 * may open (quotes, non-empty bullets, lists numbered 1) and end in text that starts nothing.
 * An empty item or a list numbered otherwise may not start where micromark sees an interruption.
 */
export function plainContainers(text: string, at: number, quote: boolean): boolean {
  let i = at;
  for (let first = true; ; first = false) {
    let spaces = 0;
    while (text[i] === ' ' && spaces < 3) {
      i++;
      spaces++;
    }
    if (text[i] === '>') {
      if (first && !quote) return false;
      i++;
      if (text[i] === ' ') i++;
      if (i >= text.length) return true;
      continue;
    }
    if (first && quote) return false;
    // The node's own item marker may be any: it did start here in the document.
    const item = (first ? /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/ : /^(?:[-*+]|1[.)])[ \t]+(?=\S)/).exec(text.slice(i, i + 16));
    if (!item) return first ? false : neutralStart(text.slice(i), 0);
    i += item[0].length;
    if (first && isBlank(text.slice(i))) return true;
  }
}

/** Where `depth` block quote markers (each: up to 3 spaces, `>`, an optional space) end on
 * `line`, or -1 when the line does not carry them all (a tab makes it -1 too: it would count
 * as part-consumed columns). */
export function quoteMarkersEnd(line: string, depth: number): number {
  let i = 0;
  for (let d = 0; d < depth; d++) {
    let spaces = 0;
    while (line[i] === ' ' && spaces < 3) {
      i++;
      spaces++;
    }
    if (line[i] !== '>') return -1;
    i++;
    if (line[i] === ' ') i++;
    else if (line[i] === '\t') return -1;
  }
  return i;
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
  if (lastNode.type !== 'html') return false;
  // An HTML block that closed on its last line (a comment's `-->`), or one ended by the blank
  // line after it, does not run on: treating it as open merged every following chunk into it.
  const kind = htmlBlockKind(lastNode.value);
  if (kind.ends === 'blank') return lastText === lines.length - 1;
  return !htmlBlockCloses(lastNode.value, kind.ends, kind.openerEnd, true);
}

export type HtmlBlockEnd = 'raw' | 'comment' | 'instruction' | 'declaration' | 'cdata' | 'blank';

const rawTagNames = ['pre', 'script', 'style', 'textarea'];

/** What ends the HTML block whose text starts with `value` (indentation allowed), as micromark
 * decides it: an end marker (kinds 1–5 of CommonMark), or a blank line. */
export function htmlBlockKind(value: string): { ends: HtmlBlockEnd; openerEnd: number } {
  let at = 0;
  while (at < 3 && value[at] === ' ') at++;
  if (value[at] !== '<') return { ends: 'blank', openerEnd: at };
  if (value.startsWith('<!--', at)) return { ends: 'comment', openerEnd: at + 4 };
  if (value.startsWith('<![CDATA[', at)) return { ends: 'cdata', openerEnd: at + 9 };
  if (value[at + 1] === '!' && /[A-Za-z]/.test(value[at + 2] ?? '')) return { ends: 'declaration', openerEnd: at + 3 };
  if (value[at + 1] === '?') return { ends: 'instruction', openerEnd: at + 2 };
  const name = /^[A-Za-z][A-Za-z0-9-]*/.exec(value.slice(at + 1, at + 12));
  if (name && rawTagNames.includes(name[0].toLowerCase())) {
    const after = value[at + 1 + name[0].length];
    if (after === undefined || after === ' ' || after === '\t' || after === '\n' || after === '>') return { ends: 'raw', openerEnd: at + 1 + name[0].length };
  }
  return { ends: 'blank', openerEnd: at };
}

/** Whether an HTML block of kinds 1–5 closes within `value`: micromark's continuation states,
 * run over the text from `from` (a comment closes at `-->`, and `<!-->` is closed). `from` is
 * where the opener ends on the block's first line; 0 on a later line (each line starts afresh). */
export function htmlBlockCloses(value: string, ends: Exclude<HtmlBlockEnd, 'blank'>, from: number, afterOpener = from > 0): boolean {
  // 0: continuation, 1: after `-` (comment), 2: declaration inside (after `--`, `?`, `]]`, `<!X`),
  // 3: after `<` (raw), 4: in `</name` (raw), 5: after `]` (cdata).
  let state = afterOpener && (ends === 'comment' || ends === 'instruction' || ends === 'declaration') ? 2 : 0;
  let name = '';
  for (let i = from; i < value.length; i++) {
    const c = value[i];
    if (c === '\n') {
      state = 0;
      continue;
    }
    if (state === 1) {
      if (c === '-') {
        state = 2;
        continue;
      }
      state = 0;
    } else if (state === 2) {
      if (c === '>') return true;
      if (c === '-' && ends === 'comment') continue;
      state = 0;
    } else if (state === 3) {
      if (c === '/') {
        state = 4;
        name = '';
        continue;
      }
      state = 0;
    } else if (state === 4) {
      if (c === '>') {
        if (rawTagNames.includes(name.toLowerCase())) return true;
        state = 0;
      } else if (/[A-Za-z]/.test(c) && name.length < 8) {
        name += c;
        continue;
      } else state = 0;
    } else if (state === 5) {
      if (c === ']') {
        state = 2;
        continue;
      }
      state = 0;
    }
    // continuation
    if (c === '-' && ends === 'comment') state = 1;
    else if (c === '<' && ends === 'raw') state = 3;
    else if (c === '>' && ends === 'declaration') return true;
    else if (c === '?' && ends === 'instruction') state = 2;
    else if (c === ']' && ends === 'cdata') state = 5;
  }
  return false;
}

/**
 * Whether `line`, after `depth` block quote markers, starts a paragraph wherever it stands: it
 * is not blank, not indented code, and starts no block (list item, heading, quote, fence, HTML,
 * break or underline, link reference definition).
 */
export function neutralStart(line: string, depth: number): boolean {
  scanned('cuts', line.length);
  const c0 = line.charCodeAt(0) | 32;
  if (depth === 0 && c0 >= 97 && c0 <= 122) return true; // an ASCII letter starts no block
  let i = quoteMarkersEnd(line, depth);
  if (i < 0) return false;
  let spaces = 0;
  while (line[i] === ' ') {
    i++;
    spaces++;
  }
  if (spaces > 3 || line[i] === '\t' || i >= line.length) return false;
  const rest = line.slice(i, i + 16);
  const c = rest[0];
  if (c === '>' || c === '<') return false;
  if (c === '[') return opensNoDefinition(line, i);
  if (/^[-*+](?:[ \t]|$)/.test(rest) || /^#{1,6}(?:[ \t]|$)/.test(rest) || /^(?:`{3,}|~{3,})/.test(rest) || /^\d{1,9}[.)](?:[ \t]|$)/.test(rest)) return false;
  // Breaks and underlines are made of these only.
  return !/^[-*_=+ \t]*$/.test(line.slice(i));
}

/** Whether the `[` at `at` cannot open a link reference definition (`[label]: destination`): `[[`
 * (a reference), or a label closed on this line with no bracket or backslash inside and `(` right
 * after it (an inline link: a definition needs `]:` there). Such a line starts a paragraph. */
export function opensNoDefinition(line: string, at: number): boolean {
  if (line.charCodeAt(at + 1) === 91) return true;
  for (let i = at + 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 93) return line.charCodeAt(i + 1) === 40; // `](`
    if (c === 91 || c === 92) return false; // `[`, `\`
  }
  return false;
}

/** Whether the text of `line` from `at` on is paragraph text wherever it stands (a letter, or
 * what `neutralStart` accepts): the remark-free readers' test for a line's content. */
export function paragraphTextAt(line: string, at: number): boolean {
  const c = line.charCodeAt(at) | 32;
  return (c >= 97 && c <= 122) || neutralStart(line.slice(at), 0);
}
