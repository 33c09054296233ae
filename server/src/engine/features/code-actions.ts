// Quick fixes for the diagnostics that touch a range.

import type { Range } from '../dialect/model';
import type { Fix } from '../rules/rule';
import type { ArticleDiagnostic } from './diagnostics';

export interface QuickFix extends Fix {
  diagnostic: ArticleDiagnostic;
}

export function quickFixes(diagnostics: ArticleDiagnostic[], range: Range): QuickFix[] {
  return diagnostics.filter((d) => overlaps(d.range, range)).flatMap((d) => d.fixes.map((f) => ({ ...f, diagnostic: d })));
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}
