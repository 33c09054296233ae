// The command-line checker as a user runs it: `node dist/cli.js …` in temporary copies of the
// example workspace. Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertBuilt, copyExample, removeDir, repoRoot, tempDir } from '../helpers/lsp-client';
import { cli, parseJson } from '../helpers/cli';




const TEXT_LINE = /^(?<file>[^:\n]+):(?<line>\d+):(?<column>\d+) (?<severity>error|warning|info) (?<rule>[a-z]+(?:-[a-z]+)*) (?<message>\S.*)$/;
const DRAFT = path.join('articles', 'drafts', 'cloud-pricing-draft.md');
/** The example's article with one of each library problem on purpose (see example/README.md). */
const PROBLEMS = path.join('articles', 'drafts', 'library-problems.md');
const LIBRARY_RULES = ['unknown-concept', 'unknown-company', 'unknown-reference', 'wrong-library', 'duplicate-tag', 'broken-related-link'];
/** The example's articles: 5 clean, the draft without a disclaimer, the library-problems draft. */
const ARTICLES = 7;
const DISCLAIMER_MESSAGE = 'This article has no investment disclaimer (a paragraph saying it "is not investment, legal or tax advice").';
const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;


const oneLine = (s: string) => s.trimEnd().split('\n');
/** Output lines about files other than the library-problems draft (whose lines are checked on their own). */
const besidesProblems = (lines: string[], problems = PROBLEMS) => lines.filter((l) => !l.startsWith(`${problems}:`));
/** The library-problems draft gets library warnings only, never an error or another rule. */
function assertOnlyLibraryWarnings(lines: string[], problems = PROBLEMS): void {
  for (const l of lines.filter((x) => x.startsWith(`${problems}:`))) {
    const m = TEXT_LINE.exec(l);
    assert.ok(m?.groups && m.groups.severity === 'warning' && LIBRARY_RULES.includes(m.groups.rule), l);
  }
}

/** What library entries get: the entry rules and front matter problems, as warnings; never an article rule. */
const ENTRY_RULES = ['duplicate-entry-name', 'front-matter-invalid', 'front-matter-unclosed'];
function assertOnlyEntryWarnings(lines: string[]): void {
  for (const l of lines.filter((x) => x.startsWith(`library${path.sep}`))) {
    const m = TEXT_LINE.exec(l);
    assert.ok(m?.groups && m.groups.severity === 'warning' && ENTRY_RULES.includes(m.groups.rule), l);
  }
}
const articleLines = (lines: string[]) => lines.filter((l) => l.startsWith(`articles${path.sep}`));

/** Markdown files below a folder of a workspace. */
function countMarkdown(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).length;
}
/** The example's library entries (library/concepts/**, library/companies/**), counted in the copy. */
const entriesIn = (ws: string) => countMarkdown(path.join(ws, 'library', 'concepts')) + countMarkdown(path.join(ws, 'library', 'companies'));

// Each run is a separate process, so independent tests run concurrently.
describe('strategy-notes check', { concurrency: true }, () => {
  let ws: string;
  before(() => {
    assertBuilt();
    ws = copyExample('sn-cli-');
  });
  after(() => removeDir(ws));

  test('the example workspace: one text line for the draft, exit 1', async () => {
    const run = await cli(['check'], ws);
    assert.equal(run.code, 1, run.stderr);
    const lines = oneLine(run.stdout);
    assert.deepEqual(besidesProblems(articleLines(lines)), [`${DRAFT}:21:1 error disclaimer-missing ${DISCLAIMER_MESSAGE}`]);
    assertOnlyLibraryWarnings(lines);
    assertOnlyEntryWarnings(lines);
    assert.deepEqual(lines, [...articleLines(lines), ...lines.filter((l) => l.startsWith(`library${path.sep}`))], 'articles, then entries, nothing else');
    // Exactly the example's problems on purpose (example/README.md).
    const lib = (...parts: string[]) => path.join('library', ...parts);
    assert.deepEqual(
      lines.map((l) => {
        const g = TEXT_LINE.exec(l)?.groups;
        return g ? `${g.file}:${g.line} ${g.rule}` : l;
      }),
      [
        `${DRAFT}:21 disclaimer-missing`,
        `${PROBLEMS}:3 unknown-reference`,
        `${PROBLEMS}:17 broken-related-link`,
        `${PROBLEMS}:18 broken-related-link`,
        `${PROBLEMS}:23 unknown-concept`,
        `${PROBLEMS}:24 wrong-library`,
        `${PROBLEMS}:29 unknown-company`,
        `${PROBLEMS}:31 duplicate-tag`,
        `${lib('companies', 'harbor-parcel.md')}:1 front-matter-invalid`,
        `${lib('concepts', 'barriers-to-entry.md')}:5 duplicate-entry-name`,
        `${lib('concepts', 'economic-moats.md')}:3 duplicate-entry-name`,
      ],
    );
    const m = TEXT_LINE.exec(lines[0]);
    assert.ok(m?.groups, 'path:line:col severity rule-id message');
    assert.equal(m.groups.file, DRAFT);
    assert.match(run.stderr, new RegExp(`^${ARTICLES} articles and ${entriesIn(ws)} library entries checked: 1 error, \\d+ warnings?, 0 info$`, 'm'));
  });

  test('`check .` and `check` with the folder as an absolute path agree', async () => {
    const dot = await cli(['check', '.'], ws);
    const abs = await cli(['check', ws], ws);
    assert.equal(dot.code, 1);
    assert.equal(abs.code, 1);
    assert.equal(abs.stdout, dot.stdout);
  });

  test('run from a sub-folder: paths are relative to the working directory, the workspace config still applies', async () => {
    const run = await cli(['check', '.'], path.join(ws, 'articles'));
    assert.equal(run.code, 1);
    const problems = path.join('drafts', 'library-problems.md');
    assert.deepEqual(besidesProblems(oneLine(run.stdout), problems), [`${path.join('drafts', 'cloud-pricing-draft.md')}:21:1 error disclaimer-missing ${DISCLAIMER_MESSAGE}`]);
    assertOnlyLibraryWarnings(oneLine(run.stdout), problems);
  });

  test('--format json: an array of {file, line, column, endLine, endColumn, severity, rule, message}, 1-based', async () => {
    const run = await cli(['check', '--format', 'json'], ws);
    assert.equal(run.code, 1);
    const rows = parseJson(run);
    assert.deepEqual(rows.filter((r) => r.file !== PROBLEMS && !r.file.startsWith(`library${path.sep}`)), [
      { file: DRAFT, line: 21, column: 1, endLine: 21, endColumn: 12, severity: 'error', rule: 'disclaimer-missing', message: DISCLAIMER_MESSAGE },
    ]);
    const equals = await cli(['check', '--format=json', 'articles'], ws);
    assert.deepEqual(parseJson(equals), rows.filter((r) => r.file.startsWith(`articles${path.sep}`)), 'the articles folder: the rows the whole workspace gives its files');
  });

  test('a clean folder: no output, exit 0 (text and json)', async () => {
    // The example's articles with their problems mended: the library-problems draft gone, the draft given a
    // disclaimer (the library's own on-purpose problems are left out by checking the articles folder).
    const clean = copyExample('sn-cli-clean-');
    try {
      rmSync(path.join(clean, PROBLEMS));
      writeFileSync(path.join(clean, DRAFT), `${readFileSync(path.join(clean, DRAFT), 'utf8')}\nThis article is not investment, legal or tax advice.\n`);
      const text = await cli(['check', 'articles'], clean);
      assert.equal(text.code, 0, text.stdout + text.stderr);
      assert.equal(text.stdout, '');
      assert.match(text.stderr, new RegExp(`^${ARTICLES - 1} articles checked: 0 errors, 0 warnings, 0 info$`, 'm'));
      const json = await cli(['check', '--format', 'json', 'articles'], clean);
      assert.equal(json.code, 0);
      assert.deepEqual(parseJson(json), []);
    } finally {
      removeDir(clean);
    }
  });

  test('explicit file paths', async () => {
    const both = await cli(['check', path.join('articles', 'netflix-moats.md'), DRAFT], ws);
    assert.equal(both.code, 1);
    assert.equal(oneLine(both.stdout).length, 1);
    assert.match(both.stdout, /^articles\/drafts\/cloud-pricing-draft\.md:21:1 error disclaimer-missing /);
    assert.match(both.stderr, /^2 articles checked: 1 error/m);
    const clean = await cli(['check', path.join('articles', 'netflix-moats.md'), path.join('articles', 'platform-rules.md')], ws);
    assert.equal(clean.code, 0);
    assert.equal(clean.stdout, '');
  });

  test('pillar-numbering with 1-based columns (1, 2, 4 as headings) is a warning: exit 0', async () => {
    const dir = tempDir('sn-cli-numbering-');
    try {
      writeFileSync(
        path.join(dir, 'numbering.md'),
        '# Ideas\n\n## 1. One\n\nBody.\n\n## 2. Two\n\nBody.\n\n## 4. Four\n\nBody.\n\nThis is not investment advice.\n',
      );
      const run = await cli(['check', '--format', 'json', 'numbering.md'], dir);
      assert.equal(run.code, 0);
      const [row, ...rest] = parseJson(run);
      assert.deepEqual(rest, []);
      assert.deepEqual({ ...row, message: undefined }, { file: 'numbering.md', line: 11, column: 4, endLine: 11, endColumn: 5, severity: 'warning', rule: 'pillar-numbering', message: undefined });
    } finally {
      removeDir(dir);
    }
  });

  test('CRLF, empty and BOM files are read with the right lines', async () => {
    const dir = tempDir('sn-cli-endings-');
    try {
      writeFileSync(path.join(dir, 'crlf.md'), '# T\r\n\r\nFirst.\r\nSecond line here.\r\n');
      writeFileSync(path.join(dir, 'empty.md'), '');
      writeFileSync(path.join(dir, 'bom.md'), '\uFEFF# T\n\nThis article is not investment advice.\n');
      const rows = parseJson(await cli(['check', '--format', 'json', '.'], dir));
      assert.deepEqual(
        rows.map((r) => [r.file, r.rule, r.line, r.column, r.endLine, r.endColumn]),
        [
          ['crlf.md', 'disclaimer-missing', 4, 1, 4, 18],
          ['empty.md', 'disclaimer-missing', 1, 1, 1, 1],
        ],
      );
    } finally {
      removeDir(dir);
    }
  });

  test(
    'a binary file named .md: reported as could-not-check (an error) and not linted further',

    async () => {
      const dir = tempDir('sn-cli-binary-');
      try {
        writeFileSync(path.join(dir, 'image.md'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)));
        const run = await cli(['check', '--format', 'json', '.'], dir);
        assert.deepEqual(parseJson(run).map((r) => [r.rule, r.severity]), [['could-not-check', 'error']]);
        assert.equal(run.code, 1);
      } finally {
        removeDir(dir);
      }
    },
  );

  test('a missing path: exit 2 with a one-line reason on stderr', async () => {
    for (const args of [['check', 'no-such-folder'], ['check', 'articles', 'no-such-file.md'], ['check', '--format', 'json', 'no-such-file.md']]) {
      const run = await cli(args, ws);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '', 'nothing on stdout');
      const lines = oneLine(run.stderr);
      assert.equal(lines.length, 1, `one line: ${JSON.stringify(run.stderr)}`);
      assert.match(lines[0], /no-such-(folder|file\.md)/);
    }
  });

  test('a named pipe given as a path: exit 2 saying it is not a file (nothing waits for a writer)', { skip: process.platform === 'win32' }, async () => {
    const dir = tempDir('sn-cli-pipe-');
    try {
      const pipe = path.join(dir, 'pipe.md');
      execFileSync('mkfifo', [pipe]);
      for (const [args, reason] of [
        [['check', pipe], /not a file or folder \(a pipe, socket or device\): .*pipe\.md/],
        [['outline', pipe], /not a file: .*pipe\.md/],
      ] as [string[], RegExp][]) {
        const run = await cli(args, ws);
        assert.equal(run.code, 2, args.join(' '));
        assert.equal(run.stdout, '');
        assert.match(oneLine(run.stderr)[0], reason);
      }
    } finally {
      removeDir(dir);
    }
  });

  test('an unknown command, a bad --format or an unknown option: exit 2 with the reason first on stderr', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['check', '--format', 'xml'], /unknown --format "xml"/],
      [['outline', '--format', 'yaml', DRAFT], /unknown --format "yaml"/],
      [['check', '--bogus'], /--bogus/],
    ];
    for (const [args, reason] of cases) {
      const run = await cli(args, ws);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(oneLine(run.stderr)[0], reason);
    }
  });

  test(
    'no command at all is a usage problem: exit 2 with the reason on stderr',

    async () => {
      const run = await cli([], ws);
      assert.equal(run.code, 2);
      assert.notEqual(run.stderr.trim(), '', 'a reason on stderr');
    },
  );

  test('library entries get the entry rules only, with the shipped config and with the defaults', async () => {
    const run = await cli(['check', '--format', 'json', '.'], ws);
    const libraryRows = parseJson(run).filter((r) => r.file.startsWith(`library${path.sep}`));
    assert.ok(libraryRows.every((r) => ENTRY_RULES.includes(r.rule) && r.severity === 'warning'), JSON.stringify(libraryRows));
    const lib = await cli(['check', '--format', 'json', 'library'], ws);
    assert.equal(lib.code, 0, lib.stderr);
    assert.deepEqual(parseJson(lib), libraryRows, 'the library folder alone: the same rows');
    assert.match(lib.stderr, new RegExp(`^0 articles and ${entriesIn(ws)} library entries checked: 0 errors`, 'm'));
    // The entries have no disclaimer: checked as articles, they would be reported.
    const entry = await cli(['check', '--format', 'json', path.join('library', 'concepts', 'ecommerce.md')], ws);
    assert.equal(entry.code, 0, 'a library entry named on the command line gets the entry rules');
    assert.deepEqual(parseJson(entry), []);
    assert.match(entry.stderr, /^0 articles and 1 library entry checked/m);

    const noConfig = copyExample('sn-cli-noconfig-');
    try {
      rmSync(path.join(noConfig, '.strategy-notes.json'));
      const rows = parseJson(await cli(['check', '--format', 'json', '.'], noConfig));
      assert.ok(rows.length > 0);
      assert.ok(
        rows.every((r) => !r.file.startsWith('library') || ENTRY_RULES.includes(r.rule)),
        JSON.stringify(rows.map((r) => [r.file, r.rule])),
      );
    } finally {
      removeDir(noConfig);
    }
  });

  // These rewrite one config file in turn.
  describe('.strategy-notes.json', { concurrency: 1 }, () => {
    let dir: string;
    before(() => {
      dir = copyExample('sn-cli-config-');
    });
    after(() => removeDir(dir));
    const writeConfig = (text: string) => writeFileSync(path.join(dir, '.strategy-notes.json'), text);

    test('not JSON: exit 2 with a clear one-line reason at its position (the defaults are used)', async () => {
      writeConfig('{ "rules": { "disclaimer-missing": "off", } ');
      for (const args of [['check'], ['outline', DRAFT]]) {
        const run = await cli(args, dir);
        assert.equal(run.code, 2, args.join(' '));
        const lines = oneLine(run.stderr).filter((l) => l.startsWith('.strategy-notes.json'));
        assert.equal(lines.length, 1, JSON.stringify(run.stderr));
        assert.match(lines[0], /^\.strategy-notes\.json:1:43 error config not valid JSON/);
      }
    });

    test('an unknown rule id: a config error on stderr, the check still runs, exit 2', async () => {
      writeConfig(JSON.stringify({ articles: ['articles/**/*.md'], rules: { 'no-such-rule': 'off' } }));
      const run = await cli(['check'], dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^\.strategy-notes\.json:1:\d+ error config .*unknown rule "no-such-rule"/m);
      assert.equal(run.stderr.match(/no-such-rule/g)?.length, 1, 'warned once, not once per file');
      assert.match(run.stdout, /disclaimer-missing/);
    });

    test('an invalid severity: a config error, the default severity is used, exit 2', async () => {
      writeConfig(JSON.stringify({ articles: ['articles/**/*.md'], rules: { 'disclaimer-missing': 'loud' } }));
      const run = await cli(['check'], dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /error config .*disclaimer-missing.*"loud"/);
      assert.match(run.stdout, / error disclaimer-missing /);
    });

    test('disclaimer-missing set to warning: reported as a warning, exit 0', async () => {
      writeConfig(JSON.stringify({ articles: ['articles/**/*.md'], rules: { 'disclaimer-missing': 'warning' } }));
      const run = await cli(['check'], dir);
      assert.equal(run.code, 0);
      assert.deepEqual(
        oneLine(run.stdout).filter((l) => / disclaimer-missing /.test(l)),
        [`${DRAFT}:21:1 warning disclaimer-missing ${DISCLAIMER_MESSAGE}`],
      );
      const info = await cli(['check', '--format', 'json'], dir);
      assert.equal(info.code, 0);
      assert.equal(parseJson(info).find((r) => r.rule === 'disclaimer-missing')?.severity, 'warning');
    });

    test('disclaimer-missing off: nothing reported', async () => {
      writeConfig(JSON.stringify({ articles: ['articles/**/*.md'], rules: { 'disclaimer-missing': 'off' } }));
      const run = await cli(['check'], dir);
      assert.equal(run.code, 0);
      assert.doesNotMatch(run.stdout, /disclaimer-missing/);
      assert.deepEqual(besidesProblems(articleLines(oneLine(run.stdout))), [], 'the clean articles and the draft: nothing');
    });

    test('a custom disclaimer pattern', async () => {
      writeConfig(JSON.stringify({ articles: ['articles/**/*.md'], disclaimer: { pattern: 'not financial advice' } }));
      const rows = parseJson(await cli(['check', '--format', 'json'], dir));
      assert.deepEqual(
        rows.filter((r) => r.file.startsWith(`articles${path.sep}`) && !LIBRARY_RULES.includes(r.rule)).map((r) => r.rule),
        Array(ARTICLES).fill('disclaimer-missing'),
      );
    });
  });
});

describe('strategy-notes outline', { concurrency: true }, () => {
  let ws: string;
  before(() => {
    assertBuilt();
    ws = copyExample('sn-cli-outline-');
  });
  after(() => removeDir(ws));

  const PASTED = path.join('articles', 'brightmart-focus-pasted.md');
  const pastedTree = [
    {
      number: 1,
      title: 'Winning Back Small Sellers With Lower Fees',
      line: 6,
      children: [
        { title: 'Cutting Commission for New Sellers', line: 12 },
        { title: 'Better Tools for Listing Products', line: 15 },
        { title: 'Faster Payouts', line: 17 },
      ],
    },
    {
      number: 2,
      title: 'Building Out Northwind Logistics as a Same-Day Network – Starting With the Largest Cities',
      line: 19,
      children: [
        { title: 'More Micro-Fulfillment Sites Near Customers', line: 27 },
        { title: 'Heavy Spending on Sorting Automation', line: 29 },
        { title: 'Ongoing Pain in the Last Mile', line: 31 },
      ],
    },
    {
      number: 3,
      title: 'Putting Ads at the Center of the Profit Model. And Keeping Them Useful.',
      line: 36,
      children: [
        { title: 'Sponsored Listings That Stay Relevant', line: 39 },
        { title: 'Off-Site Ads for Big Brands', line: 41 },
      ],
    },
    {
      number: 4,
      title: 'Making Search and Support Conversational With GenAI',
      line: 43,
      children: [
        { title: 'A Shopping Assistant in the App', line: 47 },
        { title: 'Content Tools for Sellers', line: 49 },
        { title: 'Automated Customer Support', line: 51 },
      ],
    },
    {
      number: 5,
      title: 'Opening the Marketplace to Regional Grocers Like Marlow’s Market',
      line: 53,
      children: [
        { title: 'Onboarding More Regional Grocers', line: 58 },
        { title: 'Shared Delivery Slots With Northwind', line: 60 },
      ],
    },
  ];

  test('--format json on the pasted article: 5 pillars with their sub-points, 1-based lines', async () => {
    const run = await cli(['outline', '--format', 'json', PASTED], ws);
    assert.equal(run.code, 0, run.stderr);
    const tree = JSON.parse(run.stdout) as typeof pastedTree;
    assert.deepEqual(tree, pastedTree);
    // The lines point at the pillar and sub-point lines of the file.
    const lines = readFileSync(path.join(ws, PASTED), 'utf8').split('\n');
    for (const p of tree) {
      assert.equal(lines[p.line - 1], `${p.number}. ${p.title}${p.number === 5 ? ':' : ''}`);
      for (const c of p.children) assert.equal(lines[c.line - 1], `${c.title}:`);
    }
  });

  test('text format on the pasted article', async () => {
    const run = await cli(['outline', PASTED], ws);
    assert.equal(run.code, 0);
    const lines = oneLine(run.stdout);
    assert.equal(lines[0], 'brightmart-focus-pasted', 'the title (from the file name)');
    assert.ok(lines.includes('  thesis (line 5): announces 5 pillars'), run.stdout);
    const pillars = lines.filter((l) => /^ {2}\d+\. /.test(l));
    assert.deepEqual(
      pillars,
      pastedTree.map((p) => `  ${p.number}. ${p.title}  (line ${p.line})`),
    );
    const subPoints = lines.filter((l) => l.startsWith('      - '));
    assert.deepEqual(
      subPoints,
      pastedTree.flatMap((p) => p.children.map((c) => `      - ${c.title}  (line ${c.line})`)),
    );
    // Each pillar is followed by its own sub-points.
    const start = lines.indexOf(`  2. ${pastedTree[1].title}  (line 19)`);
    assert.equal(lines[start + 1], '      - More Micro-Fulfillment Sites Near Customers  (line 27)');
  });

  test('--format json on the canonical article and the draft', async () => {
    const canonical = JSON.parse((await cli(['outline', '--format', 'json', path.join('articles', 'netflix-moats.md')], ws)).stdout) as typeof pastedTree;
    assert.deepEqual(
      canonical.map((p) => [p.number, p.title, p.line, p.children.map((c) => [c.title, c.line])]),
      [
        [1, 'Scale in Content Spending', 9, [['Fixed Costs Spread Over More Subscribers', 13], ['Better Data for Commissioning', 17]]],
        [2, 'A Recommendation Engine That Learns', 21, []],
        [3, 'Habits and Switching Costs', 27, [['Profiles and Watch History', 31], ['Bundles With Other Services', 35]]],
        [4, 'Distribution Deals With Device Makers', 40, []],
      ],
    );
    const draft = JSON.parse((await cli(['outline', '--format', 'json', DRAFT], ws)).stdout) as typeof pastedTree;
    assert.deepEqual(
      draft.map((p) => [p.number, p.title, p.line, p.children.length]),
      [
        [1, 'Deeper Discounts for Committed Spend', 3, 0],
        [2, 'Cheaper Storage, Pricier Compute', 5, 1],
        [3, 'A Separate Price List for GenAI Workloads', 10, 0],
      ],
    );
  });

  test('an article without pillars: an empty array / a note in text', async () => {
    const dir = tempDir('sn-cli-nopillars-');
    try {
      mkdirSync(path.join(dir, 'a'));
      writeFileSync(path.join(dir, 'a', 'plain.md'), '# Plain\n\nJust prose.\n');
      assert.deepEqual(JSON.parse((await cli(['outline', '--format', 'json', path.join('a', 'plain.md')], dir)).stdout), []);
      const text = await cli(['outline', path.join('a', 'plain.md')], dir);
      assert.equal(text.code, 0);
      assert.match(text.stdout, /^Plain\n {2}\(no pillars found\)\n$/);
    } finally {
      removeDir(dir);
    }
  });

  test('usage and I/O problems: exit 2', async () => {
    for (const args of [['outline'], ['outline', PASTED, DRAFT], ['outline', 'missing.md'], ['outline', 'articles']]) {
      const run = await cli(args, ws);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.notEqual(oneLine(run.stderr)[0], '');
    }
  });
});

describe('strategy-notes --version / --help', { concurrency: true }, () => {
  before(() => assertBuilt());

  test('--version prints the package version', async () => {
    const run = await cli(['--version'], repoRoot);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, `strategy-notes ${version}\n`);
  });

  test('--help and -h print the usage with every command', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await cli([flag], repoRoot);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^Usage:/);
      assert.match(run.stdout, /strategy-notes check \[paths…\] \[options\]/);
      assert.match(run.stdout, /--format FORMAT +text \(default\), json, github .*, sarif/);
      assert.match(run.stdout, /strategy-notes rules \[--format text\|json\]/);
      assert.match(run.stdout, /strategy-notes outline FILE \[--format text\|json\]/);
    }
  });
});
