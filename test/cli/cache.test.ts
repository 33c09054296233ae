// `check --cache`: the built CLI on temporary copies of the example workspace. A second run over
// the same files prints the reports the first one kept (kept-reports.ts), and reads no summary;
// once any file changes it reads its summaries from the cache (STRATEGY_NOTES_LOG_CACHE=1 prints
// the counts), an edit is a miss for that file alone, and the output never differs from a run
// without the cache: not after an alias is added or an entry created (what the library rules read
// of other files), not from a broken reports file. Runs at once leave valid files.
// Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
/** How many files' reports were kept for this run (undefined: none kept for these files). */
const keptReports = (r: Run) => {
  const m = /^reports: (?:(\d+) kept|(none) kept for these files);/m.exec(r.stderr);
  assert.ok(m, r.stderr);
  return m[1] === undefined ? undefined : Number(m[1]);
};
/** How many files were read to take the fingerprint (the others' hashes were kept under their stamps), of how many. */
const readForFingerprint = (r: Run) => {
  const m = /^reports: .*; (\d+) of (\d+) files read for the fingerprint$/m.exec(r.stderr);
  assert.ok(m, r.stderr);
  return { read: Number(m[1]), of: Number(m[2]) };
};
/** The engine's counts: models built here, and files finished from their index's model. */
const engineWork = (r: Run) => {
  const m = /engine keeps \d+ analyses after (\d+) builds, \d+ checks; (\d+) files finished/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return { builds: Number(m[1]), finished: Number(m[2]) };
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

  test('twice: the same output, the second run the kept reports; an edit is one miss', async () => {
    const first = await run(args, dir);
    const cold = counts(first);
    assert.equal(cold.hits, 0);
    assert.ok(cold.misses > 10);
    assert.equal(keptReports(first), undefined);
    const second = await run(args, dir);
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.code, first.code);
    // Every file's report was kept: no summary read, no model built, nothing checked.
    const checked = /^(\d+) articles? and (\d+) library entr/m.exec(second.stderr);
    assert.ok(checked, second.stderr);
    assert.equal(keptReports(second), Number(checked[1]) + Number(checked[2]));
    assert.doesNotMatch(second.stderr, /^cache:/m, 'no summary read');
    assert.deepEqual(engineWork(second), { builds: 0, finished: 0 });
    const uncached = await run(['check', '--format', 'json'], dir);
    assert.equal(uncached.stdout, first.stdout, 'the same findings without the cache');
    assert.doesNotMatch(uncached.stderr, /^(?:cache|reports):/m, 'off by default');

    const entry = path.join(dir, 'library', 'concepts', readdirSync(path.join(dir, 'library', 'concepts')).find((f) => f.endsWith('.md'))!);
    writeFileSync(entry, readFileSync(entry, 'utf8') + '\nOne more line.\n');
    const third = await run(args, dir);
    assert.equal(keptReports(third), undefined, 'a file changed: no report is used');
    assert.deepEqual(counts(third), { hits: cold.misses - 1, misses: 1 });
    // Each file's local check came from the summary cache: no model built, every file finished from its kept check.
    assert.deepEqual(engineWork(third), { builds: 0, finished: Number(checked[1]) + Number(checked[2]) });
    assert.equal(third.stdout, (await run(['check', '--format', 'json'], dir)).stdout);
  });

  test('an alias added, an entry created, an entry deleted: the next run reports what a run without the cache does', async () => {
    const article = 'articles/drafts/library-problems.md';
    const unknown = (r: Run) => (JSON.parse(r.stdout) as { file: string; rule: string; message: string }[]).filter((f) => f.file.endsWith(article) && f.rule === 'unknown-concept' && f.message.startsWith('"Network Efects"')).length;
    await run(args, dir);
    const warm = await run(args, dir);
    assert.ok(keptReports(warm));
    assert.equal(unknown(warm), 1, 'the misspelt tag is unknown');
    const entry = path.join(dir, 'library/concepts/network-effects.md');
    const before = readFileSync(entry, 'utf8');
    const created = path.join(dir, 'library/concepts/network-efects-misspelt.md');
    try {
      // The entry file gets the misspelling as an alias: only the entry changed, the article's report did.
      writeFileSync(entry, before.replace('aliases:\n', 'aliases:\n  - Network Efects\n'));
      const aliased = await run(args, dir);
      assert.equal(keptReports(aliased), undefined);
      assert.equal(unknown(aliased), 0, 'the tag resolves through the new alias');
      assert.equal(aliased.stdout, (await run(['check', '--format', 'json'], dir)).stdout);
      // Back as it was, then a new entry of that name: a file added.
      writeFileSync(entry, before);
      assert.equal(unknown(await run(args, dir)), 1);
      writeFileSync(created, '---\ntitle: Network Efects\n---\n\n# Network Efects\n\nA misspelt twin.\n');
      const added = await run(args, dir);
      assert.equal(keptReports(added), undefined);
      assert.equal(unknown(added), 0, 'the tag resolves to the new entry');
      assert.equal(added.stdout, (await run(['check', '--format', 'json'], dir)).stdout);
      // The entry deleted again: the run before its creation is what is reported.
      rmSync(created);
      const removed = await run(args, dir);
      assert.equal(unknown(removed), 1);
      assert.equal(removed.stdout, warm.stdout);
    } finally {
      writeFileSync(entry, before);
      rmSync(created, { force: true });
    }
  });

  test('kept reports are printed as a checked run prints them: text, quiet, and --max-warnings', async () => {
    const cache = ['--cache', '--cache-location', 'tmp-cache-text'];
    for (const extra of [['--format', 'text'], ['--format', 'github'], ['--format', 'sarif'], ['--quiet'], ['--max-warnings', '0']]) {
      const uncached = await run(['check', ...extra], dir);
      await run(['check', ...extra, ...cache], dir);
      const kept = await run(['check', ...extra, ...cache], dir);
      assert.ok(keptReports(kept), extra.join(' '));
      assert.equal(kept.stdout, uncached.stdout, extra.join(' '));
      assert.equal(kept.code, uncached.code, extra.join(' '));
    }
    // One file named: its kept report, as it is reported alone.
    const one = ['check', '--format', 'json', 'articles/drafts/library-problems.md'];
    const alone = await run([...one, ...cache], dir);
    assert.equal(keptReports(alone), keptReports(await run(['check', ...cache], dir)));
    assert.deepEqual(engineWork(alone), { builds: 0, finished: 0 });
    assert.equal(alone.stdout, (await run(one, dir)).stdout);
  });

  for (const [what, breakIt] of [
    ['truncated', (file: string) => writeFileSync(file, readFileSync(file, 'utf8').slice(0, 200))],
    ['one byte flipped', (file: string) => writeFileSync(file, readFileSync(file, 'utf8').replace('"line":', '"lime":'))],
    ['a finding without its message', (file: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(/"message":"[^"]*"/, '"message":""'))],
    ['a finding of an unknown severity', (file: string) => writeFileSync(file, readFileSync(file, 'utf8').replace('"severity":"warning"', '"severity":"fatal"'))],
    ['not JSON', (file: string) => writeFileSync(file, '\u0000\u0001 not json')],
  ] as const) {
    test(`a reports file that is ${what} is not used: the files are checked, and the output is the same`, async () => {
      const cache = ['--cache', '--cache-location', 'tmp-cache-broken'];
      const first = await run([...args.slice(0, 3), ...cache], dir);
      const file = readdirSync(path.join(dir, 'tmp-cache-broken')).find((f) => f.endsWith('.reports.json'))!;
      assert.ok(file, 'a reports file was written');
      breakIt(path.join(dir, 'tmp-cache-broken', file));
      const second = await run([...args.slice(0, 3), ...cache], dir);
      assert.equal(keptReports(second), undefined);
      assert.equal(second.stdout, first.stdout);
      // The run wrote them again: the next one uses them.
      assert.ok(keptReports(await run([...args.slice(0, 3), ...cache], dir)));
    });
  }

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
    const files = readdirSync(path.join(dir, 'tmp-cache-2')).sort();
    assert.equal(files.length, 2, `the summaries and the reports, no temporary files left: ${files.join(', ')}`);
    assert.ok(files[0].endsWith('.json') && files[1].endsWith('.reports.json'));
    for (const f of files) JSON.parse(readFileSync(path.join(dir, 'tmp-cache-2', f), 'utf8'));
    const next = await run(args2, dir);
    assert.ok(keptReports(next));
    assert.equal(next.stdout, a.stdout);
  });

  test('files unchanged since the last run are not read for the fingerprint (their stamps are kept); a change at the same size is seen', async () => {
    const d = copyExample('sn-cli-stamps-');
    try {
      // FsWorkspace trusts no stamp younger than 3 s (file times come in steps): let the copy's settle.
      await new Promise((r) => setTimeout(r, 3200));
      const plain = await run(['check', '--format', 'json'], d);
      const first = await run(args, d);
      assert.equal(readForFingerprint(first).read, readForFingerprint(first).of);
      const second = await run(args, d);
      assert.deepEqual(readForFingerprint(second), { read: 0, of: readForFingerprint(first).of });
      assert.ok((keptReports(second) ?? 0) > 0, second.stderr);
      assert.equal(second.stdout, plain.stdout);
      // The same size, another text: its change time moved, so it is read and the fingerprint is another.
      const article = path.join(d, 'articles', readdirSync(path.join(d, 'articles')).filter((f) => f.endsWith('.md')).sort()[0]);
      const text = readFileSync(article, 'utf8');
      const edited = text.replace('the', 'thy');
      assert.notEqual(edited, text);
      assert.equal(edited.length, text.length);
      writeFileSync(article, edited);
      const third = await run(args, d);
      assert.equal(readForFingerprint(third).read, 1);
      assert.equal(keptReports(third), undefined);
      assert.equal(third.stdout, (await run(['check', '--format', 'json'], d)).stdout);
    } finally {
      removeDir(d);
    }
  });

  test('--cache-location without --cache is a usage error', async () => {
    const r = await run(['check', '--cache-location', 'x'], dir);
    assert.equal(r.code, 2);
  });
});
