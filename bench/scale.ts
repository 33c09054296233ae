// Benchmark (not a test; nothing asserts on time): issue 9's scale figures, each beside its
// reference measured in the same run, on a generated workspace (workspace-generator.ts:
// 2,000 articles / 800 entries by default, non-repeating text). Every reference runs in its own
// child process (bench/scale-reference.ts), so each RSS figure has its own process:
//   1. cold diagnostics of every article: our CLI `check` and our server (initialized ->
//      `workspace/diagnostic` answered with every file's problems; and initialized -> index
//      built -> open + pull diagnostics + close of every article) vs. VS Code's built-in
//      Markdown language service (vscode-markdown-languageservice + markdown-it, wired as VS
//      Code wires it, link validation on) computing diagnostics of every article from nothing;
//   2. warm: the CLI with `--cache --cache-location DIR` run twice (the second is the figure),
//      and the server restarted with `initializationOptions.cacheLocation` (when supported);
//   3. memory: the server's VmRSS holding the index vs. the built-in's RSS after its cold run;
//      the CLI's peak (VmHWM) vs. a raw single-threaded remark-parse's peak;
//   4. open a 2 MiB non-repeating article -> first outline, ours vs. the built-in's getDocumentSymbols.
//
//   node scripts/build.mjs && node --import tsx bench/scale.ts [--articles 2000] [--entries 800] [--seed 1]
//     [--corpus DIR]   (generate into DIR if it is empty or missing, reuse it otherwise; kept)
//     [--skip-server]  [--skip-cli]

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkspaceDiagnosticRequest } from 'vscode-languageserver-protocol/node';
import { LspClient, assertBuilt, cliPath, fileUri, removeDir } from '../test/helpers/lsp-client';
import { markdownFiles } from './scale-reference';
import { generateWorkspace } from './workspace-generator';
import { numberOption } from './measure';

const here = path.dirname(fileURLToPath(import.meta.url));
const referenceScript = path.join(here, 'scale-reference.ts');
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const sec = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a');
const msf = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : 'n/a');
const mib = (b: number) => (Number.isFinite(b) ? `${(b / 1024 / 1024).toFixed(0)} MiB` : 'n/a');

// ---- processes -------------------------------------------------------------------------------

function procKb(pid: number, key: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  } catch {
    return NaN;
  }
}

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  /** The highest VmHWM (else VmRSS) read while it ran, polled every 50 ms (bytes). */
  peak: number;
}

/** Runs node with `args`, polling its peak resident set every 50 ms. */
function run(args: string[], options: { keepStdout?: boolean } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', options.keepStdout ? 'pipe' : 'ignore', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let peak = 0;
    const poll = () => {
      const hwm = procKb(child.pid!, 'VmHWM');
      const v = Number.isFinite(hwm) ? hwm : procKb(child.pid!, 'VmRSS');
      if (Number.isFinite(v)) peak = Math.max(peak, v);
    };
    const timer = setInterval(poll, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - start;
      clearInterval(timer);
      resolve({ ms, code, stdout, stderr, peak: peak || NaN });
    });
  });
}

async function reference(mode: string, target: string): Promise<Record<string, number>> {
  const r = await run(['--import', 'tsx', referenceScript, mode, target], { keepStdout: true });
  if (r.code !== 0) throw new Error(`scale-reference ${mode} failed (${r.code}): ${r.stderr.slice(-2000)}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()!), polledPeak: r.peak };
}

// ---- the CLI ---------------------------------------------------------------------------------

interface CliFigures {
  cold: Run;
  /** Findings of the cold run, from its closing line. */
  findings?: number;
  warm?: Run;
  warmNote?: string;
}

async function cli(dir: string): Promise<CliFigures> {
  // `check` exits 1 when some diagnostic is an error (the corpus breaks tags on purpose).
  const ok = (r: Run) => r.code === 0 || r.code === 1;
  const cold = await run([cliPath, 'check', dir, '--format', 'json']);
  if (!ok(cold)) throw new Error(`cli check failed (${cold.code}): ${cold.stderr.slice(-2000)}`);
  const counts = /checked: (\d+) errors?, (\d+) warnings?, (\d+) info/.exec(cold.stderr);
  const findings = counts ? Number(counts[1]) + Number(counts[2]) + Number(counts[3]) : undefined;
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'sn-scale-cli-cache-'));
  try {
    const first = await run([cliPath, 'check', dir, '--format', 'json', '--cache', '--cache-location', cacheDir]);
    if (first.code === 2) return { cold, findings, warmNote: /unknown option/i.test(first.stderr) ? 'n/a (no cache yet)' : `n/a (--cache failed: ${first.stderr.trim().split('\n')[0].slice(0, 80)})` };
    if (!ok(first)) throw new Error(`cli check --cache failed (${first.code}): ${first.stderr.slice(-2000)}`);
    const warm = await run([cliPath, 'check', dir, '--format', 'json', '--cache', '--cache-location', cacheDir]);
    if (!ok(warm)) throw new Error(`cli check --cache (warm) failed (${warm.code}): ${warm.stderr.slice(-2000)}`);
    return { cold, findings, warm, warmNote: `first --cache run ${sec(first.ms)}` };
  } finally {
    removeDir(cacheDir);
  }
}

// ---- the server ------------------------------------------------------------------------------

/** Resolves at the last progress `end` once every begun progress has ended and none began for `quietMs`. */
async function indexingEnded(client: LspClient, timeoutMs: number, quietMs = 500): Promise<number> {
  const ends = new Map<unknown, number>();
  const deadline = performance.now() + timeoutMs;
  let seen = 0;
  for (;;) {
    for (; seen < client.progress.length; seen++) {
      const p = client.progress[seen];
      if (p.value.kind === 'end') ends.set(p.token, performance.now());
      else if (p.value.kind === 'begin') ends.delete(p.token);
    }
    const tokens = new Set(client.progress.map((p) => p.token));
    if (tokens.size && [...tokens].every((t) => ends.has(t))) {
      const last = Math.max(...ends.values());
      const count = client.progress.length;
      await new Promise((r) => setTimeout(r, quietMs));
      if (client.progress.length === count) return last;
      continue;
    }
    if (performance.now() > deadline) throw new Error('indexing progress did not end (does the server report window/workDoneProgress?)');
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface ServerFigures {
  indexMs: number;
  /** initialized -> `workspace/diagnostic` answered with every file's problems (the server's own
   * "diagnose every file"); and the findings it listed. */
  workspaceMs: number;
  workspaceFindings: number;
  warmWorkspaceMs?: number;
  rss: number;
  diagnoseMs: number;
  diagnostics: number;
  warmIndexMs?: number;
  warmNote: string;
}

async function startServer(folder: string, cacheLocation?: string): Promise<{ client: LspClient; t0: number }> {
  // `initialized` is sent as start() resolves: the clock starts just before.
  const t0 = performance.now();
  const client = await LspClient.start({ pull: true, library: true, workspaceFolders: [folder], initializationOptions: cacheLocation ? { cacheLocation } : undefined });
  return { client, t0 };
}

async function server(dir: string, articles: string[]): Promise<ServerFigures> {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'sn-scale-server-cache-'));
  try {
    let { client, t0 } = await startServer(dir, cacheDir);
    // As VS Code's client does at start: one workspace diagnostics request, answered once every
    // file is checked.
    let workspace = workspaceDiagnostics(client, t0);
    const indexEnd = await indexingEnded(client, 30 * 60_000);
    const indexMs = indexEnd - t0;
    const { ms: workspaceMs, findings: workspaceFindings } = await workspace;
    const rss = procKb(client.child.pid!, 'VmRSS');
    let diagnostics = 0;
    const d0 = performance.now();
    for (const file of articles) {
      const uri = fileUri(file);
      await client.open(uri, readFileSync(file, 'utf8'));
      diagnostics += (await client.pullDiagnostics(uri, 60_000)).length;
      await client.close(uri);
    }
    const diagnoseMs = performance.now() - d0;
    await client.shutdown(30_000).catch(() => undefined);
    await client.dispose().catch(() => undefined);
    const cached = readdirSync(cacheDir).length > 0;
    if (!cached) return { indexMs, workspaceMs, workspaceFindings, rss, diagnoseMs, diagnostics, warmNote: 'n/a (no cache yet)' };
    ({ client, t0 } = await startServer(dir, cacheDir));
    workspace = workspaceDiagnostics(client, t0);
    const warmEnd = await indexingEnded(client, 30 * 60_000);
    const warmWorkspaceMs = (await workspace).ms;
    await client.shutdown(30_000).catch(() => undefined);
    await client.dispose().catch(() => undefined);
    return { indexMs, workspaceMs, workspaceFindings, rss, diagnoseMs, diagnostics, warmIndexMs: warmEnd - t0, warmWorkspaceMs, warmNote: 'restart with the same cacheLocation' };
  } finally {
    removeDir(cacheDir);
  }
}

/** The first `workspace/diagnostic` (no result ids: answered at once when every file is checked). */
async function workspaceDiagnostics(client: LspClient, t0: number): Promise<{ ms: number; findings: number }> {
  const report = await client.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
  const ms = performance.now() - t0;
  return { ms, findings: report.items.reduce((n, r) => n + (r.kind === 'full' ? r.items.length : 0), 0) };
}

// ---- the 2 MiB article -----------------------------------------------------------------------

/** Concatenates the corpus's articles (front matter dropped after the first) to `bytes`, the
 * numbers that lead pillar lines shifted so no pillar number repeats. */
function bigArticle(articles: string[], bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  let offset = 0;
  for (const file of articles) {
    let text = readFileSync(file, 'utf8');
    if (parts.length) text = text.replace(/^---\n[\s\S]*?\n---\n/, '');
    let max = 0;
    text = text.replace(/^((?:#{1,6} +)?(?:(?:Step|Factor|Pillar|Part) +)?)(\d+)(?=[.:)]? )/gm, (_m, lead: string, n: string) => {
      max = Math.max(max, Number(n));
      return `${lead}${Number(n) + offset}`;
    });
    offset += max;
    parts.push(text);
    size += Buffer.byteLength(text) + 1;
    if (size >= bytes) break;
  }
  return parts.join('\n').slice(0, bytes);
}

async function ourOutline(file: string, text: string): Promise<{ ms: number; symbols: number }> {
  const { client } = await startServer(path.dirname(file));
  try {
    await indexingEnded(client, 5 * 60_000).catch(() => undefined);
    const uri = fileUri(file);
    const start = performance.now();
    await client.open(uri, text);
    const symbols = await client.symbols(uri, 60_000);
    return { ms: performance.now() - start, symbols: symbols.length };
  } finally {
    await client.shutdown(30_000).catch(() => undefined);
    await client.dispose().catch(() => undefined);
  }
}

// ---- main ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const option = (name: string, fallback: number) => numberOption(argv, name, fallback);
  const articleCount = option('--articles', 2000);
  const entryCount = option('--entries', 800);
  const seed = option('--seed', 1);
  const corpusAt = argv.indexOf('--corpus');
  const corpus = corpusAt >= 0 ? path.resolve(argv[corpusAt + 1]) : undefined;
  assertBuilt();

  const loadStart = load();
  console.log(`Scale benchmark — Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${mib(os.totalmem())} RAM, load average at start ${loadStart}`);
  const dir = corpus ?? mkdtempSync(path.join(os.tmpdir(), 'sn-scale-'));
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'sn-scale-big-'));
  try {
    // A corpus is reused only when a run finished generating it (the marker is written last).
    const marker = path.join(dir, '.scale-corpus.json');
    const wanted = { articles: articleCount, entries: entryCount, seed };
    if (existsSync(marker)) {
      const made = JSON.parse(readFileSync(marker, 'utf8'));
      console.log(`Reusing the corpus in ${dir} (${JSON.stringify(made)})`);
      if (JSON.stringify(made) !== JSON.stringify(wanted)) console.log(`  note: it was not made with the options given now (${JSON.stringify(wanted)})`);
    } else if (existsSync(dir) && readdirSync(dir).filter((f) => f !== '.strategy-notes.json').length) {
      throw new Error(`${dir} is not empty and was not generated by bench/scale.ts: give a new or empty folder`);
    } else {
      mkdirSync(dir, { recursive: true });
      const t = performance.now();
      const ws = generateWorkspace(dir, wanted);
      writeFileSync(marker, JSON.stringify(wanted) + '\n');
      console.log(`Generated ${ws.articles.length} articles and ${ws.entries.length} entries (seed ${seed}) in ${sec(performance.now() - t)} into ${dir}`);
    }
    const all = markdownFiles(dir);
    const articles = markdownFiles(path.join(dir, 'articles'));
    const bytes = all.reduce((n, f) => n + Buffer.byteLength(readFileSync(f)), 0);
    console.log(`Corpus: ${articles.length} articles, ${all.length - articles.length} library entries, ${(bytes / 1024 / 1024).toFixed(1)} MB of Markdown`);

    const skipCli = argv.includes('--skip-cli');
    const skipServer = argv.includes('--skip-server');
    const step = (what: string) => console.log(`  … ${what} (load ${load()})`);

    step('built-in service: cold diagnostics of every article');
    const builtin = await reference('builtin-cold', dir);
    step('raw remark-parse of every file');
    const remark = await reference('remark', dir);
    step('our CLI check: cold, then --cache twice');
    const ours = skipCli ? undefined : await cli(dir);
    step('our server: cold index, diagnose every article, warm restart');
    const srv = skipServer ? undefined : await server(dir, articles);

    step('2 MiB article: first outline');
    const bigFile = path.join(scratch, 'big-article.md');
    const bigText = bigArticle(articles, 2 * 1024 * 1024);
    writeFileSync(bigFile, bigText);
    const builtinOutline = await reference('builtin-outline', bigFile);
    const outline = skipServer ? undefined : await ourOutline(bigFile, bigText);
    const loadEnd = load();

    // ---- the table ----
    const rows: string[][] = [];
    const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
    const verdict = (r: number | undefined, limit: number) => (r === undefined || !Number.isFinite(r) ? '' : r <= limit ? ' met' : ' MISSED');
    const row = (figure: string, ourText: string, refText: string, a: number | undefined, b: number | undefined, target: string, limit?: number) =>
      rows.push([figure, ourText, refText, ratio(a, b), target + (limit !== undefined && a !== undefined && b !== undefined ? verdict(a / b, limit) : '')]);

    const serverTotal = srv ? srv.indexMs + srv.diagnoseMs : undefined;
    row(`cold: CLI check, every file (vs built-in diagnostics of every article)`, ours ? sec(ours.cold.ms) : 'skipped', sec(builtin.ms), ours?.cold.ms, builtin.ms, '≤ 1.0×', 1);
    row(`cold: server initialized → index built`, srv ? sec(srv.indexMs) : 'skipped', sec(builtin.ms), srv?.indexMs, builtin.ms, '(part of the next)');
    row(`cold: server initialized → workspace diagnostics of every file`, srv ? sec(srv.workspaceMs) : 'skipped', sec(builtin.ms), srv?.workspaceMs, builtin.ms, '≤ 1.0×', 1);
    row(`cold: server index + open/pull/close every article`, serverTotal !== undefined ? `${sec(serverTotal)} (diagnose ${sec(srv!.diagnoseMs)})` : 'skipped', sec(builtin.ms), serverTotal, builtin.ms, '≤ 1.0×', 1);
    if (ours) row(`warm: CLI check --cache, second run (vs our cold)`, ours.warm ? sec(ours.warm.ms) : ours.warmNote!, sec(ours.cold.ms), ours.warm?.ms, ours.cold.ms, '≤ 0.1×', 0.1);
    if (srv) row(`warm: server restart with cacheLocation → index built (vs our cold)`, srv.warmIndexMs !== undefined ? sec(srv.warmIndexMs) : srv.warmNote, sec(srv.indexMs), srv.warmIndexMs, srv.indexMs, '≤ 0.1×', 0.1);
    if (srv?.warmWorkspaceMs !== undefined) row(`warm: server restart → workspace diagnostics of every file (vs our cold)`, sec(srv.warmWorkspaceMs), sec(srv.workspaceMs), srv.warmWorkspaceMs, srv.workspaceMs, '—');
    row(`server VmRSS holding the index (vs built-in RSS after cold)`, srv ? mib(srv.rss) : 'skipped', mib(builtin.rss), srv?.rss, builtin.rss, '≤ 0.5×', 0.5);
    row(`CLI peak RSS, cold (vs raw remark-parse peak)`, ours ? mib(ours.cold.peak) : 'skipped', mib(remark.hwm), ours?.cold.peak, remark.hwm, '≤ 2×', 2);
    rows.push([`2 MiB article: open → first outline (vs built-in getDocumentSymbols)`, outline ? msf(outline.ms) : 'skipped', msf(builtinOutline.ms), ratio(outline?.ms, builtinOutline.ms), `≤ 300 ms${outline ? (outline.ms <= 300 ? ' met' : ' MISSED') : ''}`]);

    const header = ['figure', 'ours', 'reference', 'ratio', 'target'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    console.log('');
    console.log(line(header));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const r of rows) console.log(line(r));
    console.log('');
    console.log(`References, same run: built-in ${builtin.articles} articles, ${builtin.diagnostics} diagnostics, peak ${mib(builtin.hwm)}; raw remark-parse of ${remark.files} files in ${sec(remark.ms)} (one thread), peak ${mib(remark.hwm)} (${mib(remark.rssBeforeParse)} before parsing, the texts loaded)`);
    if (ours) console.log(`CLI: cold ${sec(ours.cold.ms)} exit ${ours.cold.code}, peak ${mib(ours.cold.peak)}${ours.warm ? `; warm ${sec(ours.warm.ms)}, peak ${mib(ours.warm.peak)}` : ''}; ${ours.warmNote ?? ''}`);
    if (srv) console.log(`Server: ${srv.diagnostics} diagnostics over ${articles.length} articles opened one by one, ${srv.workspaceFindings} in the workspace diagnostics of every file (CLI: ${ours?.findings ?? 'n/a'}); warm: ${srv.warmNote}`);
    console.log(`2 MiB article: ${(Buffer.byteLength(bigText) / 1024 / 1024).toFixed(2)} MiB; symbols: ours ${outline?.symbols ?? 'n/a'} (top level), built-in ${builtinOutline.symbols} (top level)`);
    console.log(`Load average at start ${loadStart}, at end ${loadEnd} (${os.cpus().length} cores)`);
  } finally {
    removeDir(scratch);
    if (!corpus) removeDir(dir);
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
