// The engine's only way to files: a workspace it is handed (as vscode-markdown-languageservice
// is handed its IWorkspace). The server and the CLI hand it open documents plus the file
// system (server/src/node/); tests hand it `InMemoryWorkspace`. The engine does no I/O itself.

import { defaultConfig, type Config } from '../config';
import { compileGlobs } from './globs';
import type { FileRole } from './summary';
import { canonicalUri } from './uris';

export interface WorkspaceFile {
  uri: string;
  role: FileRole;
}

export type FileChangeType = 'created' | 'changed' | 'deleted';

export interface FileChange {
  uri: string;
  type: FileChangeType;
}

export interface Disposable {
  dispose(): void;
}

export interface Workspace {
  /** Every Markdown file the workspace holds that is an article, a library entry or another
   * Markdown file (ignored paths left out), with its role by the configured globs. */
  listFiles(): Promise<WorkspaceFile[]>;
  /** The file's text, or undefined when it cannot be read (gone, a folder, unreadable). */
  readFile(uri: string): Promise<string | undefined>;
  /** The role a file has by the globs (for a file created after listing); undefined when it is not part of this workspace. */
  roleOf(uri: string): FileRole | undefined;
  /** What the file system says of the file now (size, times, inode): the same stamp, the same text,
   * so a summarizer that knows the stamp need not have it read. Undefined when there is none to
   * trust (not a file, or changed too recently for its times to tell one write from the next). */
  stampOf?(uri: string): Promise<string | undefined> | string | undefined;
  /** Tells of files created, changed or deleted (a watcher, or LSP's didChangeWatchedFiles). */
  onDidChangeFiles?(listener: (changes: readonly FileChange[]) => void): Disposable;
}

/** The role of a Markdown file by the config's globs, from its path relative to the workspace root. */
export function roleByGlobs(relativePath: string, config: Config): FileRole {
  if (!/\.(?:md|markdown)$/i.test(relativePath)) return 'other';
  defaults ??= defaultConfig();
  if (matcher(config.library.concepts, defaults.library.concepts)(relativePath)) return 'concept-entry';
  if (matcher(config.library.companies, defaults.library.companies)(relativePath)) return 'company-entry';
  return matcher(config.articles, defaults.articles)(relativePath) ? 'article' : 'other';
}

let defaults: Config | undefined;
const matchers = new Map<string, (p: string) => boolean>();
/** `resolveConfig` has already refused the globs that cannot compile (with a message); a Config
 * built another way still never throws here: such globs match as their default would. */
function matcher(globs: string[], fallback: string[]): (p: string) => boolean {
  const key = globs.join('\0');
  let m = matchers.get(key);
  if (!m) {
    try {
      m = compileGlobs(globs);
    } catch {
      m = compileGlobs(fallback);
    }
    if (matchers.size > 64) matchers.clear();
    matchers.set(key, m);
  }
  return m;
}

/** A workspace held in memory, for tests and for tools that have the texts at hand. Paths
 * are relative to `root` (a URI); roles come from the config's globs as on disk. */
export class InMemoryWorkspace implements Workspace {
  private readonly texts = new Map<string, string>();
  private readonly listeners = new Set<(changes: readonly FileChange[]) => void>();

  constructor(
    readonly root: string,
    files: Record<string, string>,
    private readonly config: Config,
  ) {
    for (const [rel, text] of Object.entries(files)) this.texts.set(this.uriOf(rel), text);
  }

  uriOf(relativePath: string): string {
    return canonicalUri(`${this.root.replace(/\/$/, '')}/${relativePath.split('/').map(encodeURIComponent).join('/')}`);
  }

  async listFiles(): Promise<WorkspaceFile[]> {
    const out: WorkspaceFile[] = [];
    for (const uri of [...this.texts.keys()].sort()) {
      const role = this.roleOf(uri);
      if (role) out.push({ uri, role });
    }
    return out;
  }

  async readFile(uri: string): Promise<string | undefined> {
    return this.texts.get(canonicalUri(uri));
  }

  roleOf(uri: string): FileRole | undefined {
    const u = canonicalUri(uri);
    const root = canonicalUri(this.root).replace(/\/$/, '') + '/';
    if (!u.startsWith(root) || !/\.(?:md|markdown)$/i.test(u)) return undefined;
    return roleByGlobs(decodeURIComponent(u.slice(root.length)), this.config);
  }

  onDidChangeFiles(listener: (changes: readonly FileChange[]) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Writes (or with `undefined` deletes) files and tells the listeners, as a watcher would. */
  write(files: Record<string, string | undefined>): FileChange[] {
    const changes: FileChange[] = [];
    for (const [rel, text] of Object.entries(files)) {
      const uri = this.uriOf(rel);
      const existed = this.texts.has(uri);
      if (text === undefined) {
        if (!existed) continue;
        this.texts.delete(uri);
        changes.push({ uri, type: 'deleted' });
      } else {
        this.texts.set(uri, text);
        changes.push({ uri, type: existed ? 'changed' : 'created' });
      }
    }
    for (const l of this.listeners) l(changes);
    return changes;
  }

  has(uri: string): boolean {
    return this.texts.has(canonicalUri(uri));
  }
}
