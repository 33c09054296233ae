// The CLI with a hostile `.strategy-notes.json`: a glob that makes picomatch backtrack (26 s on a
// 40-character name before), in `articles`, `library` and `exclude`, a backtracking-bomb pattern,
// and values that cannot be used at all (a 70,000-character glob, 20,000 nested groups). `check`
// finishes with the right findings and one warning per bad key. Needs `node scripts/build.mjs`.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertBuilt, removeDir, tempDir } from '../helpers/lsp-client';
import { cli, parseJson } from '../helpers/cli';

const DISCLAIMER = 'This article is not investment, legal or tax advice.';
const longName = `${'a'.repeat(40)}.md`;
const hostile = (letter: string) => `**/*${letter}*${letter}*${letter}*${letter}*${letter}*${letter}*${letter}*${letter}*${letter}*${letter}*c.md`;

function workspace(config: unknown): string {
  const dir = tempDir('sn-cli-hostile-config-');
  writeFileSync(path.join(dir, '.strategy-notes.json'), JSON.stringify(config));
  const files: Record<string, string> = {
    [`articles/${longName}`]: `# Long name\n\n${'a'.repeat(5000)}!\n`,
    'articles/good.md': `# Good\n\nText.\n\n${DISCLAIMER}\n`,
    [`library/concepts/${longName}`]: '# Aaa\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('check with a hostile .strategy-notes.json', () => {
  const dirs: string[] = [];
  before(() => assertBuilt());
  after(() => dirs.forEach(removeDir));

  test('backtracking globs (articles, library, exclude) and pattern: the run finishes with the right findings', async () => {
    const dir = workspace({
      articles: [hostile('a'), 'articles/**/*.md'],
      library: { concepts: [hostile('a'), 'library/concepts/**/*.md'] },
      exclude: [hostile('b')],
      disclaimer: { pattern: '(a+)+$', text: 'aaa' },
    });
    dirs.push(dir);
    const run = await cli(['check', '.', '--format', 'json'], dir);
    const rows = parseJson(run);
    // `(a+)+$` is the disclaimer now: the good article lacks one, the long one ends in `!`.
    const missing = rows.filter((r) => r.rule === 'disclaimer-missing').map((r) => path.basename(r.file)).sort();
    assert.deepEqual(missing, [longName, 'good.md'].sort());
    assert.doesNotMatch(run.stderr, /disclaimer\.pattern|articles:|exclude:/);
    assert.equal(run.code, 1);
  });

  test('a 70,000-character glob and 20,000 nested groups: one warning each, and the defaults', async () => {
    const long = `${'a'.repeat(70_000)}/*.md`;
    const dir = workspace({ articles: [long], exclude: [long], disclaimer: { pattern: `${'('.repeat(20_000)}a${')'.repeat(20_000)}` } });
    dirs.push(dir);
    const run = await cli(['check', '.', '--format', 'json'], dir);
    const rows = parseJson(run);
    assert.deepEqual(
      rows.filter((r) => r.rule === 'disclaimer-missing').map((r) => path.basename(r.file)),
      [longName],
      'default globs list both articles; the default pattern finds good.md’s disclaimer',
    );
    for (const key of ['articles', 'exclude']) assert.equal(run.stderr.split(`${key}: the glob`).length - 1, 1, run.stderr.slice(0, 2000));
    assert.equal(run.stderr.split('disclaimer.pattern:').length - 1, 1);
    assert.ok(run.stderr.length < 2000, 'the values are not echoed whole');
  });
});
