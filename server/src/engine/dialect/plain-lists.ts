// Lists read by their look, nested or not, for `plainChunkFacts` (chunks.ts): items of `-`, `*`,
// `+`, `N.` or `N)` with one space and plain text after the marker, nested under an open item,
// siblings, items closing back out to an outer level, lazy and indented continuation lines, and
// blank lines between items. What remark makes of such a text, line by line, is only "text" (a
// list item's paragraph) or "blank"; what the chunk structure needs is where each list at the top
// level starts and ends and where its items start (splits). Nested lists' identity matters to
// neither, so the reader keeps only a stack of the open items (their content columns and their
// lists' markers) and whether the innermost one has an open paragraph.
//
// The rules are micromark's (remark's parser), which are CommonMark's where it matters here:
// - a line continues an open item when it is indented to the item's content column; the items it
//   reaches are found by binary search (their content columns strictly grow), so a line costs
//   O(log depth) whatever the nesting, and nothing is read twice;
// - a line that does not reach an item may start a sibling in that item's list (same marker, up
//   to three columns past the outer item's content column), with any number and even empty;
//   another marker starts a new list there;
// - inside the innermost item, a new list interrupts the item's open paragraph only with a
//   bullet or the number `1` (exactly the digit: `01.` does not) and some text after it, else
//   the line is continuation text; four columns or more past the content column is continuation
//   text after a paragraph line (indented code otherwise: not read here);
// - a plain line that reaches no item continues the open paragraph lazily.
// Whatever the reader is not sure of (tabs, backticks, `<`, headings, breaks or underlines inside
// an item, a marker with two spaces after it, indented code, an empty item followed by a blank
// line, lines nested as deep as remark's hostile-input limit) it answers `undefined`: remark decides.

import { paragraphTextAt } from './chunks';
import { plainCharacters } from './text';

/** A list at the top level of a chunk: first and last line with content (as mdast's list node). */
export interface PlainListBlock {
  type: 'list';
  start: number;
  end: number;
}

/** What a line is to the lists: part of one (`list`: its facts are text, the top-level paragraph
 * before it is closed), text continuing the open top-level paragraph (`paragraph`: an ordered item
 * that may not interrupt it), or none of theirs (`outside`: any list closed before it, the caller
 * reads the line). */
export type ListLine = 'list' | 'paragraph' | 'outside';

/** An item line's marker and what follows it. */
interface ItemLine {
  /** `-`, `*`, `+`, or the delimiter of an ordered item (`.`, `)`). */
  marker: string;
  /** Whether the item may interrupt a paragraph (micromark: a bullet or exactly `1`, not empty). */
  interrupts: boolean;
  /** Column where the item's content starts (after the marker and one space). */
  content: number;
  empty: boolean;
  /** The text after the marker is plain (starts no block): the item is read here. */
  plain: boolean;
}

/** Lines indented past this are left to remark, which classifies them as hostile (nested too deep). */
const maxIndent = 48 * 4;

export class PlainLists {
  /** Open items, outermost first: content columns (strictly growing) and their lists' markers;
   * `depth` of them are open (the arrays are only ever overwritten: no resizing per line). */
  private readonly columns: number[] = [];
  private readonly markers: string[] = [];
  private depth = 0;
  /** The innermost open item has a paragraph open (a plain line continues it, lazily or not). */
  private paragraph = false;
  /** The innermost open item is empty so far (its marker line only). */
  private empty = false;
  /** A blank line followed an empty item: micromark's reading of what follows is not modelled. */
  private blankAfterEmpty = false;
  /** The open top-level list. */
  private list: PlainListBlock | undefined;
  /** Lines where an item of a top-level list starts. */
  private readonly topItems: Uint8Array;

  constructor(private readonly blocks: { type: string; start: number; end: number }[], lineCount: number) {
    this.topItems = new Uint8Array(lineCount);
  }

  get open(): boolean {
    return this.list !== undefined;
  }

  /** Whether an item of a top-level list starts on line `l`. */
  topItem(l: number): boolean {
    return this.topItems[l] === 1;
  }

  /** A blank line: it closes the innermost paragraph. */
  blank(): void {
    if (!this.list) return;
    if (this.empty) this.blankAfterEmpty = true;
    this.paragraph = false;
  }

  /** Closes the open list (a line the caller read closed it), adding its block. */
  close(): void {
    if (this.list) this.blocks.push(this.list);
    this.list = undefined;
    this.depth = 0;
    this.paragraph = this.empty = this.blankAfterEmpty = false;
  }

  /**
   * Reads line `l` (not blank; `lead` spaces before its first other character), with
   * `paragraphOpen` whether a top-level paragraph is open before it (only when no list is).
   * Undefined: not sure, let remark read the chunk.
   */
  read(l: number, line: string, lead: number, paragraphOpen: boolean): ListLine | undefined {
    const first = line.charCodeAt(lead);
    const markerLike = first === 45 || first === 42 || first === 43 || (first >= 48 && first <= 57);
    if (!this.list) {
      // No list open: only an item up to three columns in starts one. Four columns in, a line
      // continues the paragraph (nothing starts there), or is indented code (not read here).
      if (lead > 3) return paragraphOpen && plainCharacters(line) && lead <= maxIndent ? 'paragraph' : 'outside';
      if (!markerLike) return 'outside';
      const item = itemAt(line, lead);
      if (!item) return 'outside';
      if (!plainCharacters(line)) return undefined;
      if (paragraphOpen && !item.interrupts) return item.marker === '.' || item.marker === ')' ? 'paragraph' : undefined;
      if (!item.plain) return undefined;
      this.list = { type: 'list', start: l, end: l };
      this.topItems[l] = 1;
      this.push(0, item);
      return 'list';
    }
    if (this.blankAfterEmpty || lead > maxIndent || !plainCharacters(line)) return undefined;
    const columns = this.columns;
    const depth = this.depth;
    if (lead >= columns[depth - 1]) {
      // The line reaches the innermost item.
      const relative = lead - columns[depth - 1];
      if (relative >= 4) {
        if (!this.paragraph) return undefined; // indented code in the item
        return this.take(l);
      }
      const item = markerLike ? itemAt(line, lead) : undefined;
      if (item) {
        if (this.paragraph && !item.interrupts) {
          // Not a list: continuation text, unless it may be an underline (`-`) or is a bullet.
          if (item.marker !== '.' && item.marker !== ')') return undefined;
          return this.take(l);
        }
        if (!item.plain) return undefined;
        this.push(depth, item);
        return this.take(l);
      }
      if (!paragraphTextAt(line, lead)) return undefined; // a heading, break, underline … in the item
      this.paragraph = true;
      this.empty = false;
      return this.take(l);
    }
    // Items reached: those whose content column the indentation reaches (binary search).
    let low = 0;
    let high = depth - 1; // columns[high] > lead
    while (low < high) {
      const mid = (low + high) >> 1;
      if (columns[mid] > lead) high = mid;
      else low = mid + 1;
    }
    const reached = low;
    const outer = reached > 0 ? columns[reached - 1] : 0;
    const relative = lead - outer;
    // Four columns past the outer item's content column nothing starts: text, lazy after a
    // paragraph line (indented code otherwise).
    if (relative > 3) return this.paragraph ? this.take(l) : undefined;
    const item = markerLike ? itemAt(line, lead) : undefined;
    if (item) {
      // A sibling in the list of the first item not reached, or a new list beside it.
      if (!item.plain) return undefined;
      const sibling = item.marker === this.markers[reached];
      if (reached === 0) {
        if (!sibling) {
          this.close();
          this.list = { type: 'list', start: l, end: l };
        }
        this.topItems[l] = 1;
      }
      this.push(reached, item);
      return this.take(l);
    }
    if (this.paragraph) {
      // A lazy continuation line, if it starts nothing (an underline after a lazy line, a
      // heading or break interrupting the paragraph: let remark decide).
      if (!paragraphTextAt(line, lead)) return undefined;
      return this.take(l);
    }
    // After a blank line or an empty item: the line closes the items it does not reach.
    if (reached === 0) {
      this.close();
      return 'outside';
    }
    if (!paragraphTextAt(line, lead)) return undefined;
    this.depth = reached;
    this.paragraph = true;
    this.empty = false;
    return this.take(l);
  }

  /** Opens `item` with `depth` items around it (closing any deeper). */
  private push(depth: number, item: ItemLine): void {
    this.columns[depth] = item.content;
    this.markers[depth] = item.marker;
    this.depth = depth + 1;
    this.paragraph = !item.empty;
    this.empty = item.empty;
  }

  private take(l: number): 'list' {
    this.list!.end = l;
    return 'list';
  }
}



/** The item starting at `at` (a marker, then a space and text, or nothing), or undefined. */
function itemAt(line: string, at: number): ItemLine | undefined {
  const c = line.charCodeAt(at);
  let i = at;
  let marker: string;
  let one = false;
  if (c === 45 || c === 42 || c === 43) {
    marker = line[at];
    i++;
  } else {
    while (i - at < 10 && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
    if (i === at || i - at > 9 || (line[i] !== '.' && line[i] !== ')')) return undefined;
    one = i - at === 1 && c === 49;
    marker = line[i];
    i++;
  }
  if (i === line.length) return { marker, interrupts: false, content: i + 1, empty: true, plain: true };
  if (line.charCodeAt(i) !== 32) return undefined; // `-x`, `1.5`: text (a tab: not read here)
  const bullet = marker !== '.' && marker !== ')';
  // One space, then text that starts no block (a letter, most often).
  const plain = i + 1 < line.length && line.charCodeAt(i + 1) !== 32 && paragraphTextAt(line, i + 1);
  return { marker, interrupts: bullet || one, content: i + 1, empty: false, plain };
}
