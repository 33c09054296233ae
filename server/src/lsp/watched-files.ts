// `workspace/didChangeWatchedFiles`: watchers registered for any client that supports dynamic
// registration; events collected and handled in one batch once they pause (a `git checkout`
// touching 1,000 files is one `applyChanges` per project, not 1,000). A config file change
// reconfigures at once, a `.gitignore` change redoes the file lists, a Markdown change swaps one summary.

import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, type FileEvent } from 'vscode-languageserver/node';
import { configFileName } from '../engine';
import type { FileChange } from '../engine/workspace/workspace';
import { canonicalUri } from '../engine/workspace/uris';
import { pathOfUri } from '../node/fs-workspace';
import { configChanged, indexChanged } from './indexing';
import type { Project } from './projects';
import type { Session } from './session';

export const watchedGlobs = ['**/*.md', '**/*.markdown', `**/${configFileName}`, '**/.gitignore'];

/** Events are handled this long after the last one… */
const quietMs = 100;
/** …or this long after the first one, if they never pause. */
const maxWaitMs = 1000;

const typeOf: Record<number, FileChange['type']> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

export class WatchedFiles {
  received = 0;
  private pending: FileEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private firstAt = 0;
  private flushing: Promise<void> = Promise.resolve();
  private waiters: (() => void)[] = [];

  constructor(private readonly session: Session) {}

  register(): void {
    this.session.connection.onDidChangeWatchedFiles((params) => this.add(params.changes));
  }

  /** Asks the client to watch Markdown, config and `.gitignore` files (call on `initialized`). */
  watch(): void {
    if (!this.session.support.watchFiles) return;
    void this.session.connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: watchedGlobs.map((globPattern) => ({ globPattern })) })
      .catch((error: unknown) => this.session.connection.console.warn(`Strategy Notes: file watchers not registered: ${String(error)}`));
  }

  /** Resolves once no events are waiting and the last batch is handled (and builds are done). */
  async idle(): Promise<void> {
    if (this.timer) await new Promise<void>((r) => this.waiters.push(r));
    await this.flushing;
    await this.session.analyses.settled();
    await this.session.projects.idle();
  }

  private add(all: readonly FileEvent[]): void {
    if (all.length === 0) return;
    this.received += all.length;
    // A config file is handled at once (requests that follow must see it); the rest is batched.
    if (all.some((e) => baseName(e.uri) === configFileName)) configChanged(this.session);
    const changes = all.filter((e) => baseName(e.uri) !== configFileName);
    if (changes.length === 0) return;
    if (this.pending.length === 0) this.firstAt = Date.now();
    this.pending.push(...changes);
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(quietMs, this.firstAt + maxWaitMs - Date.now()));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    const waiters = this.waiters;
    this.waiters = [];
    this.flushing = this.flushing.then(() => this.handle(batch)).catch((error: unknown) => {
      this.session.connection.console.error(`Strategy Notes: file events failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    for (const w of waiters) w();
  }

  private async handle(batch: readonly FileEvent[]): Promise<void> {
    const { projects } = this.session;
    const gitignores = batch.filter((e) => baseName(e.uri) === '.gitignore');
    await projects.settled();
    for (const e of gitignores) {
      const file = pathOfUri(e.uri);
      if (file) projects.gitignoreChanged(file);
    }

    const perProject = new Map<Project, FileChange[]>();
    const add = (project: Project, change: FileChange) => {
      let list = perProject.get(project);
      if (!list) perProject.set(project, (list = []));
      list.push(change);
    };
    for (const e of batch) {
      const name = baseName(e.uri);
      if (name === '.gitignore') continue;
      const file = pathOfUri(e.uri);
      const type = typeOf[e.type];
      if (!file || !type) continue;
      if (/\.(?:md|markdown)$/i.test(file)) {
        const project = projects.forPath(file);
        if (project) add(project, { uri: canonicalUri(e.uri), type });
        continue;
      }
      // A folder: deleted, its indexed files go; created or changed (moved in), the file lists are redone.
      for (const project of projects.all()) {
        if (type === 'deleted') {
          const prefix = canonicalUri(e.uri).replace(/\/$/, '') + '/';
          for (const s of project.index.all()) if (s.uri.startsWith(prefix)) add(project, { uri: s.uri, type: 'deleted' });
        } else if (project.workspace.contains(file) || file === project.root) {
          void project.relist().then((change) => indexChanged(this.session, project, change));
        }
      }
    }
    await Promise.all(
      [...perProject].map(async ([project, changes]) => {
        const change = await project.apply(changes);
        this.session.connection.console.log(`Strategy Notes: applied ${changes.length} file event(s) in ${path.basename(project.root)}`);
        indexChanged(this.session, project, change);
      }),
    );
  }
}

function baseName(uri: string): string {
  const i = uri.lastIndexOf('/');
  return decodeURIComponentSafe(uri.slice(i + 1));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
