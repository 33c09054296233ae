// One project per root (a workspace folder, or a folder below it holding a
// `.strategy-notes.json`): its Config, its file-system workspace and its index. Which project a
// document belongs to, projects made and dropped as folders come and go, file lists redone
// when the config or a `.gitignore` changes (only the files whose role changed are re-read).

import * as path from 'node:path';
import { ArticleBuilder, emptyChange, summarizeText, WorkspaceIndexer, type Config, type FileChange, type FileRole, type FileSummary, type IndexChange } from '../engine';
import { ChunkCache } from '../engine/dialect/chunks';
import { canonicalUri } from '../engine/workspace/uris';
import { findConfigFolders, FsWorkspace, relativeInside } from '../node/fs-workspace';
import type { CheckUnder, SummaryPool } from '../node/summary-pool';
import { checkConfigFingerprint, checkedKind, type LocalCheck } from '../engine/features/split-check';
import { SummaryCache } from '../node/summary-cache';
import { summaryConfigFingerprint } from '../engine/workspace/summary';
import type { Summarizer } from '../engine/workspace/indexer';
import type { DocumentContext, DocumentContexts } from './context';

export interface ProjectHooks {
  /** Runs the project's cold build (with progress); resolves when it ends. */
  build(project: Project): Promise<void>;
  /** The index changed (a batch of file events, a new file list): re-check what depends on it. */
  changed(project: Project, change: IndexChange): void;
}

/** Where a project's files are checked as they are summarized (workspace diagnostics): the
 * config to check under, and who takes each file's local check (made now, or kept in the summary
 * cache), with the fingerprint of the config it was made under (checkConfigFingerprint). */
export interface ProjectChecks {
  under(project: Project): CheckUnder;
  checked(project: Project, uri: string, fingerprint: string, check: LocalCheck): void;
}

/** How long after a build its summary cache is written (ms). */
const cacheWriteDelayMs = 3000;

export class Project {
  readonly rootUri: string;
  readonly indexer: WorkspaceIndexer;
  /** The persistent summary cache in front of the pool, when the client gave a folder. */
  readonly cache?: SummaryCache;
  disposed = false;
  built = false;
  batchesApplied = 0;
  readonly librariesReady: Promise<void>;
  readonly ready: Promise<void>;
  private resolveLibraries!: () => void;
  private resolveReady!: () => void;
  /** File-list changes and event batches, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private builder?: ArticleBuilder;
  /** The config fingerprint the summary cache keeps checks under (none: it keeps none). */
  private readonly cacheCheckKey: string | undefined;

  constructor(
    readonly root: string,
    readonly folder: string,
    readonly workspace: FsWorkspace,
    /** Nested roots left out of this one. */
    public excludeFolders: string[],
    /** The server's summary threads, shared by every project (none: files are summarized on this thread). */
    pool?: SummaryPool,
    /** The folder of the summary caches (`initializationOptions.cacheLocation`); none, no cache. Only
     * disk texts go through it: an open document's summary comes from its analysis (setOpenDocument). */
    cacheFolder?: string,
    checks?: ProjectChecks,
  ) {
    this.rootUri = workspace.rootUri;
    const inner: Summarizer = pool
      ? checks
        ? { summarize: (uri, role, text) => this.summarizeAndCheck(pool, checks, uri, role, text) }
        : pool
      : { summarize: (uri, role, text) => summarizeText(uri, role, text, (this.builder ??= new ArticleBuilder(new ChunkCache(16, 1024 * 1024)))) };
    // With workspace diagnostics, each file's local check is kept too (a warm start parses nothing for them either).
    const checkKey = checks && checkConfigFingerprint(workspace.config);
    this.cacheCheckKey = checkKey;
    this.cache = cacheFolder
      ? new SummaryCache(inner, {
          folder: cacheFolder,
          rootUri: this.rootUri,
          fingerprint: summaryConfigFingerprint(workspace.config),
          isLive: (uri) => this.index.get(uri) !== undefined,
          log: (m) => process.stderr.write(`${m}\n`),
          shared: pool?.shared,
          // Kept apart from the summaries, read once the index is built: a warm start's index does not wait for them.
          checks: checks && { key: checkKey!, found: (uri, check) => checks.checked(this, canonicalUri(uri), checkKey!, check), apart: true },
        })
      : undefined;
    // Files in flight: enough for the pool's threads, and for reads to overlap (a file the cache
    // holds costs its read alone, and one read at a time waits on the disk round trip each time).
    this.indexer = new WorkspaceIndexer(workspace, undefined, this.cache ?? inner, pool && Math.max(pool.concurrency, 8));
    this.librariesReady = new Promise((r) => (this.resolveLibraries = r));
    this.ready = new Promise((r) => (this.resolveReady = r));
  }

  get index() {
    return this.indexer.index;
  }

  /** A file's summary, its local check handed to `checks` on the way (one parse for both). */
  private summarizeAndCheck(pool: SummaryPool, checks: ProjectChecks, uri: string, role: FileRole, text: string): FileSummary | Promise<FileSummary> {
    if (!checkedKind(role)) return pool.summarize(uri, role, text);
    const under = checks.under(this);
    return pool.summarizeChecked(uri, role, text, under, (check) => {
      if (this.disposed) return;
      const key = checkConfigFingerprint(under.config);
      // The cache keeps it (and hands it on) when it is made under the config the cache keeps checks for.
      if (this.cache && key === this.cacheCheckKey) this.cache.checked(uri, check);
      else checks.checked(this, canonicalUri(uri), key, check);
    });
  }

  get config(): Config {
    return this.workspace.config;
  }

  /** Called by the build as it goes. */
  librariesLoaded(): void {
    this.resolveLibraries();
  }

  finished(): void {
    this.built = true;
    // The summaries are written a while after the build is in (its files' checks come first: at
    // 2,800 files, writing held up the workspace diagnostics by ~0.2 s; at shutdown they are
    // written at once); later changes are written debounced.
    this.cache?.flushAfter(cacheWriteDelayMs);
    this.resolveLibraries();
    this.resolveReady();
  }

  dispose(): void {
    // A cancelled build's index is partial: its cache is left as it was.
    if (this.built) void this.cache?.dispose();
    this.disposed = true;
    this.resolveLibraries();
    this.resolveReady();
  }

  /** Waits for what is queued (a file list being redone, a batch being applied). */
  settled(): Promise<void> {
    return this.ready.then(() => this.queue).then(() => undefined);
  }

  /** During the cold build, reads the given files now if they are not indexed yet (the targets of
   * an open article's related links), so its diagnostics do not depend on how far the build got. */
  async ensureIndexed(uris: readonly string[]): Promise<void> {
    if (this.built || this.disposed) return;
    for (const uri of uris) {
      if (this.index.get(uri) || this.indexer.isOpen(uri)) continue;
      const role = this.workspace.roleOf(uri);
      if (!role) continue;
      const text = await this.workspace.readFile(uri);
      if (text === undefined || this.built || this.index.get(uri) || this.indexer.isOpen(uri)) continue;
      this.builder ??= new ArticleBuilder(new ChunkCache(16, 1024 * 1024));
      this.index.set(summarizeText(uri, role, text, this.builder));
    }
  }

  /** Applies a batch of file events (one `applyChanges`, whatever its size). */
  apply(changes: readonly FileChange[]): Promise<IndexChange> {
    return this.enqueue(async () => {
      if (this.disposed) return emptyChange();
      this.workspace.notify(changes);
      const change = await this.indexer.applyChanges(changes);
      this.batchesApplied++;
      return change;
    });
  }

  /** The file list again (new globs, a `.gitignore`, a nested root): files that left are dropped,
   * files that came or changed role are read; the rest stays as it is. */
  relist(): Promise<IndexChange> {
    return this.enqueue(async () => {
      await this.ready;
      if (this.disposed) return emptyChange();
      const before = new Map<string, FileRole>();
      for (const s of this.index.all()) if (!this.indexer.isOpen(s.uri)) before.set(s.uri, roleOfSummary(s));
      const files = await this.workspace.listFiles();
      const changes: FileChange[] = [];
      const listed = new Set<string>();
      for (const f of files) {
        const uri = canonicalUri(f.uri);
        listed.add(uri);
        if (before.get(uri) !== f.role) changes.push({ uri, type: before.has(uri) ? 'changed' : 'created' });
      }
      for (const uri of before.keys()) if (!listed.has(uri)) changes.push({ uri, type: 'deleted' });
      if (changes.length === 0) return emptyChange();
      return this.indexer.applyChanges(changes);
    });
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** A file's role as its summary says (the role it was indexed under: no globs matched again). */
export function roleOfSummary(s: FileSummary): FileRole {
  if (s.kind === 'entry') return s.entryKind === 'concept' ? 'concept-entry' : 'company-entry';
  return s.kind === 'article' ? 'article' : 'other';
}

export class Projects {
  private readonly byRoot = new Map<string, Project>();
  private folders: string[] = [];
  /** Folder and config work, in order (each step is short: config requests and a glob). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly contexts: DocumentContexts,
    private readonly hooks: ProjectHooks,
    private readonly pool?: SummaryPool,
  ) {}

  /** Set before the first folder (workspace diagnostics): projects check files as they summarize them. */
  checks: ProjectChecks | undefined;

  /** `initializationOptions.cacheLocation`: projects made from now on keep a summary cache there. */
  cacheFolder: string | undefined;

  all(): Project[] {
    return [...this.byRoot.values()];
  }

  get(root: string): Project | undefined {
    return this.byRoot.get(path.resolve(root));
  }

  /** The project of a document: the one at its config root, else the innermost one holding it. */
  forContext(ctx: DocumentContext): Project | undefined {
    if (!ctx.root || !ctx.path) return undefined;
    const project = this.get(ctx.root);
    if (project && project.workspace.contains(ctx.path)) return project;
    return this.forPath(ctx.path);
  }

  /** The innermost project whose tree holds the file. */
  forPath(file: string): Project | undefined {
    let best: Project | undefined;
    for (const p of this.byRoot.values()) {
      if (p.workspace.contains(file) && (!best || p.root.length > best.root.length)) best = p;
    }
    return best;
  }

  /** Resolves once folder and config work queued so far is done. */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** Resolves once the summary caches of built projects are written (shutdown waits for it: an
   * editor closed just after the cold build would otherwise lose the cache being written). */
  writeCaches(): Promise<void> {
    return Promise.all(this.all().map((p) => (p.built ? p.cache?.flush() : undefined))).then(() => undefined);
  }

  /** Resolves once every project is built and nothing is queued. */
  async idle(): Promise<void> {
    await this.settled();
    await Promise.all(this.all().map((p) => p.settled()));
  }

  /** The workspace folders now: projects of removed folders are dropped (their build cancelled), added ones made and built. */
  setFolders(folders: readonly string[]): Promise<void> {
    const next = [...new Set(folders.map((f) => path.resolve(f)))];
    return this.enqueue(async () => {
      this.folders = next;
      await this.sync();
    });
  }

  /** Settings or a config file changed: configs read again, nested roots found again, file lists redone where the globs changed. */
  reconfigure(): Promise<void> {
    return this.enqueue(() => this.sync());
  }

  /** A `.gitignore` changed: the file lists of the projects holding it are redone. */
  gitignoreChanged(file: string): void {
    const dir = path.dirname(file);
    for (const p of this.all()) {
      if (dir !== p.root && relativeInside(p.root, dir) === undefined) continue;
      p.workspace.forgetIgnores();
      void p.relist().then((change) => this.hooks.changed(p, change));
    }
  }

  private async sync(): Promise<void> {
    const wanted = new Map<string, string>(); // root -> folder
    for (const folder of this.folders) {
      wanted.set(folder, folder);
      for (const dir of await findConfigFolders(folder)) {
        // A nested root belongs to the innermost workspace folder holding it.
        if (this.innermostFolder(dir) === folder && !wanted.has(dir)) wanted.set(dir, folder);
      }
    }
    for (const [root, project] of this.byRoot) {
      if (wanted.get(root) === project.folder) continue;
      project.dispose();
      this.byRoot.delete(root);
    }
    const roots = [...wanted.keys()];
    for (const [root, folder] of wanted) {
      const excludeFolders = roots.filter((r) => r !== root && relativeInside(root, r) !== undefined);
      const config = await this.contexts.rootConfig(root, folder);
      const existing = this.byRoot.get(root);
      if (!existing) {
        const project = new Project(root, folder, new FsWorkspace(root, config, { excludeFolders, blockingReads: 'while-fast' }), excludeFolders, this.pool, this.cacheFolder, this.checks);
        this.byRoot.set(root, project);
        void this.hooks.build(project);
        continue;
      }
      const old = existing.workspace;
      if (sameListing(old.config, config) && sameFolders(existing.excludeFolders, excludeFolders)) {
        old.update({ config }); // same globs: no file changes role
        continue;
      }
      old.update({ config, excludeFolders });
      existing.excludeFolders = excludeFolders;
      void existing.relist().then((change) => this.hooks.changed(existing, change));
    }
  }

  private innermostFolder(dir: string): string | undefined {
    return this.folders.filter((f) => f === dir || relativeInside(f, dir) !== undefined).sort((a, b) => b.length - a.length)[0];
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function sameListing(a: Config, b: Config): boolean {
  const key = (c: Config) => JSON.stringify([c.articles, c.library.concepts, c.library.companies, c.exclude]);
  return key(a) === key(b);
}

function sameFolders(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
