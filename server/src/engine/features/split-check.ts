// A file's check in two halves, so a whole-workspace run (the CLI, the server's workspace
// diagnostics) builds each model once, on the thread that summarizes the file for the index:
// there the rules that read only the document run at once (`checkLocally`); once the index is
// complete, `finishCheck` runs the library rules on a model made from the file's summary and the
// little of the model the summary does not hold (`LibraryRest`). So what is kept of a file
// between the halves — across threads, in the cache, for every closed file — is its summary,
// which the index holds anyway, plus a few bytes. The two halves give exactly what
// `checkDocument` gives on the whole model, less the library rules' fixes (a report, not an
// editor's quick fix: test/unit/split-check.test.ts).

import type { ArticleModel, ArticleSection, Position, RuleDirective, SectionItem } from '../dialect/model';
import { defaultDisclaimerPattern, type ArticleBuilder } from '../dialect/article';
import { withoutBom } from '../dialect/bom';
import { splitLines } from '../dialect/text';
import type { Config } from '../config';
import { allRules } from '../rules';
import type { LibraryContext, Rule } from '../rules/rule';
import { fileNameOf } from '../workspace/uris';
import { summarize, type ArticleFileSummary, type FileRole, type FileSummary, type SectionSpot } from '../workspace/summary';
import { byPosition, checkArticle, rulesFor, type ArticleDiagnostic } from './diagnostics';

/** What the library rules read of a model that its file's summary does not hold. */
export interface LibraryRest {
  analyzed: boolean;
  /** The inline disable comments. */
  directives: RuleDirective[];
  end: Position;
  /** An entry's: the model's title and, of its front matter, the title and aliases (duplicate-entry-name reads them). */
  entry?: { title: ArticleModel['title']; frontMatter?: ArticleModel['frontMatter'] };
}

export interface LocalCheck {
  /** The findings of the rules that read only the document, and the model's own problems. */
  local: ArticleDiagnostic[];
  /** The summary made from the same model (the one the index holds for this text). */
  summary: FileSummary;
  rest: LibraryRest;
}

export type CheckedKind = 'article' | 'entry';

export function checkedKind(role: FileRole): CheckedKind | undefined {
  return role === 'article' ? 'article' : role === 'other' ? undefined : 'entry';
}

function rulesReading(kind: CheckedKind, readsLibrary: boolean): Rule[] {
  return rulesFor(kind).filter((r) => (r.readsLibrary ?? false) === readsLibrary);
}

/** `withFixes` false: the findings come without fixes (a run that reports them, not one that fixes).
 * `summary` is the file's, made from this model. */
export function checkLocally(model: ArticleModel, summary: FileSummary, config: Config, kind: CheckedKind, withFixes = true): LocalCheck {
  const fm = model.frontMatter;
  const entry = kind === 'entry' ? { title: model.title, frontMatter: fm && { range: fm.range, data: pick(fm.data, ['title', 'aliases']) } } : undefined;
  return {
    local: checkArticle(model, config, rulesReading(kind, false), undefined, withFixes),
    summary,
    rest: { analyzed: model.analyzed, directives: model.directives, end: model.end, ...(entry ? { entry } : {}) },
  };
}

/** The model the library rules read, from a file's summary and the rest of its check: what those
 * rules read for their findings is the model's; the rest is left empty (no pillars, no problems,
 * no item texts), a section's ranges are its lines, and an article's title source is not kept. Not
 * a model to make fixes from: those come from the open document's own model. */
export function libraryModelOf(summary: FileSummary, rest: LibraryRest): ArticleModel {
  const article = summary.kind === 'article' ? summary : undefined;
  const lineCount = summary.kind === 'other' ? 0 : summary.lineCount;
  return {
    version: 0,
    analyzed: rest.analyzed,
    lineCount,
    end: rest.end,
    lastTextLine: article?.lastTextLine ?? -1,
    lastTextLineLength: 0,
    eol: (summary.kind === 'other' ? '\n' : summary.eol) as ArticleModel['eol'],
    title: rest.entry?.title ?? { text: summary.title, source: 'heading', range: article?.titleRange },
    frontMatter: rest.entry?.frontMatter,
    pillars: [],
    related: article && sectionOf(article, 'related'),
    concepts: article && sectionOf(article, 'concepts'),
    companies: article && sectionOf(article, 'companies'),
    references: article ? article.references.map((r) => ({ name: r.name, range: r.range, nameRange: r.nameRange })) : [],
    headings: summary.headings.map((h) => ({ text: h.text, depth: h.depth, line: h.range.start.line, range: h.range })),
    directives: rest.directives,
    problems: [],
  };
}

function sectionOf(article: ArticleFileSummary, kind: ArticleSection['kind']): ArticleSection | undefined {
  const spot: SectionSpot | undefined = article.sections[kind];
  if (!spot) return undefined;
  const items: SectionItem[] =
    kind === 'related'
      ? article.related.map((r) => ({ text: '', range: r.range, form: r.form, name: r.name, target: r.target, nameRange: r.nameRange, targetRange: r.targetRange }))
      : article.tags.filter((t) => t.section === kind).map((t) => ({ text: '', range: t.range, form: t.form, name: t.name, target: t.target, nameRange: t.nameRange }));
  const header = { start: { line: spot.headerLine, character: 0 }, end: { line: spot.headerLine, character: 0 } };
  return { kind, range: { start: header.start, end: { line: spot.lastLine, character: 0 } }, headerRange: header, header: '', none: spot.none, items };
}

function pick(data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (Object.hasOwn(data, key)) out[key] = data[key];
  return out;
}

const fingerprints = new WeakMap<Config, string>();

/** Everything of the config a file's local check depends on, as one string: a check kept under
 * another one is not used. (Made once per Config: a resolved config is not changed.) */
export function checkConfigFingerprint(config: Config): string {
  let known = fingerprints.get(config);
  if (known === undefined) fingerprints.set(config, (known = fingerprintOf(config)));
  return known;
}

function fingerprintOf(config: Config): string {
  const rules = Object.keys(config.rules)
    .sort()
    .map((id) => [id, config.rules[id]]);
  return JSON.stringify([rules, config.disclaimer.pattern.source, config.disclaimer.text, config.library, config.articles, config.exclude]);
}

const order = new Map(allRules.map((r, i) => [r.id, i]));

/** The whole check: the local half and the library rules' findings (without fixes), in `checkDocument`'s order. */
export function finishCheck(check: LocalCheck, config: Config, kind: CheckedKind, library?: LibraryContext): ArticleDiagnostic[] {
  const rest = library ? checkArticle(libraryModelOf(check.summary, check.rest), config, rulesReading(kind, true), library, false) : [];
  if (rest.length === 0) return check.local;
  // At one position, findings come in the rule list's order (problems first), as checkDocument sorts them.
  const rank = (d: ArticleDiagnostic) => order.get(d.rule) ?? -1;
  return [...check.local, ...rest].sort((a, b) => byPosition(a, b) || rank(a) - rank(b));
}

/** A file's summary for the index and, for an article or entry, the local half of its check: one
 * model serves both unless the config's disclaimer pattern is not the default (the summary is
 * made under the default, as every summary is). */
export function summarizeAndCheck(
  uri: string,
  role: FileRole,
  text: string,
  builder: ArticleBuilder,
  config: Config,
  withFixes = true,
): { summary: FileSummary; check?: LocalCheck } {
  const shown = withoutBom(text);
  const fileName = fileNameOf(uri);
  const model = builder.build(shown, 0, { fileName });
  const summary = summarize(uri, role, model, splitLines(shown));
  const kind = checkedKind(role);
  if (!kind) return { summary };
  const checked = config.disclaimer.pattern === defaultDisclaimerPattern ? model : builder.build(shown, 0, { fileName, disclaimerPattern: config.disclaimer.pattern });
  return { summary, check: checkLocally(checked, summary, config, kind, withFixes) };
}
