// A thread of the summary pool (`summary-pool.ts`): turns a file's text into its summary, as the
// indexer's in-thread default does, with its own builder and chunk cache. The handler is the
// default export. Bundled as dist/summary-worker.js together with piscina's worker runtime: the
// bundled pool starts this file instead of piscina's own worker.js (scripts/build.mjs).

import { ArticleBuilder } from '../engine/dialect/article';
import { ChunkCache } from '../engine/dialect/chunks';
import { knownRuleIds, resolveConfig, type Config } from '../engine';
import { summarizeAndCheck, type LocalCheck } from '../engine/features/split-check';
import { summarizeText } from '../engine/workspace/indexer';
import type { FileRole, FileSummary } from '../engine/workspace/summary';

export interface SummaryTask {
  uri: string;
  role: FileRole;
  text: string;
  /** Also check the file's document rules, under the config this file's text resolves to
   * (absent text: the defaults), as the run's own thread resolved it; the findings come back without their fixes. */
  checkUnder?: { origin: string; text?: string };
}

export type SummaryResult = FileSummary | { summary: FileSummary; check?: LocalCheck };

const builder = new ArticleBuilder(new ChunkCache(256, 4 * 1024 * 1024));
let resolved: { origin: string; text?: string; config: Config } | undefined;

export default function summarizeTask(task: SummaryTask): SummaryResult {
  const under = task.checkUnder;
  if (!under) return summarizeText(task.uri, task.role, task.text, builder);
  if (resolved?.origin !== under.origin || resolved.text !== under.text) {
    const { config } = resolveConfig(under.text === undefined ? [] : [{ origin: under.origin, text: under.text }], knownRuleIds);
    resolved = { ...under, config };
  }
  // A report does not show fixes: none are made (a run that fixes does not split its checks).
  return summarizeAndCheck(task.uri, task.role, task.text, builder, resolved.config, false);
}
