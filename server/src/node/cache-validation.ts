// What a summary cache holds, checked as it is read back (summary-cache.ts): a cache is never
// trusted, so every entry must be a summary the index can hold, and every kept check the data the
// library rules read, field by field; anything else is a miss and is rebuilt.

import type { ArticleDiagnostic } from '../engine/features/diagnostics';
import type { LibraryRest, LocalCheck } from '../engine/features/split-check';
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
    isObject(t) && (t.section === 'concepts' || t.section === 'companies') && isString(t.name) && isString(t.form) && forms.includes(t.form) && optional(t.target, isString) && optional(t.targetUri, isString) && isRange(t.range) && isRange(t.nameRange);
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

/** A finding as a report shows it (its fixes are not kept: a run that fixes does not use the cache's checks). */
const isFinding = (v: unknown) => isObject(v) && isString(v.rule) && isString(v.severity) && severities.includes(v.severity) && isString(v.message) && isRange(v.range);

const isTitle = (t: unknown) => isObject(t) && isString(t.text) && (t.source === 'heading' || t.source === 'front-matter' || t.source === 'file-name') && optional(t.range, isRange);

/** The rest of a kept check (split-check.ts `LibraryRest`), each field checked; rebuilt from them alone (nothing else read back is kept). */
function restOf(v: unknown, summary: FileSummary): LibraryRest | undefined {
  if (!isObject(v)) return undefined;
  const entry = v.entry;
  const ok =
    typeof v.analyzed === 'boolean' &&
    isPosition(v.end) &&
    arrayOf(v.directives, (d) => isObject(d) && isString(d.kind) && directiveKinds.includes(d.kind) && arrayOf(d.rules, isString) && isLine(d.line)) &&
    (summary.kind === 'entry'
      ? isObject(entry) && isTitle(entry.title) && optional(entry.frontMatter, (f) => isObject(f) && isRange(f.range) && isObject(f.data))
      : entry === undefined);
  if (!ok) return undefined;
  const r = v as unknown as LibraryRest;
  return { analyzed: r.analyzed, directives: r.directives, end: r.end, ...(r.entry ? { entry: { title: r.entry.title, frontMatter: r.entry.frontMatter } } : {}) };
}

/** A kept check read back beside its (validated) summary, when every part of it checks out (undefined: a miss). */
export function localCheckOf(v: unknown, summary: FileSummary): LocalCheck | undefined {
  if (!isObject(v) || !arrayOf(v.local, isFinding)) return undefined;
  const rest = restOf(v.rest, summary);
  if (!rest) return undefined;
  const local = (v.local as ArticleDiagnostic[]).map((d) => ({ rule: d.rule, severity: d.severity, message: d.message, range: d.range, fixes: [] }));
  return { local, summary, rest };
}
