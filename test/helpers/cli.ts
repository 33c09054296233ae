// Runs the built CLI (`node dist/cli.js …`) as a user would, for the CLI suites.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cliPath } from './lsp-client';

import type { Row } from '../../server/src/cli';

export type { Row };

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// The timeout only stops a hung process; it is generous because every test spawns a CLI at once.
// `input`: what the CLI reads on standard input (otherwise it gets an empty, closed one).
export function cli(args: string[], cwd: string, input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [cliPath, ...args], { cwd, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

/** The rows of `--format json`, each checked for its keys and 1-based positions. */
export function parseJson(run: Run): Row[] {
  const rows = JSON.parse(run.stdout) as Row[];
  assert.ok(Array.isArray(rows), 'an array');
  for (const r of rows) {
    assert.deepEqual(Object.keys(r).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'rule', 'severity']);
    for (const k of ['line', 'column', 'endLine', 'endColumn'] as const) assert.ok(Number.isInteger(r[k]) && r[k] >= 1, `${k} is 1-based: ${JSON.stringify(r)}`);
  }
  return rows;
}
