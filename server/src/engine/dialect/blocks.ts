// Puts the chunk facts back together into one array of line facts for the whole document.
//
// Chunks come from `chunkStarts`. A stretch longer than `maxChunkLength` that has no such cut
// (a long list or quote, a run of setext headings, lines of `[[`, an unclosed fence, a pasted
// paragraph of lines that start with punctuation) is read in windows: a window's tree says
// where a block starts (`ChunkStructure`); its facts are kept up to the cut, and the next
// window starts there. So no text handed to remark is much longer than `maxChunkLength`, and
// the cut is still exact. The cut is chosen by the content around it (the last candidate in the
// window whose lines hash to a mark), so after an edit the windows fall back into step within
// a window or two and the rest of the stretch comes from the cache.

import {
  blockTagLine,
  ChunkCache,
  chunkStarts,
  chunkText,
  fenceOpen,
  frontMatterEnd,
  htmlBlockCloses,
  htmlBlockKind,
  neutralStart,
  type ChunkFacts,
  type HtmlComment,
  type InlineSpan,
  type LineFacts,
} from './chunks';
import { lineMarks, type LineMarks } from './line-marks';
import { ticksPairWithinLine } from './plain-inline';
import { isBlank, splitLines } from './text';

export interface DocumentBlocks {
  lines: string[];
  facts: LineFacts[];
  /** Inline code spans, absolute lines. */
  code: InlineSpan[];
  comments: HtmlComment[];
  frontMatter?: { value: string; endLine: number };
  /** Stretches not read as full Markdown, with why (first line, reason): classified without
   * remark (`pieces` absent), or parsed in pieces cut where the tree gave no exact cut. */
  fallbacks: { line: number; lineCount: number; reason: string; pieces?: boolean }[];
}

export interface ChunkingOptions {
  /** Longest text handed to remark at once (characters) where the text allows a cut. */
  maxChunkLength?: number;
}

export const defaultMaxChunkLength = 2048;
/** Lines of a window after a cut, at least. */
const lookahead = 2;
/** A window with no cut grows to at most this many times `maxChunkLength`. */
const maxWindowGrowth = 8;
/** Chunks are batched up to this many characters and lines. */
const maxBatchLength = 1024;
const maxBatchLines = 64;

/** `wholeDocument` parses the text as one chunk: the reference the chunked result must equal. */
export function readBlocks(text: string, cache: ChunkCache, wholeDocument = false, options: ChunkingOptions = {}): DocumentBlocks {
  // remark sees LF only; ranges use the original line structure, which splitLines keeps.
  const lines = splitLines(text);
  const out = new Assembler(lines);
  if (wholeDocument) out.commit(0, lines.length, cache.get(chunkText(lines, 0, lines.length), true, true));
  else new ChunkReader(lines, text.includes('\r') ? undefined : text, cache, Math.max(64, options.maxChunkLength ?? defaultMaxChunkLength), out).read();
  return out.result();
}

/** Collects facts chunk by chunk, in document order. */
class Assembler {
  readonly facts: LineFacts[];
  private readonly code: InlineSpan[] = [];
  private readonly comments: HtmlComment[] = [];
  private readonly fallbacks: DocumentBlocks['fallbacks'] = [];
  private frontMatter: DocumentBlocks['frontMatter'];

  constructor(private readonly lines: string[]) {
    this.facts = new Array(lines.length);
  }

  /** Lines [start, end) from a chunk parsed from line `start` (it may cover more lines). */
  commit(start: number, end: number, chunk: ChunkFacts): void {
    const count = end - start;
    for (let l = 0; l < count; l++) this.facts[start + l] = chunk.lines[l];
    for (const s of chunk.code) if (s.line < count) this.code.push({ line: s.line + start, start: s.start, end: s.end });
    for (const c of chunk.comments) if (c.line < count) this.comments.push({ line: c.line + start, value: c.value });
    if (chunk.frontMatter && start === 0 && chunk.frontMatter.endLine < count) this.frontMatter = chunk.frontMatter;
    if (chunk.fallbackReason) this.fallbacks.push({ line: start, lineCount: count, reason: chunk.fallbackReason });
  }

  /** A fence or HTML block found by scanning its lines (it is longer than a window). */
  block(start: number, end: number, excludedBy: 'code' | 'html', comment?: string): void {
    const fact: LineFacts = { kind: 'excluded', excludedBy };
    for (let l = start; l <= end; l++) this.facts[l] = fact;
    if (comment !== undefined) this.comments.push({ line: start, value: comment });
  }

  blank(line: number): void {
    this.facts[line] = isBlank(this.lines[line]) ? { kind: 'blank' } : { kind: 'text' };
  }

  pieces(start: number, end: number, reason: string): void {
    const last = this.fallbacks[this.fallbacks.length - 1];
    if (last?.pieces && last.line + last.lineCount === start && last.reason === reason) last.lineCount += end - start;
    else this.fallbacks.push({ line: start, lineCount: end - start, reason, pieces: true });
  }

  result(): DocumentBlocks {
    return { lines: this.lines, facts: this.facts, code: this.code, comments: this.comments, frontMatter: this.frontMatter, fallbacks: this.fallbacks };
  }
}

class ChunkReader {
  /** offsets[l]: where line l starts in the LF-joined text. */
  private readonly offsets: Float64Array;
  private readonly fmEnd: number;
  /** Per-line marks of what may span lines, shared by `chunkStarts` and `paragraphCut`. */
  private readonly lineMarks: LineMarks;
  /** underlines[l]: setext-underline-like lines before l (made on the first paragraph cut). */
  private underlines?: Int32Array;
  /** loose[l]: lines before l holding `[`, `<` or a backtick run not paired on the line (made on the first paragraph cut). */
  private loose?: Int32Array;
  /** neutral[l]: 0 not asked yet, 1 line l starts a paragraph wherever it stands, 2 it does not. */
  private readonly neutral: Uint8Array;
  /** lineHashes[l]: the hash of line l for `marked` (0: not computed yet). */
  private readonly lineHashes: Int32Array;
  /** refused[l]: lines before l that `plainLooking` refuses. */
  private refused?: Int32Array;

  constructor(
    private readonly lines: string[],
    /** The text, when its lines end in LF only: a chunk's text is then a slice of it. */
    private readonly text: string | undefined,
    private readonly cache: ChunkCache,
    private readonly max: number,
    private readonly out: Assembler,
  ) {
    this.offsets = new Float64Array(lines.length + 1);
    for (let l = 0; l < lines.length; l++) this.offsets[l + 1] = this.offsets[l] + lines[l].length + 1;
    this.fmEnd = frontMatterEnd(lines);
    this.lineMarks = lineMarks(lines);
    this.neutral = new Uint8Array(lines.length);
    this.lineHashes = new Int32Array(lines.length + 1);
  }

  read(): void {
    const n = this.lines.length;
    const starts = chunkStarts(this.lines, this.lineMarks);
    starts.push(n);
    let k = 0;
    for (let pos = 0; pos < n; ) {
      while (starts[k] <= pos) k++;
      let end = starts[k];
      let chunk: ChunkFacts | undefined;
      // Small chunks are read in batches (each read has a fixed cost, in remark's case more than
      // its cost per character): the cuts are exact, so a batch reads as its chunks one by one.
      // A batch ends where the lines around a cut hash to a mark, so after an edit the batches
      // fall back into step at the next mark and the rest comes from the cache.
      // Only chunks the remark-free reader can take are batched: a batch it refuses goes to remark
      // whole, where its plain chunks alone would not have (see `plainChunkFacts`).
      for (let j = k; end - pos < maxBatchLines && end < n && !this.marked(end) && this.plainLooking(pos, end); ) {
        const next = starts[++j];
        if (this.size(pos, next) > maxBatchLength || !this.plainLooking(end, next)) break;
        end = next;
      }
      if (this.size(pos, end) <= this.max) {
        chunk = this.get(pos, end);
        // A fence or HTML block left open runs on into the next chunk: parse them together,
        // doubling the stretch each time (one chunk at a time re-parsed it quadratically).
        while (chunk?.endsOpen && end < n) {
          const next = this.startAtOrAfter(starts, k, this.offsets[pos] + 2 * (this.offsets[end] - this.offsets[pos]));
          if (this.size(pos, next) > this.max) chunk = undefined;
          else {
            end = next;
            chunk = this.get(pos, end);
          }
        }
      }
      if (chunk) {
        this.out.commit(pos, end, chunk);
        pos = end;
      } else pos = this.window(pos);
    }
  }

  /** Whether no line in [a, b) has what the remark-free chunk reader refuses at a glance
   * (indentation, a tab, a quote, a definition, a backtick or `<` outside a fence or comment line). */
  private plainLooking(a: number, b: number): boolean {
    if (!this.refused) {
      const n = this.lines.length;
      const refused = new Int32Array(n + 1);
      for (let l = 0; l < n; l++) {
        const line = this.lines[l];
        const c = line.charCodeAt(0);
        let bad: boolean;
        if (line.length === 0) bad = false;
        else if (c === 32 || c === 9 || c === 62 || line.includes('\t')) bad = !isBlank(line);
        else if (c === 60) bad = !line.startsWith('<!--') && !blockTagLine.test(line);
        else if (c === 96 || c === 126) bad = false;
        else bad = (c === 91 && line.charCodeAt(1) !== 91) || line.includes('`') || line.includes('<');
        refused[l + 1] = refused[l] + (bad ? 1 : 0);
      }
      this.refused = refused;
    }
    return this.refused[b] === this.refused[a];
  }

  /** Characters of the chunk text of lines [a, b). */
  private size(a: number, b: number): number {
    return this.offsets[b] - this.offsets[a] - 1;
  }

  private get(a: number, b: number): ChunkFacts {
    const text = this.text !== undefined ? this.text.slice(this.offsets[a], this.offsets[b] - 1) : chunkText(this.lines, a, b);
    // The chunk's lines are the document's (split at LF, CR LF or CR, and joined with LF here).
    return this.cache.get(text, a === 0, false, () => this.lines.slice(a, b));
  }

  /** The first chunk start at or after `offset` (binary search from `starts[k]`). */
  private startAtOrAfter(starts: number[], k: number, offset: number): number {
    let lo = k;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[starts[mid]] >= offset) hi = mid;
      else lo = mid + 1;
    }
    return starts[lo];
  }

  /** The first line l > pos whose chunk [pos, l) holds at least `length` characters (or n). */
  private lineAfter(pos: number, length: number): number {
    const target = this.offsets[pos] + length + 1;
    let lo = pos + 1;
    let hi = this.lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid] >= target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Reads from `pos` through one window; returns where the next read starts. A window with no
   * cut is doubled (up to `maxWindowGrowth` times the chunk length) before it is read in pieces. */
  private window(pos: number): number {
    const n = this.lines.length;
    let length = this.max;
    let end = pos;
    for (;;) {
      end = Math.max(this.lineAfter(pos, length), end + 1);
      // Front matter must be whole in the window that starts the document, with a line after it.
      if (pos === 0 && this.fmEnd > 0) end = Math.min(n, Math.max(end, this.fmEnd + 2));
      const chunk = this.get(pos, end);
      if (end === n) {
        this.out.commit(pos, end, chunk);
        return end;
      }
      const cut = this.chooseCut(pos, end, chunk);
      if (cut !== undefined) {
        this.out.commit(pos, cut, chunk);
        return cut;
      }
      const scanned = this.scanBlock(pos, chunk);
      if (scanned !== undefined) return scanned;
      if (chunk.structure?.first && length < this.max * maxWindowGrowth) {
        length = Math.max(length * 2, this.size(pos, end));
        continue;
      }
      this.out.commit(pos, end, chunk);
      if (!chunk.fallbackReason && chunk.structure?.first) {
        this.out.pieces(pos, end, `no block boundary within ${(this.max * maxWindowGrowth).toLocaleString('en-US')} characters`);
      }
      return end;
    }
  }

  /** An exact cut inside the window [pos, end), chosen by content (see the file comment).
   * Candidates are checked lazily, backwards from the end of the window. */
  private chooseCut(pos: number, end: number, chunk: ChunkFacts): number | undefined {
    const structure = chunk.structure;
    if (!structure) return undefined;
    // micromark looks ahead a line in places (is the next line lazy?): a cut needs two lines of
    // the window after it, so the parse saw what the whole document's parse sees there.
    end -= lookahead;
    if (end <= pos + 1) return undefined;
    const splits = new Set<number>();
    for (const rel of structure.splits) if (pos + rel < end) splits.add(pos + rel);
    // paragraphAt[t - pos]: index + 1 of the paragraph line t is a later line of.
    const paragraphAt = new Int32Array(end - pos);
    structure.paragraphs.forEach((p, k) => {
      for (let rel = p.start + 1; rel <= p.end && pos + rel < end; rel++) paragraphAt[rel] = k + 1;
    });
    const candidate = (t: number) => {
      if (splits.has(t)) return true;
      const k = paragraphAt[t - pos];
      if (!k) return false;
      const p = structure.paragraphs[k - 1];
      return this.paragraphCut(pos + p.start, t, p.depth);
    };
    // The last marked candidate past a quarter of the window, else the last candidate.
    const quarter = this.lineAfter(pos, this.max / 4);
    let last: number | undefined;
    for (let t = end - 1; t > pos; t--) {
      if (!candidate(t)) continue;
      last ??= t;
      if (t < quarter) break;
      if (this.marked(t)) return t;
    }
    return last;
  }

  /** Whether the lines around a cut before `t` hash to a mark (one line in eight, on average).
   * (Three lines: a fence's markers are alike; the line after them tells them apart.) */
  private marked(t: number): boolean {
    let h = Math.imul(this.lineHash(t - 1) ^ 0x811c9dc5, 0x01000193);
    h = Math.imul(h ^ this.lineHash(t), 0x01000193);
    h = Math.imul(h ^ this.lineHash(t + 1), 0x01000193);
    // The low bits of the last product depend on the last line's low bits only: fold the high ones in.
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return (h & 7) === 0;
  }

  /** FNV-1a of line l's first 64 characters and its length (line n: the empty line), computed
   * once per line (every line is asked about up to three times). Never 0. */
  private lineHash(l: number): number {
    const known = this.lineHashes[l];
    if (known !== 0) return known;
    const line = this.lines[l] ?? '';
    let h = 0x811c9dc5;
    const upTo = Math.min(line.length, 64);
    for (let i = 0; i < upTo; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ line.length, 0x01000193) | 1;
    this.lineHashes[l] = h;
    return h;
  }

  /**
   * A cut before line `t` inside a paragraph that started at `start` (in the document, or in
   * `depth` block quotes): exact when `t` starts a paragraph of its own the same way (after the
   * quote markers, no block can start there), no setext underline can make the paragraph a
   * heading, and no inline construct can run across the cut (see `spansLines` in chunks.ts).
   */
  private paragraphCut(start: number, t: number, depth: number): boolean {
    if (depth === 0 ? !this.neutralAt(t) : !neutralStart(this.lines[t], depth)) return false;
    const { ticks, opens, lts, gts, nextBlank } = this.lineMarks;
    const underlines = this.underlines ?? this.countUnderlines();
    const end = nextBlank[t];
    if (underlines[end] > underlines[t]) return false;
    // Lines whose backtick runs all pair on the line leave no span open nor a run that a later
    // one could close (plain-inline.ts): only a `[`, a `<` or a loose run before the cut counts.
    const loose = this.loose ?? this.countLoose(opens);
    if (loose[t] > loose[start] && ticks[end] > ticks[t]) return false;
    return !(lts[t] > lts[start] && gts[end] > gts[t]);
  }

  /** Whether line l starts a paragraph wherever it stands (outside block quotes), asked once. */
  private neutralAt(l: number): boolean {
    if (this.neutral[l] === 0) this.neutral[l] = neutralStart(this.lines[l], 0) ? 1 : 2;
    return this.neutral[l] === 1;
  }

  /** Prefix counts of the lines marked in `opens` but for those whose backticks all pair on the line. */
  private countLoose(opens: Int32Array): Int32Array {
    const n = this.lines.length;
    const loose = new Int32Array(n + 1);
    for (let l = 0; l < n; l++) {
      const line = this.lines[l];
      const marked = opens[l + 1] > opens[l];
      loose[l + 1] = loose[l] + (marked && (line.includes('[') || line.includes('<') || !ticksPairWithinLine(line)) ? 1 : 0);
    }
    this.loose = loose;
    return loose;
  }

  /** Prefix counts of the lines that may underline a paragraph (in quotes too): `=` or `-` only. */
  private countUnderlines(): Int32Array {
    const n = this.lines.length;
    const underlines = new Int32Array(n + 1);
    for (let l = 0; l < n; l++) {
      const line = this.lines[l];
      // The pattern runs only where the first character after `[ \t>]*` is `=` or `-`.
      let i = 0;
      let c = line.charCodeAt(0);
      while (c === 32 || c === 9 || c === 62) c = line.charCodeAt(++i);
      const underline = (c === 61 || c === 45) && /^[ \t>]*(?:=+|-+)[ \t]*$/.test(line);
      underlines[l + 1] = underlines[l] + (underline ? 1 : 0);
    }
    this.underlines = underlines;
    return underlines;
  }

  /**
   * The window holds one block that runs past its end. A fenced code block or an HTML block
   * ends where its closing line is (or at a blank line, or at the end of the text), which a
   * scan finds exactly: its lines need no parse. Returns where the next read starts.
   */
  private scanBlock(pos: number, chunk: ChunkFacts): number | undefined {
    const first = chunk.structure?.first;
    if (!first || (first.type !== 'code' && first.type !== 'html')) return undefined;
    const lines = this.lines;
    const n = lines.length;
    const s = pos + first.start;
    // Up to the end of the text, remark's block takes every line but a last empty one.
    const toEnd = lines[n - 1] === '' && n - 1 > s ? n - 2 : n - 1;
    let e = -1;
    let toTheEnd = false;
    let comment: string | undefined;
    if (first.type === 'code') {
      const open = fenceOpen.exec(lines[s]);
      if (!open || (open[1][0] === '`' && open[2].includes('`'))) return undefined; // indented code
      for (let l = s + 1; l < n && e < 0; l++) {
        const close = fenceOpen.exec(lines[l]);
        if (close && close[1][0] === open[1][0] && close[1].length >= open[1].length && isBlank(close[2])) e = l;
      }
      if (e < 0) {
        e = toEnd;
        toTheEnd = true;
      }
    } else {
      const kind = htmlBlockKind(lines[s]);
      let closed = false;
      if (kind.ends === 'blank') {
        let l = s + 1;
        while (l < n && !isBlank(lines[l])) l++;
        e = l - 1;
        closed = true;
      } else {
        for (let l = s; l < n && e < 0; l++) if (htmlBlockCloses(lines[l], kind.ends, l === s ? kind.openerEnd : 0, l === s)) e = l;
        closed = e >= 0;
        if (e < 0) {
          e = toEnd;
          toTheEnd = true;
        }
      }
      const value = closed ? lines.slice(s, e + 1).join('\n') : lines.slice(s).join('\n');
      if (value.startsWith('<!--')) comment = value;
    }
    this.out.commit(pos, s, chunk); // blank lines before the block
    this.out.block(s, e, first.type === 'code' ? 'code' : 'html', comment);
    if (toTheEnd && e === n - 2) {
      this.out.blank(n - 1);
      return n;
    }
    return e + 1;
  }
}
