// `strategy-notes check` on a workspace with a library, written here: the CLI builds the same
// index as the editor (rooted at `.strategy-notes.json`), so one file checked alone still resolves
// its tags against the whole library, and each file named gets the role the editor gives it.
// Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertBuilt, removeDir, tempDir } from '../helpers/lsp-client';
import { cli, parseJson, type Row } from '../helpers/cli';




const DISCLAIMER = 'This article is not investment, legal or tax advice.';

// The workspace: three concepts and four companies (two of which share the name "Globex"),
// an entry with broken front matter, a clean article tagging by title, by alias and by link, and
// an article with one of each problem.
const files: Record<string, string> = {
  '.strategy-notes.json': JSON.stringify({ articles: ['articles/**/*.md'], rules: { 'pillar-empty': 'info' } }, null, 2),
  'README.md': '# About this workspace\n\nNotes on strategy. No disclaimer here: a readme is not an article.\n',
  'library/concepts/network-effects.md': [
    '---',
    'title: Network Effects',
    'aliases: [network effect, flywheel]',
    '---',
    '# Network Effects',
    '',
    'A product gets more valuable as more people use it.',
    '',
  ].join('\n'),
  'library/concepts/switching-costs.md': ['# Switching Costs', '', 'What a customer gives up by leaving.', ''].join('\n'),
  'library/concepts/economies-of-scale.md': [
    '---',
    'title: Economies of Scale',
    'aliases:',
    '  - scale economies',
    '---',
    '',
    'Unit costs fall as output grows.',
    '',
  ].join('\n'),
  'library/concepts/broken-front-matter.md': ['---', 'title: [Pricing Power', '---', '# Pricing Power', '', 'Raising prices without losing customers.', ''].join('\n'),
  'library/companies/acme.md': ['---', 'title: Acme Corp', 'aliases: [Acme]', '---', '', 'Makes everything.', ''].join('\n'),
  'library/companies/nestle.md': ['---', 'title: Nestlé', '---', '', 'Food and drinks.', ''].join('\n'),
  'library/companies/globex.md': ['---', 'title: Globex', '---', '', 'A conglomerate.', ''].join('\n'),
  'library/companies/initech.md': ['---', 'title: Initech', 'aliases: [Globex]', '---', '', 'Software, and a second claim on the name Globex.', ''].join('\n'),
  'articles/good.md': [
    '# Why Acme Wins',
    '',
    'Here are 2 reasons:',
    '',
    '## 1. Scale',
    '',
    'Acme buys in bulk: [[scale economies]] and [[Acme|the company]].',
    '',
    '## 2. Habits',
    '',
    'Users stay: [[Switching Costs]].',
    '',
    '---',
    '',
    'From the Concept Library, concepts for this article are:',
    '',
    '- Economies of Scale',
    '- network effect',
    '- [Switching Costs](../library/concepts/switching-costs.md)',
    '',
    'From the Company Library, companies for this article are:',
    '',
    '- Acme',
    '- Nestle',
    '',
    'Related articles:',
    '',
    '- [Problems](problems.md#1-one)',
    '',
    DISCLAIMER,
    '',
  ].join('\n'),
  'articles/problems.md': [
    '# Problems Everywhere',
    '',
    '## 1. One',
    '',
    'Mentions [[Netflx]] and [[Acme Corp]].',
    '',
    '---',
    '',
    'From the Concept Library, concepts for this article are:',
    '',
    '- Netwrk Effects',
    '- Acme Corp',
    '- Network Effects',
    '- flywheel',
    '',
    'From the Company Library, companies for this article are:',
    '',
    '- Umbrella Corp',
    '- Nestlé',
    '',
    'Related articles:',
    '',
    '- [Gone](gone.md)',
    '- [Good, wrong heading](good.md#no-such-heading)',
    '- [Good](good.md#1-scale)',
    '',
    DISCLAIMER,
    '',
  ].join('\n'),
};

/** 1-based line of the first line of `file` that equals `text` (or, failing that, holds it). */
function lineOf(file: string, text: string): number {
  const lines = files[file].split('\n');
  let i = lines.indexOf(text);
  if (i < 0) i = lines.findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} in ${file}`);
  return i + 1;
}

const P = 'articles/problems.md';
/** What `check` reports on problems.md, by rule and line. */
const problemRows = (file = P) => [
  [file, 'unknown-reference', lineOf(P, '[[Netflx]]')],
  [file, 'unknown-concept', lineOf(P, '- Netwrk Effects')],
  [file, 'wrong-library', lineOf(P, '- Acme Corp')],
  [file, 'duplicate-tag', lineOf(P, '- flywheel')],
  [file, 'unknown-company', lineOf(P, '- Umbrella Corp')],
  [file, 'broken-related-link', lineOf(P, '- [Gone](gone.md)')],
  [file, 'broken-related-link', lineOf(P, '- [Good, wrong heading]')],
];
const entryRows = [
  ['library/companies/globex.md', 'duplicate-entry-name', lineOf('library/companies/globex.md', 'title: Globex')],
  ['library/companies/initech.md', 'duplicate-entry-name', lineOf('library/companies/initech.md', 'aliases: [Globex]')],
  ['library/concepts/broken-front-matter.md', 'front-matter-invalid', 1],
];


const byRuleAndLine = (rows: Row[]) => rows.map((r) => [r.file, r.rule, r.line] as [string, string, number]);
const sorted = <T extends [string, string, number]>(rows: T[]) =>
  [...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] - b[2] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)));

describe('strategy-notes check on a workspace with a library', { concurrency: true }, () => {
  let ws: string;
  before(() => {
    assertBuilt();
    ws = tempDir('sn-cli-library-');
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
      writeFileSync(path.join(ws, rel), text);
    }
  });
  after(() => removeDir(ws));

  test('the whole workspace: exactly the library problems, each at its line; entries get entry rules, the readme nothing', async () => {
    const run = await cli(['check', '--format', 'json'], ws);
    assert.equal(run.code, 0, run.stderr);
    const rows = parseJson(run);
    assert.deepEqual(sorted(byRuleAndLine(rows)), sorted([...problemRows(), ...entryRows] as [string, string, number][]));
    assert.ok(rows.every((r) => r.severity === 'warning'), JSON.stringify(rows));
    assert.ok(!rows.some((r) => r.rule === 'disclaimer-missing'), 'no entry and no readme is checked as an article');
    assert.match(run.stderr, /^2 articles and 8 library entries checked: 0 errors, 10 warnings, 0 info$/m);
  });

  test('text output names the same problems, one line each, in file order', async () => {
    const run = await cli(['check', '.'], ws);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, problemRows().length + entryRows.length);
    const parsed = lines.map((l) => {
      const m = /^(?<file>[^:\n]+):(?<line>\d+):(?<column>\d+) (?<severity>error|warning|info) (?<rule>[a-z]+(?:-[a-z]+)*) (?<message>\S.*)$/.exec(l);
      assert.ok(m?.groups, l);
      return [m.groups.file, m.groups.rule, Number(m.groups.line)] as [string, string, number];
    });
    assert.deepEqual(sorted(parsed), sorted([...problemRows(), ...entryRows] as [string, string, number][]));
    const files = parsed.map((p) => p[0]);
    assert.deepEqual(files, [...files].sort(), 'articles, then library entries, folder by folder');
  });

  test('one article checked alone still resolves its tags against the whole library', async () => {
    const good = await cli(['check', '--format', 'json', 'articles/good.md'], ws);
    assert.equal(good.code, 0, good.stderr);
    assert.deepEqual(parseJson(good), [], 'tags by title, by alias (accents folded) and by link, references and a heading link all resolve');
    assert.match(good.stderr, /^1 article checked: 0 errors, 0 warnings, 0 info$/m);

    const problems = await cli(['check', '--format', 'json', P], ws);
    assert.deepEqual(sorted(byRuleAndLine(parseJson(problems))), sorted(problemRows() as [string, string, number][]));
  });

  test('a library entry named on the command line gets the entry rules only', async () => {
    const acme = await cli(['check', '--format', 'json', 'library/companies/acme.md'], ws);
    assert.equal(acme.code, 0, acme.stderr);
    assert.deepEqual(parseJson(acme), [], 'no disclaimer-missing on an entry');
    assert.match(acme.stderr, /^0 articles and 1 library entry checked: 0 errors, 0 warnings, 0 info$/m);

    const globex = await cli(['check', '--format', 'json', 'library/companies/globex.md'], ws);
    const rows = parseJson(globex);
    assert.deepEqual(byRuleAndLine(rows), [entryRows[0]], 'the name it shares with another entry, found through the index');
    assert.match(rows[0].message, /Initech|initech\.md/, rows[0].message);
  });

  test('a readme named on the command line is not linted: a one-line notice, exit 0', async () => {
    const run = await cli(['check', 'README.md'], ws);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.ok(
      run.stderr.split('\n').includes('README.md: not an article or library entry here (by the globs in .strategy-notes.json); skipped'),
      run.stderr,
    );
    assert.match(run.stderr, /^0 articles checked: 0 errors, 0 warnings, 0 info$/m);
    const json = await cli(['check', '--format', 'json', 'README.md', 'articles/good.md'], ws);
    assert.deepEqual(parseJson(json), []);
    assert.match(json.stderr, /README\.md: not an article or library entry here/);
  });

  test('run from a sub-folder: the root is found by .strategy-notes.json, paths are relative to the working directory', async () => {
    const articles = path.join(ws, 'articles');
    const one = await cli(['check', '--format', 'json', 'problems.md'], articles);
    assert.deepEqual(sorted(byRuleAndLine(parseJson(one))), sorted(problemRows('problems.md') as [string, string, number][]));
    const folder = await cli(['check', '--format', 'json', '.'], articles);
    assert.deepEqual(sorted(byRuleAndLine(parseJson(folder))), sorted(problemRows('problems.md') as [string, string, number][]), 'the folder: its articles only, the library still known');
    const lib = await cli(['check', '--format', 'json', '.'], path.join(ws, 'library', 'companies'));
    assert.deepEqual(
      sorted(byRuleAndLine(parseJson(lib))),
      sorted(entryRows.slice(0, 2).map(([f, r, l]) => [path.basename(f as string), r, l]) as [string, string, number][]),
    );
    assert.match(lib.stderr, /^0 articles and 4 library entries checked/m);
  });

  test('JSON carries the library rules with their messages and 1-based ranges on the name', async () => {
    const rows = parseJson(await cli(['check', '--format', 'json', P], ws));
    const unknown = rows.find((r) => r.rule === 'unknown-concept');
    assert.ok(unknown, JSON.stringify(rows));
    const line = files[P].split('\n')[unknown.line - 1];
    assert.equal(line.slice(unknown.column - 1, unknown.endColumn - 1), 'Netwrk Effects', 'the range covers the tag name');
    assert.match(unknown.message, /Netwrk Effects/);
    const reference = rows.find((r) => r.rule === 'unknown-reference')!;
    assert.match(files[P].split('\n')[reference.line - 1].slice(reference.column - 1, reference.endColumn - 1), /Netflx/);
    for (const r of rows) assert.notEqual(r.message.trim(), '', r.rule);
  });

  test('a folder and a file in it named together: each file checked once', async () => {
    const folder = parseJson(await cli(['check', '--format', 'json', 'articles'], ws));
    const both = parseJson(await cli(['check', '--format', 'json', 'articles', P], ws));
    assert.deepEqual(both, folder);
  });

  test('.gitignored files are left out of a folder, as the editor leaves them out of the index', async () => {
    const dir = tempDir('sn-cli-library-ignored-');
    try {
      for (const rel of ['articles/good.md', 'articles/problems.md', 'library/concepts/network-effects.md', 'library/companies/acme.md']) {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), files[rel]);
      }
      writeFileSync(path.join(dir, '.strategy-notes.json'), files['.strategy-notes.json']);
      writeFileSync(path.join(dir, '.gitignore'), 'articles/problems.md\n');
      const run = await cli(['check', '--format', 'json', '.'], dir);
      assert.ok(!parseJson(run).some((r) => r.file === P), run.stdout);
      assert.match(run.stderr, /^1 article and 2 library entries checked/m);
    } finally {
      removeDir(dir);
    }
  });

  test('a folder below with a .strategy-notes.json of its own is a root of its own: its own globs and library', async () => {
    const dir = tempDir('sn-cli-library-nested-');
    try {
      const write = (rel: string, text: string) => {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), text);
      };
      write('.strategy-notes.json', files['.strategy-notes.json']);
      write('library/concepts/network-effects.md', files['library/concepts/network-effects.md']);
      write('articles/outer.md', ['# Outer', '', 'From the Concept Library, concepts for this article are:', '', '- Network Effects', '- Moats', '', DISCLAIMER, ''].join('\n'));
      // The inner project keeps its entries in `entries/` and knows Moats but not Network Effects.
      write('inner/.strategy-notes.json', JSON.stringify({ articles: ['notes/**/*.md'], library: { concepts: ['entries/**/*.md'] } }));
      write('inner/entries/moats.md', '# Moats\n\nWhat keeps rivals out.\n');
      write('inner/notes/inner.md', ['# Inner', '', 'From the Concept Library, concepts for this article are:', '', '- Network Effects', '- Moats', '', DISCLAIMER, ''].join('\n'));
      const rows = parseJson(await cli(['check', '--format', 'json', '.'], dir));
      assert.deepEqual(
        rows.map((r) => [r.file, r.rule, r.line]),
        [
          [path.join('articles', 'outer.md'), 'unknown-concept', 6],
          [path.join('inner', 'notes', 'inner.md'), 'unknown-concept', 5],
        ],
      );
    } finally {
      removeDir(dir);
    }
  });

  test('a file outside the working directory with no .strategy-notes.json above it: an article without a library', async () => {
    const dir = tempDir('sn-cli-library-lone-');
    const elsewhere = tempDir('sn-cli-library-cwd-');
    try {
      writeFileSync(path.join(dir, 'lone.md'), ['# Lone', '', 'From the Concept Library, concepts for this article are:', '', '- Anything', ''].join('\n'));
      const rows = parseJson(await cli(['check', '--format', 'json', path.join(dir, 'lone.md')], elsewhere));
      assert.deepEqual(rows.map((r) => r.rule), ['disclaimer-missing'], 'no library to resolve tags against: library rules do not run');
    } finally {
      removeDir(dir);
      removeDir(elsewhere);
    }
  });

  test('severities from .strategy-notes.json apply to the library rules; an error exits 1', async () => {
    const dir = tempDir('sn-cli-library-config-');
    try {
      for (const rel of ['articles/problems.md', 'articles/good.md', 'library/concepts/network-effects.md', 'library/companies/acme.md']) {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), files[rel]);
      }
      writeFileSync(path.join(dir, '.strategy-notes.json'), JSON.stringify({ articles: ['articles/**/*.md'], rules: { 'unknown-reference': 'error', 'broken-related-link': 'off' } }));
      const run = await cli(['check', '--format', 'json', P], dir);
      assert.equal(run.code, 1, run.stderr);
      const rows = parseJson(run);
      assert.ok(!rows.some((r) => r.rule === 'broken-related-link'));
      // Only Network Effects and Acme are in this library: Switching Costs, Economies of Scale and Nestlé are unknown now.
      assert.deepEqual(
        rows.filter((r) => r.rule === 'unknown-reference').map((r) => [r.severity, r.line]),
        [['error', lineOf(P, '[[Netflx]]')]],
      );
      assert.deepEqual(
        rows.filter((r) => r.rule === 'unknown-company').map((r) => r.line),
        [lineOf(P, '- Umbrella Corp'), lineOf(P, '- Nestlé')],
      );
    } finally {
      removeDir(dir);
    }
  });
});
