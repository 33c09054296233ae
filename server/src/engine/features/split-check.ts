// A file's check in two halves, so a whole-workspace run (the CLI) builds each model once, on the
// thread that summarizes the file for the index: there the rules that read only the document run
// at once (`checkLocally`), and what the library rules read of the model is kept (`libraryModel`);
// once the index is complete, `finishCheck` runs the library rules on that. The two halves give
// exactly what `checkDocument` gives on the whole model (test/unit/split-check.test.ts).

import type { ArticleModel } from '../dialect/model';
import { defaultDisclaimerPattern, type ArticleBuilder } from '../dialect/article';
import { withoutBom } from '../dialect/bom';
import { splitLines } from '../dialect/text';
import type { Config } from '../config';
import { allRules } from '../rules';
import type { LibraryContext, Rule } from '../rules/rule';
import { fileNameOf } from '../workspace/uris';
import { summarize, type FileRole, type FileSummary } from '../workspace/summary';
import { byPosition, checkArticle, type ArticleDiagnostic } from './diagnostics';

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

function rulesFor(kind: CheckedKind, readsLibrary: boolean): Rule[] {
  return allRules.filter((r) => (r.appliesTo === 'any' || (r.appliesTo ?? 'article') === kind) && (r.readsLibrary ?? false) === readsLibrary);
}

export function checkLocally(model: ArticleModel, config: Config, kind: CheckedKind): LocalCheck {
  return {
    local: checkArticle(model, config, rulesFor(kind, false)),
    libraryModel: { ...model, pillars: [], problems: [], thesis: undefined, disclaimer: undefined, firstParagraph: undefined },
  };
}

/** The whole check: the local half and the library rules' findings, in `checkDocument`'s order. */
export function finishCheck(check: LocalCheck, config: Config, kind: CheckedKind, library?: LibraryContext): ArticleDiagnostic[] {
  const rest = library ? checkArticle(check.libraryModel, config, rulesFor(kind, true), library) : [];
  if (rest.length === 0) return check.local;
  // At one position, findings come in the rule list's order (problems first), as checkDocument sorts them.
  const order = new Map(allRules.map((r, i) => [r.id, i]));
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
): { summary: FileSummary; check?: LocalCheck } {
  const shown = withoutBom(text);
  const fileName = fileNameOf(uri);
  const model = builder.build(shown, 0, { fileName });
  const summary = summarize(uri, role, model, splitLines(shown));
  const kind = checkedKind(role);
  if (!kind) return { summary };
  const checked = config.disclaimer.pattern === defaultDisclaimerPattern ? model : builder.build(shown, 0, { fileName, disclaimerPattern: config.disclaimer.pattern });
  return { summary, check: checkLocally(checked, config, kind) };
}
