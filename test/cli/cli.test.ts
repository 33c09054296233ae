// The command-line checker as a user runs it: `node dist/cli.js …` in temporary copies of the
// example workspace. Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertBuilt, cliPath, copyExample, removeDir, repoRoot, tempDir } from '../helpers/lsp-client';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cliPath, ...args], { cwd, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  rule: string;
  message: string;
}

const TEXT_LINE = /^(?<file>[^:\n]+):(?<line>\d+):(?<column>\d+) (?<severity>error|warning|info) (?<rule>[a-z]+(?:-[a-z]+)*) (?<message>\S.*)$/;
const DRAFT = path.join('articles', 'drafts', 'cloud-pricing-draft.md');
const DISCLAIMER_MESSAGE = 'This article has no investment disclaimer (a paragraph saying it "is not investment, legal or tax advice").';
const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

function parseJson(run: Run): Row[] {
  const rows = JSON.parse(run.stdout) as Row[];
  assert.ok(Array.isArray(rows), 'an array');
  for (const r of rows) {
    assert.deepEqual(Object.keys(r).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'rule', 'severity']);
    for (const k of ['line', 'column', 'endLine', 'endColumn'] as const) assert.ok(Number.isInteger(r[k]) && r[k] >= 1, `${k} is 1-based: ${JSON.stringify(r)}`);
  }
  return rows;
}

const oneLine = (s: string) => s.trimEnd().split('\n');

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
    assert.deepEqual(lines, [`${DRAFT}:21:1 error disclaimer-missing ${DISCLAIMER_MESSAGE}`]);
    const m = TEXT_LINE.exec(lines[0]);
    assert.ok(m?.groups, 'path:line:col severity rule-id message');
    assert.equal(m.groups.file, DRAFT);
    assert.match(run.stderr, /^5 articles checked: 1 error, 0 warnings, 0 info$/m);
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
    assert.deepEqual(oneLine(run.stdout), [`${path.join('drafts', 'cloud-pricing-draft.md')}:21:1 error disclaimer-missing ${DISCLAIMER_MESSAGE}`]);
  });

  test('--format json: an array of {file, line, column, endLine, endColumn, severity, rule, message}, 1-based', async () => {
    const run = await cli(['check', '--format', 'json'], ws);
    assert.equal(run.code, 1);
    assert.deepEqual(parseJson(run), [
      { file: DRAFT, line: 21, column: 1, endLine: 21, endColumn: 12, severity: 'error', rule: 'disclaimer-missing', message: DISCLAIMER_MESSAGE },
    ]);
    const equals = await cli(['check', '--format=json', 'articles'], ws);
    assert.equal(equals.stdout, run.stdout);
  });

  test('a clean folder: no output, exit 0 (text and json)', async () => {
    const clean = tempDir('sn-cli-clean-');
    try {
      for (const f of ['netflix-moats.md', 'brightmart-focus-pasted.md', 'platform-rules.md', 'front-matter-title.md']) {
        writeFileSync(path.join(clean, f), readFileSync(path.join(ws, 'articles', f)));
      }
      const text = await cli(['check', '.'], clean);
      assert.equal(text.code, 0, text.stdout + text.stderr);
      assert.equal(text.stdout, '');
      assert.match(text.stderr, /^4 articles checked: 0 errors, 0 warnings, 0 info$/m);
      const json = await cli(['check', '--format', 'json', '.'], clean);
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
    'a binary file named .md: reported as binary-content and not linted further',

    async () => {
      const dir = tempDir('sn-cli-binary-');
      try {
        writeFileSync(path.join(dir, 'image.md'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)));
        const run = await cli(['check', '--format', 'json', '.'], dir);
        assert.deepEqual(parseJson(run).map((r) => [r.rule, r.severity]), [['binary-content', 'warning']]);
        assert.equal(run.code, 0);
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

  test('library entries are not checked when a folder is given, with the shipped config and with the defaults', async () => {
    const run = await cli(['check', '--format', 'json', '.'], ws);
    assert.ok(parseJson(run).every((r) => !r.file.startsWith('library')));
    const lib = await cli(['check', 'library'], ws);
    assert.equal(lib.code, 0);
    assert.equal(lib.stdout, '');
    assert.match(lib.stderr, /^0 articles checked/m);
    // The entries have no disclaimer: checked as articles, they would be reported.
    const entry = await cli(['check', path.join('library', 'concepts', 'ecommerce.md')], ws);
    assert.equal(entry.code, 1, 'a file named on the command line is checked as an article');

    const noConfig = copyExample('sn-cli-noconfig-');
    try {
      rmSync(path.join(noConfig, '.strategy-notes.json'));
      const rows = parseJson(await cli(['check', '--format', 'json', '.'], noConfig));
      assert.ok(rows.length > 0);
      assert.ok(
        rows.every((r) => !r.file.startsWith('library')),
        JSON.stringify(rows.map((r) => r.file)),
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

    test('not JSON: exit 2 with a clear one-line reason', async () => {
      writeConfig('{ "rules": { "disclaimer-missing": "off", } ');
      for (const args of [['check'], ['outline', DRAFT]]) {
        const run = await cli(args, dir);
        assert.equal(run.code, 2, args.join(' '));
        const lines = oneLine(run.stderr);
        assert.equal(lines.length, 1, JSON.stringify(run.stderr));
        assert.match(lines[0], /\.strategy-notes\.json is not valid JSON/);
      }
    });

    test('an unknown rule id: a warning on stderr, the check still runs', async () => {
      writeConfig(JSON.stringify({ articles: ['articles/**/*.md'], rules: { 'no-such-rule': 'off' } }));
      const run = await cli(['check'], dir);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /warning: .*unknown rule "no-such-rule"/);
      assert.equal(run.stderr.match(/no-such-rule/g)?.length, 1, 'warned once, not once per file');
      assert.match(run.stdout, /disclaimer-missing/);
    });

    test('an invalid severity: a warning, the default severity is used', async () => {
      writeConfig(JSON.stringify({ articles: ['articles/**/*.md'], rules: { 'disclaimer-missing': 'loud' } }));
      const run = await cli(['check'], dir);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /warning: .*disclaimer-missing.*"loud"/);
      assert.match(run.stdout, / error disclaimer-missing /);
    });

    test('disclaimer-missing set to warning: reported as a warning, exit 0', async () => {
      writeConfig(JSON.stringify({ articles: ['articles/**/*.md'], rules: { 'disclaimer-missing': 'warning' } }));
      const run = await cli(['check'], dir);
      assert.equal(run.code, 0);
      assert.deepEqual(oneLine(run.stdout), [`${DRAFT}:21:1 warning disclaimer-missing ${DISCLAIMER_MESSAGE}`]);
      const info = await cli(['check', '--format', 'json'], dir);
      assert.equal(info.code, 0);
      assert.equal(parseJson(info)[0].severity, 'warning');
    });

    test('disclaimer-missing off: nothing reported', async () => {
      writeConfig(JSON.stringify({ articles: ['articles/**/*.md'], rules: { 'disclaimer-missing': 'off' } }));
      const run = await cli(['check'], dir);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, '');
    });

    test('a custom disclaimer pattern', async () => {
      writeConfig(JSON.stringify({ articles: ['articles/**/*.md'], disclaimer: { pattern: 'not financial advice' } }));
      const rows = parseJson(await cli(['check', '--format', 'json'], dir));
      assert.deepEqual(rows.map((r) => r.rule), Array(5).fill('disclaimer-missing'));
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

  test('--help and -h print the usage with both commands', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await cli([flag], repoRoot);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^Usage:/);
      assert.match(run.stdout, /strategy-notes check \[paths…\] \[--format text\|json\]/);
      assert.match(run.stdout, /strategy-notes outline FILE \[--format text\|json\]/);
    }
  });
});
