// Keeps a WorkspaceIndex current from a Workspace: a cold build (library entries first, so
// completion and tag checks work before articles finish), batches of file changes coalesced
// per file, and open documents, whose summaries come from the editor's text, not the disk.

import { ArticleBuilder } from '../dialect/article';
import { withoutBom } from '../dialect/bom';
import { ChunkCache } from '../dialect/chunks';
import { splitLines } from '../dialect/text';
import { WorkspaceIndex, emptyChange, mergeChange, type IndexChange } from './index';
import { summarize, type FileRole, type FileSummary } from './summary';
import { canonicalUri, fileNameOf } from './uris';
import type { FileChange, Workspace, WorkspaceFile } from './workspace';

export interface IndexProgress {
  phase: 'libraries' | 'articles';
  done: number;
  total: number;
}

export interface BuildOptions {
  onProgress?: (p: IndexProgress) => void;
  /** Checked between files: true stops the build (a folder removed mid-index). */
  isCancelled?: () => boolean;
  /** Called after the library entries are in, before articles are read. */
  onLibrariesReady?: () => void;
}

/** The summary of a file from its text on disk (the model is built and dropped). A BOM is left out,
 * positions and all: an editor shows the file without it (VS Code does), so that is where they point. */
export function summarizeText(uri: string, role: FileRole, text: string, builder: ArticleBuilder): FileSummary {
  const shown = withoutBom(text);
  const model = builder.build(shown, 0, { fileName: fileNameOf(uri) });
  return summarize(uri, role, model, splitLines(shown));
}

/** Turns a file's text into its summary. The default builds the model on this thread; the server
 * and the CLI may hand in another (a pool of worker threads, a cache of summaries in front). */
export interface Summarizer {
  /** `stamp`: the workspace's stamp of the file, taken before its text was read. */
  summarize(uri: string, role: FileRole, text: string, stamp?: string): FileSummary | Promise<FileSummary>;
  /** The summary of a file whose stamp is this one, when it is known (a cache): then the file is not read. */
  known?(uri: string, role: FileRole, stamp: string): FileSummary | undefined | Promise<FileSummary | undefined>;
  /** The summary it holds for this file when `text` is the text it was made from (a cache that
   * keeps each file's text hash), at once; undefined when it cannot tell. */
  sameText?(uri: string, role: FileRole, text: string): FileSummary | undefined;
}

const roleOrder: Record<FileRole, number> = { 'concept-entry': 0, 'company-entry': 0, other: 1, article: 2 };

export class WorkspaceIndexer {
  readonly index = new WorkspaceIndex();
  /** Open documents: disk events for them are ignored until they close. */
  private readonly open = new Set<string>();
  /** Work is serialized: a batch of changes waits for the build (and the build for earlier batches). */
  private queue: Promise<unknown> = Promise.resolve();
  private librariesDone = false;
  private articlesDone = false;
  /** A builder of its own, with a small chunk cache: indexing must not evict the editor's chunks. */
  private readonly builder = new ArticleBuilder(new ChunkCache(256, 4 * 1024 * 1024));

  constructor(
    readonly workspace: Workspace,
    /** Yields to the event loop between files, so requests are answered during a cold build. */
    private readonly pause: () => Promise<void> = () => new Promise((r) => setImmediate(r)),
    private readonly summarizer: Summarizer = { summarize: (uri, role, text) => summarizeText(uri, role, text, this.builder) },
    /** Files the cold build keeps in flight (a pool of threads: about twice its threads). With 1,
     * files are read one after the other with a pause between two. */
    private readonly concurrency = 1,
  ) {}

  /** Library entries are indexed (completion and tag checks can answer). */
  get librariesReady(): boolean {
    return this.librariesDone;
  }

  /** Every file is indexed. */
  get ready(): boolean {
    return this.articlesDone;
  }

  /** Indexes every file the workspace lists: entries first, then other files, then articles. */
  build(options: BuildOptions = {}): Promise<IndexChange> {
    return this.serialize(() => this.runBuild(options));
  }

  private async runBuild(options: BuildOptions): Promise<IndexChange> {
    const change = emptyChange();
    let files: WorkspaceFile[];
    try {
      files = await this.workspace.listFiles();
    } catch {
      files = [];
    }
    files = [...files].sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || (a.uri < b.uri ? -1 : 1));
    const libraries = files.filter((f) => roleOrder[f.role] === 0);
    const rest = files.filter((f) => roleOrder[f.role] !== 0);
    if (!(await this.loadAll(libraries, 'libraries', change, options))) return change;
    if (!this.librariesDone) {
      if (rest.length > 0 && options.isCancelled?.()) return change;
      this.librariesDone = true;
      options.onLibrariesReady?.();
    }
    if (!(await this.loadAll(rest, 'articles', change, options))) return change;
    this.articlesDone = true;
    return change;
  }

  /** Loads one phase's files, up to `concurrency` at a time (each summary is set as it comes, in
   * whatever order: one file's summary does not depend on another's). False when cancelled. */
  private async loadAll(files: readonly WorkspaceFile[], phase: IndexProgress['phase'], change: IndexChange, options: BuildOptions): Promise<boolean> {
    let next = 0;
    let done = 0;
    let stopped = false;
    let failure: { error: unknown } | undefined;
    const lane = async () => {
      while (next < files.length && !stopped) {
        if (options.isCancelled?.()) {
          stopped = true;
          return;
        }
        const file = files[next++];
        try {
          if (!this.open.has(canonicalUri(file.uri))) mergeChange(change, await this.load(file.uri, file.role));
        } catch (error) {
          failure ??= { error };
          stopped = true;
          return;
        }
        done++;
        options.onProgress?.({ phase, done, total: files.length });
        // After every file: a request waits for one file's parse at most, never for a batch. With
        // files in flight, every 32 files: those a cache knows by their stamp are set without any
        // I/O to wait on, and would otherwise all be set before a request is heard.
        if (this.concurrency <= 1 || done % 32 === 0) await this.pause();
      }
    };
    const lanes = Math.max(1, Math.min(this.concurrency, files.length));
    await Promise.all(Array.from({ length: lanes }, lane));
    if (failure) throw failure.error;
    return !stopped;
  }

  /** Applies a batch of file events, one read per file whatever the number of events for it. */
  applyChanges(changes: readonly FileChange[]): Promise<IndexChange> {
    const last = new Map<string, FileChange['type']>();
    for (const c of changes) last.set(canonicalUri(c.uri), c.type);
    return this.serialize(async () => {
      const change = emptyChange();
      let n = 0;
      for (const [uri, type] of last) {
        if (this.open.has(uri)) continue;
        if (type === 'deleted') mergeChange(change, this.index.delete(uri));
        else {
          const role = this.workspace.roleOf(uri);
          if (role) mergeChange(change, await this.load(uri, role));
          else mergeChange(change, this.index.delete(uri));
        }
        if (++n % 4 === 0) await this.pause();
      }
      return change;
    });
  }

  /** An open document's summary, from the editor's text (replaces what the disk said). */
  setOpenDocument(summary: FileSummary): IndexChange {
    this.open.add(canonicalUri(summary.uri));
    return this.index.set(summary);
  }

  /** A document opened with the text its file has on disk, as far as the summarizer can tell
   * (the cache keeps each file's text hash): it is open, and the index keeps the disk's summary,
   * so nothing changes and none is made from the editor's text. Undefined when that cannot be
   * told: then `setOpenDocument` is for the caller to do. */
  openAsOnDisk(uri: string, role: FileRole, text: string): IndexChange | undefined {
    const summary = this.summarizer.sameText?.(canonicalUri(uri), role, text);
    if (!summary) return undefined;
    return this.setOpenDocument(summary);
  }

  /** A document closed: the disk's version counts again (or none, if the file is gone or was never saved). */
  closeDocument(uri: string): Promise<IndexChange> {
    const key = canonicalUri(uri);
    this.open.delete(key);
    return this.serialize(async () => {
      if (this.open.has(key)) return emptyChange();
      const role = this.workspace.roleOf(key);
      return role ? this.load(key, role) : this.index.delete(key);
    });
  }

  isOpen(uri: string): boolean {
    return this.open.has(canonicalUri(uri));
  }

  /** Reads one file and swaps its summary in; a file that cannot be read leaves the index. */
  private async load(uri: string, role: FileRole): Promise<IndexChange> {
    // The stamp is taken before the read: a write after it gives another stamp next time.
    let stamp: string | undefined;
    if (this.summarizer.known && this.workspace.stampOf) {
      try {
        stamp = await this.workspace.stampOf(uri);
      } catch {
        stamp = undefined;
      }
      const known = stamp === undefined ? undefined : await this.summarizer.known(uri, role, stamp);
      if (known) return this.open.has(canonicalUri(uri)) ? emptyChange() : this.index.set(known);
    }
    let text: string | undefined;
    try {
      text = await this.workspace.readFile(uri);
    } catch {
      text = undefined;
    }
    if (this.open.has(canonicalUri(uri))) return emptyChange(); // opened while it was being read
    if (text === undefined) return this.index.delete(uri);
    const summary = await this.summarizer.summarize(uri, role, text, stamp);
    if (this.open.has(canonicalUri(uri))) return emptyChange(); // opened while it was summarized
    return this.index.set(summary);
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
