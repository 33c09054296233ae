// A real LSP client for tests: spawns the built server (`node dist/server.js --stdio`) and talks
// to it over stdio with vscode-languageserver-protocol's typed requests and notifications.
// No mocks: every answer comes from the real server process.

import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditRequest,
  CodeActionRequest,
  CompletionRequest,
  CompletionResolveRequest,
  ConfigurationRequest,
  DefinitionRequest,
  DidChangeWorkspaceFoldersNotification,
  DocumentLinkRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RegistrationRequest,
  RenameRequest,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  WorkspaceSymbolRequest,
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
  type CompletionItem,
  type CompletionList,
  type ConfigurationItem,
  type DocumentLink,
  type Hover,
  type Location,
  type LocationLink,
  type Position,
  type PrepareRenameResult,
  type ProgressToken,
  type Registration,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
  type WorkspaceEdit,
  type WorkspaceSymbol,
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
  type ApplyWorkspaceEditParams,
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
  /** Declare `workspace.configuration` but never answer it (a client that hangs). */
  configurationUnanswered?: boolean;
  /** Workspace folders (file system paths) sent in initialize. */
  workspaceFolders?: string[];
  /** Replaces the capabilities built from the options above. */
  capabilities?: ClientCapabilities;
  /** Extra arguments for the server (default `--stdio`). */
  args?: string[];
  /** Environment variables for the server, besides this process's (e.g. `STRATEGY_NOTES_LOG_BUILDS`). */
  env?: Record<string, string>;
  /** Sent as `initializationOptions` (e.g. `{ workspaceTrusted: false }`). */
  initializationOptions?: unknown;
  /** Also declare what the library features use, as VS Code does: work-done progress, watched
   * files with dynamic registration, `documentChanges` (with `create` unless `createFiles` is
   * false), prepareRename, Markdown hovers and completion documentation. */
  library?: boolean;
  /** With `library`: declare `completionList.itemDefaults` (`editRange`), as VS Code does. */
  completionItemDefaults?: boolean;
  /** With `library`: whether the client can create files in a WorkspaceEdit (default true). */
  createFiles?: boolean;
}

export type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

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
  /** `client/registerCapability` registrations, in arrival order. */
  readonly registrations: Registration[] = [];
  /** `workspace/applyEdit` requests (each answered applied, the edit left to the test to apply). */
  readonly applyEditRequests: ApplyWorkspaceEditParams[] = [];
  /** `window/workDoneProgress/create` tokens, and every `$/progress` value in arrival order. */
  readonly progressTokens: ProgressToken[] = [];
  readonly progress: { token: ProgressToken; value: ProgressValue }[] = [];
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
    const child = spawn(process.execPath, [serverPath, ...(options.args ?? ['--stdio'])], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ? { ...process.env, ...options.env } : undefined });
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
      if (options.configurationUnanswered) return new Promise<never>(() => {});
      return params.items.map((item) => (client.configuration ? client.configuration(item) : null));
    });
    connection.onRequest(DiagnosticRefreshRequest.type, () => {
      client.refreshRequests++;
      const waiters = client.refreshWaiters;
      client.refreshWaiters = [];
      for (const w of waiters) w();
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      client.registrations.push(...params.registrations);
    });
    connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      client.applyEditRequests.push(params);
      return { applied: true };
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      client.progressTokens.push(params.token);
      connection.onProgress(WorkDoneProgress.type, params.token, (value) => {
        client.progress.push({ token: params.token, value });
        client.onProgressValue();
      });
    });
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
        ...(options.configuration || options.configurationUnanswered ? { configuration: true, didChangeConfiguration: { dynamicRegistration: false } } : {}),
        ...(options.pull ? { diagnostics: { refreshSupport: true } } : {}),
      },
    };
    if (options.library && !options.capabilities) {
      capabilities.window = { ...capabilities.window, workDoneProgress: true };
      capabilities.workspace = {
        ...capabilities.workspace,
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true, resourceOperations: options.createFiles === false ? [] : ['create'] },
        symbol: {},
      };
      capabilities.textDocument = {
        ...capabilities.textDocument,
        completion: {
          completionItem: { documentationFormat: ['markdown', 'plaintext'], labelDetailsSupport: true },
          ...(options.completionItemDefaults ? { completionList: { itemDefaults: ['editRange'] } } : {}),
        },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        rename: { prepareSupport: true },
        definition: {},
        references: {},
        documentLink: {},
      };
    }
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

  completion(uri: string, position: Position, triggerCharacter?: string): Promise<CompletionItem[]> {
    return withTimeout(
      this.connection
        .sendRequest(CompletionRequest.type, { textDocument: { uri }, position, context: triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 } })
        .then((r) => (r ? (Array.isArray(r) ? r : r.items) : [])),
      10_000,
      `completion ${uri}`,
    );
  }

  /** The completion answer as sent (a list with its `itemDefaults`). */
  completionList(uri: string, position: Position): Promise<CompletionList | null> {
    return withTimeout(
      this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 1 } }).then((r) => (Array.isArray(r) ? { isIncomplete: false, items: r } : r)),
      10_000,
      `completion ${uri}`,
    );
  }

  /** `completionItem/resolve`: the item with its documentation, as an editor asks for the item it shows. */
  resolveCompletion(item: CompletionItem): Promise<CompletionItem> {
    return withTimeout(this.connection.sendRequest(CompletionResolveRequest.type, item), 10_000, `completion resolve ${item.label}`);
  }

  /** Definition targets as Locations (LocationLinks are turned into their target selection). */
  definition(uri: string, position: Position): Promise<Location[]> {
    return withTimeout(
      this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position }).then((r) => {
        if (!r) return [];
        const list = (Array.isArray(r) ? r : [r]) as (Location | LocationLink)[];
        return list.map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange } : l));
      }),
      10_000,
      `definition ${uri}`,
    );
  }

  references(uri: string, position: Position, includeDeclaration = false): Promise<Location[]> {
    return withTimeout(
      this.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration } }).then((r) => r ?? []),
      10_000,
      `references ${uri}`,
    );
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return withTimeout(this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), 10_000, `hover ${uri}`);
  }

  /** The hover's text, whatever form its contents take. */
  async hoverText(uri: string, position: Position): Promise<string | undefined> {
    const h = await this.hover(uri, position);
    if (!h) return undefined;
    const c = h.contents;
    if (typeof c === 'string') return c;
    if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
    return c.value;
  }

  /** Rejects with the server's ResponseError when it refuses. */
  prepareRename(uri: string, position: Position): Promise<PrepareRenameResult | null> {
    return withTimeout(this.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position }), 10_000, `prepareRename ${uri}`);
  }

  /** Rejects with the server's ResponseError when it refuses. */
  rename(uri: string, position: Position, newName: string): Promise<WorkspaceEdit | null> {
    return withTimeout(this.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName }), 10_000, `rename ${uri}`);
  }

  documentLinks(uri: string): Promise<DocumentLink[]> {
    return withTimeout(
      this.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } }).then((r) => r ?? []),
      10_000,
      `documentLink ${uri}`,
    );
  }

  workspaceSymbols(query: string): Promise<(SymbolInformation | WorkspaceSymbol)[]> {
    return withTimeout(
      this.connection.sendRequest(WorkspaceSymbolRequest.type, { query }).then((r) => r ?? []),
      10_000,
      `workspace/symbol ${JSON.stringify(query)}`,
    );
  }

  /** Any request by method name (custom requests such as `strategyNotes/indexStats`). */
  request<R>(method: string, params?: unknown, ms = 10_000): Promise<R> {
    return withTimeout(this.connection.sendRequest(method, params) as Promise<R>, ms, method);
  }

  async changeWorkspaceFolders(added: string[], removed: string[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: added.map((f) => ({ uri: fileUri(f), name: path.basename(f) })), removed: removed.map((f) => ({ uri: fileUri(f), name: path.basename(f) })) },
    });
  }

  /**
   * Applies a WorkspaceEdit as an editor would: `CreateFile` on disk (honouring `overwrite` and
   * `ignoreIfExists`), text edits to open documents as incremental changes (versions checked)
   * and to other files on disk. With `save`, open documents' new text is written to disk too.
   * Returns the files written on disk and whether each was created, as watched-file events.
   */
  async applyWorkspaceEdit(edit: WorkspaceEdit, options: { save?: boolean } = {}): Promise<FileEvent[]> {
    const written = new Map<string, FileEvent['type']>();
    const editFile = async (uri: string, version: number | null | undefined, edits: TextEdit[]) => {
      if (this.texts.has(uri)) {
        if (version !== undefined && version !== null && version !== this.versionOf(uri)) throw new Error(`${uri}: edit for version ${version}, the document is at ${this.versionOf(uri)}`);
        await this.changeIncremental(uri, edits);
        if (options.save) {
          writeFileSync(fileURLToPath(uri), this.textOf(uri));
          if (!written.has(uri)) written.set(uri, 2);
        }
        return;
      }
      const file = fileURLToPath(uri);
      if (!existsSync(file)) throw new Error(`${uri}: edited but neither open nor on disk`);
      const before = readFileSync(file, 'utf8');
      writeFileSync(file, TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 0, before), edits));
      if (!written.has(uri)) written.set(uri, 2);
    };
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) {
        if (change.kind !== 'create') throw new Error(`resource operation ${change.kind} is not supported by this test client`);
        const file = fileURLToPath(change.uri);
        if (existsSync(file)) {
          if (change.options?.overwrite) writeFileSync(file, '');
          else if (!change.options?.ignoreIfExists) throw new Error(`${change.uri} exists`);
          continue;
        }
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, '');
        written.set(change.uri, 1);
        continue;
      }
      await editFile(change.textDocument.uri, change.textDocument.version, change.edits.filter((e): e is TextEdit => 'newText' in e));
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) await editFile(uri, undefined, edits);
    return [...written].map(([uri, type]) => ({ uri, type }));
  }

  /** Resolves once a `$/progress` end has arrived for every progress token created so far (at least one). */
  waitForProgressEnd(ms = 10_000): Promise<void> {
    const done = () => this.progressTokens.length > 0 && this.progressTokens.every((t) => this.progress.some((p) => p.token === t && p.value.kind === 'end'));
    if (done()) return Promise.resolve();
    return withTimeout(
      new Promise<void>((resolve) => this.progressWaiters.push(() => (done() ? (resolve(), true) : false))),
      ms,
      'the end of work-done progress',
    );
  }

  private progressWaiters: (() => boolean)[] = [];
  private onProgressValue(): void {
    this.progressWaiters = this.progressWaiters.filter((w) => !w());
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
