// Printing from the suite. Under code-server the runner receives the extension host's console
// mixed with the workbench's own log through one channel, and VS Code does not let anyone replace
// `console.log` in the extension host. So the runner sets STRATEGY_NOTES_E2E_LOG_TAG and shows
// only lines starting with that tag; everything meant for the test output (mocha's reporter,
// diagnostics a test wants to print) goes through `log()`. A plain `console.log` from a test is
// visible with STRATEGY_NOTES_E2E_DEBUG=1 only. Under @vscode/test-electron there is no tag.
import { format } from 'node:util';

export function log(...args: unknown[]): void {
  console.log((process.env.STRATEGY_NOTES_E2E_LOG_TAG ?? '') + format(...args));
}

export function logError(...args: unknown[]): void {
  console.error((process.env.STRATEGY_NOTES_E2E_LOG_TAG ?? '') + format(...args));
}
