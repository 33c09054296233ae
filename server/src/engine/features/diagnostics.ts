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
  return checkArticle(model, config, rules.filter((r) => r.appliesTo === 'any' || (r.appliesTo ?? 'article') === kind), library);
}

export function checkArticle(model: ArticleModel, config: Config, rules: readonly Rule[] = allRules.filter((r) => (r.appliesTo ?? 'article') === 'article'), library?: LibraryContext): ArticleDiagnostic[] {
  // A problem a rule reports (could-not-check) takes that rule's configured severity, not its own.
  const out: ArticleDiagnostic[] = model.problems
    .filter((p) => !ruleIds.has(p.code))
    .map((p) => ({ rule: p.code, severity: p.severity, message: p.message, range: p.range, fixes: [] }));
  const silenced = silencer(model.directives);
  for (const rule of rules) {
    if (!model.analyzed && !rule.readsUnanalyzed) continue;
    const severity = config.rules[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    for (const finding of rule.check({ model, config, library })) {
      if (silenced(rule.id, finding.range.start.line)) continue;
      out.push({ rule: rule.id, severity, message: finding.message, range: finding.range, fixes: finding.fixes ?? [] });
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

const ruleIds = new Set(allRules.map((r) => r.id));

/** The diagnostics of a file that could not even be read (the CLI's unreadable or oversized
 * file): the `could-not-check` finding at its configured severity, or nothing when it is off. */
export function notCheckedDiagnostics(message: string, config: Config): ArticleDiagnostic[] {
  const severity = config.rules[couldNotCheck.id] ?? couldNotCheck.defaultSeverity;
  return severity === 'off' ? [] : [{ rule: couldNotCheck.id, severity, message, range: lineRange(0, 0, 0), fixes: [] }];
}

/** markdownlint-style directives: disable/enable until changed, or for the next line or this line. */
function silencer(directives: RuleDirective[]): (rule: string, line: number) => boolean {
  if (directives.length === 0) return () => false;
  const sorted = [...directives].sort((a, b) => a.line - b.line);
  const names = (d: RuleDirective, rule: string) => d.rules.length === 0 || d.rules.includes(rule);
  return (rule, line) => {
    let disabled = false;
    for (const d of sorted) {
      if (d.line > line) break;
      if (d.kind === 'disable' && names(d, rule)) disabled = true;
      else if (d.kind === 'enable' && names(d, rule)) disabled = false;
      else if (d.kind === 'disable-next-line' && d.line === line - 1 && names(d, rule)) return true;
      else if (d.kind === 'disable-line' && d.line === line && names(d, rule)) return true;
    }
    return disabled;
  };
}
