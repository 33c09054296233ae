// File summaries: what the workspace index keeps of each file — small, plain, serializable
// data (a later cache persists them by content hash). They are made from an ArticleModel,
// which is dropped afterwards: no syntax tree outlives the build of a summary.

import type { Config } from '../config';
import type { ArticleModel, Range, SectionItem } from '../dialect/model';
import { normalizeName } from '../dialect/text';
import { resolveLink } from './uris';

/** The format of file summaries as a persistent cache stores them (server/src/node/summary-cache.ts,
 * which also folds in package.json's version). Bump it whenever the model or a summary changes —
 * a field added, renamed or read differently, a line rule or the chunking changed — so caches
 * written before are ignored rather than trusted. */
export const summaryFormatVersion = 2;

/** The config values a file's summary depends on, besides its role (which the cache keys on): a
 * cache written under other values is ignored. None today — the indexer builds models with the
 * file name only (`summarizeText`), and no summary field reads the disclaimer pattern or the
 * rules' severities; a config value the summaries come to read is added here. */
export function summaryConfigFingerprint(_config: Config): string {
  return '';
}

export type EntryKind = 'concept' | 'company';
/** What a Markdown file is in the workspace, by the configured globs. */
export type FileRole = 'article' | 'concept-entry' | 'company-entry' | 'other';

export function entryKindOf(role: FileRole): EntryKind | undefined {
  return role === 'concept-entry' ? 'concept' : role === 'company-entry' ? 'company' : undefined;
}

export interface HeadingSummary {
  /** As written (its GitHub-style anchor: `slugsOf` in slugs.ts). */
  text: string;
  depth: number;
  range: Range;
}

/** Where an entry's aliases are written, so a fix can add one without rewriting the rest. */
export type AliasSpot =
  /** `aliases:` followed by `- name` lines: append after `lastItemLine`, with that indent. */
  | { form: 'list'; keyLine: number; lastItemLine: number; indent: string }
  /** `aliases: [a, b]` or `aliases: a`: replace `valueRange` with a flow sequence. */
  | { form: 'inline'; keyLine: number; valueRange: Range }
  /** Front matter without `aliases:`: insert before its closing line. */
  | { form: 'none'; closingLine: number }
  /** No front matter at all: insert one at the top. */
  | { form: 'no-front-matter' };

export interface EntrySummary {
  kind: 'entry';
  uri: string;
  entryKind: EntryKind;
  title: string;
  titleSource: 'front-matter' | 'heading' | 'file-name';
  /** Every place the title is written (front matter `title:` and a matching `# ` heading): rename edits these. */
  titleRanges: Range[];
  /** The front matter `title:` value's range (one of `titleRanges`) and its quote, when it is
   * quoted: a rename writes the new title as YAML that reads back the same. */
  frontMatterTitle?: { range: Range; quote?: '"' | "'" };
  aliases: { name: string; range?: Range }[];
  /** Front matter `summary:`, else the first paragraph. */
  summary: string;
  aliasSpot: AliasSpot;
  headings: HeadingSummary[];
  /** The file's line ending, for edits to it. */
  eol: string;
  /** Lines in the file (for a whole-file range). */
  lineCount: number;
}

export interface TagSummary {
  section: 'concepts' | 'companies';
  /** The name as written (plain text, the reference's target, or the link text). */
  name: string;
  form: SectionItem['form'];
  /** For a link item: the destination as written (messages quote it). */
  target?: string;
  /** For a link item: where it points, resolved against the article. */
  targetUri?: string;
  range: Range;
  nameRange: Range;
}

export interface ReferenceSummary {
  name: string;
  range: Range;
  nameRange: Range;
}

export interface RelatedSummary {
  name: string;
  form: SectionItem['form'];
  /** The destination as written, `#fragment` included. */
  target?: string;
  /** The destination resolved to a file URI (absent for web links and plain titles). */
  targetUri?: string;
  /** The decoded `#fragment`, when the link has one. */
  fragment?: string;
  range: Range;
  nameRange: Range;
  targetRange?: Range;
}

export interface SectionSpot {
  headerLine: number;
  /** Last line of the section (header or last item). */
  lastLine: number;
  /** The list marker the items use (`- `), for inserted items. */
  marker: string;
  none: boolean;
}

export interface ArticleFileSummary {
  kind: 'article';
  uri: string;
  title: string;
  titleRange?: Range;
  headings: HeadingSummary[];
  pillars: { number: number; title: string; range: Range }[];
  tags: TagSummary[];
  references: ReferenceSummary[];
  related: RelatedSummary[];
  sections: { concepts?: SectionSpot; companies?: SectionSpot; related?: SectionSpot };
  eol: string;
  lineCount: number;
  /** Last line holding text, for fixes that append a section. */
  lastTextLine: number;
}

/** A Markdown file that is neither an article nor an entry (a readme): a link target. */
export interface OtherFileSummary {
  kind: 'other';
  uri: string;
  title: string;
  headings: HeadingSummary[];
}

export type FileSummary = EntrySummary | ArticleFileSummary | OtherFileSummary;

/** The summary of a file from its model. `lines` is the file's text split into lines (for front matter). */
export function summarize(uri: string, role: FileRole, model: ArticleModel, lines: readonly string[]): FileSummary {
  const headings = model.headings.map((h): HeadingSummary => ({ text: h.text, depth: h.depth, range: h.range }));
  const kind = entryKindOf(role);
  if (kind) return entrySummary(uri, kind, model, lines, headings);
  if (role === 'article') return articleSummary(uri, model, lines, headings);
  return { kind: 'other', uri, title: model.title.text, headings };
}

function articleSummary(uri: string, model: ArticleModel, lines: readonly string[], headings: HeadingSummary[]): ArticleFileSummary {
  const tags: TagSummary[] = [];
  for (const section of ['concepts', 'companies'] as const) {
    for (const item of model[section]?.items ?? []) {
      if (!item.name) continue;
      const target = item.form === 'link' ? item.target : undefined;
      const targetUri = target ? resolveLink(uri, target)?.uri : undefined;
      tags.push({ section, name: item.name, form: item.form, target, targetUri, range: item.range, nameRange: item.nameRange });
    }
  }
  const related: RelatedSummary[] = (model.related?.items ?? []).map((item) => {
    const link = item.form === 'link' && item.target ? resolveLink(uri, item.target) : undefined;
    return {
      name: item.name,
      form: item.form,
      target: item.target,
      targetUri: link?.uri,
      fragment: link?.fragment,
      range: item.range,
      nameRange: item.nameRange,
      targetRange: item.targetRange,
    };
  });
  const spot = (section: 'concepts' | 'companies' | 'related') => {
    const s = model[section];
    if (!s) return undefined;
    const lastLine = s.range.end.line;
    const marker = /^( {0,3}[-*+][ \t]+)/.exec(lines[s.items[0]?.range.start.line ?? -1] ?? '')?.[1] ?? '- ';
    return { headerLine: s.headerRange.start.line, lastLine, marker, none: s.none };
  };
  return {
    kind: 'article',
    uri,
    title: model.title.text,
    titleRange: model.title.range,
    headings,
    pillars: model.pillars.map((p) => ({ number: p.number, title: p.title, range: p.selectionRange })),
    tags,
    references: model.references.map((r) => ({ name: r.name, range: r.range, nameRange: r.nameRange })),
    related,
    sections: { concepts: spot('concepts'), companies: spot('companies'), related: spot('related') },
    eol: model.eol,
    lineCount: model.lineCount,
    lastTextLine: model.lastTextLine,
  };
}

function entrySummary(uri: string, entryKind: EntryKind, model: ArticleModel, lines: readonly string[], headings: HeadingSummary[]): EntrySummary {
  const fm = model.frontMatter;
  const data = fm?.data ?? {};
  const fmLines = fm ? fm.range.end.line : -1;
  const keyLine = (key: string) => {
    for (let l = 1; l < fmLines; l++) if (new RegExp(`^${key}[ \\t]*:`).test(lines[l])) return l;
    return -1;
  };

  let title = '';
  let titleSource: EntrySummary['titleSource'] = 'file-name';
  const titleRanges: Range[] = [];
  let frontMatterTitle: EntrySummary['frontMatterTitle'];
  const h1 = model.headings.find((h) => h.depth === 1);
  if (typeof data.title === 'string' && data.title.trim()) {
    title = data.title.trim();
    titleSource = 'front-matter';
    const l = keyLine('title');
    const range = l >= 0 ? withoutQuotes(lines[l], valueRange(lines[l], l)) : undefined;
    if (range && lines[l].slice(range.start.character, range.end.character).trim() === title) {
      titleRanges.push(range);
      const before = lines[l][range.start.character - 1];
      frontMatterTitle = (before === '"' || before === "'") && lines[l][range.end.character] === before ? { range, quote: before } : { range };
    }
    if (h1 && normalizeName(h1.text) === normalizeName(title)) titleRanges.push(h1.range);
  } else if (h1) {
    title = h1.text;
    titleSource = 'heading';
    titleRanges.push(h1.range);
  } else {
    title = model.title.text;
  }

  const aliases = readAliases(data.aliases, lines, keyLine('aliases'), fmLines);
  const summaryText = typeof data.summary === 'string' && data.summary.trim() ? data.summary.trim() : (model.firstParagraph ?? '');

  let aliasSpot: AliasSpot;
  const aliasKey = keyLine('aliases');
  if (!fm) aliasSpot = { form: 'no-front-matter' };
  else if (aliasKey < 0) aliasSpot = { form: 'none', closingLine: fm.range.end.line };
  else {
    const rest = lines[aliasKey].replace(/^aliases[ \t]*:/, '').trim();
    if (rest) aliasSpot = { form: 'inline', keyLine: aliasKey, valueRange: valueRange(lines[aliasKey], aliasKey) };
    else {
      let last = aliasKey;
      let indent = '  ';
      for (let l = aliasKey + 1; l < fmLines && /^[ \t]*-[ \t]/.test(lines[l]); l++) {
        last = l;
        indent = /^([ \t]*)-/.exec(lines[l])![1];
      }
      aliasSpot = last === aliasKey ? { form: 'inline', keyLine: aliasKey, valueRange: valueRange(lines[aliasKey], aliasKey) } : { form: 'list', keyLine: aliasKey, lastItemLine: last, indent };
    }
  }

  return { kind: 'entry', uri, entryKind, title, titleSource, titleRanges, ...(frontMatterTitle ? { frontMatterTitle } : {}), aliases, summary: clip(summaryText, 500), aliasSpot, headings, eol: model.eol, lineCount: model.lineCount };
}

/** `aliases:` as a YAML list, a flow sequence or one string; with ranges where they can be found. */
function readAliases(value: unknown, lines: readonly string[], keyLine: number, fmEnd: number): EntrySummary['aliases'] {
  const names = (Array.isArray(value) ? value : typeof value === 'string' ? [value] : [])
    .filter((v): v is string | number => (typeof v === 'string' || typeof v === 'number') && String(v).trim() !== '')
    .map((v) => String(v).trim());
  if (names.length === 0) return [];
  const searchFrom = keyLine >= 0 ? keyLine : 1;
  return names.map((name) => {
    for (let l = searchFrom; l < Math.max(fmEnd, searchFrom + 1) && l < lines.length; l++) {
      const at = lines[l].indexOf(name, l === keyLine ? lines[l].indexOf(':') + 1 : 0);
      if (at >= 0) return { name, range: { start: { line: l, character: at }, end: { line: l, character: at + name.length } } };
    }
    return { name };
  });
}

/** The value after `key:` on a front matter line, quotes included. */
function valueRange(line: string, l: number): Range {
  const colon = line.indexOf(':');
  const rest = line.slice(colon + 1);
  const start = colon + 1 + (rest.length - rest.trimStart().length);
  const end = line.replace(/[ \t]+(?:#.*)?$/, '').length;
  return { start: { line: l, character: start }, end: { line: l, character: Math.max(start, end) } };
}

/** A quoted value's range without its quotes (a rename edits what is between them). */
function withoutQuotes(line: string, range: Range): Range {
  const text = line.slice(range.start.character, range.end.character);
  if (!/^(["']).*\1$/.test(text) || text.length < 2) return range;
  return { start: { ...range.start, character: range.start.character + 1 }, end: { ...range.end, character: range.end.character - 1 } };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1).trimEnd() + '…';
}
