// Helpers for the integration suite. They run inside the VS Code extension host (code-server's
// or desktop VS Code's), against a throwaway copy of `example/` opened as the workspace folder.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { log } from './log';
import type { ArticleSummary } from '../../server/src/engine/features/summary';

/** Example-workspace articles the suite uses, relative to the workspace folder. */
export const DRAFT = 'articles/drafts/cloud-pricing-draft.md';
export const CANONICAL = 'articles/netflix-moats.md';
export const PASTED = 'articles/brightmart-focus-pasted.md';
/** The disclaimer quick fix's title. */
export const FIX_TITLE = 'Add the investment disclaimer';


export { log, logError } from './log';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'strategy-notes.strategy-notes';

/** Default wait for anything asynchronous (server start, analysis); below mocha's 20 s test timeout. */
export const DEFAULT_WAIT_MS = 15_000;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The (first) workspace folder: the temporary copy of `example/`. */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open (the runner opens a copy of example/)');
  return folder;
}

/** Uri of a file in the workspace, by its path relative to the workspace root (`articles/x.md`). */
export function workspaceUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relativePath.split('/'));
}

/** Opens a workspace file (or a uri) and shows it in an editor. */
export async function openDocument(
  pathOrUri: string | vscode.Uri,
): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const uri = typeof pathOrUri === 'string' ? workspaceUri(pathOrUri) : pathOrUri;
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { document, editor };
}

/** Opens an untitled Markdown document with the given content. */
export async function openUntitled(
  content: string,
  language = 'markdown',
): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { document, editor };
}

/** Closes all editors (reverting unsaved changes is up to the test; the workspace is a copy anyway). */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export interface WaitOptions {
  timeout?: number;
  interval?: number;
  /** Describes what was awaited; shown if the wait times out. */
  message?: string;
}

/**
 * Polls `probe` until it returns something other than `undefined`, `null` or `false`, and returns
 * that value. Errors thrown by `probe` count as "not yet" (the last one is reported on timeout).
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeout = DEFAULT_WAIT_MS, interval = 100, message = 'condition' }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      // A probe that never settles (a request to a hung server) must not hang the suite.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the probe did not settle in time')), Math.max(deadline - Date.now(), 0) + 1000);
      });
      const value = await Promise.race([Promise.resolve(probe()), late]).finally(() => clearTimeout(timer));
      if (value !== undefined && value !== null && value !== false) return value as T;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${why}`);
    }
    await sleep(interval);
  }
}

/** The extension under test; fails if VS Code does not know it. */
export function getExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in the extension host`);
  return ext;
}

/** Waits until the extension is active (it activates on Markdown files) and returns its exports. */
export async function waitForActivation(timeout = DEFAULT_WAIT_MS): Promise<unknown> {
  const ext = getExtension();
  await waitFor(() => ext.isActive, { timeout, message: `${EXTENSION_ID} to activate` });
  return ext.exports;
}

/**
 * Waits until the diagnostics of `uri` satisfy `predicate` and returns them. The default predicate
 * is "there is at least one". Diagnostics arrive asynchronously from the language server, so a test
 * should wait for the state it expects rather than read them once.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
  timeout = DEFAULT_WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  let last: readonly vscode.Diagnostic[] = [];
  try {
    return await waitFor(
      () => {
        last = vscode.languages.getDiagnostics(uri);
        return predicate(last) && [...last];
      },
      { timeout, message: `diagnostics of ${vscode.workspace.asRelativePath(uri)}` },
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; last diagnostics: ${formatDiagnostics(last)}`);
  }
}

/** The `source` the language server puts on its diagnostics. */
export const DIAGNOSTIC_SOURCE = 'strategy-notes';

/** Only the diagnostics published by this extension's server (not by built-in Markdown validation). */
export function ownDiagnostics(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

export function formatDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)} ${d.message}`)
    .join(' | ');
}

/**
 * Document symbols as VS Code's Outline sees them: all providers merged, so for articles with
 * headings the built-in Markdown extension's heading tree comes too (see withoutBuiltinMarkdownSymbols).
 */
export async function documentSymbols(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  const result = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
    'vscode.executeDocumentSymbolProvider',
    uri,
  );
  // Providers may answer with the flat SymbolInformation form; keep only hierarchical symbols.
  return (result ?? []).filter((s): s is vscode.DocumentSymbol => 'children' in s);
}

/** Waits until the document symbols of `uri` satisfy `predicate` (default: not empty). */
export async function waitForSymbols(
  uri: vscode.Uri,
  predicate: (symbols: vscode.DocumentSymbol[]) => boolean = (s) => s.length > 0,
  timeout = DEFAULT_WAIT_MS,
): Promise<vscode.DocumentSymbol[]> {
  let last: vscode.DocumentSymbol[] = [];
  try {
    return await waitFor(
      async () => {
        last = await documentSymbols(uri);
        return predicate(last) && last;
      },
      { timeout, interval: 200, message: `document symbols of ${vscode.workspace.asRelativePath(uri)}` },
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; last symbols: ${JSON.stringify(symbolTree(last))}`);
  }
}

/**
 * Drops the symbols of VS Code's built-in Markdown extension, which answers the same request with
 * its heading tree (names like `## 1. Title`); what is left comes from this extension. Heuristic:
 * it removes top-level symbols whose name starts with `#`.
 */
export function withoutBuiltinMarkdownSymbols(symbols: readonly vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  return symbols.filter((s) => !s.name.startsWith('#'));
}

/** All symbols, depth first (parents before their children). */
export function flattenSymbols(symbols: readonly vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  return symbols.flatMap((s) => [s, ...flattenSymbols(s.children)]);
}

/** A compact, comparable view of a symbol tree: `[{ name, children }]`. */
export interface SymbolNode {
  name: string;
  children?: SymbolNode[];
}
export function symbolTree(symbols: readonly vscode.DocumentSymbol[]): SymbolNode[] {
  return symbols.map((s) => (s.children.length ? { name: s.name, children: symbolTree(s.children) } : { name: s.name }));
}

/** Replaces the whole text of an open document (without saving) and returns it. */
export async function setText(document: vscode.TextDocument, text: string): Promise<vscode.TextDocument> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit), `could not edit ${document.uri.toString()}`);
  return document;
}

/**
 * Changes a setting for the duration of a test and returns a function that restores it.
 * Workspace-level by default, so it lands in the temporary workspace copy.
 */
export async function withSetting(
  section: string,
  key: string,
  value: unknown,
  target = vscode.ConfigurationTarget.Workspace,
): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration(section);
  const before = config.inspect(key);
  const previous =
    target === vscode.ConfigurationTarget.Global
      ? before?.globalValue
      : target === vscode.ConfigurationTarget.Workspace
        ? before?.workspaceValue
        : before?.workspaceFolderValue;
  await config.update(key, value, target);
  return () => Promise.resolve(vscode.workspace.getConfiguration(section).update(key, previous, target));
}

// ---- the extension's own view of things ------------------------------------------------------

/** Our symbols of `uri` (built-in Markdown heading symbols dropped), once `predicate` holds (default: not empty). */
export async function ownSymbols(
  uri: vscode.Uri,
  predicate: (symbols: vscode.DocumentSymbol[]) => boolean = (s) => s.length > 0,
  timeout = DEFAULT_WAIT_MS,
): Promise<vscode.DocumentSymbol[]> {
  const all = await waitForSymbols(uri, (s) => predicate(withoutBuiltinMarkdownSymbols(s)), timeout);
  return withoutBuiltinMarkdownSymbols(all);
}

/** The pillar symbols among `symbols` (named `N. Title`, kind Namespace). */
export function pillarSymbols(symbols: readonly vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  return symbols.filter((s) => s.kind === vscode.SymbolKind.Namespace && /^\d+\. /.test(s.name));
}

/** Waits until our outline of `uri` has exactly `count` pillars; returns them. */
export async function waitForPillars(uri: vscode.Uri, count: number, timeout = DEFAULT_WAIT_MS): Promise<vscode.DocumentSymbol[]> {
  return pillarSymbols(await ownSymbols(uri, (s) => pillarSymbols(s).length === count, timeout));
}

/** A diagnostic's code as a string (`code` may be a string, a number or `{ value, target }`). */
export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return String(typeof c === 'object' && c !== null ? c.value : (c ?? ''));
}

export const DISCLAIMER_MISSING = 'disclaimer-missing';

/** Our diagnostics of `uri` with the given rule id, right now. */
export function ruleDiagnostics(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return ownDiagnostics(vscode.languages.getDiagnostics(uri)).filter((d) => codeOf(d) === rule);
}

/** Waits until `uri` has exactly `count` of our diagnostics with rule id `rule`; returns them. */
export async function waitForRule(uri: vscode.Uri, rule: string, count: number, timeout = DEFAULT_WAIT_MS): Promise<vscode.Diagnostic[]> {
  const all = await waitForDiagnostics(uri, (d) => ownDiagnostics(d).filter((x) => codeOf(x) === rule).length === count, timeout);
  return ownDiagnostics(all).filter((d) => codeOf(d) === rule);
}

/**
 * Asserts that `probe` stays true for `ms` (polling): for "nothing appears" checks, which a single
 * read right after a change would pass trivially.
 */
export async function assertStays(probe: () => boolean | Promise<boolean>, message: string, ms = 500): Promise<void> {
  const deadline = Date.now() + ms;
  do {
    assert.ok(await probe(), message);
    await sleep(100);
  } while (Date.now() < deadline);
}

/** The object activate() returns (see client/src/extension.ts). */
export interface StrategyNotesApi {
  readonly client:
    | {
        sendRequest<R>(method: string, params: unknown): Promise<R>;
        isRunning(): boolean;
        /** What the running server declared (`diagnosticProvider.workspaceDiagnostics` among it). */
        readonly initializeResult: { capabilities: { diagnosticProvider?: { workspaceDiagnostics?: boolean } } } | undefined;
      }
    | undefined;
}

export async function extensionApi(): Promise<StrategyNotesApi> {
  const exports = (await waitForActivation()) as StrategyNotesApi | undefined;
  assert.ok(exports && 'client' in exports, 'the extension exports no { client } API');
  return exports;
}

/** The server's `strategyNotes/articleSummary` answer (what the status bar item shows). */
export type { ArticleSummary };

export async function articleSummary(uri: vscode.Uri): Promise<ArticleSummary | null> {
  const { client } = await extensionApi();
  assert.ok(client, 'the extension has no language client');
  return client.sendRequest<ArticleSummary | null>('strategyNotes/articleSummary', { uri: uri.toString() });
}

/** Waits until the summary of `uri` satisfies `predicate`; returns it. */
export async function waitForSummary(
  uri: vscode.Uri,
  predicate: (s: ArticleSummary) => boolean,
  timeout = DEFAULT_WAIT_MS,
): Promise<ArticleSummary> {
  let last: ArticleSummary | null = null;
  try {
    return await waitFor(
      async () => {
        last = await articleSummary(uri);
        return !!last && predicate(last) && last;
      },
      { timeout, interval: 200, message: `article summary of ${vscode.workspace.asRelativePath(uri)}` },
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; last summary: ${JSON.stringify(last)}`);
  }
}

/** Asserts that `inner` lies within `outer`. */
export function assertRangeContains(outer: vscode.Range, inner: vscode.Range, what: string): void {
  assert.ok(outer.contains(inner), `${what}: ${fmtRange(inner)} is not inside ${fmtRange(outer)}`);
}

export function fmtRange(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** The default of a contributed setting, from the extension's package.json. */
export function settingDefault(key: string): unknown {
  const props = getExtension().packageJSON.contributes?.configuration?.properties ?? {};
  assert.ok(key in props, `package.json contributes no setting ${key}`);
  return props[key].default;
}

/**
 * Reverts every unsaved document and closes all editors, so tests that edit in memory leave the
 * next ones the files as they are on disk.
 */
export async function revertAndCloseAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    // Only what tests edit: untitled documents and files of the workspace (VS Code itself may hold
    // e.g. the user settings.json dirty for a moment while it migrates settings).
    const settingsFile = document.uri.path.includes('/.vscode/') || document.uri.path.endsWith('.code-workspace');
    const ours = document.isUntitled || (document.uri.scheme === 'file' && !settingsFile && vscode.workspace.getWorkspaceFolder(document.uri));
    if (!document.isDirty || !ours || document.isClosed) continue;
    try {
      await vscode.window.showTextDocument(document, { preview: false });
      // Discards the changes (untitled documents included) and closes, without a save dialog.
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } catch (e) {
      log(`(revertAndCloseAll: could not revert ${document.uri.toString()}: ${(e as Error).message})`);
    }
  }
  await closeAllEditors();
}

// ---- the libraries (test/e2e/library.test.ts) ------------------------------------------------

/** The example article with one of each library problem on purpose (see example/README.md). */
export const LIBRARY_PROBLEMS = 'articles/drafts/library-problems.md';
/** A clean example article that tags by title, alias, link and reference, and names an entry without its accent. */
export const REGIONAL = 'articles/regional-grocers.md';

/**
 * The position of the `nth` (0-based) occurrence of `needle` in `document`, `offset` characters
 * into it. Fails if the text is not there, so a changed example shows up as a clear error.
 */
export function positionOf(document: vscode.TextDocument, needle: string, offset = 0, nth = 0): vscode.Position {
  const text = document.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${nth + 1}) is not in ${vscode.workspace.asRelativePath(document.uri)}`);
  }
  return document.positionAt(at + offset);
}

/** The range of the `nth` occurrence of `needle` in `document`. */
export function rangeOf(document: vscode.TextDocument, needle: string, nth = 0): vscode.Range {
  const start = positionOf(document, needle, 0, nth);
  return new vscode.Range(start, start.translate(0, needle.length));
}

/** A file's bytes on disk as text, or undefined when it does not exist. */
export async function readFileText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export async function writeFileText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * The completion items every provider gives at `position` (ours are told apart by the caller),
 * the first `resolve` of them resolved as the suggest widget does when it shows one (documentation
 * may come only then, through `completionItem/resolve`).
 */
export async function completionItems(uri: vscode.Uri, position: vscode.Position, trigger?: string, resolve = 1000): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, trigger, resolve);
  return list?.items ?? [];
}

/** A completion item's label as a string. */
export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Definitions at `position`, as plain locations (Location and LocationLink alike). */
export async function definitionsAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.Location[]> {
  const result = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[] | undefined>('vscode.executeDefinitionProvider', uri, position);
  return (result ?? []).map((d) => ('targetUri' in d ? new vscode.Location(d.targetUri, d.targetSelectionRange ?? d.targetRange) : d));
}

/** The text of every hover at `position`, joined (Markdown as written). */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return (hovers ?? [])
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
    .join('\n---\n');
}

export async function referencesAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.Location[]> {
  return (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, position)) ?? [];
}

/** `path:line:character` of a location, the path relative to the workspace (for comparisons). */
export function fmtLocation(l: vscode.Location): string {
  return `${vscode.workspace.asRelativePath(l.uri)}:${l.range.start.line}:${l.range.start.character}`;
}

/** The code actions of every provider on `range` of `uri` (commands left out; callers pick ours by title and kind). */
export async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range);
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'edit' in a || 'kind' in a);
}

/**
 * Saves every dirty document of the workspace, those with no editor included (`workspace.saveAll`
 * saves only what editors show, not the files a WorkspaceEdit changed in the background).
 */
export async function saveAllDocuments(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && !document.isUntitled && vscode.workspace.getWorkspaceFolder(document.uri)) {
      assert.ok(await document.save(), `could not save ${vscode.workspace.asRelativePath(document.uri)}`);
    }
  }
}
