// The language server: the only file that speaks LSP. It keeps documents and settings,
// hands text to the engine and turns the engine's plain data into protocol types.
// Runs in VS Code (through the client) and standalone: `strategy-notes-language-server --stdio`.

import * as path from 'node:path';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  ProposedFeatures,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import {
  appendDisclaimer,
  articleSummary,
  createEngine,
  knownRuleIds,
  quickFixes,
  resolveConfig,
  type Analysis,
  type ArticleDiagnostic,
  type ArticleSummary,
  type Config,
  type OutlineItem,
} from './engine';
import type { ConfigSource } from './engine/config';
import { ConfigFiles, roleOf } from './node/config-files';

const version = '0.1.0';

if (process.argv.includes('--version')) {
  process.stdout.write(`strategy-notes-language-server ${version}\n`);
  process.exit(0);
}
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write('Usage: strategy-notes-language-server [--stdio | --node-ipc | --socket=PORT]\nSpeaks the Language Server Protocol; stdio when no transport is given.\n');
  process.exit(0);
}
// Editors usually pass a transport flag; with none, talk over stdio rather than fail.
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}

const connection: Connection = createConnection(ProposedFeatures.all);
/** `workspace/executeCommand` [uri]: appends the configured disclaimer unless the article has one. */
const appendDisclaimerCommand = 'strategyNotes.server.appendDisclaimer';
/** Custom request for the status bar: `{ uri }` -> ArticleSummary | null. */
const articleSummaryRequest = 'strategyNotes/articleSummary';
const documents = new TextDocuments(TextDocument);
const engine = createEngine();
const configFiles = new ConfigFiles();

let pullDiagnostics = false;
let canAskConfiguration = false;
let workspaceFolders: string[] = [];
let workspaceFolderEvents = false;
let canRefreshDiagnostics = false;
let canWatchFiles = false;
/** VS Code's Restricted Mode: a regular expression from an untrusted workspace could stall the
 * server (catastrophic backtracking), so its `.strategy-notes.json` disclaimer pattern is not used. */
let workspaceTrusted = true;
/** Config messages already shown, so a broken file is reported once, not per keystroke. */
const reportedConfigMessages = new Set<string>();

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  pullDiagnostics = !!caps.textDocument?.diagnostic;
  canAskConfiguration = !!caps.workspace?.configuration;
  workspaceFolderEvents = !!caps.workspace?.workspaceFolders;
  canRefreshDiagnostics = !!caps.workspace?.diagnostics?.refreshSupport;
  canWatchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  workspaceTrusted = (params.initializationOptions as { workspaceTrusted?: boolean } | undefined)?.workspaceTrusted !== false;
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
  if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [URI.parse(params.rootUri).fsPath];
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentSymbolProvider: { label: 'Strategy Notes' },
      foldingRangeProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: [appendDisclaimerCommand] },
      diagnosticProvider: pullDiagnostics ? { identifier: 'strategy-notes', interFileDependencies: false, workspaceDiagnostics: false } : undefined,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'strategy-notes-language-server', version },
  };
});

connection.onInitialized(() => {
  // Config files change outside the editor too: ask the client to tell us (any LSP client, not only ours).
  if (canWatchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.strategy-notes.json' }] });
  }
  if (workspaceFolderEvents) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => URI.parse(f.uri).fsPath));
      workspaceFolders = workspaceFolders.filter((f) => !removed.has(f)).concat(e.added.map((f) => URI.parse(f.uri).fsPath));
      configChanged();
    });
  }
});

// ---- config --------------------------------------------------------------------------------

interface DocumentContext {
  config: Config;
  isArticle: boolean;
  fileName?: string;
}

const contexts = new Map<string, Promise<DocumentContext>>();

function documentContext(uri: string): Promise<DocumentContext> {
  let ctx = contexts.get(uri);
  if (!ctx) {
    ctx = computeContext(uri);
    contexts.set(uri, ctx);
  }
  return ctx;
}

async function computeContext(uri: string): Promise<DocumentContext> {
  const parsed = URI.parse(uri);
  const filePath = parsed.scheme === 'file' ? parsed.fsPath : undefined;
  const sources: ConfigSource[] = [{ origin: 'settings (strategyNotes)', value: await settingsFor(uri) }];
  let root: string | undefined;
  if (filePath) {
    const folder = workspaceFolders.filter((f) => isInside(filePath, f)).sort((a, b) => b.length - a.length)[0];
    const file = configFiles.lookup(path.dirname(filePath), folder);
    root = file.root;
    if (file.error) report(file.error);
    else if (file.file) sources.push({ origin: path.basename(file.file), value: workspaceTrusted ? file.value : withoutPattern(file.value, file.file) });
  }
  const { config, messages } = resolveConfig(sources, knownRuleIds);
  for (const m of messages) report(m);
  const role = filePath && root ? roleOf(filePath, root, config) : 'article';
  return { config, isArticle: role === 'article', fileName: filePath ?? parsed.path };
}

function withoutPattern(value: unknown, file: string): unknown {
  const disclaimer = (value as { disclaimer?: { pattern?: unknown } } | undefined)?.disclaimer;
  if (!disclaimer || typeof disclaimer !== 'object' || disclaimer.pattern === undefined) return value;
  report(`${file}: disclaimer.pattern is ignored until the workspace is trusted.`);
  return { ...(value as object), disclaimer: { ...disclaimer, pattern: undefined } };
}

connection.onNotification('strategyNotes/workspaceTrusted', () => {
  workspaceTrusted = true;
  configChanged();
});

function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Fetched once per document context (see `contexts`), which is what caches it. */
async function settingsFor(uri: string): Promise<unknown> {
  if (!canAskConfiguration) return undefined;
  return connection.workspace.getConfiguration({ scopeUri: uri, section: 'strategyNotes' }).then(
    (v: unknown) => v,
    () => undefined,
  );
}

function report(message: string): void {
  if (reportedConfigMessages.has(message)) return;
  reportedConfigMessages.add(message);
  connection.console.warn(`Strategy Notes configuration: ${message}`);
  void connection.window.showWarningMessage(`Strategy Notes configuration: ${message}`);
}

function configChanged(): void {
  contexts.clear();
  configFiles.clear();
  reportedConfigMessages.clear();
  refreshDiagnostics();
}

connection.onDidChangeConfiguration(() => configChanged());
connection.onDidChangeWatchedFiles((params) => {
  if (params.changes.some((c) => c.uri.endsWith('.strategy-notes.json') || c.type !== FileChangeType.Changed)) configChanged();
});

// ---- analysis ------------------------------------------------------------------------------

/** Editors other than VS Code may send every file they open: only Markdown is an article. */
function isMarkdown(doc: TextDocument): boolean {
  return doc.languageId === 'markdown' || /\.(?:md|markdown)$/i.test(doc.uri);
}

async function analysisOf(uri: string): Promise<Analysis | undefined> {
  const doc = documents.get(uri);
  if (!doc || !isMarkdown(doc)) return undefined;
  const ctx = await documentContext(uri);
  // The document may have changed while settings were fetched: always analyze its current text.
  const current = documents.get(uri);
  if (!current) return undefined;
  return engine.analyze({ key: uri, text: current.getText(), version: current.version, config: ctx.config, fileName: ctx.fileName, isArticle: ctx.isArticle });
}

/** Every handler answers, whatever goes wrong inside: a failure is logged and an empty result returned. */
function guarded<P, R>(name: string, empty: R, handler: (params: P) => Promise<R>): (params: P) => Promise<R> {
  return async (params) => {
    try {
      return await handler(params);
    } catch (error) {
      connection.console.error(`Strategy Notes: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return empty;
    }
  };
}

const severityOf = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

function toDiagnostic(d: ArticleDiagnostic): Diagnostic {
  return { range: d.range, severity: severityOf[d.severity], code: d.rule, source: 'strategy-notes', message: d.message };
}

connection.languages.diagnostics.on(
  guarded('diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] as Diagnostic[] }, async (params) => {
    const analysis = await analysisOf(params.textDocument.uri);
    return { kind: DocumentDiagnosticReportKind.Full, items: analysis ? analysis.diagnostics.map(toDiagnostic) : [] };
  }),
);

// Push mode, for clients without pull diagnostics: publish shortly after typing pauses.
const pushTimers = new Map<string, NodeJS.Timeout>();
const pushDelayMs = 50;

function schedulePush(uri: string): void {
  if (pullDiagnostics) return;
  clearTimeout(pushTimers.get(uri));
  pushTimers.set(
    uri,
    setTimeout(() => {
      pushTimers.delete(uri);
      void publish(uri);
    }, pushDelayMs),
  );
}

async function publish(uri: string): Promise<void> {
  try {
    const analysis = await analysisOf(uri);
    if (!analysis) return;
    await connection.sendDiagnostics({ uri, version: analysis.model.version, diagnostics: analysis.diagnostics.map(toDiagnostic) });
  } catch (error) {
    connection.console.error(`Strategy Notes: publishing diagnostics failed: ${String(error)}`);
  }
}

function refreshDiagnostics(): void {
  if (pullDiagnostics) {
    if (canRefreshDiagnostics) void connection.languages.diagnostics.refresh();
  } else for (const doc of documents.all()) schedulePush(doc.uri);
}

documents.onDidOpen((e) => schedulePush(e.document.uri));
documents.onDidChangeContent((e) => schedulePush(e.document.uri));
documents.onDidClose((e) => {
  clearTimeout(pushTimers.get(e.document.uri));
  engine.forget(e.document.uri);
  contexts.delete(e.document.uri);
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

// ---- features ------------------------------------------------------------------------------

const symbolKindOf: Record<OutlineItem['kind'], SymbolKind> = {
  pillar: SymbolKind.Namespace,
  'sub-point': SymbolKind.Field,
  related: SymbolKind.Array,
  concepts: SymbolKind.Array,
  companies: SymbolKind.Array,
  disclaimer: SymbolKind.String,
};

function toSymbol(item: OutlineItem): DocumentSymbol {
  return { name: item.name, detail: item.detail, kind: symbolKindOf[item.kind], range: item.range, selectionRange: item.selectionRange, children: item.children.map(toSymbol) };
}

connection.onDocumentSymbol(
  guarded('outline', [] as DocumentSymbol[], async (params) => {
    const analysis = await analysisOf(params.textDocument.uri);
    return analysis ? analysis.outline.map(toSymbol) : [];
  }),
);

connection.onFoldingRanges(
  guarded('folding', [] as FoldingRange[], async (params) => {
    const analysis = await analysisOf(params.textDocument.uri);
    return analysis ? analysis.folding.map((r) => ({ startLine: r.startLine, endLine: r.endLine, kind: 'region' })) : [];
  }),
);

connection.onCodeAction(
  guarded('code actions', [] as CodeAction[], async (params) => {
    const analysis = await analysisOf(params.textDocument.uri);
    if (!analysis) return [];
    if (params.context.only && !params.context.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k))) return [];
    const uri = params.textDocument.uri;
    return quickFixes(analysis.diagnostics, params.range).map((fix) => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      isPreferred: fix.preferred,
      diagnostics: [toDiagnostic(fix.diagnostic)],
      edit: { changes: { [uri]: fix.edits } },
    }));
  }),
);

connection.onRequest(
  articleSummaryRequest,
  guarded('article summary', null as ArticleSummary | null, async (params: { uri: string }) => {
    const analysis = await analysisOf(params.uri);
    const ctx = analysis && (await documentContext(params.uri));
    return analysis && ctx ? articleSummary(analysis.model, analysis.diagnostics, ctx.isArticle) : null;
  }),
);

connection.onExecuteCommand(
  guarded('command', { applied: false, reason: 'failed' } as { applied: boolean; reason?: string }, async (params) => {
    if (params.command !== appendDisclaimerCommand) return { applied: false, reason: `unknown command ${params.command}` };
    const uri = String(params.arguments?.[0] ?? '');
    const analysis = await analysisOf(uri);
    if (!analysis) return { applied: false, reason: 'the document is not open' };
    if (analysis.model.disclaimer) return { applied: false, reason: 'the article already has a disclaimer' };
    const { config } = await documentContext(uri);
    const fix = appendDisclaimer(analysis.model, config.disclaimer.text);
    const result = await connection.workspace.applyEdit({ label: fix.title, edit: { changes: { [uri]: fix.edits } } });
    return result.applied ? { applied: true } : { applied: false, reason: result.failureReason ?? 'the editor refused the edit' };
  }),
);

process.on('uncaughtException', (error) => connection.console.error(`Strategy Notes: unexpected error: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Strategy Notes: unexpected rejection: ${String(reason)}`));

documents.listen(connection);
connection.listen();
