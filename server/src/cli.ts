// The command-line checker: the same engine as the editor, for CI and the terminal.
//   strategy-notes check [paths…] [--format text|json]
//   strategy-notes outline FILE [--format text|json]
// Exit codes: 0 no errors, 1 something has error severity, 2 usage or I/O problem.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, knownRuleIds, pillarTree, resolveConfig, type Analysis, type Config } from './engine';
import { ConfigFiles, roleOf } from './node/config-files';

const version = '0.1.0';
const usage = `Usage:
  strategy-notes check [paths…] [--format text|json]   lint articles (folders: every article below them)
  strategy-notes outline FILE [--format text|json]     print an article's pillar tree
  strategy-notes --version | --help`;

class UsageError extends Error {}

const engine = createEngine();
const configFiles = new ConfigFiles();

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
  });
  if (values.version) {
    process.stdout.write(`strategy-notes ${version}\n`);
    return 0;
  }
  const [command, ...args] = positionals;
  if (values.help) {
    process.stdout.write(usage + '\n');
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

interface Loaded {
  file: string;
  analysis: Analysis;
}

function configFor(file: string): { config: Config; root: string } {
  const found = configFiles.lookup(path.dirname(path.resolve(file)));
  if (found.error) throw new Error(found.error);
  const { config, messages } = resolveConfig(found.file ? [{ origin: path.relative(process.cwd(), found.file) || found.file, value: found.value }] : [], knownRuleIds);
  for (const m of messages) warnOnce(m);
  return { config, root: found.file ? found.root : process.cwd() };
}

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.stderr.write(`strategy-notes: warning: ${message}\n`);
}

function load(file: string, isArticle: boolean, config: Config): Loaded {
  const text = readFileSync(file, 'utf8');
  return { file, analysis: engine.analyze({ key: file, text, version: 0, config, fileName: file, isArticle }) };
}

/** Files named on the command line are checked as articles; folders contribute every article below them. */
function collect(paths: string[]): { file: string; config: Config }[] {
  const out: { file: string; config: Config }[] = [];
  for (const p of paths) {
    let stat;
    try {
      stat = statSync(p);
    } catch {
      throw new Error(`no such file or folder: ${p}`);
    }
    if (stat.isFile()) {
      out.push({ file: p, config: configFor(p).config });
      continue;
    }
    for (const file of walk(p)) {
      const { config, root } = configFor(file);
      if (roleOf(path.resolve(file), root, config) === 'article') out.push({ file, config });
    }
  }
  return out;
}

function* walk(dir: string): Generator<string> {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else if (e.isFile() && /\.(?:md|markdown)$/i.test(e.name)) yield full;
  }
}

function check(paths: string[], format: 'text' | 'json'): number {
  const files = collect(paths);
  const rows: { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; rule: string; message: string }[] = [];
  for (const { file, config } of files) {
    const { analysis } = load(file, true, config);
    for (const d of analysis.diagnostics) {
      rows.push({
        file: path.relative(process.cwd(), file) || file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: d.severity,
        rule: d.rule,
        message: d.message,
      });
    }
  }
  if (format === 'json') process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else for (const r of rows) process.stdout.write(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.rule} ${r.message}\n`);
  const errors = rows.filter((r) => r.severity === 'error').length;
  const warnings = rows.filter((r) => r.severity === 'warning').length;
  process.stderr.write(`${files.length} article${files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${rows.length - errors - warnings} info\n`);
  return errors > 0 ? 1 : 0;
}

function outline(file: string, format: 'text' | 'json'): number {
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`no such file: ${file}`);
  const { analysis } = load(file, true, configFor(file).config);
  const tree = pillarTree(analysis.model);
  if (format === 'json') {
    process.stdout.write(JSON.stringify(tree, null, 2) + '\n');
    return 0;
  }
  const m = analysis.model;
  process.stdout.write(`${m.title.text}\n`);
  if (m.thesis) process.stdout.write(`  thesis (line ${m.thesis.range.start.line + 1}): announces ${m.thesis.count} pillars\n`);
  for (const p of tree) {
    process.stdout.write(`  ${p.number}. ${p.title}  (line ${p.line})\n`);
    for (const c of p.children) process.stdout.write(`      - ${c.title}  (line ${c.line})\n`);
  }
  if (tree.length === 0) process.stdout.write('  (no pillars found)\n');
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const usageProblem = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`strategy-notes: ${message}${usageProblem ? ' (see strategy-notes --help)' : ''}\n`);
  process.exitCode = 2;
}
