// Files the server and the CLI write for themselves (the summary cache, the kept reports): written
// whole through a temporary file renamed over the old one, so a reader sees the old file or the
// new one, never half of one. A temporary file is never left behind: one whose write fails is
// removed, the process removes its own if it exits mid-write (an editor closing as a large cache
// is being written), and a write (and the summary cache's read) sweeps the folder of those a
// killed process left.

import { randomBytes } from 'node:crypto';
import { promises as fsp, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** This process's temporary files being written now. */
const pending = new Set<string>();
let exitHookAdded = false;

/** Writes `file` through a temporary file in its folder (made if missing) renamed over it. True,
 * or why it was not written (the temporary file is removed then). */
export async function writeAtomically(file: string, write: (handle: FileHandle) => Promise<void>): Promise<true | string> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  if (!exitHookAdded) {
    exitHookAdded = true;
    process.once('exit', () => {
      for (const t of pending) rmSync(t, { force: true });
    });
  }
  pending.add(temp);
  try {
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await sweepLeftTemporaries(file);
    const handle = await fsp.open(temp, 'w');
    try {
      await write(handle);
    } finally {
      await handle.close();
    }
    await renameRetrying(temp, file);
    return true;
  } catch (error) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    return error instanceof Error ? error.message : String(error);
  } finally {
    pending.delete(temp);
  }
}

/** Removes the temporary files of `file` whose writer is gone (its process id no longer runs). */
export async function sweepLeftTemporaries(file: string): Promise<void> {
  const base = path.basename(file);
  let names: string[];
  try {
    names = await fsp.readdir(path.dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`${base}.`) || !name.endsWith('.tmp')) continue;
    const pid = Number(/^\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(base.length))?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    await fsp.rm(path.join(path.dirname(file), name), { force: true }).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** On Windows a rename over a file another process is renaming or reading can fail for a moment. */
async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fsp.rename(from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw error;
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
    }
  }
}
