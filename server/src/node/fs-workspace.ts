/**
 * The engine's `Workspace` on the file system, for one root folder (a workspace folder, or the
 * folder of a `.strategy-notes.json`). Shared by the language server and the CLI.
 *
 * - `listFiles()`: every Markdown file below the root (fast-glob), with its role by the config's
 *   globs (`roleByGlobs`), leaving out `node_modules`, dot folders, `.gitignore`d paths (read at
 *   the root and below, as git does), the config's `exclude` globs and `excludeFolders` (nested
 *   roots with a config file of their own).
 * - `readFile(uri)`: UTF-8 text; undefined for a file that is gone, unreadable, not a file or
 *   over `maxFileSize` (10 MiB) — the index never stops on a file.
 * - `roleOf(uri)`: the role of one file by the same rules; undefined when the file is not part of
 *   this workspace (outside the root, ignored, excluded, not Markdown).
 * - `uriOf(path)` / `pathOf(uri)`: file system paths <-> canonical `file:` URIs (the index keys).
 * - `onDidChangeFiles` / `notify(changes)`: the owner (the server's watched-file events, a
 *   watcher) reports changes; listeners hear them.
 * - `update({ config, excludeFolders })`: new globs or nested roots; `.gitignore` files are
 *   re-read on the next question (also after `forgetIgnores()`).
 */

import { readFile, stat } from 'node:fs/promises';
import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import { URI } from 'vscode-uri';
import { configFileName, type Config } from '../engine/config';
import type { FileRole } from '../engine/workspace/summary';
import { canonicalUri } from '../engine/workspace/uris';
import { compileGlobs } from '../engine/workspace/globs';
import { roleByGlobs, type Disposable, type FileChange, type Workspace, type WorkspaceFile } from '../engine/workspace/workspace';
import { maxCheckedLength } from '../engine/dialect/checkable';

// One number with the engine's limit (characters there, bytes here: a multi-byte text just under
// it in characters is still left out of the index).
export const defaultMaxFileSize = maxCheckedLength;

export interface FsWorkspaceOptions {
  /** Absolute folders below the root that are not part of it (nested roots with their own config file). */
  excludeFolders?: readonly string[];
  /** Files larger than this (bytes) are not read. Default 10 MiB. */
  maxFileSize?: number;
  /** Read files with blocking calls (the CLI: its thread has nothing else to do meanwhile, and a
   * file read in one call costs a fraction of four round trips through libuv's thread pool).
   * 'while-fast' (the server): blocking while every read takes at most `slowReadMs`, then through
   * the thread pool for good (a network drive must not hold up the server's requests). On 2,800
   * files of a local disk, the promise reads cost the server's thread ~1 s and its cold index
   * 4.15-4.35 s, the blocking ones 3.72-3.74 s. */
  blockingReads?: boolean | 'while-fast';
  /** Default 20 (ms). */
  slowReadMs?: number;
  /** How long (ms) a file's times must lie in the past before its stamp is trusted. Default 3 s. */
  settledMs?: number;
}

function stampOfStats(info: Stats, settledMs: number): string | undefined {
  if (!info.isFile() || Date.now() - Math.max(info.mtimeMs, info.ctimeMs) < settledMs) return undefined;
  return `${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}:${info.dev}`;
}

/** Segments of letters, digits, `-`, `_`, `.` and `~` (none only dots), joined by `/`. */
const plainRelative = /^(?!\.{1,2}(?:\/|$))[A-Za-z0-9._~-]+(?:\/(?!\.{1,2}(?:\/|$))[A-Za-z0-9._~-]+)*$/;

const markdownFile = /\.(?:md|markdown)$/i;
/** Always left out, whatever the config says (dot folders are left out by `dot: false`). */
const alwaysIgnored = ['**/node_modules/**'];

/** The canonical `file:` URI of a path (the key the index uses). */
export function fileUriOf(file: string): string {
  return canonicalUri(URI.file(path.resolve(file)).toString());
}

/** The file system path of a `file:` URI; undefined for other schemes (untitled, virtual). */
export function pathOfUri(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

/** `file` relative to `folder` with `/` separators; undefined when it is not inside (or is) the folder. */
export function relativeInside(folder: string, file: string): string | undefined {
  const rel = path.relative(folder, file);
  if (!rel || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

export class FsWorkspace implements Workspace {
  readonly root: string;
  readonly rootUri: string;
  private currentConfig: Config;
  private excludeFolders: string[];
  private readonly maxFileSize: number;
  private blockingReads: boolean | 'while-fast';
  private readonly slowReadMs: number;
  private readonly settledMs: number;
  private excluded: (rel: string) => boolean;
  /** Folder (relative, '' for the root) -> its `.gitignore` rules, or null when it has none. */
  private readonly gitignores = new Map<string, Ignore | null>();
  /** Folder (relative) -> whether git would leave it out. */
  private readonly ignoredFolders = new Map<string, boolean>();
  private readonly listeners = new Set<(changes: readonly FileChange[]) => void>();

  constructor(root: string, config: Config, options: FsWorkspaceOptions = {}) {
    this.root = path.resolve(root);
    this.rootUri = fileUriOf(this.root);
    this.currentConfig = config;
    this.excludeFolders = (options.excludeFolders ?? []).map((f) => path.resolve(f));
    this.maxFileSize = options.maxFileSize ?? defaultMaxFileSize;
    this.blockingReads = options.blockingReads ?? false;
    this.slowReadMs = options.slowReadMs ?? 20;
    this.settledMs = options.settledMs ?? 3000;
    this.excluded = excludeMatcher(config.exclude);
  }

  /** Whether the next read blocks (see `blockingReads`). */
  get readsBlocking(): boolean {
    return this.blockingReads !== false;
  }

  get config(): Config {
    return this.currentConfig;
  }

  /** New globs and/or nested roots; `.gitignore` files are read again. */
  update(changes: { config?: Config; excludeFolders?: readonly string[] }): void {
    if (changes.config) {
      this.currentConfig = changes.config;
      this.excluded = excludeMatcher(changes.config.exclude);
    }
    if (changes.excludeFolders) this.excludeFolders = changes.excludeFolders.map((f) => path.resolve(f));
    this.forgetIgnores();
  }

  /** A `.gitignore` changed: read them again when next needed. */
  forgetIgnores(): void {
    this.gitignores.clear();
    this.ignoredFolders.clear();
  }

  uriOf(file: string): string {
    // A relative path of characters a URI never escapes is appended to the root's URI as it is
    // (what fileUriOf gives, without a parse and print of the URI per file of the listing).
    if (!path.isAbsolute(file) && plainRelative.test(file)) return `${this.rootUri}${this.rootUri.endsWith('/') ? '' : '/'}${file}`;
    return fileUriOf(path.isAbsolute(file) ? file : path.join(this.root, file));
  }

  pathOf(uri: string): string | undefined {
    return pathOfUri(uri);
  }

  /** Whether the path lies in this workspace's tree (below the root, not in an excluded folder); ignores not consulted. */
  contains(file: string): boolean {
    const abs = path.resolve(file);
    if (relativeInside(this.root, abs) === undefined) return false;
    return !this.excludeFolders.some((f) => abs === f || relativeInside(f, abs) !== undefined);
  }

  async listFiles(): Promise<WorkspaceFile[]> {
    const config = this.currentConfig;
    // Every Markdown file (articles, entries and other files such as readmes, which related links
    // may point to); roles and `exclude` are decided after, by the linear-time matcher. Configured
    // globs never reach fast-glob (its picomatch backtracks): they could only name Markdown files
    // these patterns already list, or files the checks below leave out.
    const patterns = ['**/*.[mM][dD]', '**/*.[mM][aA][rR][kK][dD][oO][wW][nN]'];
    let found: string[];
    try {
      found = await fg(patterns, {
        cwd: this.root,
        dot: false,
        onlyFiles: true,
        followSymbolicLinks: false,
        suppressErrors: true,
        unique: true,
        ignore: [...alwaysIgnored, ...prunedFolders(config.exclude)],
      });
    } catch {
      found = [];
    }
    const out: WorkspaceFile[] = [];
    for (const rel of found.sort()) {
      const role = this.roleOfRelative(rel);
      if (role) out.push({ uri: this.uriOf(rel), role });
    }
    return out;
  }

  async readFile(uri: string): Promise<string | undefined> {
    const file = this.pathOf(uri);
    if (!file) return undefined;
    if (this.blockingReads === true) return this.readBlocking(file);
    if (this.blockingReads === 'while-fast') {
      const start = performance.now();
      const text = this.readBlocking(file);
      if (performance.now() - start > this.slowReadMs) this.blockingReads = false;
      return text;
    }
    try {
      const info = await stat(file);
      if (!info.isFile() || info.size > this.maxFileSize) return undefined;
      return await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Size, modification and change times, inode and device: a write changes the change time,
   * whatever it does to the modification time. A file changed in the last few seconds has no stamp
   * (file systems keep times in steps of up to 2 s: a second write in the same step would keep the
   * stamp of the first), so it is read and hashed until its times are old enough to tell. */
  stampOf(uri: string): string | undefined {
    const file = this.pathOf(uri);
    if (!file) return undefined;
    // A blocking stat: a few microseconds, against tens for a round trip through libuv's thread
    // pool (2,800 files: 10-25 ms against 240 ms one after the other).
    try {
      return stampOfStats(statSync(file), this.settledMs);
    } catch {
      return undefined;
    }
  }

  private readBlocking(file: string): string | undefined {
    let fd: number | undefined;
    try {
      // Not blocking on open: a named pipe (or a device) called `x.md` would wait for a writer
      // forever; opened so, it is not a file, and is left unread.
      fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
      const info = fstatSync(fd);
      if (!info.isFile() || info.size > this.maxFileSize) return undefined;
      return readFileSync(fd, 'utf8');
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  roleOf(uri: string): FileRole | undefined {
    const file = this.pathOf(uri);
    if (!file || !this.contains(file)) return undefined;
    const rel = relativeInside(this.root, path.resolve(file));
    return rel === undefined ? undefined : this.roleOfRelative(rel);
  }

  /** Whether git (by the `.gitignore` files at the root and below), the `exclude` globs or the
   * fixed rules (node_modules, dot folders) leave this path out. */
  isIgnored(file: string): boolean {
    const rel = relativeInside(this.root, path.resolve(file));
    return rel === undefined || this.ignoredRelative(rel, false);
  }

  onDidChangeFiles(listener: (changes: readonly FileChange[]) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Tells the listeners of changes (the server forwards its watched-file events here). */
  notify(changes: readonly FileChange[]): void {
    if (changes.length) for (const l of this.listeners) l(changes);
  }

  private roleOfRelative(rel: string): FileRole | undefined {
    if (!markdownFile.test(rel)) return undefined;
    // A relative path lies below the root: only nested roots can leave it out.
    if (this.excludeFolders.length > 0 && !this.contains(path.join(this.root, rel))) return undefined;
    if (this.ignoredRelative(rel, false)) return undefined;
    return roleByGlobs(rel, this.currentConfig);
  }

  private ignoredRelative(rel: string, isFolder: boolean): boolean {
    const parts = rel.split('/');
    // Dot files and folders, and node_modules, anywhere on the way.
    if (parts.some((p, i) => p.startsWith('.') || (p === 'node_modules' && (isFolder || i < parts.length - 1)))) return true;
    // `exclude` globs are matched on the file's own path (a `!glob` may bring back a file in an excluded folder).
    if (!isFolder && this.excluded(rel)) return true;
    if (parts.length > 1 && this.folderIgnored(parts.slice(0, -1).join('/'))) return true;
    return this.gitIgnores(rel, isFolder);
  }

  private folderIgnored(rel: string): boolean {
    let ignored = this.ignoredFolders.get(rel);
    if (ignored === undefined) {
      ignored = this.ignoredRelative(rel, true);
      this.ignoredFolders.set(rel, ignored);
    }
    return ignored;
  }

  /** The `.gitignore` files from the root down to the path's folder, deeper ones overriding. */
  private gitIgnores(rel: string, isFolder: boolean): boolean {
    const parts = rel.split('/');
    let ignored = false;
    for (let depth = 0; depth < parts.length; depth++) {
      const base = parts.slice(0, depth).join('/');
      const rules = this.gitignoreOf(base);
      if (!rules) continue;
      const sub = parts.slice(depth).join('/') + (isFolder ? '/' : '');
      const result = rules.test(sub);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }

  private gitignoreOf(relFolder: string): Ignore | null {
    let rules = this.gitignores.get(relFolder);
    if (rules === undefined) {
      rules = null;
      try {
        const text = readFileSync(path.join(this.root, relFolder, '.gitignore'), 'utf8');
        rules = ignore().add(text);
      } catch {
        /* no .gitignore here (or unreadable): nothing ignored by this folder */
      }
      this.gitignores.set(relFolder, rules);
    }
    return rules;
  }
}

/** The `exclude` entries fast-glob may skip without walking: plain folder paths (`archive`,
 * `archive/**`), which its matcher handles in linear time. None when a `!glob` may bring a
 * file back. Every other glob is matched after listing (`excludeMatcher`). */
function prunedFolders(globs: readonly string[]): string[] {
  if (globs.some((g) => g.startsWith('!'))) return [];
  return globs
    .map((g) => g.replace(/^(?:\.\/)+/, '').replace(/(?:\/\*\*)?\/*$/, ''))
    .filter((f) => f && /^[\w. -]+(?:\/[\w. -]+)*$/.test(f) && !f.split('/').some((p) => p === '..' || p === '.'))
    .flatMap((f) => [f, `${f}/**`]);
}

/** `exclude` globs: a path is left out when a glob matches it (a plain folder name, everything
 * below it too) and no `!glob` brings it back, as in a `.gitignore`. */
function excludeMatcher(globs: readonly string[]): (rel: string) => boolean {
  const positive = globs.filter((g) => !g.startsWith('!'));
  const negative = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  if (positive.length === 0) return () => false;
  const compile = (list: string[]) => {
    const match = list.length ? safeGlobs(list) : () => false;
    const folders = list.map((g) => g.replace(/\/+$/, '')).filter((g) => !/[*?[\]{}!]/.test(g));
    return (rel: string) => match(rel) || folders.some((f) => rel === f || rel.startsWith(`${f}/`));
  };
  const excluded = compile(positive);
  const kept = compile(negative);
  return (rel) => excluded(rel) && !kept(rel);
}

/** `resolveConfig` refuses (with a message) the globs that cannot be compiled; one that still
 * reaches here leaves nothing out rather than throwing. */
function safeGlobs(list: string[]): (rel: string) => boolean {
  try {
    return compileGlobs(list, { dot: true });
  } catch {
    return () => false;
  }
}

/** Folders at or below `folder` holding a `.strategy-notes.json` (each the root of its own
 * project), shallowest first; node_modules and dot folders are skipped. */
export async function findConfigFolders(folder: string): Promise<string[]> {
  try {
    const found = await fg(`**/${configFileName}`, { cwd: folder, dot: false, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true, ignore: alwaysIgnored });
    return found
      .map((rel) => path.join(folder, path.dirname(rel)))
      .map((dir) => path.resolve(dir))
      .sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  } catch {
    return [];
  }
}
