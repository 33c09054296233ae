// Asking the runner (scripts/e2e/run.mjs) for what the extension API cannot give: what the
// workbench shows (the status bar item's text), a click on it, a screenshot. Only under
// code-server, where the runner drives the page; under @vscode/test-electron there is no runner
// page and `canAskRunner()` is false.
//
// Protocol: a tagged log line `STRATEGY_NOTES_E2E_REQUEST {"id", "action", …}`; the runner answers
// with the file $STRATEGY_NOTES_E2E_ACK_DIR/<id>.json: { ok: true, value } or { ok: false, error }.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './log';
import { waitFor } from './util';

/** Must match REQUEST_MARKER in scripts/e2e/run.mjs. */
const REQUEST_MARKER = 'STRATEGY_NOTES_E2E_REQUEST';

export type RunnerRequest = { action: 'text'; selector: string } | { action: 'click'; selector: string } | { action: 'screenshot'; name: string };

/** One element the `text` request found. */
export interface ShownElement {
  text: string;
  ariaLabel: string | null;
  visible: boolean;
}

export function canAskRunner(): boolean {
  return !!process.env.STRATEGY_NOTES_E2E_ACK_DIR;
}

let counter = 0;

export async function askRunner<T>(request: RunnerRequest, timeout = 20_000): Promise<T> {
  const dir = process.env.STRATEGY_NOTES_E2E_ACK_DIR;
  assert.ok(dir, 'the runner cannot be asked (STRATEGY_NOTES_E2E_ACK_DIR is not set: not under scripts/e2e/run.mjs with code-server)');
  const id = `r${process.pid}-${++counter}`;
  log(`${REQUEST_MARKER} ${JSON.stringify({ id, ...request })}`);
  const file = join(dir, `${id}.json`);
  await waitFor(() => existsSync(file), { timeout, message: `the runner to answer ${JSON.stringify(request)}` });
  const answer = JSON.parse(readFileSync(file, 'utf8')) as { ok: boolean; value?: T; error?: string };
  if (!answer.ok) throw new Error(`the runner could not do ${JSON.stringify(request)}: ${answer.error}`);
  return answer.value as T;
}

/** What the workbench shows for `selector` (every matching element). */
export function shown(selector: string): Promise<ShownElement[]> {
  return askRunner<ShownElement[]>({ action: 'text', selector });
}

/** CSS selector of a status bar item contributed by an extension (`<extension id>.<item id>`). */
export function statusBarItemSelector(extensionId: string, itemId: string): string {
  return `[id="${extensionId}.${itemId}"]`;
}
