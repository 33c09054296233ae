// The references for bench/scale.ts, each run in its own child process so each figure has its
// own heap and RSS (not a test; nothing asserts on time). Prints one JSON line on stdout.
//
//   node --import tsx bench/scale-reference.ts builtin-cold DIR      VS Code's built-in Markdown service: diagnostics of every article
//   node --import tsx bench/scale-reference.ts remark DIR            raw single-threaded remark-parse of every Markdown file
//   node --import tsx bench/scale-reference.ts builtin-outline FILE  the built-in service's first getDocumentSymbols of FILE
//
// The built-in service is wired as VS Code's markdown-language-features server wires it:
// `createLanguageService({ workspace, parser, logger })`, the parser a markdown-it engine
// (`html: true`, `linkify: true`, as the preview's defaults) with the GitHub slugifier, the
// workspace every Markdown file under the folder (read from disk on first open, then held, as
// VS Code's client workspace holds them), and `computeDiagnostics` with the options the server
// derives from the default settings once `markdown.validate.enabled` is on (file, reference and
// fragment links: warning; fragments in other files: inherit; unused definitions: hint;
// duplicate definitions: warning).

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { CancellationTokenSource, Emitter } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DiagnosticLevel,
  LogLevel,
  createLanguageService,
  githubSlugifier,
  type DiagnosticOptions,
  type FileStat,
  type ILogger,
  type IMdParser,
  type ITextDocument,
  type IWorkspace,
} from 'vscode-markdown-languageservice';
import { URI } from 'vscode-uri';

/** Every `.md` file under `dir` (no dot folders, no node_modules), sorted. */
export function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Peak and current resident set of this process (bytes), from /proc. */
function memory(): { rss: number; hwm: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: process.memoryUsage().rss, hwm: kb('VmHWM') };
}

export const vscodeDiagnosticOptions: DiagnosticOptions = {
  validateFileLinks: DiagnosticLevel.warning,
  validateReferences: DiagnosticLevel.warning,
  validateFragmentLinks: DiagnosticLevel.warning,
  validateMarkdownFileLinkFragments: DiagnosticLevel.warning,
  validateUnusedLinkDefinitions: DiagnosticLevel.hint,
  validateDuplicateLinkDefinitions: DiagnosticLevel.warning,
  ignoreLinks: [],
};

class FsWorkspace implements IWorkspace {
  private readonly docs = new Map<string, ITextDocument>();
  private readonly files: Set<string>;
  readonly onDidChangeMarkdownDocument = new Emitter<ITextDocument>().event;
  readonly onDidCreateMarkdownDocument = new Emitter<ITextDocument>().event;
  readonly onDidDeleteMarkdownDocument = new Emitter<URI>().event;

  constructor(private readonly root: string) {
    this.files = new Set(markdownFiles(root));
  }

  get workspaceFolders(): readonly URI[] {
    return [URI.file(this.root)];
  }

  async getAllMarkdownDocuments(): Promise<Iterable<ITextDocument>> {
    const out: ITextDocument[] = [];
    for (const f of this.files) {
      const d = await this.openMarkdownDocument(URI.file(f));
      if (d) out.push(d);
    }
    return out;
  }

  hasMarkdownDocument(resource: URI): boolean {
    return this.docs.has(resource.toString());
  }

  async openMarkdownDocument(resource: URI): Promise<ITextDocument | undefined> {
    const key = resource.toString();
    const held = this.docs.get(key);
    if (held) return held;
    if (resource.scheme !== 'file' || !resource.fsPath.endsWith('.md')) return undefined;
    let text: string;
    try {
      text = readFileSync(resource.fsPath, 'utf8');
    } catch {
      return undefined;
    }
    const doc = TextDocument.create(key, 'markdown', 1, text);
    this.docs.set(key, doc);
    return doc;
  }

  async stat(resource: URI): Promise<FileStat | undefined> {
    try {
      return { isDirectory: statSync(resource.fsPath).isDirectory() };
    } catch {
      return undefined;
    }
  }

  async readDirectory(resource: URI): Promise<Iterable<readonly [string, FileStat]>> {
    return readdirSync(resource.fsPath, { withFileTypes: true }).map((e) => [e.name, { isDirectory: e.isDirectory() }] as const);
  }
}

const logger: ILogger = { level: LogLevel.Off, log: () => undefined };

function markdownItParser(): IMdParser {
  const md = new MarkdownIt({ html: true, linkify: true });
  return {
    slugifier: githubSlugifier,
    async tokenize(document) {
      return md.parse(document.getText(), {});
    },
  };
}

async function builtinCold(dir: string): Promise<object> {
  const articles = markdownFiles(path.join(dir, 'articles'));
  const start = performance.now();
  const workspace = new FsWorkspace(dir);
  const service = createLanguageService({ workspace, parser: markdownItParser(), logger });
  const token = new CancellationTokenSource().token;
  let diagnostics = 0;
  for (const file of articles) {
    const doc = (await workspace.openMarkdownDocument(URI.file(file)))!;
    diagnostics += (await service.computeDiagnostics(doc, vscodeDiagnosticOptions, token)).length;
  }
  const ms = performance.now() - start;
  return { ms, articles: articles.length, diagnostics, ...memory() };
}

function remark(dir: string): object {
  const files = markdownFiles(dir);
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const processor = unified().use(remarkParse);
  const before = memory();
  const start = performance.now();
  for (const text of texts) processor.parse(text);
  const ms = performance.now() - start;
  return { ms, files: files.length, bytes: texts.reduce((n, t) => n + Buffer.byteLength(t), 0), rssBeforeParse: before.rss, ...memory() };
}

async function builtinOutline(file: string): Promise<object> {
  const text = readFileSync(file, 'utf8');
  const workspace = new FsWorkspace(path.dirname(file));
  const service = createLanguageService({ workspace, parser: markdownItParser(), logger });
  const doc = TextDocument.create(URI.file(file).toString(), 'markdown', 1, text);
  const token = new CancellationTokenSource().token;
  const start = performance.now();
  const symbols = await service.getDocumentSymbols(doc, {}, token);
  const ms = performance.now() - start;
  return { ms, symbols: symbols.length };
}

async function main(): Promise<void> {
  const [mode, target] = process.argv.slice(2);
  const result = mode === 'builtin-cold' ? await builtinCold(target) : mode === 'remark' ? remark(target) : mode === 'builtin-outline' ? await builtinOutline(target) : undefined;
  if (!result) throw new Error(`unknown mode ${mode}`);
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (process.argv[1]?.endsWith('scale-reference.ts')) void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
