// Runs the rules over one article model, applies config severities and the inline
// `<!-- strategy-notes-disable … -->` comments, and adds the model's own problems.

import type { ArticleModel, Range, RuleDirective } from '../dialect/model';
import type { Config, Severity } from '../config';
import { allRules } from '../rules';
import { couldNotCheck } from '../rules/could-not-check';
import { lineRange, type Fix, type LibraryContext, type Rule } from '../rules/rule';

export interface ArticleDiagnostic {
  /** Rule id, or the model problem's code. */
  rule: string;
  severity: Exclude<Severity, 'off'>;
  message: string;
  range: Range;
  fixes: Fix[];
}

/** Runs the rules for what the file is: article rules on articles, entry rules on library entries. */
export function checkDocument(model: ArticleModel, config: Config, kind: 'article' | 'entry', library?: LibraryContext, rules: readonly Rule[] = allRules): ArticleDiagnostic[] {
  return checkArticle(model, config, rulesFor(kind, rules), library);
}

/** The rules that check this kind of file. */
export const rulesFor = (kind: 'article' | 'entry', rules: readonly Rule[] = allRules): Rule[] => rules.filter((r) => r.appliesTo === 'any' || (r.appliesTo ?? 'article') === kind);

/** The first findings of a document, as many as an editor shows, and a count of the rest. */
export interface FirstDiagnostics {
  /** Each rule's first `limit` findings (and the model's first problems) in document order: the
   * `limit` findings of a severity that come first in the document are among them. */
  diagnostics: ArticleDiagnostic[];
  /** Findings past each rule's `limit`, by severity: counted, not made. */
  more: Record<ArticleDiagnostic['severity'], number>;
}

/** `checkDocument`, but each rule makes at most `limit` findings and counts the rest: a pasted
 * list of 131,000 `1.` lines is 262,000 findings, of which an editor shows 1,000. */
export function firstDiagnostics(model: ArticleModel, config: Config, kind: 'article' | 'entry', library: LibraryContext | undefined, limit: number): FirstDiagnostics {
  const more = { error: 0, warning: 0, info: 0 };
  return { diagnostics: mergeRuns(findingRuns(model, config, rulesFor(kind), library, true, { limit, more })), more };
}

/** The fixes of every finding that has none: one shared, frozen array, not one per finding. */
const noFixes = Object.freeze([]) as unknown as Fix[];

export function checkArticle(
  model: ArticleModel,
  config: Config,
  rules: readonly Rule[] = allRules.filter((r) => (r.appliesTo ?? 'article') === 'article'),
  library?: LibraryContext,
  withFixes = true,
): ArticleDiagnostic[] {
  return mergeRuns(findingRuns(model, config, rules, library, withFixes));
}

/** Each rule's findings in a run of their own, in document order. With `cap`, a run keeps its
 * first `limit` findings and counts the rest in `more`. */
function findingRuns(
  model: ArticleModel,
  config: Config,
  rules: readonly Rule[],
  library: LibraryContext | undefined,
  withFixes: boolean,
  cap?: { limit: number; more: FirstDiagnostics['more'] },
): ArticleDiagnostic[][] {
  // A problem a rule reports (could-not-check) takes that rule's configured severity, not its own.
  const problems: ArticleDiagnostic[] = model.problems
    .filter((p) => !ruleIds.has(p.code))
    .map((p) => ({ rule: p.code, severity: p.severity, message: p.message, range: p.range, fixes: [] }));
  const silenced = silencer(model.directives);
  // A rule a directive names is not cut short: a finding it silences must not take the place of one shown.
  const named = new Set(model.directives.flatMap((d) => d.rules));
  const namesEvery = model.directives.some((d) => d.rules.length === 0);
  // Runs that are in order already (nearly all are) are merged, not sorted, so 262,000 findings
  // cost a pass, not a sort.
  const runs: ArticleDiagnostic[][] = [cap ? firstOfEachSeverity(problems.sort(byPosition), cap) : problems.sort(byPosition)];
  for (const rule of rules) {
    if (!model.analyzed && !rule.readsUnanalyzed) continue;
    const severity = config.rules[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    const limit = cap && !namesEvery && !named.has(rule.id) ? cap.limit : undefined;
    const run: ArticleDiagnostic[] = [];
    const found = rule.check({ model, config, library, withFixes, limit });
    for (const finding of found) {
      if (silenced(rule.id, finding.range.start.line)) continue;
      run.push({ rule: rule.id, severity, message: finding.message, range: finding.range, fixes: (withFixes && finding.fixes) || noFixes });
    }
    if (cap) cap.more[severity] += found.more ?? 0;
    const ordered = inOrder(run) ? run : run.sort(byPosition);
    if (run.length) runs.push(cap ? firstOfEachSeverity(ordered, cap) : ordered);
  }
  return runs;
}

/** The first `limit` findings of each severity, in their order; the rest counted. */
function firstOfEachSeverity(run: ArticleDiagnostic[], cap: { limit: number; more: FirstDiagnostics['more'] }): ArticleDiagnostic[] {
  const seen = { error: 0, warning: 0, info: 0 };
  return run.filter((d) => ++seen[d.severity] <= cap.limit || (cap.more[d.severity]++, false));
}

function inOrder(run: readonly ArticleDiagnostic[]): boolean {
  for (let i = 1; i < run.length; i++) if (byPosition(run[i - 1], run[i]) > 0) return false;
  return true;
}

/** The runs merged by position; at one position the earlier run's finding comes first (what a
 * stable sort of the runs one after another gives). */
function mergeRuns(runs: ArticleDiagnostic[][]): ArticleDiagnostic[] {
  let merged = runs.filter((r) => r.length > 0);
  if (merged.length === 0) return [];
  while (merged.length > 1) {
    const next: ArticleDiagnostic[][] = [];
    for (let i = 0; i < merged.length; i += 2) next.push(i + 1 < merged.length ? mergeTwo(merged[i], merged[i + 1]) : merged[i]);
    merged = next;
  }
  return merged[0];
}

function mergeTwo(a: readonly ArticleDiagnostic[], b: readonly ArticleDiagnostic[]): ArticleDiagnostic[] {
  const out: ArticleDiagnostic[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byPosition(b[j], a[i]) < 0 ? b[j++] : a[i++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** Findings in the order they are reported: by position (a stable sort, so findings at one spot
 * keep the order of the rule list). */
export function byPosition(a: ArticleDiagnostic, b: ArticleDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

const ruleIds = new Set(allRules.map((r) => r.id));

/** The diagnostics of a file that could not even be read (the CLI's unreadable or oversized
 * file): the `could-not-check` finding at its configured severity, or nothing when it is off. */
export function notCheckedDiagnostics(message: string, config: Config): ArticleDiagnostic[] {
  const severity = config.rules[couldNotCheck.id] ?? couldNotCheck.defaultSeverity;
  return severity === 'off' ? [] : [{ rule: couldNotCheck.id, severity, message, range: lineRange(0, 0, 0), fixes: [] }];
}

/** markdownlint-style directives: disable/enable until changed, or for the next line or this line.
 * Per rule, the disable/enable switches are found once and looked up by binary search, so many
 * directives and many findings cost O((d + f) log d), not d × f. */
export function silencer(directives: RuleDirective[]): (rule: string, line: number) => boolean {
  if (directives.length === 0) return () => false;
  const sorted = [...directives].sort((a, b) => a.line - b.line);
  const names = (d: RuleDirective, rule: string) => d.rules.length === 0 || d.rules.includes(rule);
  const byRule = new Map<string, { switchLines: number[]; disabledAfter: boolean[]; lines: Set<number> }>();
  const forRule = (rule: string) => {
    let found = byRule.get(rule);
    if (found) return found;
    found = { switchLines: [], disabledAfter: [], lines: new Set() };
    for (const d of sorted) {
      if (!names(d, rule)) continue;
      if (d.kind === 'disable' || d.kind === 'enable') {
        found.switchLines.push(d.line);
        found.disabledAfter.push(d.kind === 'disable');
      } else if (d.kind === 'disable-next-line') found.lines.add(d.line + 1);
      else if (d.kind === 'disable-line') found.lines.add(d.line);
    }
    byRule.set(rule, found);
    return found;
  };
  return (rule, line) => {
    const { switchLines, disabledAfter, lines } = forRule(rule);
    if (lines.has(line)) return true;
    // The last switch on or before the line decides.
    let lo = 0;
    let hi = switchLines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (switchLines[mid] <= line) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && disabledAfter[lo - 1];
  };
}
