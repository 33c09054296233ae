// The engine's one entry point, shared by the language server and the CLI so the editor
// and CI always agree. One analysis per document version and config, computed once and
// read by every feature.

import { ArticleBuilder } from './dialect/article';
import type { ArticleModel } from './dialect/model';
import type { Config } from './config';
import { checkArticle, type ArticleDiagnostic } from './features/diagnostics';
import { foldingRegions, type FoldingRegion } from './features/folding';
import { outline, type OutlineItem } from './features/outline';

export interface ArticleInput {
  /** Identifies the document across versions (a URI or a path). */
  key: string;
  text: string;
  version: number;
  config: Config;
  /** For the title when nothing else names the article. */
  fileName?: string;
  /** Library entries and other non-articles get a model but no lint. */
  isArticle: boolean;
}

export interface Analysis {
  readonly model: ArticleModel;
  readonly diagnostics: ArticleDiagnostic[];
  readonly outline: OutlineItem[];
  readonly folding: FoldingRegion[];
}

export interface Engine {
  analyze(input: ArticleInput): Analysis;
  /** Drops what is kept for a closed document. */
  forget(key: string): void;
}

export function createEngine(builder = new ArticleBuilder()): Engine {
  const latest = new Map<string, { version: number; text: string; config: Config; isArticle: boolean; analysis: Analysis }>();
  return {
    analyze(input) {
      const kept = latest.get(input.key);
      if (kept && kept.version === input.version && kept.config === input.config && kept.text === input.text && kept.isArticle === input.isArticle) {
        return kept.analysis;
      }
      const model = builder.build(input.text, input.version, { fileName: input.fileName, disclaimerPattern: input.config.disclaimer.pattern });
      const analysis = lazyAnalysis(model, input.config, input.isArticle);
      latest.set(input.key, { version: input.version, text: input.text, config: input.config, isArticle: input.isArticle, analysis });
      return analysis;
    },
    forget(key) {
      latest.delete(key);
    },
  };
}

/** Features are computed on first use and kept, so a version never computes one twice. */
function lazyAnalysis(model: ArticleModel, config: Config, isArticle: boolean): Analysis {
  let diagnostics: ArticleDiagnostic[] | undefined;
  let items: OutlineItem[] | undefined;
  let folding: FoldingRegion[] | undefined;
  return {
    model,
    get diagnostics() {
      return (diagnostics ??= isArticle ? checkArticle(model, config) : []);
    },
    get outline() {
      return (items ??= outline(model));
    },
    get folding() {
      return (folding ??= foldingRegions(model));
    },
  };
}

export { ArticleBuilder } from './dialect/article';
export type { ArticleModel } from './dialect/model';
export type { Config } from './config';
export { resolveConfig, defaultConfig, configFileName } from './config';
export type { ArticleDiagnostic } from './features/diagnostics';
export type { OutlineItem } from './features/outline';
export { pillarTree } from './features/outline';
export { quickFixes } from './features/code-actions';
export { allRules, knownRuleIds } from './rules';
export { appendDisclaimer } from './rules/disclaimer-missing';
export { articleSummary, type ArticleSummary } from './features/summary';
