// The projects' life: cold builds with `window/workDoneProgress` ("Indexing articles 340/2,000"),
// diagnostics refreshed when libraries are in and when a build ends, workspace folders added and
// removed, settings and config files changed, and `strategyNotes/indexStats` for tests and tools.

import type { WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import type { IndexChange, IndexProgress } from '../engine';
import { canonicalUri } from '../engine/workspace/uris';
import type { Project } from './projects';
import type { Session } from './session';

/** Custom request: `{ wait?: boolean }` -> IndexStats; with `wait`, answered once queued event
 * batches, file lists and builds are done. */
export const indexStatsRequest = 'strategyNotes/indexStats';

export interface IndexStats {
  files: number;
  entries: number;
  articles: number;
  /** Batches of watched-file events applied (each one `applyChanges`). */
  batchesApplied: number;
  /** Watched-file events received. */
  eventsReceived: number;
  ready: boolean;
  projects: { root: string; files: number; entries: number; articles: number; batchesApplied: number; librariesReady: boolean; ready: boolean }[];
  /** What the server holds for documents: it must fall back once documents are closed. */
  memory: MemoryStats;
}

export interface MemoryStats {
  openDocuments: number;
  /** Characters of the open documents' text. */
  openCharacters: number;
  chunkCacheEntries: number;
  /** Characters of chunk text the chunk cache holds (bounded by the open documents' size). */
  chunkCacheCharacters: number;
  /** The engine's kept analyses: one per open document (closed ones are forgotten). */
  analysesKept: number;
  /** Work, not memory (tests count it): models built on the request thread, and rule runs over a
   * document (a kept model re-checked against a changed index counts, a re-parse does not). */
  modelBuilds: number;
  documentChecks: number;
  /** `process.memoryUsage().heapUsed`, for people (tests assert on the counts above). */
  heapUsed: number;
}

/** Progress reports are sent at most this often (plus the first and last of each phase). */
const progressIntervalMs = 250;

/** The cold build of one project. */
export async function buildProject(session: Session, project: Project): Promise<void> {
  const progress = new BuildProgress(session, project);
  try {
    await project.indexer.build({
      isCancelled: () => project.disposed,
      onProgress: (p) => progress.report(p),
      onLibrariesReady: () => {
        project.librariesLoaded();
        if (!project.disposed) session.diagnostics.refreshAll();
      },
    });
  } catch (error) {
    session.connection.console.error(`Strategy Notes: indexing ${project.root} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    progress.done();
    if (!project.disposed) {
      project.finished();
      const index = project.index;
      const cache = project.cache ? `; summary cache: ${project.cache.hits} hits, ${project.cache.misses} misses${project.cache.rejected ? ` (${project.cache.rejected}: rebuilt)` : ''}` : '';
      session.connection.console.log(`Strategy Notes: indexed ${index.size} files (${count(index.entries())} library entries) in ${project.root}${cache}`);
      session.diagnostics.refreshAll();
      session.workspaceProblems?.projectBuilt(project);
    }
  }
}

/** The index changed: the open documents that depend on what changed are checked again. */
export function indexChanged(session: Session, project: Project, change: IndexChange, origin?: string): void {
  if (change.names.size === 0 && change.files.size === 0) return;
  session.workspaceProblems?.indexChanged(project, change);
  const dependents = project.index.dependents(change);
  if (origin) dependents.delete(canonicalUri(origin));
  session.diagnostics.refresh(dependents);
}

/** Settings, a config file or trust changed: contexts and configs are read again, projects follow. */
export function configChanged(session: Session): void {
  session.contexts.clear();
  // Documents are analyzed once the projects are reconfigured (they wait for it); file lists
  // redone there re-check their dependents themselves.
  void session.projects.reconfigure().then(() => session.workspaceProblems?.recheckAll());
  session.diagnostics.refreshAll();
}

export function registerIndexing(session: Session, eventsReceived: () => number, idle: () => Promise<void>, memory: () => MemoryStats): void {
  const { connection, projects } = session;
  connection.onRequest(indexStatsRequest, async (params: { wait?: boolean } | undefined): Promise<IndexStats> => {
    if (params?.wait) await idle();
    const list = projects.all().map((p) => ({
      root: p.root,
      files: p.index.size,
      entries: count(p.index.entries()),
      articles: count(p.index.articles()),
      batchesApplied: p.batchesApplied,
      librariesReady: p.indexer.librariesReady,
      ready: p.built,
    }));
    const sum = (k: 'files' | 'entries' | 'articles' | 'batchesApplied') => list.reduce((n, p) => n + p[k], 0);
    return {
      files: sum('files'),
      entries: sum('entries'),
      articles: sum('articles'),
      batchesApplied: sum('batchesApplied'),
      eventsReceived: eventsReceived(),
      ready: list.every((p) => p.ready),
      projects: list,
      memory: memory(),
    };
  });
}

function count(items: Iterable<unknown>): number {
  let n = 0;
  for (const _ of items) n++;
  return n;
}

/** One `window/workDoneProgress` per build, where the client supports it; reports throttled. */
class BuildProgress {
  private reporter: Promise<WorkDoneProgressServerReporter | undefined>;
  private last = 0;
  private phase: IndexProgress['phase'] | undefined;
  private ended = false;

  constructor(session: Session, project: Project) {
    const title = session.projects.all().length > 1 ? `Strategy Notes: ${baseName(project.root)}` : 'Strategy Notes';
    this.reporter = session.support.workDoneProgress
      ? session.connection.window.createWorkDoneProgress().then(
          (r) => {
            if (this.ended) {
              r.done();
              return undefined;
            }
            r.begin(title, 0, 'Indexing libraries', false);
            return r;
          },
          () => undefined,
        )
      : Promise.resolve(undefined);
  }

  report(p: IndexProgress): void {
    const now = Date.now();
    const boundary = p.phase !== this.phase || p.done === p.total;
    if (!boundary && now - this.last < progressIntervalMs) return;
    this.phase = p.phase;
    this.last = now;
    const message = `Indexing ${p.phase} ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}`;
    const percentage = p.phase === 'articles' && p.total > 0 ? Math.floor((p.done / p.total) * 100) : undefined;
    void this.reporter.then((r) => (percentage === undefined ? r?.report(message) : r?.report(percentage, message)));
  }

  done(): void {
    this.ended = true;
    void this.reporter.then((r) => r?.done());
  }
}

function baseName(p: string): string {
  return p.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? p;
}
