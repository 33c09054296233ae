// A thread of the summary pool (`summary-pool.ts`): turns a file's text into its summary, as the
// indexer's in-thread default does, with its own builder and chunk cache. The handler is the
// default export. Bundled as dist/summary-worker.js together with piscina's worker runtime: the
// bundled pool starts this file instead of piscina's own worker.js (scripts/build.mjs).

import { ArticleBuilder } from '../engine/dialect/article';
import { ChunkCache } from '../engine/dialect/chunks';
import { knownRuleIds, resolveConfig, type Config } from '../engine';
import type { ConfigSource } from '../engine/config';
import { summarizeAndCheck, type LocalCheck } from '../engine/features/split-check';
import { summarizeText } from '../engine/workspace/indexer';
import type { FileRole, FileSummary } from '../engine/workspace/summary';

export interface SummaryTask {
  uri: string;
  role: FileRole;
  text: string;
  /** Also check the file's document rules, under the config these sources resolve to, as the
   * caller's own thread resolved them; the findings come back without their fixes. */
  checkUnder?: CheckSources;
}

/** A config as the sources it is resolved from (settings, a config file's text) and a key that
 * names them (the same key, the same config: a thread resolves each key once). */
export interface CheckSources {
  key: string;
  sources: ConfigSource[];
}

export type SummaryResult = FileSummary | { summary: FileSummary; check?: LocalCheck };

const builder = new ArticleBuilder(new ChunkCache(256, 4 * 1024 * 1024));
let resolved: { key: string; config: Config } | undefined;

export default function summarizeTask(task: SummaryTask): SummaryResult {
  const under = task.checkUnder;
  if (!under) return summarizeText(task.uri, task.role, task.text, builder);
  if (resolved?.key !== under.key) resolved = { key: under.key, config: resolveConfig(under.sources, knownRuleIds).config };
  // A report does not show fixes: none are made (a run that fixes does not split its checks).
  return summarizeAndCheck(task.uri, task.role, task.text, builder, resolved.config, false);
}
