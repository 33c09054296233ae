// The README's Neovim configuration, run for real by scripts/try-neovim.sh: a headless Neovim
// attaches the built server to an article and must receive its diagnostics. Installs nothing:
// without nvim on the PATH (CI's image has none) the test is skipped, and says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const skip = nvim.error || nvim.status !== 0 ? 'nvim is not installed (Debian: apt-get install neovim); the README’s Neovim config was not tried' : false;

test('the README’s Neovim config attaches the server and receives disclaimer-missing', { skip }, () => {
  const run = spawnSync('bash', [path.join(root, 'scripts/try-neovim.sh')], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  assert.equal(run.status, 0, `scripts/try-neovim.sh exited ${run.status}\n${run.stdout}${run.stderr}`);
  assert.match(run.stdout, /^ {2}\d+:\d+ ERROR disclaimer-missing /m);
});
