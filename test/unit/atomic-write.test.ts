// Atomic writes of the server's and the CLI's own files (server/src/node/atomic-write.ts): the
// file appears whole or not at all, and no temporary file outlives its writer — a failed write,
// a process exiting mid-write, a killed process's leftovers swept by the next writer.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sweepLeftTemporaries, writeAtomically } from '../../server/src/node/atomic-write';
import { temporaryFolders } from './helpers';

const tempFolder = temporaryFolders('sn-atomic-');

/** A process id that runs no process: one past the highest the kernel hands out, or a large one. */
function deadPid(): number {
  try {
    return Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8')) + 1;
  } catch {
    return 2 ** 22 + 1;
  }
}

describe('atomic writes', () => {
  test('writes the file whole; nothing else is left in the folder', async () => {
    const dir = tempFolder();
    const file = path.join(dir, 'nested', 'cache.json');
    assert.equal(await writeAtomically(file, (h) => h.writeFile('{"a":1}')), true);
    assert.equal(readFileSync(file, 'utf8'), '{"a":1}');
    assert.deepEqual(readdirSync(path.dirname(file)), ['cache.json']);
  });

  test('a write that fails leaves the old file and no temporary file', async () => {
    const dir = tempFolder();
    const file = path.join(dir, 'cache.json');
    writeFileSync(file, 'old');
    const result = await writeAtomically(file, async (h) => {
      await h.writeFile('half');
      throw new Error('disk full');
    });
    assert.equal(result, 'disk full');
    assert.equal(readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(readdirSync(dir), ['cache.json']);
  });

  test('temporary files of processes that no longer run are swept; those of running ones and other files stay', async () => {
    const dir = tempFolder();
    const file = path.join(dir, 'cache.json');
    const dead = `cache.json.${deadPid()}.a1b2c3.tmp`;
    const running = `cache.json.${process.ppid}.d4e5f6.tmp`;
    const other = `other.json.${deadPid()}.a1b2c3.tmp`;
    for (const name of [dead, running, other, 'cache.json.notes.tmp']) writeFileSync(path.join(dir, name), 'x');
    await sweepLeftTemporaries(file);
    assert.deepEqual(readdirSync(dir).sort(), [running, other, 'cache.json.notes.tmp'].sort());
    // A write sweeps too.
    writeFileSync(path.join(dir, dead), 'x');
    assert.equal(await writeAtomically(file, (h) => h.writeFile('new')), true);
    assert.equal(existsSync(path.join(dir, dead)), false);
  });

  test('a process that exits in the middle of a write removes its temporary file', () => {
    const dir = tempFolder();
    const file = path.join(dir, 'cache.json');
    const module = path.resolve(__dirname, '../../server/src/node/atomic-write.ts');
    // The write never finishes: the process exits while the temporary file is open.
    const script = `
      const { writeAtomically } = require(${JSON.stringify(module)});
      void writeAtomically(${JSON.stringify(file)}, async (h) => { await h.writeFile('partial'); process.stdout.write('writing\\n'); process.exit(3); });
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stdout, /writing/);
    assert.deepEqual(readdirSync(dir), []);
  });
});
