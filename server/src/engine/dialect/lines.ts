// The dialect's line rules: what one line of an article says, by its text alone.
// The article builder decides which of these readings count, from where the line stands.
//
// Every rule runs in time linear in the line it is given, whatever the line holds (60,000
// spaces, a run of `*`, `[` or digits): patterns are anchored and never have two quantifiers
// that can share the same characters, and where a pattern would have to backtrack (a title
// and its trailing white space, emphasis around a title) the text is scanned by hand. `[^]`
// stands for "any character" where `.` would refuse U+2028 and fail only after backtracking.

import type { SectionKind } from './model';
import { endWithoutSpacesAndTabs, isLineTerminator, leadingSpace, trimmedEnd } from './text';
import { scanned } from './work';

export interface PillarLine {
  number: number;
  title: string;
  /** Character offsets in the line text given. */
  numberStart: number;
  numberEnd: number;
  titleStart: number;
  titleEnd: number;
}

// `1. Title`, `1) Title`, `1: Title`, `#1: Title`, `Factor 1: Title`, `Rule 2: Title`, `Step 3 – Title`.
// The separator must be followed by white space, so `1.5 billion` is not a pillar.
// A pillar line may also be set in bold (`**1. Title**`, `**Step 1:** Title`): the markers are not part of it.
// Only the head is a pattern: the title is the rest of the line, its trailing spaces cut by hand.
// Read off `pillarHead`: a pillar number has at most three digits, so an article holds at most
// 999 pillars; numbered lines past that are the last pillar's body (a pasted list of 100,000 `1.`
// lines then makes 999 pillars, not 100,000 of them, each with its findings and fixes).
export const pillarLimit = 999;
const pillarHead = /^((?:\*\*|__)?(?:[\p{L}][\p{L}'’-]*[ \t]+)?#?)(\d{1,3})(?:[.):](?:\*\*|__)?[ \t]+|[ \t]+[–—-][ \t]+)(?=\S)/u;

/** Reads `text` (a heading's text or a whole line) as a numbered pillar title; into `into` when
 * given (a long run of numbered lines then makes no object per line). */
export function readPillar(text: string, offset = 0, into?: PillarLine): PillarLine | undefined {
  scanned('pillar', text.length);
  const c = text.charCodeAt(0);
  if (!mayStartPillar(c)) return undefined;
  // The usual head, `1. ` to `999) ` (what the pattern's first group leaves empty), is read by
  // hand: a long run of numbered lines then makes no match (three strings) per line.
  let number = 0;
  let numberStart = 0;
  let numberEnd = plainNumberedHead(text);
  let restStart: number;
  let bold: string | undefined;
  if (numberEnd > 0) {
    for (let i = 0; i < numberEnd; i++) number = number * 10 + text.charCodeAt(i) - 48;
    restStart = numberEnd + 1;
    while (text.charCodeAt(restStart) === 32 || text.charCodeAt(restStart) === 9) restStart++;
  } else {
    const m = pillarHead.exec(text);
    if (!m) return undefined;
    restStart = m[0].length;
    numberStart = m[1].length;
    numberEnd = numberStart + m[2].length;
    number = Number(m[2]);
    // `**1. Title**`: the bold opened before the number closes after the title.
    bold = m[1].startsWith('**') ? '**' : m[1].startsWith('__') ? '__' : undefined;
  }
  const restEnd = endWithoutSpacesAndTabs(text, restStart);
  let title: string;
  let start: number;
  if (bold) {
    let rest = text.slice(restStart, restEnd);
    if (rest.endsWith(bold + ':')) rest = rest.slice(0, -3) + ':';
    else if (rest.endsWith(bold)) rest = rest.slice(0, -2);
    const cleaned = cleanTitle(rest);
    title = cleaned.text;
    start = restStart + cleaned.start;
  } else {
    peelTitle(text, restStart, restEnd);
    title = text.slice(peeled[0], peeled[1]);
    start = peeled[0];
  }
  if (!title) return undefined;
  const p = into ?? { number: 0, title: '', numberStart: 0, numberEnd: 0, titleStart: 0, titleEnd: 0 };
  p.number = number;
  p.title = title;
  p.numberStart = offset + numberStart;
  p.numberEnd = offset + numberEnd;
  p.titleStart = offset + start;
  p.titleEnd = offset + start + title.length;
  return p;
}

/** Where the digits end when `text` starts with a pillar head of 1–3 digits, `.`, `)` or `:`,
 * spaces or tabs, then a character that is not white space (as `pillarHead` reads it with an
 * empty first group); otherwise 0. */
function plainNumberedHead(text: string): number {
  let i = 0;
  while (i < text.length && i < 4 && isDigit(text.charCodeAt(i))) i++;
  if (i === 0 || i > 3) return 0;
  const d = text.charCodeAt(i);
  if (d !== 46 && d !== 41 && d !== 58) return 0;
  let j = i + 1;
  if (text.charCodeAt(j) !== 32 && text.charCodeAt(j) !== 9) return 0;
  while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
  return j < text.length && !/\s/.test(text[j]) ? i : 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether a pillar head may start with this character: `*`, `_`, `#`, a digit or a letter
 * (any non-ASCII character is left to the pattern). */
function mayStartPillar(c: number): boolean {
  if (c >= 128) return true;
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 42 || c === 95 || c === 35;
}

/** Prefix counts of line terminators (which `.` does not match) in `text[from, to)`, indexed by
 * offset into `text`, when that stretch has any. */
function terminatorCounts(text: string, from = 0, to = text.length): Int32Array | undefined {
  if (!containsTerminator(text, from, to)) return undefined;
  const counts = new Int32Array(to + 1);
  for (let i = from; i < to; i++) counts[i + 1] = counts[i] + (isLineTerminator(text.charCodeAt(i)) ? 1 : 0);
  return counts;
}

/** Whether `text[from, to)` holds no line terminator (by the counts; none when there are none). */
function clean(terminators: Int32Array | undefined, from: number, to: number): boolean {
  return !terminators || to <= from || terminators[to] === terminators[from];
}

function containsTerminator(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isLineTerminator(text.charCodeAt(i))) return true;
  return false;
}

/** Strips a trailing `:` and emphasis markers around a title; returns where the title starts within `raw`.
 * (Works on offsets: a run of 10,000 `*` is peeled in one pass, not one copy per marker pair.) */
export function cleanTitle(raw: string): { text: string; start: number } {
  peelTitle(raw, 0, raw.length);
  return { text: raw.slice(peeled[0], peeled[1]), start: peeled[0] };
}

/** Where `peelTitle` leaves the title's bounds: [start, end) in the text it was given. */
const peeled = new Int32Array(2);

/** `cleanTitle` of `raw[from, to)`, on offsets into `raw` (no copy): the title's bounds are left
 * in `peeled` (an empty title at `from` when there is none). */
function peelTitle(raw: string, from: number, to: number): void {
  scanned('title', to - from);
  let s = from + leadingSpace(raw, from, to);
  let e = trimmedEnd(raw, s, to);
  peeled[0] = from;
  peeled[1] = from;
  if (s === e) return;
  // `.` in the patterns this replaces did not cross a line terminator (U+2028 in a line).
  const terminators = terminatorCounts(raw, from, to);
  for (;;) {
    const s0 = s;
    const e0 = e;
    // `**Title**`, `__Title__`, `*Title*`, `_Title_`: emphasis around the whole text.
    for (const marker of emphasisMarkers) {
      const k = marker.length;
      if (e - s >= 2 * k && raw.startsWith(marker, s) && raw.startsWith(marker, e - k) && clean(terminators, s + k, e - k)) {
        s += k;
        e -= k;
        break;
      }
    }
    if (e > s && raw.charCodeAt(e - 1) === 58) e--; // ':'
    // `**Title**:` (bold, then text after it is not part of the title when it is only `:`).
    for (const marker of boldMarkers) {
      if (!raw.startsWith(marker, s)) continue;
      let q = -1;
      if (e - s >= 5 && raw.charCodeAt(e - 1) === 58 && raw.startsWith(marker, e - 3)) q = e - 3;
      else if (e - s >= 4 && raw.startsWith(marker, e - 2)) q = e - 2;
      if (q >= 0 && clean(terminators, s + 2, q)) {
        s += 2;
        e = q;
      }
      break;
    }
    s += leadingSpace(raw, s, e);
    e = trimmedEnd(raw, s, e);
    if (s === s0 && e === e0) break;
  }
  peeled[0] = s;
  peeled[1] = e;
}

const emphasisMarkers = ['**', '__', '*', '_'];
const boldMarkers = ['**', '__'];

/** A heading line's text without its `#` markers (ATX) and where that text starts. */
export function headingText(line: string): { text: string; start: number } {
  scanned('heading', line.length);
  const m = /^ {0,3}#{1,6}[ \t]*/.exec(line);
  if (!m || containsTerminator(line, m[0].length, line.length)) {
    const start = leadingSpace(line);
    const text = line.slice(start, trimmedEnd(line, start));
    return { text, start: text ? start : 0 };
  }
  const start = m[0].length;
  // The text ends before trailing spaces and before a closing `#` run that follows white space.
  let end = endWithoutSpacesAndTabs(line, start);
  let hashes = end;
  while (hashes > start && line.charCodeAt(hashes - 1) === 35) hashes--;
  if (hashes < end) {
    const space = endWithoutSpacesAndTabs(line, start, hashes);
    if (space < hashes) end = space;
  }
  return { text: line.slice(start, end), start };
}

// "a list item" markers, as written at the start of a line.
const bulletItem = /^( {0,3}[-*+][ \t]+)([^]*)$/;
const orderedItem = /^( {0,3}\d{1,9}[.)][ \t]+)([^]*)$/;
const bulletHead = /^ {0,3}[-*+][ \t]/;
const orderedHead = /^ {0,3}\d{1,9}[.)][ \t]/;

/** The first character after at most three spaces: a list marker must be there. */
function markerChar(line: string): number {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  return line.charCodeAt(i);
}

const isBulletChar = (c: number) => c === 45 || c === 42 || c === 43; // - * +

export function readBullet(line: string): { marker: number; text: string } | undefined {
  scanned('list-item', line.length);
  if (!isBulletChar(markerChar(line))) return undefined;
  const m = bulletItem.exec(line);
  return m && m[2].trim() ? { marker: m[1].length, text: m[2] } : undefined;
}

/** Whether `readListItem` reads `line` as an item (without making what it returns). */
export function isListItem(line: string): boolean {
  scanned('list-item', line.length);
  const c = markerChar(line);
  return isBulletChar(c) ? bulletHead.test(line) : c >= 48 && c <= 57 ? orderedHead.test(line) : false;
}

export function readListItem(line: string): { marker: number; text: string } | undefined {
  scanned('list-item', line.length);
  const c = markerChar(line);
  const m = isBulletChar(c) ? bulletItem.exec(line) : c >= 48 && c <= 57 ? orderedItem.exec(line) : null;
  return m ? { marker: m[1].length, text: m[2] } : undefined;
}

/** Number words a thesis line may use for its count, one to twenty. */
export const numberWords = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
/** The largest count a thesis line may give in digits: as many digits as a pillar number has, so
 * the `pillar-count` fix can write every count it finds (an article has at most `pillarLimit`). */
export const maxCount = pillarLimit;
const countToken = new RegExp(`\\b(${numberWords.join('|')}|\\d{1,3})\\b(?!\\s+of\\b)(?![.,]\\d)`, 'gi');

/** A thesis line announces a count: "here are five things …:", "Here are my 5 predictions". */
export function readThesis(line: string): { count: number; start: number; end: number } | undefined {
  scanned('thesis', line.length);
  const end = trimmedEnd(line);
  // `here's` is the shortest announcement.
  if (!(end > 0 && line.charCodeAt(end - 1) === 58) && (line.length < 6 || !/\bhere(?:['’]s| are| is)\b/i.test(line))) return undefined;
  countToken.lastIndex = 0;
  const m = countToken.exec(line);
  if (!m) return undefined;
  const word = m[1].toLowerCase();
  const count = /^\d+$/.test(word) ? Number(word) : numberWords.indexOf(word) + 1;
  if (count < 1) return undefined;
  return { count, start: m.index, end: m.index + m[1].length };
}

const sectionPatterns: { kind: SectionKind; pattern: RegExp }[] = [
  {
    kind: 'related',
    pattern: /^(?:related\s+(?:podcasts\s+and\s+articles|articles\s+and\s+podcasts|articles|podcasts)(?:\s+are)?|articles\s*\/\s*podcasts\s+cited\s+in\s+this\s+class)\s*(?::\s*([^]*))?$/i,
  },
  { kind: 'concepts', pattern: /^(?:from\s+the\s+concept\s+library,?\s*)?concepts?\s+for\s+this\s+(?:article|class)(?:\s+(?:are|is))?\s*(?::\s*([^]*))?$/i },
  { kind: 'companies', pattern: /^(?:from\s+the\s+company\s+library,?\s*)?compan(?:y|ies)\s+for\s+this\s+(?:article|class)(?:\s+(?:are|is))?\s*(?::\s*([^]*))?$/i },
];
/** Every header names one of these words: lines without them are not looked at further. */
const sectionWords = /related|articles|concept|compan/i;

/** A section header line (`Related articles:`, `From the Concept Library, concepts for this article are:` …),
 * written plainly, in bold, or as a heading. `rest` is what follows the colon on the same line. */
export function readSectionHeader(line: string): { kind: SectionKind; rest: string } | undefined {
  scanned('section-header', line.length);
  if (!sectionWords.test(line)) return undefined;
  const text = cleanHeader(line);
  for (const { kind, pattern } of sectionPatterns) {
    const m = pattern.exec(text);
    if (m) return { kind, rest: (m[1] ?? '').trim() };
  }
  return undefined;
}

function cleanHeader(line: string): string {
  let text = line.trim().replace(/^#{1,6}[ \t]+/, '');
  // A closing `#` run after white space, as ATX headings allow.
  let hashes = text.length;
  while (hashes > 0 && text.charCodeAt(hashes - 1) === 35) hashes--;
  if (hashes < text.length) {
    const space = endWithoutSpacesAndTabs(text, 0, hashes);
    if (space < hashes) text = text.slice(0, space);
  }
  // `**Header**: rest` and `**Header:**`: the bold markers go, the colon stays.
  const bold = text.startsWith('**') ? '**' : text.startsWith('__') ? '__' : undefined;
  if (bold) {
    const close = text.indexOf(bold, 2);
    if (close >= 0 && !containsTerminator(text, 2, close)) text = text.slice(2, close) + text.slice(close + 2);
  }
  const around = text.startsWith('**') ? '**' : text.startsWith('__') ? '__' : undefined;
  if (around && text.length >= 4 && text.endsWith(around) && !containsTerminator(text, 2, text.length - 2)) text = text.slice(2, -2);
  return text.trim();
}

/** `n/a` (or `none`) in place of a list: the writer says there is nothing to tag. */
export function isNone(text: string): boolean {
  return /^(?:n\/a|none|-)\.?$/i.test(cleanTitle(text).text.trim());
}

/** A thematic break (`***`, `---`, `___`) or a line of only dashes or em-dashes (`——`). */
export function readBreak(line: string): 'thematic-break' | 'dash-line' | undefined {
  scanned('break', line.length);
  // Both kinds start, after spaces and tabs, with one of `-*_–—`.
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  const c = line.charCodeAt(i);
  if (c !== 45 && c !== 42 && c !== 95 && c !== 0x2013 && c !== 0x2014) return undefined;
  if (/^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line)) return 'thematic-break';
  if (/^[ \t]*[-–—]{2,}[ \t]*$/.test(line)) return 'dash-line';
  return undefined;
}

/** A sub-point line: a short line ending in `:` (the caller checks that a bullet list follows). */
export function readSubPoint(line: string): { title: string; start: number } | undefined {
  scanned('sub-point', line.length);
  if (!endsWithColon(line)) return undefined;
  if (isListItem(line)) return undefined;
  const cleaned = cleanTitle(line);
  if (!cleaned.text || cleaned.text.length > 160) return undefined;
  return { title: cleaned.text, start: cleaned.start };
}

/** `…:`, `…:**`, `… : __ ` — a colon, then at most a closing bold marker and white space. */
function endsWithColon(line: string): boolean {
  let end = trimmedEnd(line);
  if (end > 0 && line.charCodeAt(end - 1) === 58) return true;
  if (end >= 2 && (line.startsWith('**', end - 2) || line.startsWith('__', end - 2))) {
    end = trimmedEnd(line, 0, end - 2);
    return end > 0 && line.charCodeAt(end - 1) === 58;
  }
  return false;
}

/** Whether a numbered item reads as a sentence (so it is a list item, not a pillar title). */
export function readsAsSentence(title: string): boolean {
  scanned('sentence', Math.min(title.length, 161));
  if (title.length > 160) return true;
  if (!/[.!?]["'’”)\]]*$/.test(title)) return false;
  const words = title.split(/\s+/).filter((w) => /^[("'“‘]?\p{L}{4,}/u.test(w));
  if (words.length < 3) return false;
  const capitalized = words.filter((w) => /^[("'“‘]?\p{Lu}/u.test(w)).length;
  return capitalized / words.length < 0.5;
}

export interface ReferenceMatch {
  name: string;
  label?: string;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
}

const referencePattern = /\[\[([^[\]|\\\n]+?)(?:\\?\|([^[\]\n]*?))?\]\]/g;

/** `[[Name]]` and `[[Name|shown text]]` (also `\|`, as written inside tables). */
export function findReferences(line: string): ReferenceMatch[] {
  scanned('references', line.length);
  const out: ReferenceMatch[] = [];
  // Every reference opens with `[[` and closes with a later `]]`.
  const open = line.indexOf('[[');
  if (open < 0 || line.indexOf(']]', open + 2) < 0) return out;
  referencePattern.lastIndex = 0;
  for (let m = referencePattern.exec(line); m; m = referencePattern.exec(line)) {
    const name = m[1].trim();
    if (!name) continue;
    const nameStart = m.index + 2 + (m[1].length - m[1].trimStart().length);
    out.push({ name, label: m[2]?.trim() || undefined, start: m.index, end: m.index + m[0].length, nameStart, nameEnd: nameStart + name.length });
  }
  return out;
}

export interface ItemReading {
  form: 'plain' | 'reference' | 'link';
  name: string;
  nameStart: number;
  nameEnd: number;
  target?: string;
  targetStart?: number;
  targetEnd?: number;
}

/** Reads a tag or related-article item's text (list marker removed). Offsets are within `text`. */
export function readItem(text: string): ItemReading {
  scanned('item', text.length);
  const ref = /^\s*\[\[([^[\]|\\]+?)(?:\\?\|[^[\]]*)?\]\]/.exec(text);
  if (ref) {
    const name = ref[1].trim();
    const nameStart = text.indexOf(name, text.indexOf('[[') + 2);
    return { form: 'reference', name, nameStart, nameEnd: nameStart + name.length };
  }
  const link = /^\s*\[([^\]]+)\]\(\s*(<[^>]*>|[^)\s]*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/.exec(text);
  if (link) {
    const name = link[1].trim();
    const nameStart = text.indexOf(name);
    const rawTarget = link[2];
    const target = rawTarget.startsWith('<') ? rawTarget.slice(1, -1) : rawTarget;
    const targetStart = text.indexOf(rawTarget, nameStart + name.length) + (rawTarget.startsWith('<') ? 1 : 0);
    return { form: 'link', name, nameStart, nameEnd: nameStart + name.length, target, targetStart, targetEnd: targetStart + target.length };
  }
  const cleaned = cleanTitle(text.slice(0, endWithoutSpacesAndTabs(text)));
  return { form: 'plain', name: cleaned.text, nameStart: cleaned.start, nameEnd: cleaned.start + cleaned.text.length };
}

const directiveHead = /\s*strategy-notes-(disable-next-line|disable-line|disable|enable)\b/y;

/** `<!-- strategy-notes-disable RULE … -->` directives in a comment. Scans once: a directive
 * with no `-->` after it ends the search (no later one can have one either). */
export function readDirectives(comment: string): { kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line'; rules: string[] }[] {
  scanned('directives', comment.length);
  const out: { kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line'; rules: string[] }[] = [];
  for (let from = 0; ; ) {
    const open = comment.indexOf('<!--', from);
    if (open < 0) break;
    directiveHead.lastIndex = open + 4;
    const m = directiveHead.exec(comment);
    if (!m) {
      from = open + 1;
      continue;
    }
    const body = directiveHead.lastIndex;
    const close = comment.indexOf('-->', body);
    if (close < 0) break;
    out.push({ kind: m[1] as 'disable', rules: comment.slice(body, close).split(/[\s,]+/).filter(Boolean) });
    from = close + 3;
  }
  return out;
}
