// The VS Code side: starts the language server and adds editor-only parts (commands).
// Everything that understands articles lives in the server.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const output = vscode.window.createOutputChannel('Strategy Notes', { log: true });
  const clientOptions: LanguageClientOptions = {
    // Every Markdown document, saved or untitled, local or virtual: the server reads text only.
    documentSelector: [{ language: 'markdown' }],
    synchronize: {
      configurationSection: 'strategyNotes',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.strategy-notes.json'),
    },
    outputChannel: output,
    traceOutputChannel: output,
  };
  client = new LanguageClient('strategyNotes', 'Strategy Notes', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('strategyNotes.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('strategyNotes.showOutput', () => output.show(true)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
