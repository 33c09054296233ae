// The article's outline: pillars with their sub-points, then the closing sections.
// Plain data; the protocol layer maps `kind` to LSP symbol kinds.

import type { ArticleModel, Range } from '../dialect/model';

export type OutlineKind = 'pillar' | 'sub-point' | 'related' | 'concepts' | 'companies' | 'disclaimer';

export interface OutlineItem {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** The whole part, body included (breadcrumbs and sticky scroll follow it). */
  range: Range;
  /** The part's title line. */
  selectionRange: Range;
  children: OutlineItem[];
}

const sectionNames = { related: 'Related articles', concepts: 'Concept tags', companies: 'Company tags' } as const;

export function outline(model: ArticleModel): OutlineItem[] {
  const items: OutlineItem[] = model.pillars.map((p) => ({
    name: `${p.number}. ${p.title}`,
    detail: p.subPoints.length ? `${p.subPoints.length} sub-point${p.subPoints.length === 1 ? '' : 's'}` : undefined,
    kind: 'pillar',
    range: p.range,
    selectionRange: p.selectionRange,
    children: p.subPoints.map((s) => ({ name: s.title, kind: 'sub-point', range: s.range, selectionRange: s.selectionRange, children: [] })),
  }));
  for (const kind of ['related', 'concepts', 'companies'] as const) {
    const section = model[kind];
    if (!section) continue;
    items.push({
      name: sectionNames[kind],
      detail: section.none ? 'n/a' : `${section.items.length}`,
      kind,
      range: section.range,
      selectionRange: section.headerRange,
      children: [],
    });
  }
  if (model.disclaimer) {
    items.push({ name: 'Disclaimer', kind: 'disclaimer', range: model.disclaimer.range, selectionRange: model.disclaimer.range, children: [] });
  }
  return items.sort((a, b) => a.range.start.line - b.range.start.line);
}

/** The pillar tree as the CLI prints it (1-based lines). */
export interface PillarTreeNode {
  number: number;
  title: string;
  line: number;
  children: { title: string; line: number }[];
}

export function pillarTree(model: ArticleModel): PillarTreeNode[] {
  return model.pillars.map((p) => ({
    number: p.number,
    title: p.title,
    line: p.selectionRange.start.line + 1,
    children: p.subPoints.map((s) => ({ title: s.title, line: s.selectionRange.start.line + 1 })),
  }));
}
