// The command-line checker: the same engine and the same workspace index as the editor, for CI
// and the terminal.
//   strategy-notes check [paths…] [--format text|json]
//   strategy-notes outline FILE [--format text|json]
// Exit codes: 0 no errors, 1 something has error severity, 2 usage or I/O problem.

import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, knownRuleIds, pillarTree, resolveConfig, roleByGlobs, WorkspaceIndexer, type Analysis, type Config, type FileRole, type WorkspaceFile } from './engine';
import { withoutBom } from './engine/dialect/bom';
import { surelyTooLarge, unreadable } from './engine/dialect/checkable';
import { notCheckedDiagnostics, type ArticleDiagnostic } from './engine/features/diagnostics';
import { ConfigFiles } from './node/config-files';
import { FsWorkspace, fileUriOf, findConfigFolders, pathOfUri } from './node/fs-workspace';

const version = '0.1.0';
const usage = `Usage:
  strategy-notes check [paths…] [--format text|json]   lint articles and library entries (folders: every one below them)
  strategy-notes outline FILE [--format text|json]     print an article's pillar tree
  strategy-notes --version | --help`;

class UsageError extends Error {}

// A reader that goes away (`check | head -1`) closes the pipe: writes then fail with EPIPE, told
// by an 'error' event that would otherwise end the process with a stack trace. Output stops
// there; the run ends quietly with the exit code it would have had.
let stdoutClosed = false;
const pipeClosed = (error: NodeJS.ErrnoException) => error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (!pipeClosed(error)) throw error;
  stdoutClosed = true;
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (!pipeClosed(error)) throw error;
});

function print(text: string): void {
  if (!stdoutClosed) process.stdout.write(text);
}

const engine = createEngine();
const configFiles = new ConfigFiles();

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
  });
  if (values.version) {
    print(`strategy-notes ${version}\n`);
    return 0;
  }
  const [command, ...args] = positionals;
  if (values.help) {
    print(usage + '\n');
    return 0;
  }
  if (!command) throw new UsageError('no command given');
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}" (use text or json)`);
  if (command === 'check') return check(args.length ? args : ['.'], format);
  if (command === 'outline') {
    if (args.length !== 1) throw new UsageError('outline takes exactly one file');
    return outline(args[0], format);
  }
  throw new UsageError(`unknown command "${command}"`);
}

/** A workspace root: the folder of a `.strategy-notes.json` (or the working directory), its config, and its index once built. */
interface Root {
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
}

const roots = new Map<string, Root>();

function rootAt(dir: string, configFile: string | undefined, value: unknown): Root {
  let root = roots.get(dir);
  if (root) return root;
  const origin = configFile ? path.relative(process.cwd(), configFile) || configFile : '';
  const { config, messages } = resolveConfig(configFile ? [{ origin, value }] : [], knownRuleIds);
  for (const m of messages) warnOnce(m);
  root = { dir, uri: fileUriOf(dir), config, configFile };
  roots.set(dir, root);
  return root;
}

/** The root a path belongs to: the nearest folder at or above it holding `.strategy-notes.json`, else the
 * working directory when the path is below it, else (a folder elsewhere) the folder itself; undefined for a
 * lone file elsewhere, which is checked as an article without a library, as the editor does a file outside its folders. */
function rootFor(dir: string, isFolder: boolean): Root | undefined {
  const found = configFiles.lookup(dir);
  if (found.error) throw new Error(found.error);
  if (found.file) return rootAt(path.resolve(found.root), found.file, found.value);
  const cwd = path.resolve(process.cwd());
  if (isInside(dir, cwd)) return rootAt(cwd, undefined, undefined);
  return isFolder ? rootAt(dir, undefined, undefined) : undefined;
}

/** The config of a file that belongs to no root: no config file above it, so the defaults. */
function loneConfig(): Config {
  return resolveConfig([], knownRuleIds).config;
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The root's index, built once over the file system as the server builds it: entries first, then every other file. */
async function indexOf(root: Root): Promise<WorkspaceIndexer> {
  if (!root.indexer) {
    const nested = (await findConfigFolders(root.dir)).filter((d) => d !== root.dir);
    const fs = new FsWorkspace(root.dir, root.config, { excludeFolders: nested });
    // The listing is kept: a folder's files are checked from it (a file too large to index is still reported).
    const listing = { listFiles: async () => (root.listed = await fs.listFiles()), readFile: (uri: string) => fs.readFile(uri), roleOf: (uri: string) => fs.roleOf(uri) };
    root.nested = nested;
    // No pause between files: nothing else waits on the event loop here.
    root.indexer = new WorkspaceIndexer(listing, () => Promise.resolve());
    await root.indexer.build();
  }
  return root.indexer;
}

function relativeToRoot(file: string, root: Root): string {
  return path.relative(root.dir, file).split(path.sep).join('/');
}

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`strategy-notes: warning: ${message}\n`);
}

const display = (file: string) => path.relative(process.cwd(), file) || file;

interface Target {
  file: string;
  role: FileRole;
  root?: Root;
}

/** Files named on the command line get the role the editor gives them (README and other Markdown files
 * are skipped, with a notice); folders contribute every article and library entry below them. */
async function collect(paths: string[]): Promise<Target[]> {
  const stats = paths.map((p) => {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (!stat || (!stat.isFile() && !stat.isDirectory())) throw new Error(`no such file or folder: ${p}`);
    return { file: path.resolve(p), given: p, isFolder: stat.isDirectory() };
  });
  const out: Target[] = [];
  const seen = new Set<string>();
  const add = (t: Target) => {
    if (seen.has(t.file)) return;
    seen.add(t.file);
    out.push(t);
  };
  for (const { file, given, isFolder } of stats) {
    if (!isFolder) {
      const root = rootFor(path.dirname(file), false);
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
    const found: Target[] = [];
    await collectFolder(file, rootFor(file, true)!, found);
    found.sort((a, b) => comparePaths(a.file, b.file));
    for (const t of found) add(t);
  }
  return out;
}

/** Every article and library entry below a folder, by the index of its root and of any root nested in it. */
async function collectFolder(folder: string, root: Root, out: Target[]): Promise<void> {
  await indexOf(root);
  for (const { uri, role } of root.listed ?? []) {
    const file = pathOfUri(uri);
    if (file && role !== 'other' && isInside(file, folder)) out.push({ file, role, root });
  }
  for (const dir of root.nested ?? []) {
    const nested = rootFor(dir, true);
    if (isInside(dir, folder) && nested && nested !== root) await collectFolder(dir, nested, out);
  }
}

/** Folder by folder, names in locale order (as a directory listing reads). */
function comparePaths(a: string, b: string): number {
  const pa = a.split(path.sep);
  const pb = b.split(path.sep);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    return pa[i].localeCompare(pb[i]) || (pa[i] < pb[i] ? -1 : 1);
  }
  return pa.length - pb.length;
}

/** One problem as the JSON output prints it (1-based lines and columns). */
export interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  rule: string;
  message: string;
}

function rowsOf(target: Target, diagnostics: readonly ArticleDiagnostic[]): Row[] {
  return diagnostics.map((d) => ({
    file: display(target.file),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    rule: d.rule,
    message: d.message,
  }));
}

/** The file's text as an editor shows it (no BOM, so columns are VS Code's), or why it was not read. */
function readTarget(file: string): { text: string } | { notChecked: string } {
  try {
    const tooLarge = surelyTooLarge(statSync(file).size);
    if (tooLarge) return { notChecked: tooLarge };
    return { text: withoutBom(readFileSync(file, 'utf8')) };
  } catch (error) {
    return { notChecked: unreadable((error as NodeJS.ErrnoException).code ?? String(error)) };
  }
}

/** One file's diagnostics, through the engine with its workspace's index; the analysis is let go after. */
async function analyzeTarget(target: Target, text: string): Promise<Row[]> {
  const key = fileUriOf(target.file);
  const config = target.root?.config ?? loneConfig();
  const indexer = target.root ? await indexOf(target.root) : undefined;
  const index = indexer?.index;
  const analysis = engine.analyze({
    key,
    text,
    version: 0,
    config,
    fileName: path.basename(target.file),
    isArticle: target.role === 'article',
    role: target.role,
    library: index ? { index, root: target.root!.uri } : undefined,
  });
  // A named file the listing left out (ignored, excluded) counts while it is checked, as an open document does.
  const added = index && !index.get(key) ? (index.set(analysis.summary), true) : false;
  try {
    return rowsOf(target, analysis.diagnostics);
  } finally {
    if (added) index!.delete(key);
    engine.forget(key);
  }
}

async function check(paths: string[], format: 'text' | 'json'): Promise<number> {
  const targets = await collect(paths);
  const rows: Row[] = [];
  const count = { article: 0, entry: 0, error: 0, warning: 0, info: 0 };
  for (const target of targets) {
    // Once nobody reads the output, go on only while the exit code is still open.
    if (stdoutClosed && count.error > 0) break;
    const read = readTarget(target.file);
    count[target.role === 'article' ? 'article' : 'entry']++;
    const found = 'text' in read ? await analyzeTarget(target, read.text) : rowsOf(target, notCheckedDiagnostics(read.notChecked, target.root?.config ?? loneConfig()));
    for (const r of found) {
      count[r.severity as 'error' | 'warning' | 'info']++;
      if (format === 'json') rows.push(r);
      else print(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.rule} ${r.message}\n`);
    }
    // A turn of the event loop, so a closed pipe's error event is heard between files.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (format === 'json') print(JSON.stringify(rows, null, 2) + '\n');
  if (stdoutClosed) return count.error > 0 ? 1 : 0;
  const n = (k: number, one: string, many = one + 's') => `${k} ${k === 1 ? one : many}`;
  const what = n(count.article, 'article') + (count.entry ? ` and ${n(count.entry, 'library entry', 'library entries')}` : '');
  process.stderr.write(`${what} checked: ${n(count.error, 'error')}, ${n(count.warning, 'warning')}, ${count.info} info\n`);
  return count.error > 0 ? 1 : 0;
}

function outline(file: string, format: 'text' | 'json'): number {
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`no such file: ${file}`);
  const abs = path.resolve(file);
  const config = rootFor(path.dirname(abs), false)?.config ?? loneConfig();
  const analysis: Analysis = engine.analyze({ key: abs, text: withoutBom(readFileSync(file, 'utf8')), version: 0, config, fileName: path.basename(file), isArticle: true });
  const tree = pillarTree(analysis.model);
  if (format === 'json') {
    print(JSON.stringify(tree, null, 2) + '\n');
    return 0;
  }
  const m = analysis.model;
  print(`${m.title.text}\n`);
  if (m.thesis) print(`  thesis (line ${m.thesis.range.start.line + 1}): announces ${m.thesis.count} pillars\n`);
  for (const p of tree) {
    print(`  ${p.number}. ${p.title}  (line ${p.line})\n`);
    for (const c of p.children) print(`      - ${c.title}  (line ${c.line})\n`);
  }
  if (tree.length === 0) print('  (no pillars found)\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const usageProblem = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`strategy-notes: ${message}${usageProblem ? ' (see strategy-notes --help)' : ''}\n`);
    process.exitCode = 2;
  },
);
