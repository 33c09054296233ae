// Helpers for the screenshot tour (test/e2e/*.tour.test.ts, run by
// `STRATEGY_NOTES_E2E_SCREENSHOTS=docs/screenshots node scripts/e2e/run.mjs`).
import * as vscode from 'vscode';
import { log } from './log';
import { askRunner } from './runner';
import { sleep } from './util';

/** Asks the runner for a screenshot of the workbench as it is now, saved as <name>.png. */
export async function screenshot(name: string): Promise<void> {
  await sleep(600); // let the workbench finish painting (animations, decorations)
  await askRunner<string>({ action: 'screenshot', name });
}

/** Runs workbench commands, skipping (with a note) ones this VS Code build does not have. */
export async function commands(...ids: string[]): Promise<void> {
  const known = new Set(await vscode.commands.getCommands(true));
  for (const id of ids) {
    if (known.has(id)) await vscode.commands.executeCommand(id);
    else log(`(tour: no command ${id} in this VS Code)`);
  }
}

/** A quiet workbench: no side bars, panel or notifications. */
export async function cleanWorkbench(): Promise<void> {
  await commands('notifications.clearAll', 'workbench.action.closeAuxiliaryBar', 'workbench.action.closePanel', 'workbench.action.closeSidebar');
}
