// Runs the built CLI (`node dist/cli.js …`) as a user would, for the CLI suites.

import { execFile } from 'node:child_process';
import { cliPath } from './lsp-client';

export type { Row } from '../../server/src/cli';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// The timeout only stops a hung process; it is generous because every test spawns a CLI at once.
export function cli(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cliPath, ...args], { cwd, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}
