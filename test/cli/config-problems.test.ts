// `check` with a broken `.strategy-notes.json`: each problem is `file:line:col error config
// <message>` on stderr, the files are still checked with the rest of the config, and the exit
// code is 2. Needs `node scripts/build.mjs`.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertBuilt, removeDir, tempDir } from '../helpers/lsp-client';
import { cli, parseJson } from '../helpers/cli';

function workspace(config: string): string {
  const dir = tempDir('sn-cli-config-problems-');
  writeFileSync(path.join(dir, '.strategy-notes.json'), config);
  mkdirSync(path.join(dir, 'posts'));
  writeFileSync(path.join(dir, 'posts/a.md'), '# A\n\n1. One\n\n2. Two\nBody.\n');
  return dir;
}

const configLines = (stderr: string) => stderr.split('\n').filter((l) => / config /.test(l));

describe('check with a broken .strategy-notes.json', () => {
  const dirs: string[] = [];
  before(() => assertBuilt());
  after(() => dirs.forEach(removeDir));

  test('file:line:col error config <message> per problem, the rest applied, exit 2', async () => {
    const dir = workspace('{\n  "articles": "posts/*.md",\n  "rules": { "pillar-empty": "loud", "disclaimer-missing": "off" },\n  "extra": true\n}\n');
    dirs.push(dir);
    const run = await cli(['check', '--format', 'json'], dir);
    assert.deepEqual(configLines(run.stderr), [
      '.strategy-notes.json:3:30 error config rules.pillar-empty: expected one of off, info, warning, error, got "loud".',
      '.strategy-notes.json:4:3 error config unknown key "extra"; known keys: rules, disclaimer, library, articles, exclude.',
    ]);
    // `articles` and "disclaimer-missing": "off" applied; pillar-empty at its default (warning).
    assert.deepEqual(parseJson(run).map((r) => `${r.file}:${r.rule}:${r.severity}`), [`${path.join('posts', 'a.md')}:pillar-empty:warning`]);
    assert.equal(run.code, 2);
  });

  test('not JSON: at the parser\'s position, the defaults, exit 2', async () => {
    const dir = workspace('{\n  "rules": {\n    "pillar-empty": "off",\n  }\n}\n');
    dirs.push(dir);
    const run = await cli(['check', 'posts/a.md'], dir);
    assert.deepEqual(configLines(run.stderr).map((l) => l.replace(/\(.*\)/, '(…)')), ['.strategy-notes.json:4:3 error config not valid JSON (…); the defaults are used.']);
    assert.match(run.stdout, /disclaimer-missing/, 'the default rules');
    assert.equal(run.code, 2);
  });

  test('an invalid disclaimer pattern: at the pattern, exit 2', async () => {
    const dir = workspace('{ "articles": "posts/*.md", "disclaimer": { "pattern": "(a" } }');
    dirs.push(dir);
    const run = await cli(['check'], dir);
    const [line, ...rest] = configLines(run.stderr);
    assert.deepEqual(rest, []);
    assert.match(line, /^\.strategy-notes\.json:1:56 error config disclaimer\.pattern: "\(a" is not a valid regular expression .*; the default pattern is used\.$/);
    assert.equal(run.code, 2);
  });

  test('a valid file: no config lines, the usual exit code', async () => {
    const dir = workspace('{ "articles": "posts/*.md", "rules": { "disclaimer-missing": "off", "pillar-empty": "off" } }');
    dirs.push(dir);
    const run = await cli(['check'], dir);
    assert.deepEqual(configLines(run.stderr), []);
    assert.equal(run.code, 0);
  });
});
