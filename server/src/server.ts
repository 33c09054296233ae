// The language server's wiring: the connection, the capabilities, the documents, `listen`.
// What each request does lives in `lsp/` (one file per feature group), the only code that
// knows LSP; the engine below it is plain data in and out.
// Runs in VS Code (through the client) and standalone: `strategy-notes-language-server --stdio`.

import { CodeActionKind, TextDocumentSyncKind, TextDocuments, type Connection, type InitializeResult } from 'vscode-languageserver/node';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { ArticleBuilder, createEngine } from './engine';
import { ChunkCache } from './engine/dialect/chunks';
import { Analyses } from './lsp/analysis';
import { fixAllKind, registerCodeActions } from './lsp/code-actions';
import { commands, registerCommands } from './lsp/commands';
import { completionTriggers, registerCompletion } from './lsp/completion';
import { DocumentContexts } from './lsp/context';
import { Diagnostics } from './lsp/diagnostics';
import { strategyDocuments } from './lsp/documents';
import { buildProject, configChanged, indexChanged, registerIndexing } from './lsp/indexing';
import { createServerConnection } from './lsp/lifecycle';
import { registerNavigation } from './lsp/navigation';
import { registerOutline } from './lsp/outline';
import { Projects } from './lsp/projects';
import { SharedValues } from './engine/workspace/shared-values';
import { SummaryPool } from './node/summary-pool';
import { noSupport, readClientSupport, type Session } from './lsp/session';
import { WatchedFiles } from './lsp/watched-files';
import { WorkspaceProblems } from './lsp/workspace-diagnostics';

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

const connection: Connection = createServerConnection();
const documents = new TextDocuments(strategyDocuments((message) => connection.console.warn(message)));

// Chunk parses are kept for the open documents' next edits: the cache holds at most twice their
// text (and at least `minChunkCharacters`), least recently used out first, so what closed
// documents used is given back.
const minChunkCharacters = 256 * 1024;
const chunks = new ChunkCache();
const openCharacters = () => documents.all().reduce((n, d) => n + d.getText().length, 0);
const boundChunks = () => chunks.limitCharacters(Math.max(minChunkCharacters, 2 * openCharacters()));
documents.onDidOpen(boundChunks);
documents.onDidChangeContent(boundChunks);
documents.onDidClose(boundChunks);

// The parts refer to one another through the session, so it is filled in step by step.
const session = { connection, documents, engine: createEngine(new ArticleBuilder(chunks)), support: noSupport } as { -readonly [K in keyof Session]: Session[K] };
session.contexts = new DocumentContexts(connection, () => session.support);
// The cold index summarizes files on worker threads (idle ones exit), one pool for every project;
// what it makes keeps one copy of the values summaries repeat, since the index holds it for long.
const summaryPool = new SummaryPool({ log: (message) => connection.console.warn(message), shared: new SharedValues() });
// Shutdown is answered once the summary caches are on disk (the client waits for the answer before `exit`).
connection.onShutdown(() => Promise.all([summaryPool.close(), session.projects.writeCaches()]).then(() => undefined));
session.projects = new Projects(
  session.contexts,
  {
    build: (project) => buildProject(session, project),
    changed: (project, change) => indexChanged(session, project, change),
  },
  summaryPool,
);
session.analyses = new Analyses(session, (project, change, origin) => indexChanged(session, project, change, origin));
session.diagnostics = new Diagnostics(session);
const watchedFiles = new WatchedFiles(session);

connection.onInitialize((params): InitializeResult => {
  session.support = readClientSupport(params.capabilities);
  let folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
  if (folders.length === 0 && params.rootUri) folders = [URI.parse(params.rootUri).fsPath];
  session.contexts.workspaceFolders = folders;
  // Where file summaries are kept between sessions (the VS Code client sends its storage folder); none, no cache.
  const cacheLocation = (params.initializationOptions as { cacheLocation?: unknown } | null | undefined)?.cacheLocation;
  session.projects.cacheFolder = typeof cacheLocation === 'string' && cacheLocation.trim() !== '' ? path.resolve(cacheLocation) : undefined;
  // Closed files' problems, for a client that pulls diagnostics, unless `workspaceDiagnostics: false`.
  const workspaceDiagnostics = (params.initializationOptions as { workspaceDiagnostics?: unknown } | null | undefined)?.workspaceDiagnostics;
  if (session.support.pullDiagnostics && workspaceDiagnostics !== false) {
    const problems = new WorkspaceProblems(session, summaryPool, (project) => session.contexts.checkUnder(project.config));
    session.workspaceProblems = problems;
    session.projects.checks = problems.projectChecks;
    problems.register();
  }
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentSymbolProvider: { label: 'Strategy Notes' },
      foldingRangeProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind], resolveProvider: true },
      executeCommandProvider: { commands },
      completionProvider: { triggerCharacters: completionTriggers, resolveProvider: true },
      definitionProvider: true,
      referencesProvider: true,
      hoverProvider: true,
      renameProvider: session.support.prepareRename ? { prepareProvider: true } : true,
      documentLinkProvider: { resolveProvider: true },
      workspaceSymbolProvider: true,
      diagnosticProvider: session.support.pullDiagnostics ? { identifier: 'strategy-notes', interFileDependencies: false, workspaceDiagnostics: session.workspaceProblems !== undefined } : undefined,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'strategy-notes-language-server', version },
  };
});

connection.onInitialized(() => {
  // Files change outside the editor too: ask the client to tell us (any LSP client, not only ours).
  watchedFiles.watch();
  // The model worker starts (and warms up, ~0.4 s of its own thread) while the index is built, so
  // a large document opened as soon as the index is in meets warm code; at a third of its thread's
  // time until the index is built, so the two do not fight over the cores.
  session.analyses.paceWorker(true);
  session.analyses.prepareWorker();
  void session.projects
    .setFolders(session.contexts.workspaceFolders)
    .then(() => session.projects.idle())
    .then(() => session.analyses.paceWorker(false));
  if (session.support.workspaceFolderEvents) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => URI.parse(f.uri).fsPath));
      session.contexts.workspaceFolders = session.contexts.workspaceFolders.filter((f) => !removed.has(f)).concat(e.added.map((f) => URI.parse(f.uri).fsPath));
      session.contexts.clear();
      void session.projects.setFolders(session.contexts.workspaceFolders).then(() => session.workspaceProblems?.recheckAll());
      session.diagnostics.refreshAll();
    });
  }
});

connection.onDidChangeConfiguration(() => configChanged(session));

session.diagnostics.register();
watchedFiles.register();
registerOutline(session);
registerCodeActions(session);
registerCommands(session);
registerCompletion(session);
registerNavigation(session);
registerIndexing(session, () => watchedFiles.received, () => watchedFiles.idle(), () => ({
  openDocuments: documents.all().length,
  openCharacters: openCharacters(),
  chunkCacheEntries: chunks.size,
  chunkCacheCharacters: chunks.characters,
  ...engineStats(),
  heapUsed: heapUsed(),
}));

function engineStats() {
  const { kept, builds, checks } = session.engine.stats();
  return { analysesKept: kept, modelBuilds: builds, documentChecks: checks };
}

function heapUsed(): number {
  // Under `--expose-gc` (tests looking for leaks), what is still reachable; else as it stands.
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

process.on('uncaughtException', (error) => connection.console.error(`Strategy Notes: unexpected error: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Strategy Notes: unexpected rejection: ${String(reason)}`));

documents.listen(connection);
connection.listen();
