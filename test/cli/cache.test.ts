// `check --cache`: the built CLI on temporary copies of the example workspace. The second run
// reads its summaries from the cache (STRATEGY_NOTES_LOG_CACHE=1 prints the count), the output
// never changes, an edit is a miss for that file alone, and runs at once leave a valid cache.
// Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertBuilt, cliPath, copyExample, removeDir } from '../helpers/lsp-client';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cliPath, ...args], { cwd, timeout: 120_000, env: { ...process.env, STRATEGY_NOTES_LOG_CACHE: '1', STRATEGY_NOTES_LOG_ENGINE: '1' } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

const counts = (r: Run) => {
  const m = /^cache: (\d+) hits, (\d+) misses/m.exec(r.stderr);
  assert.ok(m, r.stderr);
  return { hits: Number(m[1]), misses: Number(m[2]) };
};
const args = ['check', '--format', 'json', '--cache', '--cache-location', 'tmp-cache'];
const args2 = ['check', '--format', 'json', '--cache', '--cache-location', 'tmp-cache-2'];

describe('check --cache', () => {
  let dir: string;
  before(() => {
    assertBuilt();
    dir = copyExample('sn-cli-cache-');
  });
  after(() => removeDir(dir));

  test('twice: the same output, the second run from the cache; an edit is one miss', async () => {
    const first = await run(args, dir);
    const cold = counts(first);
    assert.equal(cold.hits, 0);
    assert.ok(cold.misses > 10);
    const second = await run(args, dir);
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.code, first.code);
    assert.deepEqual(counts(second), { hits: cold.misses, misses: 0 });
    // Each file's local check came from the cache too: no model built, every file finished from its kept check.
    const engine = /engine keeps \d+ analyses after (\d+) builds, \d+ checks; (\d+) files finished/.exec(second.stderr);
    assert.ok(engine, second.stderr);
    const checked = /^(\d+) articles? and (\d+) library entr/m.exec(second.stderr);
    assert.ok(checked, second.stderr);
    assert.deepEqual([Number(engine[1]), Number(engine[2])], [0, Number(checked[1]) + Number(checked[2])]);
    const uncached = await run(['check', '--format', 'json'], dir);
    assert.equal(uncached.stdout, first.stdout, 'the same findings without the cache');
    assert.doesNotMatch(uncached.stderr, /^cache:/m, 'off by default');

    const entry = path.join(dir, 'library', 'concepts', readdirSync(path.join(dir, 'library', 'concepts')).find((f) => f.endsWith('.md'))!);
    writeFileSync(entry, readFileSync(entry, 'utf8') + '\nOne more line.\n');
    const third = await run(args, dir);
    assert.deepEqual(counts(third), { hits: cold.misses - 1, misses: 1 });
  });

  test('a changed severity in the config file: the kept checks are not used, and the output follows the config', async () => {
    const config = path.join(dir, '.strategy-notes.json');
    const before = readFileSync(config, 'utf8');
    try {
      const warm = await run(args, dir);
      const data = JSON.parse(before) as { rules?: Record<string, string> };
      data.rules = { ...data.rules, 'unknown-concept': 'error' };
      writeFileSync(config, JSON.stringify(data, null, 2));
      const strict = await run(args, dir);
      const uncached = await run(['check', '--format', 'json'], dir);
      assert.equal(strict.stdout, uncached.stdout, 'the same findings as a run without the cache');
      assert.notEqual(strict.stdout, warm.stdout, 'the severity changed something');
      assert.ok(counts(strict).misses > 0);
    } finally {
      writeFileSync(config, before);
    }
  });

  test('two runs at once both succeed and leave a valid cache', async () => {
    const [a, b] = await Promise.all([run(args2, dir), run(args2, dir)]);
    assert.equal(a.stdout, b.stdout);
    assert.equal(a.code, b.code);
    assert.ok(a.code === 0 || a.code === 1, a.stderr);
    const files = readdirSync(path.join(dir, 'tmp-cache-2'));
    assert.equal(files.length, 1, `one cache file, no temporary ones left: ${files.join(', ')}`);
    JSON.parse(readFileSync(path.join(dir, 'tmp-cache-2', files[0]), 'utf8'));
    const next = await run(args2, dir);
    assert.equal(counts(next).misses, 0);
    assert.equal(next.stdout, a.stdout);
  });

  test('--cache-location without --cache is a usage error', async () => {
    const r = await run(['check', '--cache-location', 'x'], dir);
    assert.equal(r.code, 2);
  });
});
