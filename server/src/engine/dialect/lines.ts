// The dialect's line rules: what one line of an article says, by its text alone.
// The article builder decides which of these readings count, from where the line stands.

import type { SectionKind } from './model';

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
const pillarPattern = /^((?:\*\*|__)?(?:[\p{L}][\p{L}'’-]*[ \t]+)?#?)(\d{1,3})(?:[.):](?:\*\*|__)?[ \t]+|[ \t]+[–—-][ \t]+)(\S.*?)[ \t]*$/du;

/** Reads `text` (a heading's text or a whole line) as a numbered pillar title. */
export function readPillar(text: string, offset = 0): PillarLine | undefined {
  const m = pillarPattern.exec(text);
  if (!m?.indices) return undefined;
  // `**1. Title**`: the bold opened before the number closes after the title.
  const bold = m[1].startsWith('**') ? /\*\*(:?)$/ : m[1].startsWith('__') ? /__(:?)$/ : undefined;
  const cleaned = cleanTitle(bold ? m[3].replace(bold, '$1') : m[3]);
  if (!cleaned.text) return undefined;
  const [numberStart, numberEnd] = m.indices[2];
  const titleStart = offset + m.indices[3][0] + cleaned.start;
  return { number: Number(m[2]), title: cleaned.text, numberStart: offset + numberStart, numberEnd: offset + numberEnd, titleStart, titleEnd: titleStart + cleaned.text.length };
}

/** Strips a trailing `:` and emphasis markers around a title; returns where the title starts within `raw`. */
export function cleanTitle(raw: string): { text: string; start: number } {
  let start = 0;
  let text = raw.trim();
  start = raw.indexOf(text);
  for (;;) {
    const before = text;
    const em = /^(\*\*|__|\*|_)(.*)\1$/.exec(text);
    if (em) {
      start += em[1].length;
      text = em[2];
    }
    if (text.endsWith(':')) text = text.slice(0, -1);
    const trailingEm = /^(\*\*|__)(.*?)\1(:?)$/.exec(text);
    if (trailingEm) {
      start += trailingEm[1].length;
      text = trailingEm[2];
    }
    const lead = text.length - text.trimStart().length;
    start += lead;
    text = text.trim();
    if (text === before) break;
  }
  return { text, start };
}

/** A heading line's text without its `#` markers (ATX) and where that text starts. */
export function headingText(line: string): { text: string; start: number } {
  const m = /^( {0,3}#{1,6}[ \t]*)(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
  if (!m) {
    const text = line.trim();
    return { text, start: line.indexOf(text) };
  }
  return { text: m[2], start: m[1].length };
}

// "a list item" markers, as written at the start of a line.
const bulletItem = /^( {0,3}[-*+][ \t]+)(.*)$/;
const orderedItem = /^( {0,3}\d{1,9}[.)][ \t]+)(.*)$/;

export function readBullet(line: string): { marker: number; text: string } | undefined {
  const m = bulletItem.exec(line);
  return m && m[2].trim() ? { marker: m[1].length, text: m[2] } : undefined;
}

export function readListItem(line: string): { marker: number; text: string } | undefined {
  const m = bulletItem.exec(line) ?? orderedItem.exec(line);
  return m ? { marker: m[1].length, text: m[2] } : undefined;
}

/** Number words a thesis line may use for its count, one to twenty. */
export const numberWords = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const countToken = new RegExp(`\\b(${numberWords.join('|')}|\\d{1,2})\\b(?!\\s+of\\b)(?![.,]\\d)`, 'gi');

/** A thesis line announces a count: "here are five things …:", "Here are my 5 predictions". */
export function readThesis(line: string): { count: number; start: number; end: number } | undefined {
  const trimmed = line.trim();
  if (!/:\s*$/.test(trimmed) && !/\bhere(?:['’]s| are| is)\b/i.test(trimmed)) return undefined;
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
    pattern: /^(?:related\s+(?:podcasts\s+and\s+articles|articles\s+and\s+podcasts|articles|podcasts)(?:\s+are)?|articles\s*\/\s*podcasts\s+cited\s+in\s+this\s+class)\s*(?::\s*(.*))?$/i,
  },
  { kind: 'concepts', pattern: /^(?:from\s+the\s+concept\s+library,?\s*)?concepts?\s+for\s+this\s+(?:article|class)(?:\s+(?:are|is))?\s*(?::\s*(.*))?$/i },
  { kind: 'companies', pattern: /^(?:from\s+the\s+company\s+library,?\s*)?compan(?:y|ies)\s+for\s+this\s+(?:article|class)(?:\s+(?:are|is))?\s*(?::\s*(.*))?$/i },
];

/** A section header line (`Related articles:`, `From the Concept Library, concepts for this article are:` …),
 * written plainly, in bold, or as a heading. `rest` is what follows the colon on the same line. */
export function readSectionHeader(line: string): { kind: SectionKind; rest: string } | undefined {
  const text = cleanHeader(line);
  for (const { kind, pattern } of sectionPatterns) {
    const m = pattern.exec(text);
    if (m) return { kind, rest: (m[1] ?? '').trim() };
  }
  return undefined;
}

function cleanHeader(line: string): string {
  let text = line.trim().replace(/^#{1,6}[ \t]+/, '').replace(/[ \t]+#+$/, '');
  text = text.replace(/^(\*\*|__)(.*?)\1(:?)/, '$2$3').replace(/^(\*\*|__)(.*)\1$/, '$2');
  return text.trim();
}

/** `n/a` (or `none`) in place of a list: the writer says there is nothing to tag. */
export function isNone(text: string): boolean {
  return /^(?:n\/a|none|-)\.?$/i.test(cleanTitle(text).text.trim());
}

/** A thematic break (`***`, `---`, `___`) or a line of only dashes or em-dashes (`——`). */
export function readBreak(line: string): 'thematic-break' | 'dash-line' | undefined {
  if (/^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line)) return 'thematic-break';
  if (/^[ \t]*[-–—]{2,}[ \t]*$/.test(line)) return 'dash-line';
  return undefined;
}

/** A sub-point line: a short line ending in `:` (the caller checks that a bullet list follows). */
export function readSubPoint(line: string): { title: string; start: number } | undefined {
  if (!/:\s*(?:\*\*|__)?\s*$/.test(line)) return undefined;
  if (readListItem(line)) return undefined;
  const cleaned = cleanTitle(line);
  if (!cleaned.text || cleaned.text.length > 160) return undefined;
  return { title: cleaned.text, start: cleaned.start };
}

/** Whether a numbered item reads as a sentence (so it is a list item, not a pillar title). */
export function readsAsSentence(title: string): boolean {
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
  const out: ReferenceMatch[] = [];
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
  const cleaned = cleanTitle(text.replace(/[ \t]+$/, ''));
  return { form: 'plain', name: cleaned.text, nameStart: cleaned.start, nameEnd: cleaned.start + cleaned.text.length };
}

const directivePattern = /<!--\s*strategy-notes-(disable-next-line|disable-line|disable|enable)\b([\s\S]*?)-->/g;

export function readDirectives(comment: string): { kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line'; rules: string[] }[] {
  const out: { kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line'; rules: string[] }[] = [];
  directivePattern.lastIndex = 0;
  for (let m = directivePattern.exec(comment); m; m = directivePattern.exec(comment)) {
    out.push({ kind: m[1] as 'disable', rules: m[2].split(/[\s,]+/).filter(Boolean) });
  }
  return out;
}
