// Helpers for the integration suite. They run inside the VS Code extension host (code-server's
// or desktop VS Code's), against a throwaway copy of `example/` opened as the workspace folder.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

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
      const value = await probe();
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

/** Diagnostics of `uri` that come from this extension (by `source`, when the server sets one). */
export function ownDiagnostics(diagnostics: readonly vscode.Diagnostic[], source?: string): vscode.Diagnostic[] {
  return diagnostics.filter((d) => source === undefined || d.source === source);
}

export function formatDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code ?? '')} ${d.message}`)
    .join(' | ');
}

/** Document symbols as VS Code's Outline sees them (all providers merged). */
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
