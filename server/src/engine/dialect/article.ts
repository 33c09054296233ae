// Builds the ArticleModel from the line facts of the chunk parses plus the dialect's line
// rules. Never throws: whatever goes wrong becomes a Problem on a model that still works.

import { parse as parseYaml } from 'yaml';
import { readBlocks, type ChunkingOptions, type DocumentBlocks } from './blocks';
import { ChunkCache } from './chunks';
import {
  findReferences,
  headingText,
  isNone,
  readBreak,
  readBullet,
  readDirectives,
  readItem,
  readListItem,
  isListItem,
  pillarLimit,
  readPillar,
  readSectionHeader,
  readsAsSentence,
  readSubPoint,
  readThesis,
  type PillarLine,
} from './lines';
import { openAtEnd } from './open-end';
import type {
  ArticleModel,
  ArticleSection,
  ClosingPart,
  Disclaimer,
  InlineReference,
  Pillar,
  PillarStyle,
  Range,
  RuleDirective,
  SectionItem,
  SubPoint,
  ThesisLine,
} from './model';
import { endWithoutSpacesAndTabs, indentOf, isBlank, leadingSpace, lineRange, splitLines } from './text';
import { scanned } from './work';
import { shiftFirstLine, startsWithBom, withoutBom } from './bom';
import { noSubPoints, PillarItem, pillarCells, writeRangeCells } from './pillar';
import { HeadingItem } from './heading';
import { couldNotCheckCode, whyNotCheckable } from './checkable';
import { compileTextPattern, type TextPattern } from '../text-pattern';
import { BuildAbandoned } from './abandon';

export interface ArticleOptions {
  /** Used for the title when neither a `# ` heading nor front matter gives one. */
  fileName?: string;
  /** What counts as a disclaimer (tested against each paragraph, case-insensitively). */
  disclaimerPattern?: TextPattern;
  /** Larger texts are not analyzed (a problem says so). */
  maxLength?: number;
}

export const defaultDisclaimerPattern = compileTextPattern('is not investment(?:,\\s*legal,?\\s*or\\s*tax)?\\s+advice');

/** Builds article models, reusing chunk parses across versions and documents. */
export class ArticleBuilder {
  /** `wholeDocument`: parse every text as one chunk (for tests that check chunking changes nothing).
   * `chunking`: how long a text remark is given at most (tests make it tiny to cut everywhere). */
  constructor(
    readonly cache = new ChunkCache(),
    private readonly wholeDocument = false,
    private readonly chunking: ChunkingOptions = {},
  ) {}

  build(text: string, version = 0, options: ArticleOptions = {}): ArticleModel {
    // A BOM is not text: the model of the text without it, positions given in the text as handed.
    if (startsWithBom(text)) return shiftFirstLine(this.build(withoutBom(text), version, options), 1);
    try {
      return buildArticle(text, version, options, this.cache, this.wholeDocument, this.chunking);
    } catch (error) {
      if (error instanceof BuildAbandoned) throw error; // not a failure: nobody wants this model
      const model = emptyModel(text, splitLines(text), version, options);
      model.problems.push({
        code: 'internal-error',
        severity: 'error',
        message: `Strategy Notes could not analyze this file: ${error instanceof Error ? error.message : String(error)}`,
        range: lineRange(0, 0, 0),
      });
      return model;
    }
  }
}

function emptyModel(text: string, lines: string[], version: number, options: ArticleOptions): ArticleModel {
  const last = lines.length - 1;
  let lastTextLine = last;
  while (lastTextLine >= 0 && isBlank(lines[lastTextLine])) lastTextLine--;
  const eol = /\r\n|\r|\n/.exec(text)?.[0] as ArticleModel['eol'] | undefined;
  return {
    version,
    analyzed: false,
    lineCount: lines.length,
    end: { line: last, character: lines[last].length },
    lastTextLine,
    lastTextLineLength: lastTextLine >= 0 ? lines[lastTextLine].length : 0,
    eol: eol ?? '\n',
    title: { text: titleFromFileName(options.fileName), source: 'file-name' },
    pillars: [],
    references: [],
    headings: [],
    directives: [],
    problems: [],
  };
}

function titleFromFileName(fileName?: string): string {
  if (!fileName) return 'Untitled';
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.(?:md|markdown)$/i, '') || 'Untitled';
}

function buildArticle(text: string, version: number, options: ArticleOptions, cache: ChunkCache, wholeDocument: boolean, chunking: ChunkingOptions): ArticleModel {
  const notCheckable = whyNotCheckable(text, options.maxLength);
  if (notCheckable) {
    // Reported by the `could-not-check` rule, at its configured severity.
    const model = emptyModel(text, splitLines(text), version, options);
    model.problems.push({ code: couldNotCheckCode, severity: 'error', message: notCheckable, range: lineRange(0, 0, 0) });
    return model;
  }
  const blocks = readBlocks(text, cache, wholeDocument, chunking);
  const model = emptyModel(text, blocks.lines, version, options);
  model.analyzed = true;
  const article = new ArticleReader(blocks, model, options);
  article.read();
  model.openAtEnd = openAtEnd(blocks.lines, blocks.facts);
  return model;
}

const markupChars = /[*_`~[\]<\\]/;

/**
 * A run of characters every match of the pattern `source` holds, as a case-insensitive search
 * (undefined when none is plain to see): the longest run of ASCII letters and digits outside
 * groups, classes and escapes, in a pattern with no `|` outside groups, without a letter that a
 * quantifier follows. `k` and `s` end a run: RE2 folds them with the Kelvin sign and the long s,
 * which JavaScript's case-insensitive search does not. A search for it is a cheap test that the
 * pattern cannot match (RE2 in JavaScript costs far more per character than a literal search).
 */
export function requiredLiteral(source: string): RegExp | undefined {
  let best = '';
  let run = '';
  let depth = 0;
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const code = source.charCodeAt(i);
    const letter = (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
    if (c === '\\') {
      end();
      if (depth === 0 && (source[i + 1] === 'c' || source[i + 1] === 'k')) return undefined; // `\cX`, `\k<name>`
      i++;
      continue;
    }
    if (c === '[') {
      end();
      // Up to the class's end (`]` right after `[` or `[^` is taken literally by RE2: give up).
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') return undefined;
      for (; j < source.length && source[j] !== ']'; j++) if (source[j] === '\\') j++;
      if (j >= source.length) return undefined;
      i = j;
      continue;
    }
    if (c === '(') {
      end();
      depth++;
      continue;
    }
    if (c === ')') {
      depth--;
      if (depth < 0) return undefined;
      continue;
    }
    if (depth > 0) continue;
    if (c === '|') return undefined;
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      // The quantified letter may be absent or repeated: the run ends before it.
      run = run.slice(0, -1);
      end();
      if (c === '{') {
        const close = source.indexOf('}', i);
        if (close < 0) return undefined;
        i = close;
      }
      continue;
    }
    if (letter && (code | 32) !== 107 && (code | 32) !== 115) run += c.toLowerCase();
    else end();
  }
  end();
  if (depth !== 0 || best.length < 3) return undefined;
  return new RegExp(best, 'i');
}

const literals = new WeakMap<TextPattern, RegExp | null>();
function literalOf(pattern: TextPattern): RegExp | undefined {
  let literal = literals.get(pattern);
  if (literal === undefined) literals.set(pattern, (literal = requiredLiteral(pattern.source) ?? null));
  return literal ?? undefined;
}

/** Where the next `char` at or after `from` is in `text` (-1: none). Remembers its last answer,
 * so a left-to-right scan that asks again and again looks at each character once. */
function nextFinder(text: string, char: string): (from: number) => number {
  let at = -2;
  return (from) => {
    if (at === -1 || (at >= from && at !== -2)) return at;
    at = text.indexOf(char, from);
    return at;
  };
}

const htmlTag = /<\/?[A-Za-z][^<>]*>/y;

/** The stretches inline markup takes: `](destination)` / `][ref]` after link text, and HTML tags.
 * Each returns where the markup starting at `raw[i]` ends (`i` or `i + 1` when there is none). */
function markupSkipper(raw: string): { link: (i: number) => number; tag: (i: number) => number } {
  const nextParen = nextFinder(raw, ')');
  const nextBracket = nextFinder(raw, ']');
  return {
    link(i) {
      // At `]`: `(` … the next `)`, or `[` … the next `]`.
      if (raw[i + 1] === '(') {
        const close = nextParen(i + 2);
        if (close >= 0) return close + 1;
      } else if (raw[i + 1] === '[') {
        const close = nextBracket(i + 2);
        if (close >= 0) return close + 1;
      }
      return i + 1;
    },
    tag(i) {
      // `[^<>]*` stops at the next `<` or `>`: scans from different `<` never overlap.
      htmlTag.lastIndex = i;
      return htmlTag.test(raw) ? htmlTag.lastIndex : i;
    },
  };
}

/** A quick, offset-losing strip: when the pattern does not match this, it matches no stripped text.
 * (Removes `](…)`, `][…]`, HTML tags, emphasis and code markers, brackets and backslashes.) */
function roughStrip(raw: string): string {
  scanned('markup', raw.length);
  const skip = markupSkipper(raw);
  // The kept stretches, joined once at the end (a string grown by many small pieces is a long
  // chain of pieces to flatten).
  const kept: string[] = [];
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    let end = i;
    if (c === 93) end = skip.link(i); // ]
    else if (c === 60) end = skip.tag(i); // <
    else if (c === 42 || c === 95 || c === 96 || c === 126 || c === 91 || c === 92) end = i + 1; // * _ ` ~ [ \
    if (end > i) {
      if (i > from) kept.push(raw.slice(from, i));
      from = end;
      i = end - 1;
    }
  }
  if (from === 0) return raw;
  kept.push(raw.slice(from));
  return kept.join('');
}

/** The text with emphasis, code ticks, link syntax, HTML tags and escapes removed, and for each
 * character kept, its offset in the original. */
export function withoutInlineMarkup(raw: string): { text: string; map: number[] } {
  scanned('markup', raw.length);
  const skip = markupSkipper(raw);
  let text = '';
  const map: number[] = [];
  const keep = (i: number) => {
    text += raw[i];
    map.push(i);
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length && /[!-/:-@[-`{-~ ]/.test(raw[i + 1])) {
      // A backslash before the joining space is a hard line break: drop it, keep the space.
      if (raw[i + 1] !== ' ') {
        keep(i + 1);
        i++;
      }
    } else if (c === '*' || c === '_' || c === '`' || c === '~' || (c === '!' && raw[i + 1] === '[') || c === '[') {
      continue;
    } else if (c === ']') {
      // `](destination)` or `][ref]` after link text: skip the destination.
      i = skip.link(i) - 1;
    } else if (c === '<') {
      const end = skip.tag(i);
      if (end > i) i = end - 1;
      else keep(i);
    } else keep(i);
  }
  map.push(raw.length);
  return { text, map };
}

/** Pillars found, in columns (a long run of numbered lines makes one pillar per line, and no
 * object for each until the model's own): pillar i was read on line `lines[i]`, its title is
 * `titles[i]`, and `heads[i * headCells …]` holds its number and where number and title are. */
interface FoundPillars {
  style: PillarStyle;
  /** Heading depth of heading pillars. */
  level?: number;
  lines: Int32Array;
  titles: string[];
  heads: Int32Array;
}

const headCells = 5;

/** Writes `p` read on `line` as found pillar `i`. */
function writeHead(found: FoundPillars, i: number, line: number, p: PillarLine): void {
  found.lines[i] = line;
  found.titles[i] = p.title;
  const at = i * headCells;
  found.heads[at] = p.number;
  found.heads[at + 1] = p.numberStart;
  found.heads[at + 2] = p.numberEnd;
  found.heads[at + 3] = p.titleStart;
  found.heads[at + 4] = p.titleEnd;
}

/** Moves found pillar `from` to slot `to` (to ≤ from). */
function moveHead(found: FoundPillars, from: number, to: number): void {
  found.lines[to] = found.lines[from];
  found.titles[to] = found.titles[from];
  found.heads.copyWithin(to * headCells, from * headCells, (from + 1) * headCells);
}

/** The first `count` found pillars. */
function firstHeads(found: FoundPillars, count: number): FoundPillars {
  found.titles.length = count;
  return { ...found, lines: found.lines.subarray(0, count), heads: found.heads.subarray(0, count * headCells) };
}

const noSpans: { start: number; end: number }[] = [];

class ArticleReader {
  private readonly lines: string[];
  private readonly facts: DocumentBlocks['facts'];
  /** Lines that belong to a tag or related-articles section (header and items): 1 on those. */
  private readonly sectionLines: Uint8Array;

  constructor(
    private readonly blocks: DocumentBlocks,
    private readonly model: ArticleModel,
    private readonly options: ArticleOptions,
  ) {
    this.lines = blocks.lines;
    this.facts = blocks.facts;
    this.sectionLines = new Uint8Array(this.lines.length);
  }

  read(): void {
    this.readFrontMatterAndTitle();
    this.reportFallbacks();
    this.readSections();
    this.readDisclaimer();
    const pillars = this.findPillars();
    const count = pillars.titles.length;
    this.model.thesis = this.findThesis(count ? pillars.lines[0] : this.lines.length);
    this.model.pillarStyle = count ? pillars.style : undefined;
    this.model.pillarLevel = pillars.style === 'heading' ? pillars.level : undefined;
    this.model.closing = this.findClosing(count ? pillars.lines[count - 1] : undefined);
    this.model.pillars = this.shapePillars(pillars);
    this.readReferences();
    this.readDirectives();
    this.readHeadingsAndFirstParagraph();
  }

  /** A line the dialect may read: not code, HTML, front matter or a quote. */
  private readable(line: number): boolean {
    const kind = this.facts[line]?.kind;
    return kind !== undefined && kind !== 'excluded' && kind !== 'blank';
  }

  private readFrontMatterAndTitle(): void {
    const fm = this.blocks.frontMatter;
    if (fm) {
      const range: Range = { start: { line: 0, character: 0 }, end: { line: fm.endLine, character: this.lines[fm.endLine].length } };
      let data: Record<string, unknown> = {};
      try {
        const parsed: unknown = fm.value.trim() ? parseYaml(fm.value) : {};
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
        else if (parsed !== null && parsed !== undefined) throw new Error('it is not a mapping of keys to values');
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        this.model.problems.push({ code: 'front-matter-invalid', severity: 'warning', message: `The front matter is not valid YAML: ${reason}`, range });
      }
      this.model.frontMatter = { range, data };
    } else if (/^---[ \t]*$/.test(this.lines[0] ?? '') && this.lines.length > 1 && !this.lines.slice(1).some((l) => /^(?:---|\.\.\.)[ \t]*$/.test(l))) {
      this.model.problems.push({
        code: 'front-matter-unclosed',
        severity: 'warning',
        message: 'The front matter opened on line 1 is never closed with `---`; it is read as ordinary text.',
        range: lineRange(0, 0, 3),
      });
    }
    for (let l = 0; l < this.lines.length; l++) {
      const f = this.facts[l];
      if (f.kind === 'heading' && f.headingDepth === 1) {
        const { text, start } = headingText(this.lines[l]);
        if (text) {
          this.model.title = { text, source: 'heading', range: lineRange(l, start, start + text.length) };
          return;
        }
      }
    }
    const fmTitle = this.model.frontMatter?.data.title;
    if (typeof fmTitle === 'string' && fmTitle.trim()) {
      const line = this.lines.findIndex((l, i) => i <= (fm?.endLine ?? 0) && /^title\s*:/.test(l));
      const at = line >= 0 ? this.lines[line].indexOf(':') + 1 : 0;
      const start = line >= 0 ? at + (this.lines[line].length - at - this.lines[line].slice(at).trimStart().length) : 0;
      this.model.title = { text: fmTitle.trim(), source: 'front-matter', range: lineRange(Math.max(line, 0), start, line >= 0 ? this.lines[line].trimEnd().length : 0) };
    }
  }

  private reportFallbacks(): void {
    for (const f of this.blocks.fallbacks) {
      this.model.problems.push({
        code: 'parse-fallback',
        severity: 'info',
        message: f.pieces
          ? `Lines ${f.line + 1}–${f.line + f.lineCount} were parsed in pieces, not as one block: ${f.reason}.`
          : `Lines ${f.line + 1}–${f.line + f.lineCount} were read as plain lines, not full Markdown: ${f.reason}.`,
        range: lineRange(f.line, 0, this.lines[f.line].length),
      });
    }
  }

  // ---- pillars ------------------------------------------------------------------------

  private findPillars(): FoundPillars {
    const headings: { line: number; depth: number; head: PillarLine }[] = [];
    let atLevel = 0;
    for (let l = 0; l < this.lines.length && atLevel <= pillarLimit; l++) {
      const f = this.facts[l];
      if (f.kind !== 'heading' || this.sectionLines[l]) continue;
      const { text, start } = headingText(this.lines[l]);
      const head = readPillar(text, start);
      if (!head) continue;
      headings.push({ line: l, depth: f.headingDepth ?? 0, head });
      if (f.headingDepth === headings[0].depth) atLevel++;
    }
    if (headings.length > 0) {
      // Where an article has numbered headings, only those at the first one's level are pillars.
      const level = headings[0].depth;
      const kept = headings.filter((h) => h.depth === level);
      if (kept.length > pillarLimit) this.reportPillarLimit(kept[pillarLimit].line);
      kept.length = Math.min(kept.length, pillarLimit);
      const found: FoundPillars = { style: 'heading', level, lines: new Int32Array(kept.length), titles: [], heads: new Int32Array(kept.length * headCells) };
      kept.forEach((h, i) => writeHead(found, i, h.line, h.head));
      return found;
    }
    return this.findLinePillars();
  }

  /** Top-level numbered lines, less those that are a numbered list inside a pillar's body: items
   * that follow one another with no text between them where the run starts inside a body, or
   * that read as sentences. One pass with one candidate of lookahead, which stops at the limit. */
  private findLinePillars(): FoundPillars {
    // Slot `kept` holds the candidate being judged and slot `kept + 1` the one after it.
    const found: FoundPillars = { style: 'line', lines: new Int32Array(pillarLimit + 2), titles: [], heads: new Int32Array((pillarLimit + 2) * headCells) };
    const head: PillarLine = { number: 0, title: '', numberStart: 0, numberEnd: 0, titleStart: 0, titleEnd: 0 };
    let kept = 0;
    let line = this.nextNumberedLine(0, found, kept, head);
    // Whether only blank lines lie between the previous candidate and this one, and the line of
    // the first candidate of the run of such neighbours that holds this one.
    let afterNeighbour = false;
    let runStart = line;
    while (line >= 0) {
      const next = this.nextNumberedLine(line + 1, found, kept + 1, head);
      let beforeNeighbour = false;
      if (next >= 0) {
        beforeNeighbour = true;
        scanned('numbered-runs', next - line);
        for (let l = line + 1; l < next && beforeNeighbour; l++) beforeNeighbour = isBlank(this.lines[l]);
      }
      const inRun = afterNeighbour || beforeNeighbour;
      const listed = kept > 0 && ((inRun && runStart > found.lines[kept - 1]) || readsAsSentence(found.titles[kept]));
      if (!listed && kept === pillarLimit) {
        this.reportPillarLimit(line);
        break;
      }
      if (!listed) kept++;
      else if (next >= 0) moveHead(found, kept + 1, kept);
      afterNeighbour = beforeNeighbour;
      if (!beforeNeighbour) runStart = next;
      line = next;
    }
    return firstHeads(found, kept);
  }

  /** The first top-level numbered line from `from` on, written to found pillar `slot`; -1 if none. */
  private nextNumberedLine(from: number, found: FoundPillars, slot: number, head: PillarLine): number {
    for (let l = from; l < this.lines.length; l++) {
      if (this.facts[l].kind !== 'text' || this.sectionLines[l] || indentOf(this.lines[l]) > 0) continue;
      if (readPillar(this.lines[l], 0, head)) {
        writeHead(found, slot, l, head);
        return l;
      }
    }
    return -1;
  }

  private reportPillarLimit(line: number): void {
    this.model.problems.push({
      code: 'pillar-limit',
      severity: 'warning',
      message: `More than ${pillarLimit} pillars: a pillar number has at most three digits, so from line ${line + 1} on numbered lines are read as the body of pillar ${pillarLimit}.`,
      range: lineRange(line, 0, this.lines[line].length),
    });
  }

  private findThesis(before: number): ThesisLine | undefined {
    for (let l = before - 1; l >= 0; l--) {
      if (!this.readable(l) || this.sectionLines[l]) continue;
      const t = readThesis(this.lines[l]);
      if (!t) continue;
      const start = leadingSpace(this.lines[l]);
      const text = this.lines[l].trim();
      return { text, count: t.count, range: lineRange(l, start, start + text.length), countRange: lineRange(l, t.start, t.end) };
    }
    return undefined;
  }

  /** The first break line or section after the last pillar ends it. */
  private findClosing(lastPillarLine: number | undefined): ClosingPart | undefined {
    const from = lastPillarLine === undefined ? 0 : lastPillarLine + 1;
    const sectionStarts = [this.model.related, this.model.concepts, this.model.companies, this.model.disclaimer]
      .filter((s): s is NonNullable<typeof s> => !!s && s.range.start.line >= from)
      .map((s) => s.range.start.line);
    const firstSection = sectionStarts.length ? Math.min(...sectionStarts) : Infinity;
    for (let l = from; l < Math.min(this.lines.length, firstSection); l++) {
      const f = this.facts[l];
      if (f.kind === 'excluded') continue;
      const brk = f.kind === 'thematic-break' ? 'thematic-break' : f.kind === 'text' || f.kind === 'setext-underline' ? readBreak(this.lines[l]) : undefined;
      if (brk) return { kind: brk, range: lineRange(l, 0, this.lines[l].length) };
    }
    if (firstSection !== Infinity && lastPillarLine !== undefined) return { kind: 'section', range: lineRange(firstSection, 0, this.lines[firstSection].length) };
    return undefined;
  }

  private shapePillars({ style, level, lines, titles, heads }: FoundPillars): Pillar[] {
    const closingLine = this.model.closing?.range.start.line ?? this.lines.length;
    const count = titles.length;
    const cells = new Int32Array(count * pillarCells);
    const pillars: Pillar[] = [];
    for (let i = 0; i < count; i++) {
      const line = lines[i];
      let end = i + 1 < count ? lines[i + 1] : closingLine;
      if (style === 'heading' && level !== undefined) {
        // A heading at the pillar level or above also ends a heading pillar ("## Conclusion").
        for (let l = line + 1; l < end; l++) {
          const f = this.facts[l];
          if (f.kind === 'heading' && (f.headingDepth ?? 7) <= level) {
            end = l;
            break;
          }
        }
      }
      const last = this.lastTextLine(line, end);
      let bodyLineCount = 0;
      for (let l = line + 1; l <= last; l++) if (!isBlank(this.lines[l]) && this.facts[l].kind !== 'setext-underline') bodyLineCount++;
      const subPoints = this.findSubPoints(line + 1, last, style === 'heading' && level !== undefined ? level + 1 : undefined);
      const at = i * pillarCells;
      const h = i * headCells;
      writeRangeCells(cells, at, line, 0, last, this.lines[last].length);
      writeRangeCells(cells, at + 4, line, 0, line, this.lines[line].length);
      writeRangeCells(cells, at + 8, line, heads[h + 1], line, heads[h + 2]);
      writeRangeCells(cells, at + 12, line, heads[h + 3], line, heads[h + 4]);
      pillars.push(new PillarItem(heads[h], titles[i], style, bodyLineCount, subPoints.length ? subPoints : noSubPoints, cells, at));
    }
    return pillars;
  }

  /** The last non-blank line in [from, end), or `from` itself. */
  private lastTextLine(from: number, end: number): number {
    let last = end - 1;
    while (last > from && isBlank(this.lines[last])) last--;
    return Math.max(last, from);
  }

  private findSubPoints(first: number, last: number, headingDepth?: number): SubPoint[] {
    const found: { line: number; title: string; start: number; style: SubPoint['style'] }[] = [];
    for (let l = first; l <= last; l++) {
      const f = this.facts[l];
      if (f.kind === 'heading' && headingDepth !== undefined && f.headingDepth === headingDepth) {
        const { text, start } = headingText(this.lines[l]);
        if (text) found.push({ line: l, title: text.replace(/:$/, ''), start, style: 'heading' });
        continue;
      }
      if (f.kind !== 'text' || indentOf(this.lines[l]) > 3) continue;
      const s = readSubPoint(this.lines[l]);
      if (!s || !this.bulletListFollows(l, last) || this.continuesSentence(l)) continue;
      found.push({ line: l, title: s.title, start: s.start, style: 'colon-line' });
    }
    if (found.length === 0) return [];
    return found.map((s, i) => {
      const end = this.lastTextLine(s.line, i + 1 < found.length ? found[i + 1].line : last + 1);
      return {
        title: s.title,
        style: s.style,
        range: { start: { line: s.line, character: 0 }, end: { line: end, character: this.lines[end].length } },
        selectionRange: lineRange(s.line, 0, this.lines[s.line].length),
      };
    });
  }

  private bulletListFollows(line: number, last: number): boolean {
    for (let l = line + 1; l <= last; l++) {
      if (isBlank(this.lines[l])) continue;
      return this.facts[l].kind === 'text' && !!readBullet(this.lines[l]);
    }
    return false;
  }

  /** A colon line that is the wrapped end of a longer sentence is not a sub-point. (Judged by the
   * text, not by CommonMark's paragraphs: pasted text folds every line into one paragraph.) */
  private continuesSentence(line: number): boolean {
    if (line === 0 || this.facts[line - 1].kind !== 'text') return false;
    const prev = this.lines[line - 1];
    if (isListItem(prev)) return false;
    return /[\p{L}\p{N},;]$/u.test(prev.trimEnd());
  }

  // ---- sections ---------------------------------------------------------------------------

  private readSections(): void {
    for (let l = 0; l < this.lines.length; l++) {
      const f = this.facts[l];
      if (f.kind !== 'text' && f.kind !== 'heading') continue;
      // The header test has a cheap word filter; the list-item test only runs on headers.
      const header = readSectionHeader(this.lines[l]);
      if (!header || isListItem(this.lines[l])) continue;
      const key = header.kind;
      if (this.model[key]) continue; // the first section of each kind counts
      this.model[key] = this.readSection(l, header.kind, header.rest);
    }
  }

  private readSection(headerLine: number, kind: ArticleSection['kind'], rest: string): ArticleSection {
    const header = this.lines[headerLine].trim();
    const headerStart = header ? leadingSpace(this.lines[headerLine]) : 0;
    const items: SectionItem[] = [];
    let none = rest !== '' && isNone(rest);
    let lastLine = headerLine;
    this.sectionLines[headerLine] = 1;
    for (let l = headerLine + 1; l < this.lines.length; l++) {
      const line = this.lines[l];
      if (isBlank(line)) continue;
      const f = this.facts[l];
      const item = f.kind === 'text' ? readListItem(line) : undefined;
      if (!item) break;
      lastLine = l;
      this.sectionLines[l] = 1;
      if (isNone(item.text)) {
        none = true;
        continue;
      }
      const text = item.text.slice(0, endWithoutSpacesAndTabs(item.text));
      const r = readItem(text);
      const at = item.marker;
      items.push({
        text,
        range: lineRange(l, at, at + text.length),
        form: r.form,
        name: r.name,
        target: r.target,
        nameRange: lineRange(l, at + r.nameStart, at + r.nameEnd),
        targetRange: r.targetStart !== undefined ? lineRange(l, at + r.targetStart, at + (r.targetEnd ?? r.targetStart)) : undefined,
      });
    }
    return {
      kind,
      header,
      headerRange: lineRange(headerLine, headerStart, headerStart + header.length),
      range: { start: { line: headerLine, character: headerStart }, end: { line: lastLine, character: this.lines[lastLine].length } },
      none,
      items,
    };
  }

  // ---- disclaimer, references, directives --------------------------------------------------

  private readDisclaimer(): void {
    const search = this.options.disclaimerPattern ?? defaultDisclaimerPattern;
    // Runs of consecutive prose lines, so a sentence wrapped across lines still matches.
    const runStarts: number[] = [];
    const runEnds: number[] = [];
    for (let l = 0; l < this.lines.length; ) {
      if (!this.readable(l) || this.facts[l].kind === 'heading') {
        l++;
        continue;
      }
      let end = l + 1;
      while (end < this.lines.length && this.readable(end) && this.facts[end].kind === 'text') end++;
      runStarts.push(l);
      runEnds.push(end);
      l = end;
    }
    // The last run that holds the phrase has the disclaimer: search from the end.
    for (let r = runStarts.length - 1; r >= 0; r--) {
      const found = this.findInRun(runStarts[r], runEnds[r], search);
      if (found) {
        this.model.disclaimer = found;
        return;
      }
    }
  }

  /** Lines [from, end) joined with spaces (a one-line run is its line: no copy). */
  private joined(from: number, end: number): string {
    return end - from === 1 ? this.lines[from] : this.lines.slice(from, end).join(' ');
  }

  /** The pattern is about what the paragraph says, so it is matched without inline markup. */
  private findInRun(from: number, end: number, search: TextPattern): Disclaimer | undefined {
    // A literal every match holds, searched for first (see `requiredLiteral`).
    const literal = literalOf(search);
    const holds = (text: string) => {
      scanned('disclaimer', text.length);
      // The stripped text is made only where the raw text does not match already.
      if (!literal) return search.test(text) || (markupChars.test(text) && search.test(roughStrip(text)));
      if (literal.test(text) && search.test(text)) return true;
      if (!markupChars.test(text)) return false;
      const stripped = roughStrip(text);
      return literal.test(stripped) && search.test(stripped);
    };
    if (!holds(this.joined(from, end))) return undefined;
    // Positions cost more than a yes or no (RE2 runs its NFA for them), so they are asked for in
    // the shortest tail of the run (1, 2, 4 … lines) that holds the phrase: a disclaimer ends
    // the article, and a long run pays at most twice more for the yes-or-no passes.
    for (let size = 1; ; size *= 2) {
      const tailStart = Math.max(from, end - size);
      if (tailStart > from && !holds(this.joined(tailStart, end))) continue;
      from = tailStart;
      break;
    }
    const run = this.lines.slice(from, end);
    const joined = run.join(' ');
    scanned('disclaimer', joined.length);
    let match = search.find(joined);
    if (!match) {
      // Only now pay for the exact, offset-keeping strip.
      const plain = withoutInlineMarkup(joined);
      const m = search.find(plain.text);
      if (m) match = { start: plain.map[m.start], end: plain.map[Math.max(m.start, m.end - 1)] + 1 };
    }
    if (!match) return undefined;
    const lineOf = (offset: number) => {
      let acc = 0;
      for (let k = 0; k < run.length; k++) {
        if (offset <= acc + run[k].length) return from + k;
        acc += run[k].length + 1;
      }
      return end - 1;
    };
    const first = lineOf(match.start);
    const last = lineOf(Math.max(match.start, match.end - 1));
    const start = this.lines[first].length - this.lines[first].trimStart().length;
    return {
      text: this.lines.slice(first, last + 1).map((t) => t.trim()).join(' '),
      range: { start: { line: first, character: start }, end: { line: last, character: this.lines[last].trimEnd().length } },
    };
  }


  private readReferences(): void {
    const refs: InlineReference[] = [];
    // Code spans by line, in order: references are matched against them with one sweep per line.
    const code = new Map<number, { start: number; end: number }[]>();
    for (const s of this.blocks.code) {
      const list = code.get(s.line) ?? [];
      list.push(s);
      code.set(s.line, list);
    }
    for (let l = 0; l < this.lines.length; l++) {
      if (!this.readable(l) || this.sectionLines[l] || !this.lines[l].includes('[[')) continue;
      const onLine = code.get(l);
      const spans = onLine ? onLine.sort((a, b) => a.start - b.start) : noSpans;
      // Spans do not overlap, so their ends are in order too; matches come left to right.
      let k = 0;
      for (const m of findReferences(this.lines[l])) {
        while (k < spans.length && spans[k].end <= m.start) k++;
        if (k < spans.length && spans[k].start < m.end) continue;
        refs.push({ name: m.name, label: m.label, range: lineRange(l, m.start, m.end), nameRange: lineRange(l, m.nameStart, m.nameEnd) });
      }
    }
    this.model.references = refs;
  }

  private readHeadingsAndFirstParagraph(): void {
    for (let l = 0; l < this.lines.length; l++) {
      const f = this.facts[l];
      if (f.kind === 'heading') {
        // A setext heading's text may run over several lines: the first one carries it.
        if (l > 0 && this.facts[l - 1].kind === 'heading' && this.facts[l - 1].headingDepth === f.headingDepth && !/^ {0,3}#/.test(this.lines[l])) continue;
        const { text, start } = headingText(this.lines[l]);
        if (text) this.model.headings.push(new HeadingItem(text, f.headingDepth ?? 1, l, start, start + text.length));
      } else if (f.kind === 'text' && this.model.firstParagraph === undefined && !this.sectionLines[l] && !isListItem(this.lines[l])) {
        const parts: string[] = [];
        let length = -1;
        for (let k = l; k < this.lines.length && this.facts[k].kind === 'text' && length < 600; k++) {
          parts.push(this.lines[k].trim());
          length += parts[parts.length - 1].length + 1;
        }
        this.model.firstParagraph = parts.join(' ');
      }
    }
  }

  private readDirectives(): void {
    const directives: RuleDirective[] = [];
    for (const c of this.blocks.comments) {
      for (const d of readDirectives(c.value)) directives.push({ kind: d.kind, rules: d.rules, line: c.line });
    }
    this.model.directives = directives;
  }
}

