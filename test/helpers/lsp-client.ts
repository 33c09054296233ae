// A real LSP client for tests: spawns the built server (`node dist/server.js --stdio`) and talks
// to it over stdio with vscode-languageserver-protocol's typed requests and notifications.
// No mocks: every answer comes from the real server process.

import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  ConfigurationRequest,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  DocumentSymbolRequest,
  ExitNotification,
  FoldingRangeRequest,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type ConfigurationItem,
  type Diagnostic,
  type DocumentSymbol,
  type FileEvent,
  type FoldingRange,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type ShowMessageParams,
  type SymbolInformation,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const serverPath = path.join(repoRoot, 'dist/server.js');
export const cliPath = path.join(repoRoot, 'dist/cli.js');
export const exampleDir = path.join(repoRoot, 'example');

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/** A fresh temporary copy of the example workspace (dot files included); remove it with `rmSync`. */
export function copyExample(prefix = 'sn-example-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(exampleDir, dir, { recursive: true });
  return dir;
}

export function tempDir(prefix = 'sn-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDir(dir: string | undefined): void {
  if (dir && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}

export function assertBuilt(): void {
  if (!existsSync(serverPath) || !existsSync(cliPath)) {
    throw new Error(`${serverPath} or ${cliPath} is missing: run \`node scripts/build.mjs\` first`);
  }
}

/** Rejects when `promise` takes longer than `ms`, naming what was awaited. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface StartOptions {
  /** Declare `textDocument.diagnostic` (pull diagnostics). Default false (push). */
  pull?: boolean;
  /** When given, the client declares `workspace.configuration` and answers each item with this. */
  configuration?: (item: ConfigurationItem) => unknown;
  /** Workspace folders (file system paths) sent in initialize. */
  workspaceFolders?: string[];
  /** Replaces the capabilities built from the options above. */
  capabilities?: ClientCapabilities;
  /** Extra arguments for the server (default `--stdio`). */
  args?: string[];
  /** Sent as `initializationOptions` (e.g. `{ workspaceTrusted: false }`). */
  initializationOptions?: unknown;
}

interface PublishWaiter {
  uri: string;
  afterCount: number;
  predicate: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

export class LspClient {
  stderr = '';
  initializeResult!: InitializeResult;
  readonly shownMessages: ShowMessageParams[] = [];
  readonly logMessages: LogMessageParams[] = [];
  /** Every publishDiagnostics notification, in arrival order, per URI. */
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly configurationRequests: ConfigurationItem[][] = [];
  refreshRequests = 0;
  /** Resolves with the exit code (or signal) once the child process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private publishWaiters: PublishWaiter[] = [];
  private refreshWaiters: (() => void)[] = [];

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    public configuration: ((item: ConfigurationItem) => unknown) | undefined,
  ) {
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve({ code, signal });
      });
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      this.stderr += d;
    });
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    assertBuilt();
    const child = spawn(process.execPath, [serverPath, ...(options.args ?? ['--stdio'])], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, options.configuration);
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => client.onPublish(p));
    connection.onNotification(ShowMessageNotification.type, (p) => {
      client.shownMessages.push(p);
    });
    connection.onNotification(LogMessageNotification.type, (p) => {
      client.logMessages.push(p);
    });
    connection.onRequest(ShowMessageRequest.type, (p) => {
      client.shownMessages.push(p);
      return null;
    });
    connection.onRequest(ConfigurationRequest.type, (params) => {
      client.configurationRequests.push(params.items);
      return params.items.map((item) => (client.configuration ? client.configuration(item) : null));
    });
    connection.onRequest(DiagnosticRefreshRequest.type, () => {
      client.refreshRequests++;
      const waiters = client.refreshWaiters;
      client.refreshWaiters = [];
      for (const w of waiters) w();
    });
    // Requests the server may send that these tests do not care about.
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onError(() => {
      /* a closed pipe after exit is expected */
    });
    child.stdin!.on('error', () => {
      /* EPIPE when the server died: the test's assertions report it */
    });
    connection.listen();

    const folders = options.workspaceFolders ?? [];
    const capabilities: ClientCapabilities = options.capabilities ?? {
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: false },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        foldingRange: { lineFoldingOnly: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
        publishDiagnostics: { versionSupport: true },
        ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      workspace: {
        workspaceFolders: true,
        ...(options.configuration ? { configuration: true, didChangeConfiguration: { dynamicRegistration: false } } : {}),
        ...(options.pull ? { diagnostics: { refreshSupport: true } } : {}),
      },
    };
    client.initializeResult = await withTimeout(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: folders[0] ? fileUri(folders[0]) : null,
        capabilities,
        initializationOptions: options.initializationOptions,
        workspaceFolders: folders.length ? folders.map((f) => ({ uri: fileUri(f), name: path.basename(f) })) : null,
      }),
      10_000,
      'initialize',
    );
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  get alive(): boolean {
    return this.exitInfo === undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  // ---- documents ------------------------------------------------------------------------

  textOf(uri: string): string {
    const t = this.texts.get(uri);
    if (t === undefined) throw new Error(`${uri} is not open`);
    return t;
  }

  versionOf(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  async open(uri: string, text: string, languageId = 'markdown'): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text (a full-content change). */
  async changeFull(uri: string, text: string): Promise<number> {
    const version = this.versionOf(uri) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Sends edits as incremental changes (last edit in the document first, so ranges stay valid). */
  async changeIncremental(uri: string, edits: TextEdit[]): Promise<number> {
    const before = TextDocument.create(uri, 'markdown', this.versionOf(uri), this.textOf(uri));
    const sorted = [...edits].sort((a, b) => before.offsetAt(b.range.start) - before.offsetAt(a.range.start));
    const contentChanges: TextDocumentContentChangeEvent[] = sorted.map((e) => ({ range: e.range, text: e.newText }));
    const version = this.versionOf(uri) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, TextDocument.applyEdits(before, edits));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    this.texts.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async changeConfiguration(): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async changeWatchedFiles(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  // ---- requests -------------------------------------------------------------------------

  async symbols(uri: string, ms = 10_000): Promise<DocumentSymbol[]> {
    const result = await withTimeout(this.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), ms, `documentSymbol ${uri}`);
    return assertHierarchical(result);
  }

  folding(uri: string, ms = 10_000): Promise<FoldingRange[]> {
    return withTimeout(
      this.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }).then((r) => r ?? []),
      ms,
      `foldingRange ${uri}`,
    );
  }

  /** Pull diagnostics (the client must have started with `pull: true`). */
  async pullDiagnostics(uri: string, ms = 10_000): Promise<Diagnostic[]> {
    const report = await withTimeout(this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }), ms, `textDocument/diagnostic ${uri}`);
    if (report.kind !== DocumentDiagnosticReportKind.Full) throw new Error(`expected a full report, got ${report.kind}`);
    return report.items;
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const result = await withTimeout(
      this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } }),
      10_000,
      `codeAction ${uri}`,
    );
    return (result ?? []).map((a: CodeAction | Command) => {
      if (!('title' in a) || typeof (a as Command).command === 'string') throw new Error(`expected CodeAction literals, got a Command: ${JSON.stringify(a)}`);
      return a as CodeAction;
    });
  }

  // ---- push diagnostics -----------------------------------------------------------------

  publishCount(uri: string): number {
    return this.published.get(uri)?.length ?? 0;
  }

  /** The first publish for `uri` after the `afterCount`-th one that satisfies `predicate`. */
  waitForPublish(
    uri: string,
    options: { afterCount?: number; version?: number; predicate?: (p: PublishDiagnosticsParams) => boolean; ms?: number } = {},
  ): Promise<PublishDiagnosticsParams> {
    const afterCount = options.afterCount ?? 0;
    const predicate = (p: PublishDiagnosticsParams) => (options.version === undefined || p.version === options.version) && (options.predicate?.(p) ?? true);
    const seen = (this.published.get(uri) ?? []).slice(afterCount).find(predicate);
    if (seen) return Promise.resolve(seen);
    const waiting = new Promise<PublishDiagnosticsParams>((resolve) => this.publishWaiters.push({ uri, afterCount, predicate, resolve }));
    return withTimeout(waiting, options.ms ?? 10_000, `publishDiagnostics for ${uri}${options.version !== undefined ? ` version ${options.version}` : ''}`);
  }

  /** Resolves on the next `workspace/diagnostic/refresh` request from the server. */
  waitForRefresh(ms = 10_000): Promise<void> {
    return withTimeout(new Promise<void>((resolve) => this.refreshWaiters.push(resolve)), ms, 'workspace/diagnostic/refresh');
  }

  private onPublish(p: PublishDiagnosticsParams): void {
    const list = this.published.get(p.uri) ?? [];
    list.push(p);
    this.published.set(p.uri, list);
    const index = list.length - 1;
    this.publishWaiters = this.publishWaiters.filter((w) => {
      if (w.uri === p.uri && index >= w.afterCount && w.predicate(p)) {
        w.resolve(p);
        return false;
      }
      return true;
    });
  }

  // ---- lifecycle ------------------------------------------------------------------------

  /** shutdown + exit; resolves with the process's exit code. */
  async shutdown(ms = 5_000): Promise<number | null> {
    await withTimeout(this.connection.sendRequest(ShutdownRequest.type), ms, 'shutdown');
    await this.connection.sendNotification(ExitNotification.type);
    const { code } = await withTimeout(this.exited, ms, 'the server process to exit');
    this.connection.dispose();
    return code;
  }

  /** Ends the connection and the child, whatever state they are in. Safe to call twice. */
  async dispose(): Promise<void> {
    try {
      this.connection.dispose();
    } catch {
      /* already disposed */
    }
    if (this.alive) {
      this.child.kill('SIGKILL');
      await withTimeout(this.exited, 5_000, 'the killed server to exit').catch(() => undefined);
    }
  }
}

function assertHierarchical(result: DocumentSymbol[] | SymbolInformation[] | null): DocumentSymbol[] {
  if (!result) return [];
  for (const s of result) {
    if ('location' in s) throw new Error(`expected DocumentSymbol (hierarchical), got SymbolInformation: ${JSON.stringify(s)}`);
  }
  return result as DocumentSymbol[];
}

// ---- range helpers ------------------------------------------------------------------------

export function comparePositions(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

/** Every symbol (and child) has start <= end, selectionRange inside range, children inside parents,
 * and everything inside the document of `lineCount` lines. Returns the problems found. */
export function outlineProblems(symbols: DocumentSymbol[], text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const problems: string[] = [];
  const inDoc = (r: Range) =>
    r.start.line >= 0 &&
    r.end.line < lines.length &&
    r.start.character >= 0 &&
    r.start.character <= lines[r.start.line].length &&
    r.end.character <= lines[r.end.line].length &&
    comparePositions(r.start, r.end) <= 0;
  const visit = (s: DocumentSymbol, parent?: DocumentSymbol) => {
    if (!inDoc(s.range)) problems.push(`${s.name}: range ${JSON.stringify(s.range)} is not inside the document`);
    if (!inDoc(s.selectionRange)) problems.push(`${s.name}: selectionRange ${JSON.stringify(s.selectionRange)} is not inside the document`);
    if (!rangeContains(s.range, s.selectionRange)) problems.push(`${s.name}: selectionRange is not inside range`);
    if (parent && !rangeContains(parent.range, s.range)) problems.push(`${s.name}: not inside its parent ${parent.name}`);
    for (const c of s.children ?? []) visit(c, s);
  };
  for (const s of symbols) visit(s);
  return problems;
}
