// Folding for pillars, sub-points and the closing sections (whole lines, 0-based).

import type { ArticleModel, Range } from '../dialect/model';

export interface FoldingRegion {
  startLine: number;
  endLine: number;
}

export function foldingRegions(model: ArticleModel): FoldingRegion[] {
  const ranges: Range[] = [];
  for (const p of model.pillars) {
    ranges.push(p.range);
    for (const s of p.subPoints) ranges.push(s.range);
  }
  for (const s of [model.related, model.concepts, model.companies]) if (s) ranges.push(s.range);
  return ranges.filter((r) => r.end.line > r.start.line).map((r) => ({ startLine: r.start.line, endLine: r.end.line }));
}
