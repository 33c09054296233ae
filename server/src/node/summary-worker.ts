// A thread of the summary pool (`summary-pool.ts`): turns a file's text into its summary, as the
// indexer's in-thread default does, with its own builder and chunk cache. The handler is the
// default export. Bundled as dist/summary-worker.js together with piscina's worker runtime: the
// bundled pool starts this file instead of piscina's own worker.js (scripts/build.mjs).

import { ArticleBuilder } from '../engine/dialect/article';
import { ChunkCache } from '../engine/dialect/chunks';
import { summarizeText } from '../engine/workspace/indexer';
import type { FileRole, FileSummary } from '../engine/workspace/summary';

export interface SummaryTask {
  uri: string;
  role: FileRole;
  text: string;
}

const builder = new ArticleBuilder(new ChunkCache(256, 4 * 1024 * 1024));

export default function summarizeTask(task: SummaryTask): FileSummary {
  return summarizeText(task.uri, task.role, task.text, builder);
}
