// What a summary cache holds, checked as it is read back (summary-cache.ts): a cache is never
// trusted, so every entry must be a summary the index can hold, and every kept check the data the
// library rules read, field by field; anything else is a miss and is rebuilt.

import type { ArticleModel } from '../engine/dialect/model';
import type { ArticleDiagnostic } from '../engine/features/diagnostics';
import type { LocalCheck } from '../engine/features/split-check';
import type { FileRole, FileSummary } from '../engine/workspace/summary';

export const roles: readonly string[] = ['article', 'concept-entry', 'company-entry', 'other'];
const forms: readonly string[] = ['plain', 'reference', 'link'];

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isLine = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const isPosition = (v: unknown) => isObject(v) && isLine(v.line) && isLine(v.character);
const isRange = (v: unknown) => isObject(v) && isPosition(v.start) && isPosition(v.end);
const arrayOf = (v: unknown, check: (v: unknown) => boolean) => Array.isArray(v) && v.every(check);
const isHeading = (v: unknown) => isObject(v) && isString(v.text) && isLine(v.depth) && isRange(v.range);

/** A summary of the right kind for the role, for this URI, with every field the index and features read. */
export function isSummary(v: unknown, uri: string, role: FileRole): v is FileSummary {
  if (!isObject(v) || v.uri !== uri || !isString(v.title) || !arrayOf(v.headings, isHeading)) return false;
  if (role === 'other') return v.kind === 'other';
  if (role === 'article') return v.kind === 'article' && isArticle(v);
  return v.kind === 'entry' && v.entryKind === (role === 'concept-entry' ? 'concept' : 'company') && isEntrySummary(v);
}

function isArticle(v: Record<string, unknown>): boolean {
  const isTag = (t: unknown) =>
    isObject(t) && (t.section === 'concepts' || t.section === 'companies') && isString(t.name) && isString(t.form) && forms.includes(t.form) && optional(t.targetUri, isString) && isRange(t.range) && isRange(t.nameRange);
  const isReference = (r: unknown) => isObject(r) && isString(r.name) && isRange(r.range) && isRange(r.nameRange);
  const isRelated = (r: unknown) =>
    isObject(r) &&
    isString(r.name) &&
    isString(r.form) &&
    forms.includes(r.form) &&
    optional(r.target, isString) &&
    optional(r.targetUri, isString) &&
    optional(r.fragment, isString) &&
    isRange(r.range) &&
    isRange(r.nameRange) &&
    optional(r.targetRange, isRange);
  const isSpot = (s: unknown) => isObject(s) && isLine(s.headerLine) && isLine(s.lastLine) && isString(s.marker) && typeof s.none === 'boolean';
  const sections = v.sections;
  return (
    optional(v.titleRange, isRange) &&
    arrayOf(v.pillars, (p) => isObject(p) && isLine(p.number) && isString(p.title) && isRange(p.range)) &&
    arrayOf(v.tags, isTag) &&
    arrayOf(v.references, isReference) &&
    arrayOf(v.related, isRelated) &&
    isObject(sections) &&
    optional(sections.concepts, isSpot) &&
    optional(sections.companies, isSpot) &&
    optional(sections.related, isSpot) &&
    isString(v.eol) &&
    isLine(v.lineCount) &&
    Number.isInteger(v.lastTextLine)
  );
}

function isEntrySummary(v: Record<string, unknown>): boolean {
  const spot = v.aliasSpot;
  const isSpot =
    isObject(spot) &&
    ((spot.form === 'list' && isLine(spot.keyLine) && isLine(spot.lastItemLine) && isString(spot.indent)) ||
      (spot.form === 'inline' && isLine(spot.keyLine) && isRange(spot.valueRange)) ||
      (spot.form === 'none' && isLine(spot.closingLine)) ||
      spot.form === 'no-front-matter');
  const fmTitle = v.frontMatterTitle;
  return (
    (v.titleSource === 'front-matter' || v.titleSource === 'heading' || v.titleSource === 'file-name') &&
    arrayOf(v.titleRanges, isRange) &&
    optional(fmTitle, (t) => isObject(t) && isRange(t.range) && (t.quote === undefined || t.quote === '"' || t.quote === "'")) &&
    arrayOf(v.aliases, (a) => isObject(a) && isString(a.name) && optional(a.range, isRange)) &&
    isString(v.summary) &&
    isSpot &&
    isString(v.eol) &&
    isLine(v.lineCount)
  );
}

// ---- kept checks: the local half of a file's check (split-check.ts), as a report needs it -----

const severities: readonly string[] = ['error', 'warning', 'info'];
const directiveKinds: readonly string[] = ['disable', 'enable', 'disable-next-line', 'disable-line'];
const sectionKinds: readonly string[] = ['related', 'concepts', 'companies'];

/** A finding as a report shows it (its fixes are not kept: a run that fixes does not use the cache's checks). */
const isFinding = (v: unknown) => isObject(v) && isString(v.rule) && isString(v.severity) && severities.includes(v.severity) && isString(v.message) && isRange(v.range);

const isItem = (v: unknown) =>
  isObject(v) &&
  isString(v.text) &&
  isRange(v.range) &&
  isString(v.form) &&
  forms.includes(v.form) &&
  isString(v.name) &&
  optional(v.target, isString) &&
  isRange(v.nameRange) &&
  optional(v.targetRange, isRange);

const isSection = (kind: string) => (v: unknown) =>
  isObject(v) && v.kind === kind && sectionKinds.includes(kind) && isRange(v.range) && isRange(v.headerRange) && isString(v.header) && typeof v.none === 'boolean' && arrayOf(v.items, isItem);

/** The model fields the library rules and `checkArticle` read, each checked; a model rebuilt from
 * them alone (nothing else read back is kept). */
function libraryModelOf(v: unknown, summary: FileSummary): ArticleModel | undefined {
  if (!isObject(v)) return undefined;
  const title = v.title;
  const frontMatter = v.frontMatter;
  const openAtEnd = v.openAtEnd;
  const closing = v.closing;
  const ok =
    Number.isInteger(v.version) &&
    typeof v.analyzed === 'boolean' &&
    isLine(v.lineCount) &&
    isPosition(v.end) &&
    Number.isInteger(v.lastTextLine) &&
    isLine(v.lastTextLineLength) &&
    (v.eol === '\n' || v.eol === '\r\n' || v.eol === '\r') &&
    isObject(title) &&
    isString(title.text) &&
    (title.source === 'heading' || title.source === 'front-matter' || title.source === 'file-name') &&
    optional(title.range, isRange) &&
    optional(frontMatter, (f) => isObject(f) && isRange(f.range) && isObject(f.data)) &&
    optional(openAtEnd, (o) => isObject(o) && (o.construct === 'fence' || o.construct === 'comment' || o.construct === 'html') && isLine(o.line) && isString(o.closer)) &&
    optional(closing, (c) => isObject(c) && (c.kind === 'thematic-break' || c.kind === 'dash-line' || c.kind === 'section') && isRange(c.range)) &&
    optional(v.pillarStyle, (s) => s === 'heading' || s === 'line') &&
    optional(v.pillarLevel, isLine) &&
    optional(v.related, isSection('related')) &&
    optional(v.concepts, isSection('concepts')) &&
    optional(v.companies, isSection('companies')) &&
    optional(v.references, (refs) => arrayOf(refs, (r) => isObject(r) && isString(r.name) && optional(r.label, isString) && isRange(r.range) && isRange(r.nameRange))) &&
    (v.references !== undefined || summary.kind === 'article') &&
    arrayOf(v.directives, (d) => isObject(d) && isString(d.kind) && directiveKinds.includes(d.kind) && arrayOf(d.rules, isString) && isLine(d.line));
  if (!ok) return undefined;
  const m = v as unknown as ArticleModel;
  return {
    version: m.version,
    analyzed: m.analyzed,
    lineCount: m.lineCount,
    end: m.end,
    lastTextLine: m.lastTextLine,
    lastTextLineLength: m.lastTextLineLength,
    openAtEnd: m.openAtEnd,
    eol: m.eol,
    title: m.title,
    frontMatter: m.frontMatter,
    pillarStyle: m.pillarStyle,
    pillarLevel: m.pillarLevel,
    pillars: [],
    closing: m.closing,
    related: m.related,
    concepts: m.concepts,
    companies: m.companies,
    // Kept once, in the summary (the same model made both): headings always, an article's references.
    references: m.references ?? (summary.kind === 'article' ? summary.references.map((r) => ({ name: r.name, range: r.range, nameRange: r.nameRange })) : []),
    headings: summary.headings.map((h) => ({ text: h.text, depth: h.depth, line: h.range.start.line, range: h.range })),
    directives: m.directives,
    problems: [],
  };
}

/** A kept check read back beside its (validated) summary, when every part of it checks out (undefined: a miss). */
export function localCheckOf(v: unknown, summary: FileSummary): LocalCheck | undefined {
  if (!isObject(v) || !arrayOf(v.local, isFinding)) return undefined;
  const libraryModel = libraryModelOf(v.libraryModel, summary);
  if (!libraryModel) return undefined;
  const local = (v.local as ArticleDiagnostic[]).map((d) => ({ rule: d.rule, severity: d.severity, message: d.message, range: d.range, fixes: [] }));
  return { local, libraryModel };
}
