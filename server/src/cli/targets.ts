// Which files a `check` run looks at, and in which workspace: the roots (the folder of each
// `.strategy-notes.json`, or the one `--config` names), their indexes, and the targets found
// from paths, folders, globs and standard input.

import { statSync } from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import { knownRuleIds, resolveConfig, roleByGlobs, WorkspaceIndexer, type ArticleInput, type Config, type FileRole, type WorkspaceFile } from '../engine';
import type { ConfigSource } from '../engine/config';
import { withoutBom } from '../engine/dialect/bom';
import { configProblemLines, ConfigFiles, readConfigFile } from '../node/config-files';
import { FsWorkspace, fileUriOf, findConfigFolders, pathOfUri } from '../node/fs-workspace';
import { defaultThreads, SummaryPool } from '../node/summary-pool';
import { checkConfigFingerprint, type LocalCheck } from '../engine/features/split-check';
import { cacheVersion, sha256, SummaryCache } from '../node/summary-cache';
import { keptReportsUnder, readKeptReportsFile, workspaceFingerprint, writeKeptReports, type KeptFinding, type KeptHashes } from '../node/kept-reports';
import type { Row } from './report';
import { summaryConfigFingerprint } from '../engine/workspace/summary';

const configFiles = new ConfigFiles();

/** A workspace root: the folder of a `.strategy-notes.json` (or the working directory), its config, and its index once built. */
export interface Root {
  dir: string;
  uri: string;
  config: Config;
  /** The config file the root is the folder of (absent: the working directory, default config). */
  configFile?: string;
  indexer?: WorkspaceIndexer;
  /** What the workspace listed (articles, entries, other Markdown files), as the index was built. */
  listed?: WorkspaceFile[];
  /** Folders below with a config file of their own: roots of their own, left out of this one. */
  nested?: string[];
  /** What the config was resolved from (the index threads resolve it again from these). */
  configSources: ConfigSource[];
  /** The local half of each indexed file's check, made where the index built its model; taken
   * (and let go) when the file is reported. */
  checks?: Map<string, LocalCheck>;
  /** The file system workspace the listing and the index read. */
  fs?: FsWorkspace;
  /** With --cache: the fingerprint of every listed file (kept-reports.ts), the reports an earlier
   * run kept under it, and this run's reports, kept for the next one. */
  reports?: {
    fingerprint: string;
    kept?: Map<string, KeptFinding[]>;
    made: Map<string, KeptFinding[]>;
    listed: Set<string>;
    /** Each listed file's stamp and hash now; `restamped`: some differ from the kept ones. */
    hashes: KeptHashes;
    restamped: boolean;
  };
}

const roots = new Map<string, Root>();

/** A config file had a problem: the run exits 2 (after checking with the rest of the config). */
let configBroken = false;

export const configWasBroken = () => configBroken;

function rootAt(dir: string, configFile: string | undefined, text: string | undefined): Root {
  let root = roots.get(dir);
  if (root) return root;
  const origin = configFile ? path.relative(process.cwd(), configFile) || configFile : '';
  const configSources: ConfigSource[] = configFile ? [{ origin, text }] : [];
  const { config, problems } = resolveConfig(configSources, knownRuleIds);
  for (const line of configProblemLines(origin, problems)) process.stderr.write(`${line}\n`);
  if (problems.some((p) => p.severity === 'error')) configBroken = true;
  root = { dir, uri: fileUriOf(dir), config, configFile, configSources };
  roots.set(dir, root);
  return root;
}

/** `--cache`: the folder of the summary caches (one file per root); undefined, no cache. */
let cacheFolder: string | undefined;

/** `--cache [--cache-location PATH]`: indexes take summaries from, and write them to, caches in this folder. */
export function useSummaryCache(folder: string): void {
  cacheFolder = path.resolve(folder);
}

/** `--config FILE`: the one root every path is checked in, instead of the roots found. */
let forcedRoot: Root | undefined;

/** `--config FILE`: from now on every path is checked in its root. */
export function useConfigFile(file: string): void {
  forcedRoot = configRoot(file);
}

function configRoot(file: string): Root {
  const read = readConfigFile(path.resolve(file));
  if (read.error) throw new Error(read.error);
  return rootAt(path.resolve(read.root), read.file, read.text);
}

/** The root a path belongs to: the nearest folder at or above it holding `.strategy-notes.json`, else the
 * working directory when the path is below it, else (a folder elsewhere) the folder itself; undefined for a
 * lone file elsewhere, which is checked as an article without a library, as the editor does a file outside its folders.
 * With `--config`, its root for everything inside it, undefined outside. */
export function rootFor(dir: string, isFolder: boolean): Root | undefined {
  if (forcedRoot) return isInside(dir, forcedRoot.dir) ? forcedRoot : undefined;
  const found = configFiles.lookup(dir);
  if (found.error) throw new Error(found.error);
  if (found.file) return rootAt(path.resolve(found.root), found.file, found.text);
  const cwd = path.resolve(process.cwd());
  if (isInside(dir, cwd)) return rootAt(cwd, undefined, undefined);
  return isFolder ? rootAt(dir, undefined, undefined) : undefined;
}

/** The config of a file that belongs to no root: no config file above it, so the defaults. */
export function loneConfig(): Config {
  return forcedRoot?.config ?? resolveConfig([], knownRuleIds).config;
}

function isInside(file: string, dir: string): boolean {
  // Absolute paths as the listing gives them: a prefix tells at once (path.relative per listed
  // file was 14 ms of a 0.3 s warm run over 2,800 files); otherwise as path.relative says.
  if (path.sep === '/' && path.isAbsolute(file) && path.isAbsolute(dir) && file === path.normalize(file) && dir === path.normalize(dir)) {
    return file === dir || file.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
  }
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Whether indexes also check each file's document rules where they build its model. */
let splitChecks = true;

/** `--fix`: files change after the index is built, so each is checked from its new text instead. */
export function checkAfterIndexing(): void {
  splitChecks = false;
  for (const root of roots.values()) root.checks = undefined;
}

/** The local half of the file's check if its index made one (once: it is let go). The index is
 * built first: collecting the targets only lists the files. */
export async function takeLocalCheck(target: Target): Promise<LocalCheck | undefined> {
  if (!target.root || target.text !== undefined || !splitChecks) return undefined;
  await indexOf(target.root);
  const checks = target.root.checks;
  if (!checks) return undefined;
  const key = uriOf(target);
  const check = checks.get(key);
  checks.delete(key);
  return check;
}

/** The root's files as its workspace lists them (once), and with --cache the reports an earlier run
 * kept for exactly these files. */
async function listingOf(root: Root): Promise<WorkspaceFile[]> {
  if (root.listed) return root.listed;
  // With --config nothing is discovered: config files below are not roots of their own.
  const nested = root === forcedRoot ? [] : (await findConfigFolders(root.dir)).filter((d) => d !== root.dir);
  root.nested = nested;
  const fs = (root.fs = new FsWorkspace(root.dir, root.config, { excludeFolders: nested, blockingReads: true }));
  // The listing is kept: a folder's files are checked from it (a file too large to index is still reported).
  const listed = (root.listed = await fs.listFiles());
  if (cacheFolder !== undefined && splitChecks) root.reports = await reportsFor(root, fs, listed, cacheFolder);
  return listed;
}

/** The fingerprint of the root's listed files (kept-reports.ts) and the reports an earlier run kept
 * under it. Each file's hash is the kept one while its stamp is the same, else the file is read and
 * hashed; a file that cannot be read gives no fingerprint (undefined). */
async function reportsFor(root: Root, fs: FsWorkspace, listed: readonly WorkspaceFile[], folder: string): Promise<Root['reports']> {
  const file = readKeptReportsFile(folder, root.uri);
  const files: { uri: string; role: FileRole; hash: string }[] = [];
  const hashes: KeptHashes = new Map();
  let restamped = false;
  let read = 0;
  for (const { uri, role } of listed) {
    const stamp = fs.stampOf(uri);
    const before = file?.hashes.get(uri);
    let hash = stamp !== undefined && before?.stamp === stamp ? before.hash : undefined;
    if (hash === undefined) {
      const text = await fs.readFile(uri);
      if (text === undefined) return undefined;
      read++;
      hash = sha256(text);
      if (stamp !== undefined) restamped = true;
    }
    if (stamp !== undefined) hashes.set(uri, { stamp, hash });
    files.push({ uri, role, hash });
  }
  const fingerprint = workspaceFingerprint({ version: cacheVersion, config: `${summaryConfigFingerprint(root.config)}\n${checkConfigFingerprint(root.config)}`, rootUri: root.uri, files });
  const kept = keptReportsUnder(file, fingerprint);
  if (process.env.STRATEGY_NOTES_LOG_CACHE === '1') process.stderr.write(`reports: ${kept ? `${kept.size} kept` : 'none kept for these files'}; ${read} of ${files.length} files read for the fingerprint\n`);
  return { fingerprint, kept, made: new Map(), listed: new Set(files.map((f) => f.uri)), hashes, restamped };
}

/** The root's index, built once over the file system as the server builds it: entries first, then every other file. */
export async function indexOf(root: Root): Promise<WorkspaceIndexer> {
  if (!root.indexer) {
    await listingOf(root);
    const fs = root.fs!;
    const listing = { listFiles: async () => root.listed!, readFile: (uri: string) => fs.readFile(uri), roleOf: (uri: string) => fs.roleOf(uri), stampOf: (uri: string) => fs.stampOf(uri) };
    // No pause between files: nothing else waits on the event loop here. Files are summarized on
    // worker threads and on this one, the threads ended once the index is built (so the process
    // exits when the run is done).
    // Each file's document rules run there too (split-check.ts), unless files are to be fixed first.
    // With --cache, the cache keeps each check beside its summary (and hands kept ones over on a hit).
    const checks = splitChecks ? (root.checks = new Map<string, LocalCheck>()) : undefined;
    let cache: SummaryCache | undefined;
    const pool = new SummaryPool({
      // A core is left to this thread, which summarizes files too while the threads are busy (it
      // otherwise only waits): on 2 cores, 10,000 articles took 8.6 s so, 9.9 s on two threads
      // with this one waiting, 9.4 s on this thread alone.
      threads: defaultThreads(process.env, 1),
      helpUpTo: 1024 * 1024,
      log: (message) => process.stderr.write(`${message}\n`),
      check: checks && {
        under: { key: JSON.stringify(root.configSources), sources: root.configSources, config: root.config },
        checked: (uri, check) => (cache ? cache.checked(uri, check) : checks.set(uri, check)),
      },
    });
    // --cache: summaries from the cache where a file's text is unchanged, in front of the pool.
    const index = () => root.indexer?.index;
    if (cacheFolder !== undefined) {
      cache = new SummaryCache(pool, {
        folder: cacheFolder,
        rootUri: root.uri,
        fingerprint: summaryConfigFingerprint(root.config),
        isLive: (uri) => index()?.get(uri) !== undefined,
        log: (message) => process.stderr.write(`${message}\n`),
        checks: checks && { key: checkConfigFingerprint(root.config), found: (uri, check) => checks.set(uri, check) },
      });
    }
    root.indexer = new WorkspaceIndexer(listing, () => Promise.resolve(), cache ?? pool, pool.concurrency);
    try {
      await root.indexer.build();
      if (cache) {
        await cache.flush();
        if (process.env.STRATEGY_NOTES_LOG_CACHE === '1') process.stderr.write(`cache: ${cache.hits} hits, ${cache.misses} misses${cache.rejected ? ` (${cache.rejected}: rebuilt)` : ''}\n`);
      }
    } finally {
      await pool.close();
    }
  }
  return root.indexer;
}

/** The report an earlier run kept for this file, for exactly this workspace (then nothing is checked). */
export async function takeKeptReport(target: Target): Promise<KeptFinding[] | undefined> {
  if (target.text !== undefined || !target.root || cacheFolder === undefined) return undefined;
  await listingOf(target.root);
  return target.root.reports?.kept?.get(uriOf(target));
}

/** This run's report of a listed file, kept for the next run over the same workspace (with --cache;
 * a file named on the command line that the listing leaves out is not in the fingerprint). */
export function keepReport(target: Target, rows: readonly Row[]): void {
  const reports = target.root?.reports;
  const uri = uriOf(target);
  if (!reports || target.text !== undefined || !reports.listed.has(uri)) return;
  reports.made.set(uri, rows.map(({ line, column, endLine, endColumn, severity, rule, message }) => ({ line, column, endLine, endColumn, severity: severity as KeptFinding['severity'], rule, message })));
}

/** Writes each root's reports where this run made any: beside those kept under the same fingerprint. */
export async function writeReports(): Promise<void> {
  if (cacheFolder === undefined) return;
  for (const root of roots.values()) {
    const reports = root.reports;
    // Also when only stamps changed (files touched): the next run need not read them again.
    if (!reports || (reports.made.size === 0 && !(reports.restamped && reports.kept))) continue;
    const all = new Map([...(reports.kept ?? []), ...reports.made]);
    await writeKeptReports(cacheFolder, root.uri, reports.fingerprint, all, reports.hashes, (message) => process.stderr.write(`${message}\n`));
  }
}

function relativeToRoot(file: string, root: Root): string {
  return path.relative(root.dir, file).split(path.sep).join('/');
}

export const display = (file: string) => path.relative(process.cwd(), file) || file;

export interface Target {
  file: string;
  /** Its `file:` URI where the listing gave it (else made from `file` when needed: `uriOf`). */
  uri?: string;
  role: FileRole;
  root?: Root;
  /** Read from standard input, not from `file` (which need not exist). */
  text?: string;
  /** How the output names it, when not by `file` (`<stdin>`). */
  name?: string;
}

/** Files named on the command line get the role the editor gives them (README and other Markdown files
 * are skipped, with a notice); folders contribute every article and library entry below them; a glob,
 * the articles and entries its folder lists that it matches. */
export async function collect(paths: string[]): Promise<Target[]> {
  const stats = paths.map((p) => {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (!stat && fg.isDynamicPattern(p)) return { file: path.resolve(globBase(p)), given: p, isFolder: true, glob: p };
    if (!stat) throw new Error(`no such file or folder: ${p}`);
    if (!stat.isFile() && !stat.isDirectory()) throw new Error(`not a file or folder (a pipe, socket or device): ${p}`);
    return { file: path.resolve(p), given: p, isFolder: stat.isDirectory() };
  });
  const out: Target[] = [];
  const seen = new Set<string>();
  const add = (t: Target) => {
    if (seen.has(t.file)) return;
    seen.add(t.file);
    out.push(t);
  };
  for (const { file, given, isFolder, glob } of stats) {
    if (!isFolder) {
      const root = rootFor(path.dirname(file), false);
      if (!root && forcedRoot) {
        process.stderr.write(`${display(given)}: outside ${display(forcedRoot.dir)}, the folder of --config ${display(forcedRoot.configFile!)}; skipped\n`);
        continue;
      }
      if (!root) {
        add({ file, role: 'article' });
        continue;
      }
      const role = roleByGlobs(relativeToRoot(file, root), root.config);
      if (role === 'other') {
        process.stderr.write(`${display(given)}: not an article or library entry here (by the ${root.configFile ? `globs in ${display(root.configFile)}` : 'default globs'}); skipped\n`);
        continue;
      }
      add({ file, role, root });
      continue;
    }
    let found: Target[] = [];
    if (!glob || statSync(file, { throwIfNoEntry: false })?.isDirectory()) await collectFolder(file, forcedRoot ?? rootFor(file, true)!, found);
    if (glob) {
      found = found.filter(globMatcher(glob));
      if (found.length === 0) throw new Error(`no article or library entry matches ${glob}`);
    }
    for (const t of byPath(found)) add(t);
  }
  return out;
}

/** The folder a glob starts from: its part before the first wildcard. */
function globBase(glob: string): string {
  return picomatch.scan(glob).base || '.';
}

/** Whether a listed file matches a glob, relative to the working directory (or absolute, if the glob is). */
function globMatcher(glob: string): (t: Target) => boolean {
  const slashed = (p: string) => p.split(path.sep).join('/');
  const absolute = path.isAbsolute(glob);
  const isMatch = picomatch(absolute ? slashed(glob) : glob.replace(/^\.\//, ''));
  const cwd = process.cwd();
  return (t) => isMatch(slashed(absolute ? t.file : path.relative(cwd, t.file)));
}

/** `-`: one file's text from standard input, checked as `--stdin-path` would be (or as a lone article). */
export async function collectStdin(stdinPath: string | undefined): Promise<Target[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = withoutBom(Buffer.concat(chunks).toString('utf8'));
  if (stdinPath === undefined) return [{ file: path.resolve('<stdin>'), role: 'article', text, name: '<stdin>' }];
  const file = path.resolve(stdinPath);
  const root = rootFor(path.dirname(file), false);
  if (!root) {
    if (forcedRoot) throw new Error(`--stdin-path ${stdinPath} is outside ${display(forcedRoot.dir)}, the folder of --config ${display(forcedRoot.configFile!)}`);
    return [{ file, role: 'article', text }];
  }
  const role = roleByGlobs(relativeToRoot(file, root), root.config);
  if (role === 'other') {
    process.stderr.write(`${display(stdinPath)}: not an article or library entry here (by the ${root.configFile ? `globs in ${display(root.configFile)}` : 'default globs'}); skipped\n`);
    return [];
  }
  return [{ file, role, root, text }];
}

/** Every article and library entry below a folder, by the index of its root and of any root nested in it. */
async function collectFolder(folder: string, root: Root, out: Target[]): Promise<void> {
  for (const { uri, role } of await listingOf(root)) {
    const file = pathOfUri(uri);
    if (file && role !== 'other' && isInside(file, folder)) out.push({ file, uri, role, root });
  }
  for (const dir of root.nested ?? []) {
    const nested = rootFor(dir, true);
    if (isInside(dir, folder) && nested && nested !== root) await collectFolder(dir, nested, out);
  }
}

/** A target's `file:` URI. */
export function uriOf(target: Target): string {
  return target.uri ?? fileUriOf(target.file);
}

/** Targets sorted by their files' paths, folder by folder (each path split once). */
function byPath(targets: Target[]): Target[] {
  const keyed = targets.map((t) => ({ t, parts: t.file.split(path.sep) }));
  keyed.sort((a, b) => compareParts(a.parts, b.parts));
  return keyed.map((k) => k.t);
}

/** Folder by folder, names in locale order (as a directory listing reads). */
function compareParts(pa: readonly string[], pb: readonly string[]): number {
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    return pa[i].localeCompare(pb[i]) || (pa[i] < pb[i] ? -1 : 1);
  }
  return pa.length - pb.length;
}

/** What the engine is told about a target, all but its text and version: the editor's view of the
 * file (its role, its root's config, and that root's index as the library). */
export async function engineInput(target: Target): Promise<Omit<ArticleInput, 'text' | 'version'>> {
  const index = target.root ? (await indexOf(target.root)).index : undefined;
  return {
    key: uriOf(target),
    config: target.root?.config ?? loneConfig(),
    fileName: path.basename(target.file),
    isArticle: target.role === 'article',
    role: target.role,
    library: index ? { index, root: target.root!.uri } : undefined,
  };
}
