// Block quotes of plain lines read by their look, without remark (which spends seconds on a
// megabyte of quote lines): one more kind of block for `plainChunkFacts` in chunks.ts.
//
// What is read: quote lines (markers `>` with up to three spaces before each and an optional
// space after it, nested to any depth up to `maxNesting`) whose content is paragraph text that
// starts no block (see `paragraphTextAt` in chunks.ts), blank (`>` alone), or a bullet item (`- `, `* `, `+ ` and
// text) whose one line holds more quotes, bullets and text; lazy continuation lines of a quote's
// paragraph or of a quoted item's text (unindented). No tab, backtick or `<` anywhere (so no code span, HTML, comment or autolink), no
// indentation of four columns after the markers, no link reference definition. Where CommonMark
// (as micromark reads it) leaves the next line's meaning to what came before — an indented line
// that may continue a quoted item, a setext underline or an ordered item after a quote's paragraph, an
// indented line after a quoted item — the reader answers undefined and remark decides.
//
// Facts, as `factsFromTree` makes them: every line of a top-level quote that carries a marker is
// `excluded`/`block-quote` (whatever it holds), a lazy line is text. The structure is what
// `structureOf` finds in the tree (the same `startsChunk` rules, on the same kinds of children:
// paragraphs, quotes, lists) — see `PlainQuote.structure`.
//
// Linear: each line is read once, in time proportional to its length (the open quotes are a
// stack, closed from the top, never rescanned), and the structure visits each child once.

import { neutralStart, paragraphTextAt, plainContainers, quoteMarkersEnd, type ChunkStructure, type LineFacts } from './chunks';
import { isBlank, plainCharacters } from './text';

/** Quote markers (and bullets) on one line beyond this are left to the remark path, which
 * classifies such lines plainly (`hostileReason` in chunks.ts). */
const maxNesting = 48;
const maxLineLength = 20_000;

const quoteFact: LineFacts = { kind: 'excluded', excludedBy: 'block-quote' };
const lazyFact: LineFacts = { kind: 'text' };

interface QuoteNode {
  start: number;
  children: QuoteChild[];
}

type QuoteChild =
  | { type: 'paragraph'; start: number; end: number }
  | { type: 'blockquote'; start: number; node: QuoteNode }
  /** A list directly in the quote: where its items start (each one line of plain content). */
  | { type: 'list'; start: number; bullet: number; items: number[] };

/** A top-level block quote read by `readPlainQuote`. */
export interface PlainQuote {
  /** Its last line (lazy lines and `>` lines at its end included). */
  end: number;
  /** Adds its splits and paragraphs (relative to the chunk, as `structureOf` finds them), given
   * whether a block of the chunk comes before it. */
  structure(lines: string[], afterBlock: boolean, splits: number[], paragraphs: ChunkStructure['paragraphs']): void;
}

/**
 * Reads the block quote that starts on line `from` (its first non-space character, at most
 * three spaces in, is `>`), writing the facts of its lines into `kinds`. Undefined where the
 * quote holds anything else, or where the line after it might belong to it (remark decides).
 * The line after the quote (not blank) is left to the caller, which reads it at the top level
 * with nothing open: the reader has made sure it cannot continue the quote.
 */
export function readPlainQuote(lines: string[], from: number, kinds: LineFacts[]): PlainQuote | undefined {
  const top: QuoteNode = { start: from, children: [] };
  // The open quotes, outermost first; what is open in the innermost one (a paragraph, or a
  // list and whether a `>` line came after its last item).
  const open: QuoteNode[] = [top];
  let paragraph: Extract<QuoteChild, { type: 'paragraph' }> | undefined;
  let list: Extract<QuoteChild, { type: 'list' }> | undefined;
  let listAfterBlank = false;
  // The list's last item ends in an open paragraph (text after its markers): a plain line at the
  // quote's column, or with markers left out, continues it lazily.
  let itemText = false;
  let end = from;
  const closeTo = (depth: number) => {
    // Quotes deeper than `depth` are closed: the quote at `depth` last holds a closed quote.
    if (open.length > depth) {
      open.length = depth;
      paragraph = undefined;
      list = undefined;
      itemText = false;
    }
  };
  for (let l = from; l < lines.length; l++) {
    const line = lines[l];
    if (l > from && isBlank(line)) break; // a blank line ends every quote
    // The markers: each up to three spaces, `>`, an optional space.
    let m = 0;
    let at = 0; // where the content starts (after the last marker)
    let atOpen = 0; // where it starts after the markers of the quotes open so far
    const openDepth = open.length;
    for (;;) {
      let i = at;
      let c = line.charCodeAt(i);
      while (c === 32 && i < at + 3) c = line.charCodeAt(++i);
      if (c !== 62) break;
      m++;
      at = i + 1;
      if (line.charCodeAt(at) === 32) at++;
      if (m === openDepth) atOpen = at;
    }
    if (m === 0) {
      // Not a quote line: lazy if it continues the open paragraph; else the quote ended before it.
      if ((paragraph || itemText) && plainCharacters(line) && (paragraph ? paragraphTextAt(line, 0) : unindentedText(line, 0))) {
        if (paragraph) paragraph.end = l;
        kinds[l] = lazyFact;
        end = l;
        continue;
      }
      // The line may not be read as lazy: it must start a block that interrupts a paragraph (as a
      // lazy candidate), or follow a quote with nothing open that it could continue.
      if ((paragraph || (list && !listAfterBlank)) && !interrupts(line)) return undefined;
      break;
    }
    if (m > maxNesting || line.length > maxLineLength || !plainCharacters(line)) return undefined;
    kinds[l] = quoteFact;
    end = l;
    const blank = blankFrom(line, at);
    let depth = open.length;
    if (m < depth) {
      if (blank) {
        closeTo(m);
        continue;
      }
      if (paragraph && paragraphTextAt(line, at)) {
        paragraph.end = l; // lazy: the markers of the inner quotes left out
        continue;
      }
      if (itemText && unindentedText(line, at)) continue; // lazy in the innermost item
      // A bullet item interrupts what is open (the inner quotes close); text may be lazy in an item.
      if (!bulletAt(line, at, m) && (!paragraphTextAt(line, at) || (list && !listAfterBlank))) return undefined;
      closeTo(m);
      depth = m;
    } else if (m > depth) {
      // New quotes, opened on this line: they interrupt a paragraph and end a list (unless
      // indented under its item: then they may be inside it).
      if (list && line.charCodeAt(atOpen) === 32) return undefined;
      for (let d = depth; d < m; d++) {
        const node: QuoteNode = { start: l, children: [] };
        open[d - 1].children.push({ type: 'blockquote', start: l, node });
        open.push(node);
      }
      paragraph = undefined;
      list = undefined;
      itemText = false;
      depth = m;
    }
    const inner = open[depth - 1];
    if (blank) {
      paragraph = undefined;
      if (list) listAfterBlank = true;
      itemText = false;
      continue;
    }
    const bullet = bulletAt(line, at, m);
    if (bullet) {
      paragraph = undefined;
      if (list && list.bullet === bullet) list.items.push(l);
      else {
        list = { type: 'list', start: l, bullet, items: [l] };
        inner.children.push(list);
      }
      listAfterBlank = false;
      itemText = bulletEndsInText;
      continue;
    }
    if (!paragraphTextAt(line, at)) return undefined;
    if (paragraph) {
      paragraph.end = l;
      continue;
    }
    if (list) {
      // At the quote's own column the line continues the item's paragraph lazily, or else
      // (after a `>` line, or an item ending in an empty quote) ends the list; indented, it
      // may continue the item.
      if (line.charCodeAt(at) === 32) return undefined;
      if (itemText) continue;
      list = undefined;
    }
    paragraph = { type: 'paragraph', start: l, end: l };
    inner.children.push(paragraph);
  }
  return { end, structure: (lines, afterBlock, splits, paragraphs) => addStructure(top, lines, afterBlock, splits, paragraphs) };
}

/** `paragraphTextAt` with no indentation. */
function unindentedText(line: string, at: number): boolean {
  return line.charCodeAt(at) !== 32 && paragraphTextAt(line, at);
}



/**
 * A bullet item at `at` (no indentation, one space after the marker) whose one line holds only
 * more quotes, bullets and paragraph text (the bullet's code, else 0). Not a thematic break.
 */
/** Set by `bulletAt`: the item's line ends in text (an open paragraph), not an empty quote. */
let bulletEndsInText = false;

function bulletAt(line: string, at: number, quotes: number): number {
  const bullet = line.charCodeAt(at);
  if (bullet !== 45 && bullet !== 42 && bullet !== 43) return 0;
  if (isBreak(line, at)) return 0;
  let i = at;
  for (let nesting = quotes; nesting < maxNesting; nesting++) {
    const c = line.charCodeAt(i);
    if ((c === 45 || c === 42 || c === 43) && line.charCodeAt(i + 1) === 32) {
      i += 2;
      if (line.charCodeAt(i) === 32 || i >= line.length) return 0; // indented content or empty
      continue;
    }
    if (c === 62) {
      i++;
      if (line.charCodeAt(i) === 32) i++;
      if (i >= line.length) {
        bulletEndsInText = false;
        return bullet; // an empty quote ends the line
      }
      if (line.charCodeAt(i) === 32) return 0;
      continue;
    }
    bulletEndsInText = true;
    return i > at && paragraphTextAt(line, i) && line.charCodeAt(i) !== 32 ? bullet : 0;
  }
  return 0;
}

/** Whether the line from `at` is a thematic break (`- - -`, `***`, `___`). */
function isBreak(line: string, at: number): boolean {
  const c = line.charCodeAt(at);
  if (c !== 45 && c !== 42 && c !== 95) return false;
  let count = 0;
  for (let i = at; i < line.length; i++) {
    const d = line.charCodeAt(i);
    if (d === c) count++;
    else if (d !== 32) return false;
  }
  return count >= 3;
}

/** Whether the line holds nothing but spaces from `at` (tabs are refused before). */
function blankFrom(line: string, at: number): boolean {
  for (let i = at; i < line.length; i++) if (line.charCodeAt(i) !== 32) return false;
  return true;
}

/** A line (outside the quote) that interrupts a paragraph whatever precedes it, so it is not lazy:
 * an ATX heading, a bullet or `1.` item with text, a `***` / `___` break, a fence, a comment. */
function interrupts(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 35) return /^#{1,6}(?: |$)/.test(line);
  if (c === 96 || c === 126) return /^(?:`{3,}|~{3,})/.test(line);
  if (c === 60) return line.startsWith('<!--');
  if ((c === 42 || c === 95) && /^([*_])(?: *\1){2,} *$/.test(line)) return true;
  return /^(?:[-*+]|1[.)]) +[^ ]/.test(line) && !/^([-*_])(?: *\1){2,} *$/.test(line);
}

/** The splits and paragraphs of the quote, as `structureOf` walks the tree (with `startsChunk`). */
function addStructure(top: QuoteNode, lines: string[], afterBlock: boolean, splits: number[], paragraphs: ChunkStructure['paragraphs']): void {
  const found: number[] = [];
  const inQuotes: ChunkStructure['paragraphs'] = [];
  const allowed = startsAt('blockquote', top.start, afterBlock, lines, 0);
  if (allowed) found.push(top.start);
  const stack: { node: QuoteNode; depth: number; opening: number; openingAllowed: boolean }[] = [{ node: top, depth: 1, opening: top.start, openingAllowed: allowed }];
  while (stack.length > 0) {
    const { node, depth, opening, openingAllowed } = stack.pop()!;
    let previous = false;
    for (const child of node.children) {
      const line = child.start;
      const ok = line === opening ? openingAllowed : startsAt(child.type, line, previous, lines, depth);
      if (ok) found.push(line);
      if (child.type === 'blockquote') stack.push({ node: child.node, depth: depth + 1, opening: line, openingAllowed: ok });
      else if (child.type === 'list') {
        // An item the reader takes (`bulletAt`: a bullet, one space, then only quotes, bullets
        // and text that starts nothing) is one `plainContainers` accepts: it starts a chunk
        // wherever it stands (`startsAt` is true), unless on the line that opens its quote.
        for (const item of child.items) if (item !== line || ok) found.push(item);
      } else inQuotes.push({ start: child.start, end: child.end, depth });
      previous = true;
    }
  }
  found.sort((a, b) => a - b);
  found.forEach((line, k) => {
    if (line > 0 && line < lines.length && line !== found[k - 1]) splits.push(line);
  });
  inQuotes.sort((a, b) => a.start - b.start);
  for (const p of inQuotes) paragraphs.push(p);
}

/** `startsChunk` for the children a plain quote holds (no definitions, no indented code). */
function startsAt(type: QuoteChild['type'], line: number, previous: boolean, lines: string[], depth: number): boolean {
  const text = lines[line] ?? '';
  const at = quoteMarkersEnd(text, depth);
  if (at < 0) return false;
  if (!previous) return true;
  if (isBlank(lines[line - 1] ?? '')) return true;
  if (type === 'paragraph') return neutralStart(text, depth);
  return plainContainers(text, at, type === 'blockquote');
}
