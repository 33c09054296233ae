// The command-line checker: the same engine and the same workspace index as the editor, for CI
// and the terminal.
//   strategy-notes check [paths…] [--format text|json|github|sarif] [--quiet] [--max-warnings N] [--config FILE] [--stdin-path NAME] [--fix | --fix-dry-run] [--cache [--cache-location PATH]]
//   strategy-notes rules [--format text|json]
//   strategy-notes outline FILE [--format text|json]
// Exit codes: 0 no errors, 1 something has error severity (or more warnings than --max-warnings), 2 usage, I/O or config file problem.

import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { version } from '../../package.json';
import { fixAndTell, type FixMode } from './cli/fix';
import { checkFormats, githubLine, rulesJson, rulesText, sarifLog, textLine, type CheckFormat, type Row } from './cli/report';
import { checkAfterIndexing, collect, collectStdin, configWasBroken, display, engineInput, keepReport, loneConfig, rootFor, takeKeptReport, takeLocalCheck, useConfigFile, useSummaryCache, writeReports, type Target } from './cli/targets';
import { checkedKind, finishCheck, type LocalCheck } from './engine/features/split-check';
import { createEngine, pillarTree, ruleCatalog, type Analysis } from './engine';
import { withoutBom } from './engine/dialect/bom';
import { surelyTooLarge, unreadable } from './engine/dialect/checkable';
import { notCheckedDiagnostics, type ArticleDiagnostic } from './engine/features/diagnostics';

const usage = `Usage:
  strategy-notes check [paths…] [options]           lint articles and library entries (default path: .)
      paths                   files; folders (every article and entry below them); quoted globs such as
                              'articles/**/*.md' (matched as folders are listed: ignored files stay out);
                              - for one article read from standard input
      --format FORMAT         text (default), json, github (GitHub Actions annotations), sarif (SARIF 2.1.0)
      --quiet                 report errors only (warnings still count for --max-warnings, as in ESLint)
      --max-warnings N        more than N warnings fail the run (exit 1)
      --config FILE           check every path with this config file, its folder as the root (no discovery)
      --fix                   apply every safe fix (renumbering, the count, the disclaimer, a duplicate
                              tag) to the files, then report what remains
      --fix-dry-run           print the unified diff --fix would write; write nothing
      --stdin-path NAME       with -: the path the text is checked as (its role, root and config);
                              the file need not exist. Without it the text is a lone article, <stdin>
      --cache                 keep file summaries and findings between runs: a file whose text is
                              unchanged is not parsed or checked again, and a run over files all
                              unchanged prints the reports kept from the last one (off by default)
      --cache-location PATH   the folder of the cache (default .strategy-notes-cache/), one file per root
  strategy-notes rules [--format text|json]         every rule: id, default severity, fix, description
  strategy-notes outline FILE [--format text|json]  print an article's pillar tree
  strategy-notes --version | --help

Exit codes: 0 no errors; 1 errors, or more warnings than --max-warnings; 2 a usage, I/O or config file problem.`;

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

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      quiet: { type: 'boolean' },
      'max-warnings': { type: 'string' },
      config: { type: 'string' },
      'stdin-path': { type: 'string' },
      fix: { type: 'boolean' },
      'fix-dry-run': { type: 'boolean' },
      cache: { type: 'boolean' },
      'cache-location': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
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
  if (values.config !== undefined) useConfigFile(values.config);
  if (command === 'check') {
    if (!(checkFormats as readonly string[]).includes(format)) throw new UsageError(`unknown --format "${format}" (use ${checkFormats.join(', ')})`);
    const maxWarnings = values['max-warnings'];
    if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings)) throw new UsageError(`--max-warnings takes a whole number ≥ 0, not "${maxWarnings}"`);
    const paths = args.length ? args : ['.'];
    if (paths.includes('-') && paths.length > 1) throw new UsageError('- (standard input) cannot be combined with other paths');
    if (values['stdin-path'] !== undefined && !paths.includes('-')) throw new UsageError('--stdin-path goes with - (standard input)');
    const fix: FixMode | undefined = values['fix-dry-run'] ? 'dry-run' : values.fix ? 'fix' : undefined;
    if (fix && paths.includes('-')) throw new UsageError('--fix and --fix-dry-run write files: not with - (standard input)');
    if (values['cache-location'] !== undefined && !values.cache) throw new UsageError('--cache-location goes with --cache');
    if (values.cache) useSummaryCache(values['cache-location'] ?? '.strategy-notes-cache');
    return check(paths, { format: format as CheckFormat, quiet: values.quiet ?? false, maxWarnings: maxWarnings === undefined ? undefined : Number(maxWarnings), stdinPath: values['stdin-path'], fix });
  }
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}" (use text or json)`);
  if (command === 'rules') {
    if (args.length) throw new UsageError('rules takes no paths');
    print(format === 'json' ? rulesJson(ruleCatalog()) : rulesText(ruleCatalog()));
    return 0;
  }
  if (command === 'outline') {
    if (args.length !== 1) throw new UsageError('outline takes exactly one file');
    return outline(args[0], format);
  }
  throw new UsageError(`unknown command "${command}"`);
}

export type { Row };

function rowsOf(target: Target, diagnostics: readonly ArticleDiagnostic[]): Row[] {
  return diagnostics.map((d) => ({
    file: target.name ?? display(target.file),
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
function readTarget({ file, text }: Target): { text: string } | { notChecked: string } {
  if (text !== undefined) return { text };
  try {
    const tooLarge = surelyTooLarge(statSync(file).size);
    if (tooLarge) return { notChecked: tooLarge };
    return { text: withoutBom(readFileSync(file, 'utf8')) };
  } catch (error) {
    return { notChecked: unreadable((error as NodeJS.ErrnoException).code ?? String(error)) };
  }
}

/** Files whose check was finished from their index's model (not built again here). */
let finishedFromIndex = 0;

/** The rest of a file's check, on its index's model: the library rules, now that the index is complete. */
async function finishTarget(target: Target, local: LocalCheck): Promise<Row[]> {
  const input = await engineInput(target);
  const kind = checkedKind(target.role);
  finishedFromIndex++;
  if (!kind) return [];
  const library = input.library && { uri: input.key, role: target.role, index: input.library.index, root: input.library.root };
  return rowsOf(target, finishCheck(local, input.config, kind, library));
}

/** One file's diagnostics, through the engine with its workspace's index; the analysis is let go after. */
async function analyzeTarget(target: Target, text: string): Promise<Row[]> {
  const input = await engineInput(target);
  const { key } = input;
  const index = input.library?.index;
  const analysis = engine.analyze({ ...input, text, version: 0 });
  // A named file the listing left out (ignored, excluded) counts while it is checked, as an open document does;
  // text from standard input stands in for the file on disk while it is checked.
  const before = index?.get(key);
  const swapped = index && (!before || target.text !== undefined) ? (index.set(analysis.summary), true) : false;
  try {
    return rowsOf(target, analysis.diagnostics);
  } finally {
    if (swapped) before ? index!.set(before) : index!.delete(key);
    engine.forget(key);
  }
}

interface CheckOptions {
  format: CheckFormat;
  /** Report errors only; warnings are still counted (for the summary and --max-warnings), as ESLint does. */
  quiet: boolean;
  maxWarnings?: number;
  stdinPath?: string;
  fix?: FixMode;
}

async function check(paths: string[], options: CheckOptions): Promise<number> {
  const { format } = options;
  if (options.fix) checkAfterIndexing();
  const targets = paths[0] === '-' ? await collectStdin(options.stdinPath) : await collect(paths);
  // Every file is fixed before any is checked again, so the re-check reads the fixed workspace.
  if (options.fix) for (const t of targets) fixAndTell(engine, { file: t.file, shownAs: display(t.file), input: await engineInput(t) }, options.fix, format === 'text' ? print : (d) => process.stderr.write(d));
  const rows: Row[] = [];
  const count = { article: 0, entry: 0, error: 0, warning: 0, info: 0 };
  const tooManyWarnings = () => options.maxWarnings !== undefined && count.warning > options.maxWarnings;
  const failed = () => count.error > 0 || tooManyWarnings();
  for (const target of targets) {
    // Once nobody reads the output, go on only while the exit code is still open.
    if (stdoutClosed && failed()) break;
    count[target.role === 'article' ? 'article' : 'entry']++;
    // With --cache, a report kept for exactly this workspace is the report: nothing is checked.
    const kept = await takeKeptReport(target);
    let found: Row[];
    if (kept) found = kept.map((k) => ({ file: target.name ?? display(target.file), ...k }));
    else {
      // A file the index read is not read again: the local half of its check was made there.
      const local = await takeLocalCheck(target);
      const read = local ? undefined : readTarget(target);
      if (local) found = await finishTarget(target, local);
      else if (read && 'text' in read) found = await analyzeTarget(target, read.text);
      else found = rowsOf(target, notCheckedDiagnostics(read!.notChecked, target.root?.config ?? loneConfig()));
      keepReport(target, found);
    }
    for (const r of found) {
      count[r.severity as 'error' | 'warning' | 'info']++;
      if (options.quiet && r.severity !== 'error') continue;
      if (format === 'json' || format === 'sarif') rows.push(r);
      else print(format === 'github' ? githubLine(r) : textLine(r));
    }
    // A turn of the event loop, so a closed pipe's error event is heard between files.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await writeReports();
  if (format === 'json') print(JSON.stringify(rows, null, 2) + '\n');
  if (format === 'sarif') print(JSON.stringify(sarifLog(rows, { version }), null, 2) + '\n');
  if (stdoutClosed) return failed() ? 1 : 0;
  const n = (k: number, one: string, many = one + 's') => `${k} ${k === 1 ? one : many}`;
  const what = n(count.article, 'article') + (count.entry ? ` and ${n(count.entry, 'library entry', 'library entries')}` : '');
  process.stderr.write(`${what} checked: ${n(count.error, 'error')}, ${n(count.warning, 'warning')}, ${count.info} info\n`);
  if (tooManyWarnings()) process.stderr.write(`strategy-notes: too many warnings: ${count.warning}, more than --max-warnings ${options.maxWarnings}\n`);
  // STRATEGY_NOTES_LOG_ENGINE=1: what the engine still holds once every file is reported (tests: nothing).
  if (process.env.STRATEGY_NOTES_LOG_ENGINE === '1') {
    const { kept, builds, checks } = engine.stats();
    process.stderr.write(`strategy-notes: engine keeps ${kept} analyses after ${builds} builds, ${checks} checks; ${finishedFromIndex} files finished from their index's model\n`);
  }
  return failed() ? 1 : 0;
}

function outline(file: string, format: 'text' | 'json'): number {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new Error(`no such file: ${file}`);
  if (!stat.isFile()) throw new Error(`not a file: ${file}`);
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
    process.exitCode = configWasBroken() ? 2 : code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const usageProblem = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`strategy-notes: ${message}${usageProblem ? ' (see strategy-notes --help)' : ''}\n`);
    process.exitCode = 2;
  },
);
