// Summaries of files on worker threads (a piscina pool over `summary-worker.js`, next to the
// bundle), so a cold index parses on several cores: threads bounded by the cores (one left for
// the process's own thread, which in the CLI summarizes files too) and by a small maximum; idle
// threads exit, so an idle server holds no extra memory. Where there is no worker file (running from sources) or a worker fails, files
// are summarized on this thread instead (the failure logged once).
// STRATEGY_NOTES_INDEX_THREADS=N sets the number of threads; 0 summarizes on this thread.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { ArticleBuilder } from '../engine/dialect/article';
import { ChunkCache } from '../engine/dialect/chunks';
import type { Config } from '../engine/config';
import { summarizeAndCheck, type LocalCheck } from '../engine/features/split-check';
import { summarizeText, type Summarizer } from '../engine/workspace/indexer';
import type { SharedValues } from '../engine/workspace/shared-values';
import type { FileRole, FileSummary } from '../engine/workspace/summary';
import type { CheckSources, SummaryResult, SummaryTask } from './summary-worker';

/** The config a file's document rules are checked under: its sources, for the threads to resolve,
 * and the config this thread resolved from them (for files checked here). */
export interface CheckUnder extends CheckSources {
  config: Config;
}

export interface SummaryAndCheck {
  summary: FileSummary;
  /** Absent for a file that is neither an article nor an entry. */
  check?: LocalCheck;
}

export interface SummaryPoolOptions {
  /** Default: dist/summary-worker.js next to this bundle. */
  workerPath?: string;
  /** Default: STRATEGY_NOTES_INDEX_THREADS, else the cores less one (at least 1, at most `maxThreads`). */
  threads?: number;
  /** How long an idle thread stays (ms; default 300: a build keeps its threads busy, and once it is
   * done their memory, tens of MB each, is given back at once). */
  idleTimeout?: number;
  log?: (message: string) => void;
  /** A whole-workspace check (the CLI): each file's document rules run where it is summarized,
   * and the result, without its fixes (what a report needs), is handed to `checked` (split-check.ts). */
  check?: { under: CheckUnder; checked: (uri: string, check: LocalCheck) => void };
  /** Tasks handed to each thread at once (default 8): the next file waits in the thread's own
   * queue instead of on a round trip through this thread's event loop (one task at a time left
   * each thread idle ~40% of a cold index of 2,800 files, four ~20%). */
  perThread?: number;
  /** Files at most this long (bytes) are summarized on this thread too while every thread has
   * `perThread` tasks (default 0: never). For the CLI, whose thread otherwise only waits; not
   * for the server, whose thread answers requests meanwhile (and whose heap would grow with the
   * parses' garbage). */
  helpUpTo?: number;
  /** Where the summaries and checks made keep their repeated values (one copy of each short
   * string, position and one-line range), for what holds them for long (the server's index). */
  shared?: SharedValues;
}

export const maxThreads = 4;

/** Longer texts' summaries are not walked to share their values (see `share`). */
const maxSharedText = 1024 * 1024;

/** `spare`: cores left to the process's own thread (the server answers requests meanwhile; the
 * CLI's thread only waits while the index is built, so it spares none). */
export function defaultThreads(env: NodeJS.ProcessEnv = process.env, spare = 1): number {
  const set = env.STRATEGY_NOTES_INDEX_THREADS;
  if (set !== undefined && set.trim() !== '' && Number.isInteger(Number(set)) && Number(set) >= 0) return Math.min(Number(set), 16);
  return Math.min(maxThreads, Math.max(1, availableParallelism() - spare));
}

export class SummaryPool implements Summarizer {
  readonly threads: number;
  private pool: Piscina | undefined;
  private broken = false;
  private closed = false;
  private local?: ArticleBuilder;
  private readonly perThread: number;
  /** Tasks handed to the threads and not settled yet. */
  private inFlight = 0;
  /** A file is being summarized here (one at a time: between two, this thread feeds the others). */
  private helping = false;
  /** Files summarized on this thread while there were threads (`helpUpTo`), for tests and traces. */
  madeHere = 0;

  constructor(private readonly options: SummaryPoolOptions = {}) {
    const workerPath = options.workerPath ?? path.join(__dirname, 'summary-worker.js');
    const threads = options.threads ?? defaultThreads();
    this.threads = threads > 0 && existsSync(workerPath) ? threads : 0;
    this.perThread = Math.max(1, options.perThread ?? 8);
    if (this.threads > 0) {
      this.pool = new Piscina({ filename: workerPath, minThreads: 0, maxThreads: this.threads, idleTimeout: options.idleTimeout ?? 300, concurrentTasksPerWorker: this.perThread });
      // A thread that fails outside a task (its file does not load): no more threads.
      this.pool.on('error', (error: unknown) => this.fail(error));
    }
  }

  /** Where the summaries made keep their repeated values (SummaryPoolOptions.shared). */
  get shared(): SharedValues | undefined {
    return this.options.shared;
  }

  /** Whether summaries are made on worker threads (false: on this thread). */
  get onWorkers(): boolean {
    return this.pool !== undefined && !this.broken && !this.closed;
  }

  /** How many files an indexer should keep in flight: twice every thread's tasks (those waiting
   * here go to a thread the moment it has room, not once a file is read), and two more where this
   * thread helps; 1 on this thread. */
  get concurrency(): number {
    return this.onWorkers ? 2 * this.threads * this.perThread + (this.options.helpUpTo ? 2 : 0) : 1;
  }

  /** Whether this file is summarized here though there are threads: they are all busy and it is
   * short enough (`helpUpTo`). */
  private helpsHere(text: string): boolean {
    return !this.helping && this.inFlight >= this.threads * this.perThread && text.length <= (this.options.helpUpTo ?? 0);
  }

  /** A task on the threads, counted while in flight. */
  private run(task: SummaryTask): Promise<SummaryResult> {
    this.inFlight++;
    const settled = () => this.inFlight--;
    const running = this.pool!.run(task) as Promise<SummaryResult>;
    running.then(settled, settled);
    return running;
  }

  /** `make` on this thread in a task of its own (a lane of the indexer waits on it as on a thread). */
  private later<T extends FileSummary | SummaryAndCheck>(make: () => T, text: string): Promise<T> {
    this.helping = true;
    return new Promise((resolve, reject) =>
      setImmediate(() => {
        try {
          this.madeHere++;
          resolve(this.share(make(), text));
        } catch (error) {
          reject(error);
        } finally {
          this.helping = false;
        }
      }),
    );
  }

  summarize(uri: string, role: FileRole, text: string): FileSummary | Promise<FileSummary> {
    const check = this.options.check;
    if (check) return this.summarizeChecked(uri, role, text, check.under, (local) => check.checked(uri, local));
    if (!this.onWorkers) return this.share(this.here(uri, role, text), text);
    if (this.helpsHere(text)) return this.later(() => this.here(uri, role, text), text);
    return this.run({ uri, role, text } satisfies SummaryTask).then(
      (result: SummaryResult) => this.share('kind' in result ? result : result.summary, text),
      (error: unknown) => {
        this.fail(error);
        return this.share(this.here(uri, role, text), text);
      },
    );
  }

  /** The file's summary, the local half of its check (without fixes, under `under`) handed to
   * `checked` on the way: one parse for both. */
  summarizeChecked(uri: string, role: FileRole, text: string, under: CheckUnder, checked: (check: LocalCheck) => void): FileSummary | Promise<FileSummary> {
    const taken = (result: SummaryAndCheck) => {
      if (result.check) checked(result.check);
      return result.summary;
    };
    const result = this.summarizeAndCheck(uri, role, text, under);
    return result instanceof Promise ? result.then(taken) : taken(result);
  }

  /** The file's summary and the local half of its check (without fixes), under `under`. */
  summarizeAndCheck(uri: string, role: FileRole, text: string, under: CheckUnder): SummaryAndCheck | Promise<SummaryAndCheck> {
    if (!this.onWorkers) return this.share(this.hereChecked(uri, role, text, under), text);
    if (this.helpsHere(text)) return this.later(() => this.hereChecked(uri, role, text, under), text);
    const task: SummaryTask = { uri, role, text, checkUnder: { key: under.key, sources: under.sources } };
    return this.run(task).then(
      (result: SummaryResult) => this.share('kind' in result ? { summary: result } : result, text),
      (error: unknown) => {
        this.fail(error);
        return this.share(this.hereChecked(uri, role, text, under), text);
      },
    );
  }

  /** A summary (and check) made, its values shared; one of a file over `maxSharedText` is left as
   * it came: walking tens of thousands of tags in one go would hold up this thread's requests,
   * and such files are few. */
  private share<T extends FileSummary | SummaryAndCheck>(made: T, text: string): T {
    const shared = this.options.shared;
    if (!shared || text.length > maxSharedText) return made;
    if ('kind' in made) return shared.share(made);
    // A check's summary is the summary itself: walked once.
    shared.share(made.summary);
    if (made.check) shared.share([made.check.local, made.check.rest]);
    return made;
  }

  private fail(error: unknown): void {
    if (this.broken || this.closed) return;
    this.broken = true;
    this.options.log?.(`Strategy Notes: the summary workers failed, summarizing on this thread: ${error instanceof Error ? error.message : String(error)}`);
    void this.pool?.destroy().catch(() => undefined);
  }

  /** Ends the threads (at shutdown, at the end of a CLI run); later summaries are made on this thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool?.destroy().catch(() => undefined);
  }

  private here(uri: string, role: FileRole, text: string): FileSummary {
    return summarizeText(uri, role, text, this.localBuilder());
  }

  private hereChecked(uri: string, role: FileRole, text: string, under: CheckUnder): SummaryAndCheck {
    return summarizeAndCheck(uri, role, text, this.localBuilder(), under.config, false);
  }

  private localBuilder(): ArticleBuilder {
    return (this.local ??= new ArticleBuilder(new ChunkCache(256, 4 * 1024 * 1024)));
  }
}
