// A short account of an article for the editor's status bar.

import type { ArticleModel } from '../dialect/model';
import type { FirstDiagnostics } from './diagnostics';

export interface ArticleSummary {
  isArticle: boolean;
  title: string;
  pillars: number;
  /** The count the thesis line announces, when there is one. */
  announced?: number;
  hasDisclaimer: boolean;
  errors: number;
  warnings: number;
  infos: number;
}

/** `findings`: the document's first findings and the count of the rest (`Analysis.firstDiagnostics`). */
export function articleSummary(model: ArticleModel, findings: FirstDiagnostics, isArticle: boolean): ArticleSummary {
  const count = (s: keyof FirstDiagnostics['more']) => findings.diagnostics.filter((d) => d.severity === s).length + findings.more[s];
  return {
    isArticle,
    title: model.title.text,
    pillars: model.pillars.length,
    announced: model.thesis?.count,
    hasDisclaimer: !!model.disclaimer,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
  };
}
