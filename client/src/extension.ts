// The VS Code side: starts the language server and adds the editor-only parts (commands,
// status bar). Everything that understands articles lives in the server.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { newArticle } from './new-article';
import { ArticleStatus } from './status';
import { traceChannel } from './trace';

let client: LanguageClient | undefined;

/** The folder of the server's summary cache: a local path, or none (a virtual file system). */
function summaryCacheLocation(context: vscode.ExtensionContext): string | undefined {
  const storage = context.storageUri ?? context.globalStorageUri;
  return storage.scheme === 'file' ? vscode.Uri.joinPath(storage, 'summaries').fsPath : undefined;
}

/** What the extension hands to tests and other extensions. */
export interface StrategyNotesApi {
  readonly client: LanguageClient | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<StrategyNotesApi> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const output = vscode.window.createOutputChannel('Strategy Notes', { log: true });
  const trace = traceChannel(output);
  const clientOptions: LanguageClientOptions = {
    // Every Markdown document, saved or untitled, local or virtual: the server reads text only.
    documentSelector: [{ language: 'markdown' }],
    // The server registers its own watcher for .strategy-notes.json.
    synchronize: { configurationSection: 'strategyNotes' },
    outputChannel: output,
    traceOutputChannel: trace,
    // The server keeps file summaries there between sessions (this workspace's storage, else the
    // global one); closed files' problems are listed unless the setting is off. Read at each (re)start.
    initializationOptions: () => ({
      cacheLocation: summaryCacheLocation(context),
      workspaceDiagnostics: vscode.workspace.getConfiguration('strategyNotes').get<boolean>('diagnostics.closedFiles', true) !== false,
    }),
  };
  client = new LanguageClient('strategyNotes', 'Strategy Notes', serverOptions, clientOptions);
  const status = new ArticleStatus(() => client);

  context.subscriptions.push(
    output,
    trace,
    status,
    vscode.commands.registerCommand('strategyNotes.restartServer', () => restart()),
    vscode.commands.registerCommand('strategyNotes.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('strategyNotes.newArticle', (title?: string) => newArticle(context, typeof title === 'string' ? title : undefined)),
    vscode.commands.registerCommand('strategyNotes.insertDisclaimer', () => insertDisclaimer()),
  );
  const restart = async () => {
    // One lifecycle step at a time: a restart asked for while the client is still starting or
    // restarting waits for that to finish (the library rejects a stop in those states).
    lifecycle = lifecycle.catch(() => undefined).then(() => client?.restart());
    await lifecycle;
    status.refresh();
  };
  context.subscriptions.push(
    // The server declares workspace diagnostics when it starts: a change takes a restart.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('strategyNotes.diagnostics.closedFiles')) void restart();
    }),
  );
  let lifecycle: Promise<void> = client.start();
  await lifecycle;
  // Restart Server shows in the palette only once there is a server to restart.
  void vscode.commands.executeCommand('setContext', 'strategyNotes.serverStarted', true);
  status.refresh();
  return {
    get client() {
      return client;
    },
  };
}

async function insertDisclaimer(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown' || !client) {
    void vscode.window.showInformationMessage('Strategy Notes: open a Markdown article to insert the disclaimer.');
    return;
  }
  // The server owns the wording and the placement (the same edit as the quick fix).
  const result = (await client.sendRequest('workspace/executeCommand', {
    command: 'strategyNotes.server.appendDisclaimer',
    arguments: [editor.document.uri.toString()],
  })) as { applied: boolean; reason?: string } | null;
  if (!result?.applied) void vscode.window.showInformationMessage(`Strategy Notes: no disclaimer inserted: ${result?.reason ?? 'no answer from the server'}.`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
