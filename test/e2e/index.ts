// Entry point VS Code loads as `extensionTestsPath`: it calls `run()` inside the extension host and
// exits with 0 when the returned promise resolves, 1 when it rejects.
//
// scripts/e2e/run.mjs bundles this file (with mocha inside) and every `*.test.ts` beside it into
// dist/test/e2e/, so the test files are `*.test.js` next to the bundled index.js.
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { log, logError } from './log';

/** run.mjs looks for this line in the output when there is no result file. */
export const RESULT_MARKER = 'STRATEGY_NOTES_E2E_RESULT';

export interface E2eResult {
  passed: number;
  failed: number;
  pending: number;
}

function report(result: E2eResult): void {
  const json = JSON.stringify(result);
  // The runner passes a file path through the environment (inherited by code-server's extension
  // host; `extensionTestsEnv` under @vscode/test-electron). The log line is the fallback.
  const file = process.env.STRATEGY_NOTES_E2E_RESULT;
  if (file) {
    try {
      writeFileSync(file, json);
      return;
    } catch (e) {
      logError(`could not write ${file}: ${String(e)}`);
    }
  }
  log(`${RESULT_MARKER} ${json}`);
}

/**
 * The runner opens up to two windows (see scripts/e2e/run.mjs); each runs its own set of files:
 *   - `*.tour.test.ts` only in the screenshot tour (STRATEGY_NOTES_E2E_TOUR set by the runner);
 *   - `*.multiroot.test.ts` only in the multi-root window (a .code-workspace with 2+ folders);
 *   - every other `*.test.ts` in the single-folder window.
 */
type WindowKind = 'tour' | 'multi-root' | 'single-folder';

/**
 * With a .code-workspace, the folders may come later than the extension host; under code-server a
 * .code-workspace opened after another window was seen to come up with no folders at all (which
 * is why run.mjs opens it first). Without folders this window would run the wrong files: fail clearly.
 */
async function workspaceReady(timeoutMs = 10_000): Promise<void> {
  if (!vscode.workspace.workspaceFile || (vscode.workspace.workspaceFolders?.length ?? 0) > 0) return;
  const deadline = Date.now() + timeoutMs;
  while ((vscode.workspace.workspaceFolders?.length ?? 0) === 0) {
    if (Date.now() > deadline) {
      throw new Error(`the folders of ${vscode.workspace.workspaceFile.toString()} did not arrive within ${timeoutMs / 1000} s (VS Code shows the workspace without folders)`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function windowKind(): WindowKind {
  if (process.env.STRATEGY_NOTES_E2E_TOUR) return 'tour';
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? 'multi-root' : 'single-folder';
}

function selectedFor(kind: WindowKind): (file: string) => boolean {
  const tour = (f: string) => f.endsWith('.tour.test.js');
  const multiRoot = (f: string) => f.endsWith('.multiroot.test.js');
  if (kind === 'tour') return tour;
  if (kind === 'multi-root') return multiRoot;
  return (f) => !tour(f) && !multiRoot(f);
}

export async function run(): Promise<void> {
  try {
    await workspaceReady();
  } catch (e) {
    logError(String(e));
    report({ passed: 0, failed: 1, pending: 0 });
    throw e;
  }
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 20_000,
    color: false, // the output goes through the extension host's console, not a TTY
    reporter: 'spec',
    forbidOnly: true, // a forgotten `.only` would silently skip the rest of the suite
  });
  // Focus on some tests locally with STRATEGY_NOTES_E2E_GREP=<regexp>.
  const grep = process.env.STRATEGY_NOTES_E2E_GREP;
  if (grep) mocha.grep(new RegExp(grep));

  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .filter(selectedFor(windowKind()))
    .sort();
  log(`${windowKind()} window: ${files.join(', ')}`);
  for (const f of files) mocha.addFile(join(__dirname, f));

  // mocha's reporters print through Base.consoleLog; route it through log() (see log.ts).
  Mocha.reporters.Base.consoleLog = log;

  return new Promise<void>((resolve, reject) => {
    try {
      if (files.length === 0) throw new Error(`no test files for the ${windowKind()} window in ${__dirname}`);
      const runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
        const result = { passed: stats.passes, failed: stats.failures, pending: stats.pending };
        report(result);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else if (result.passed === 0) reject(new Error('no test ran'));
        else resolve();
      });
    } catch (e) {
      // Loading a test file threw (syntax error, bad import...): that is a failure, not a skip.
      logError(e instanceof Error ? e.stack : e);
      report({ passed: 0, failed: 1, pending: 0 });
      reject(e);
    }
  });
}
