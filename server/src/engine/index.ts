// The engine's one entry point, shared by the language server and the CLI so the editor
// and CI always agree. One analysis per document version and config, computed once and
// read by every feature.

import { ArticleBuilder, type ArticleOptions } from './dialect/article';
import type { ArticleModel } from './dialect/model';
import type { Config } from './config';
import { checkDocument, firstDiagnostics, type ArticleDiagnostic, type FirstDiagnostics } from './features/diagnostics';
import { checkedKind } from './features/split-check';
import { foldingRegions, type FoldingRegion } from './features/folding';
import { outline, type OutlineItem } from './features/outline';
import { splitLines } from './dialect/text';
import type { WorkspaceIndex } from './workspace/index';
import { summarize, type FileRole, type FileSummary } from './workspace/summary';

export interface ArticleInput {
  /** Identifies the document across versions (a URI or a path). */
  key: string;
  text: string;
  version: number;
  config: Config;
  /** For the title when nothing else names the article. */
  fileName?: string;
  /** Library entries and other non-articles get a model but no article lint. */
  isArticle: boolean;
  /** What the file is by the globs; entries get the entry rules. Defaults from `isArticle`. */
  role?: FileRole;
  /** The workspace the document belongs to: library rules read its index. Absent for a lone document. */
  library?: { index: WorkspaceIndex; root?: string };
}

export interface Analysis {
  readonly model: ArticleModel;
  readonly diagnostics: ArticleDiagnostic[];
  /** The first `limit` findings of each rule and a count of the rest (what an editor shows):
   * `diagnostics` itself once that is known, else a check that stops making findings there. */
  firstDiagnostics(limit: number): FirstDiagnostics;
  readonly outline: OutlineItem[];
  readonly folding: FoldingRegion[];
  /** What the workspace index keeps of this version (the open document's summary). */
  readonly summary: FileSummary;
  readonly role: FileRole;
}

export interface Engine {
  analyze(input: ArticleInput): Analysis;
  /** The analysis of this input if its model is already built (the rules re-run if only the
   * workspace changed); undefined when `analyze` would build. */
  kept(input: ArticleInput): Analysis | undefined;
  /** The analysis of this input from a model built elsewhere (a worker thread, with the same
   * builder and `articleOptions`), kept as `analyze` keeps its own. */
  adopt(input: ArticleInput, model: ArticleModel): Analysis;
  /** Drops what is kept for a closed document. */
  forget(key: string): void;
  /** What is kept and what was done, for tests and stats (counts only). */
  stats(): EngineStats;
}

export interface EngineStats {
  /** Analyses kept: one per key not forgotten (the server's open documents, the CLI's file in hand). */
  kept: number;
  /** Models built here by `analyze` (not adopted from elsewhere). */
  builds: number;
  /** Times the rules ran over a document (a new model, or a kept model against a changed index). */
  checks: number;
}

export function createEngine(builder = new ArticleBuilder()): Engine {
  const latest = new Map<string, { version: number; text: string; config: Config; role: FileRole; index?: WorkspaceIndex; generation: number; analysis: Analysis }>();
  const roleOf = (input: ArticleInput): FileRole => input.role ?? (input.isArticle ? 'article' : 'other');
  const work = { builds: 0, checks: 0 };
  const keep = (input: ArticleInput, model: ArticleModel): Analysis => {
    const role = roleOf(input);
    const index = input.library?.index;
    const analysis = lazyAnalysis(model, input, role, work);
    latest.set(input.key, { version: input.version, text: input.text, config: input.config, role, index, generation: index?.generation ?? -1, analysis });
    return analysis;
  };
  const engine: Engine = {
    analyze(input) {
      const kept = engine.kept(input);
      if (kept) return kept;
      work.builds++;
      return keep(input, builder.build(input.text, input.version, articleOptions(input)));
    },
    kept(input) {
      const role = roleOf(input);
      const kept = latest.get(input.key);
      const index = input.library?.index;
      const generation = index?.generation ?? -1;
      if (!kept || kept.version !== input.version || kept.config !== input.config || kept.text !== input.text || kept.role !== role) return undefined;
      if (kept.index === index && kept.generation === generation) return kept.analysis;
      // Only the workspace changed: keep the model, re-run the rules.
      const analysis = lazyAnalysis(kept.analysis.model, input, role, work, kept.analysis.summary);
      latest.set(input.key, { ...kept, index, generation, analysis });
      return analysis;
    },
    adopt(input, model) {
      return keep(input, model);
    },
    forget(key) {
      latest.delete(key);
    },
    stats() {
      return { kept: latest.size, ...work };
    },
  };
  return engine;
}

/** What the builder is told about an input (the same wherever the model is built). */
export function articleOptions(input: ArticleInput): ArticleOptions {
  return { fileName: input.fileName, disclaimerPattern: input.config.disclaimer.pattern };
}

/** Features are computed on first use and kept, so a version never computes one twice. */
function lazyAnalysis(model: ArticleModel, input: ArticleInput, role: FileRole, work: { checks: number }, keptSummary?: FileSummary): Analysis {
  const config = input.config;
  let diagnostics: ArticleDiagnostic[] | undefined;
  let first: { limit: number; found: FirstDiagnostics } | undefined;
  let items: OutlineItem[] | undefined;
  let folding: FoldingRegion[] | undefined;
  let summary = keptSummary;
  const library = input.library ? { uri: input.key, role, index: input.library.index, root: input.library.root } : undefined;
  // Articles get the article rules, library entries the entry rules, other files none.
  const kind = checkedKind(role);
  return {
    model,
    role,
    get summary() {
      return (summary ??= summarize(input.key, role, model, splitLines(input.text)));
    },
    get diagnostics() {
      if (diagnostics) return diagnostics;
      if (kind) work.checks++;
      return (diagnostics = kind ? checkDocument(model, config, kind, library) : []);
    },
    firstDiagnostics(limit) {
      // Kept once asked, so a quick fix offered and then resolved reads the same list.
      if (first?.limit === limit) return first.found;
      let found: FirstDiagnostics;
      if (diagnostics || !kind) found = { diagnostics: diagnostics ?? [], more: { error: 0, warning: 0, info: 0 } };
      else {
        work.checks++;
        found = firstDiagnostics(model, config, kind, library, limit);
      }
      first = { limit, found };
      return found;
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
export type { ArticleDiagnostic, FirstDiagnostics } from './features/diagnostics';
export type { OutlineItem } from './features/outline';
export { pillarTree } from './features/outline';
export { quickFixes } from './features/code-actions';
export { fixAll, fixDocument, safeFixes, fixAllRounds, type FixAllResult, type SafeFix } from './features/fix-all';
export { allRules, knownRuleIds, ruleCatalog, type RuleCatalogEntry } from './rules';
export { ruleDocsPath, ruleHelpUri, repositoryUrl } from './rules/docs';
export { appendDisclaimer } from './rules/disclaimer-missing';
export { articleSummary, type ArticleSummary } from './features/summary';
export { WorkspaceIndex, emptyChange, mergeChange, nameKey, type IndexChange, type Usage } from './workspace/index';
export { WorkspaceIndexer, summarizeText, type IndexProgress, type Summarizer } from './workspace/indexer';
export { InMemoryWorkspace, roleByGlobs, type Workspace, type WorkspaceFile, type FileChange } from './workspace/workspace';
export type { FileSummary, EntrySummary, ArticleFileSummary, FileRole, EntryKind } from './workspace/summary';
export { closestEntries, addAliasFix, createEntryFix, entryTemplate, fileSlug } from './rules/library-fixes';
export { locate, type DocumentContext, type Location, type Located } from './features/locate';
export { completionList, completions, narrowCompletions, type CompletionEntry, type CompletionKind, type CompletionOptions } from './features/completion';
export { definition } from './features/definition';
export { references, type ReferencesOptions } from './features/references';
export { hover, type HoverResult, type HoverOptions } from './features/hover';
export { prepareRename, rename, type PrepareRenameResult, type RenameResult, type RenameOptions } from './features/rename';
export { documentLinks, type DocumentLinkEntry, type LinksOptions } from './features/links';
export { workspaceSymbols, type WorkspaceSymbolEntry, type WorkspaceSymbolKind, type WorkspaceSymbolOptions } from './features/workspace-symbols';
