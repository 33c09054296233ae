// Quick fixes for the diagnostics that touch a range.

import type { Range } from '../dialect/model';
import type { Fix } from '../rules/rule';
import type { ArticleDiagnostic } from './diagnostics';

export interface QuickFix extends Fix {
  /** The diagnostics it fixes, in document order. */
  diagnostics: ArticleDiagnostic[];
}

/** One quick fix per fix offered, with every diagnostic in the range that offers it: a fix
 * several findings share (renumbering every pillar) is listed once, not once per finding, so
 * what a whole-document request returns grows with the document, not with its square. */
export function quickFixes(diagnostics: ArticleDiagnostic[], range: Range): QuickFix[] {
  const byFix = new Map<Fix, QuickFix>();
  for (const d of diagnostics) {
    if (!overlaps(d.range, range)) continue;
    for (const f of d.fixes) {
      const known = byFix.get(f);
      if (known) known.diagnostics.push(d);
      else byFix.set(f, { ...f, diagnostics: [d] });
    }
  }
  return [...byFix.values()];
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}
