// `strategyNotes.trace.server` as a writer expects it: "off" traces nothing, "messages" and
// "verbose" trace the protocol into the Strategy Notes output channel. (vscode-languageclient
// itself traces only when its channel's log level is Trace, a switch few people find, and then
// treats "off" like "messages"; this channel's log level follows the setting instead.)

import * as vscode from 'vscode';

export function traceChannel(output: vscode.LogOutputChannel): vscode.LogOutputChannel & vscode.Disposable {
  const changed = new vscode.EventEmitter<vscode.LogLevel>();
  const level = () => (vscode.workspace.getConfiguration('strategyNotes').get<string>('trace.server', 'off') === 'off' ? vscode.LogLevel.Info : vscode.LogLevel.Trace);
  const watcher = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('strategyNotes.trace.server')) changed.fire(level());
  });
  const line = (message: string) => output.appendLine(message);
  return {
    get name() {
      return output.name;
    },
    get logLevel() {
      return level();
    },
    onDidChangeLogLevel: changed.event,
    trace: line,
    debug: line,
    info: line,
    warn: line,
    error: (error: string | Error) => line(String(error)),
    append: (value: string) => output.append(value),
    appendLine: line,
    replace: (value: string) => output.replace(value),
    clear: () => output.clear(),
    show: (preserveFocus?: unknown) => output.show(preserveFocus === true),
    hide: () => output.hide(),
    dispose: () => {
      watcher.dispose();
      changed.dispose();
    },
  };
}
