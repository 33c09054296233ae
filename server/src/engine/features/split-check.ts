// A file's check in two halves, so a whole-workspace run (the CLI) builds each model once, on the
// thread that summarizes the file for the index: there the rules that read only the document run
// at once (`checkLocally`), and what the library rules read of the model is kept (`libraryModel`);
// once the index is complete, `finishCheck` runs the library rules on that. The two halves give
// exactly what `checkDocument` gives on the whole model (test/unit/split-check.test.ts).

import type { ArticleModel, Heading } from '../dialect/model';
import { HeadingItem } from '../dialect/heading';
import { defaultDisclaimerPattern, type ArticleBuilder } from '../dialect/article';
import { withoutBom } from '../dialect/bom';
import { splitLines } from '../dialect/text';
import type { Config } from '../config';
import { allRules } from '../rules';
import type { LibraryContext, Rule } from '../rules/rule';
import { fileNameOf } from '../workspace/uris';
import { summarize, type FileRole, type FileSummary } from '../workspace/summary';
import { byPosition, checkArticle, rulesFor, type ArticleDiagnostic } from './diagnostics';

export interface LocalCheck {
  /** The findings of the rules that read only the document, and the model's own problems. */
  local: ArticleDiagnostic[];
  /** The model without what only those rules read (pillars, thesis, disclaimer): small enough to
   * keep for every file of a workspace until the index is complete. */
  libraryModel: ArticleModel;
}

export type CheckedKind = 'article' | 'entry';

export function checkedKind(role: FileRole): CheckedKind | undefined {
  return role === 'article' ? 'article' : role === 'other' ? undefined : 'entry';
}

function rulesReading(kind: CheckedKind, readsLibrary: boolean): Rule[] {
  return rulesFor(kind).filter((r) => (r.readsLibrary ?? false) === readsLibrary);
}

/** `withFixes` false: the findings come without fixes (a run that reports them, not one that fixes). */
export function checkLocally(model: ArticleModel, config: Config, kind: CheckedKind, withFixes = true): LocalCheck {
  // Of the front matter, the library rules read the entry's title and aliases only (duplicate-entry-name).
  const fm = model.frontMatter;
  const frontMatter = fm && { range: fm.range, data: pick(fm.data, ['title', 'aliases']) };
  return {
    local: checkArticle(model, config, rulesReading(kind, false), undefined, withFixes),
    // Headings as plain data: the check crosses threads by structured clone, which keeps no getters (a HeadingItem's range).
    libraryModel: { ...model, frontMatter, headings: model.headings.map(plainHeading), pillars: [], problems: [], thesis: undefined, disclaimer: undefined, firstParagraph: undefined },
  };
}

function plainHeading(h: Heading): Heading {
  return h instanceof HeadingItem ? h.toJSON() : h;
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

/** The whole check: the local half and the library rules' findings, in `checkDocument`'s order. */
export function finishCheck(check: LocalCheck, config: Config, kind: CheckedKind, library?: LibraryContext, withFixes = true): ArticleDiagnostic[] {
  const rest = library ? checkArticle(check.libraryModel, config, rulesReading(kind, true), library, withFixes) : [];
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
  return { summary, check: checkLocally(checked, config, kind, withFixes) };
}
