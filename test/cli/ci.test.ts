// The CLI in CI: report formats (GitHub workflow commands, SARIF), --quiet and --max-warnings,
// globs, standard input, `rules`, --config. Runs the built CLI (`node scripts/build.mjs` first)
// in temporary copies of the example workspace and in temporary folders.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv';
import type * as Sarif from 'sarif';
import { ruleCatalog, ruleHelpUri } from '../../server/src/engine';
import { assertBuilt, copyExample, removeDir, repoRoot, tempDir } from '../helpers/lsp-client';
import { cli, parseJson, type Row } from '../helpers/cli';
import { githubLine } from '../../server/src/cli/report';

const DRAFT = 'articles/drafts/cloud-pricing-draft.md';
const PROBLEMS = 'articles/drafts/library-problems.md';
const DISCLAIMER = 'This article is not investment, legal or tax advice.';
const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const lines = (s: string) => s.split('\n').filter((l) => l !== '');
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

/** An article with a disclaimer and one empty pillar (pillar-empty: a warning by default, info in the example). */
const EMPTY_PILLAR = `# Two Things\n\nHere are the 2 things:\n\n## 1. First\n\nIt has a body.\n\n## 2. Second\n\n---\n\n${DISCLAIMER}\n`;
/** An article without its disclaimer, tagging a concept the example's library does not have. */
const UNKNOWN_TAG = `# Draft\n\nSome prose.\n\nFrom the Concept Library, concepts for this article are:\n- Nonexistent Concept\n`;

// The SARIF 2.1.0 schema (draft-07 form) from github.com/oasis-tcs/sarif-spec, sarif-2.1/prose/sarif-schema-2.1.0.json (commit e058381).
function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8')) as object;
  // unicodeRegExp off: one `pattern` in the official schema is not a valid Unicode-mode RegExp.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/') && !/[\s<>"{}|\\^`]/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}

// GitHub's workflow-command escaping, undone.
const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
const GITHUB_LINE = /^::(?<command>error|warning|notice) (?<props>[^:]*)::(?<message>.*)$/;

function parseGithub(stdout: string): Row[] {
  const severity = { error: 'error', warning: 'warning', notice: 'info' } as const;
  return lines(stdout).map((l) => {
    const m = GITHUB_LINE.exec(l);
    assert.ok(m?.groups, `a workflow command: ${l}`);
    const props = Object.fromEntries(m.groups.props.split(',').map((p) => p.split('=') as [string, string]));
    assert.deepEqual(Object.keys(props), ['file', 'line', 'col', 'endLine', 'endColumn', 'title'], l);
    return {
      file: unescapeProperty(props.file),
      line: Number(props.line),
      column: Number(props.col),
      endLine: Number(props.endLine),
      endColumn: Number(props.endColumn),
      severity: severity[m.groups.command as keyof typeof severity],
      rule: unescapeProperty(props.title),
      message: unescapeData(m.groups.message),
    };
  });
}

describe('strategy-notes check in CI', { concurrency: true }, () => {
  let ws: string;
  let tmp: string;
  before(() => {
    assertBuilt();
    ws = copyExample('sn-ci-');
    tmp = tempDir('sn-ci-tmp-');
    // A workspace whose names and messages need escaping: a file name with `%`, `,` and `:`, a tag with `%` and
    // `::` in it; one rule set to info (a `::notice`).
    write(path.join(tmp, 'escapes', '.strategy-notes.json'), JSON.stringify({ rules: { 'pillar-empty': 'info' } }));
    write(path.join(tmp, 'escapes', 'articles', '50%, a:b.md'), `# Odd Name\n\nProse.\n`);
    write(path.join(tmp, 'escapes', 'articles', 'empty-pillar.md'), EMPTY_PILLAR);
    write(path.join(tmp, 'escapes', 'articles', 'odd-tag.md'), `# Odd Tag\n\n${DISCLAIMER}\n\nFrom the Concept Library, concepts for this article are:\n- 100% Retention::Forever, Really\n`);
  });
  after(() => {
    removeDir(ws);
    removeDir(tmp);
  });

  test('--format github: one workflow command per finding, the same findings as --format json', async () => {
    const [github, json] = await Promise.all([cli(['check', '--format', 'github'], ws), cli(['check', '--format', 'json'], ws)]);
    assert.equal(github.code, 1);
    assert.equal(json.code, 1);
    const rows = parseJson(json).map((r) => ({ ...r, file: r.file.split(path.sep).join('/') }));
    assert.deepEqual(parseGithub(github.stdout), rows);
    assert.ok(lines(github.stdout).includes(`::error file=${DRAFT},line=21,col=1,endLine=21,endColumn=12,title=disclaimer-missing::${rows.find((r) => r.rule === 'disclaimer-missing')!.message}`), github.stdout);
    assert.ok(lines(github.stdout).some((l) => l.startsWith(`::warning file=${PROBLEMS},`)));
  });

  test('--format github escapes properties and data by GitHub\'s rules; info is a ::notice', async () => {
    const dir = path.join(tmp, 'escapes');
    const [github, json] = await Promise.all([cli(['check', '--format', 'github'], dir), cli(['check', '--format', 'json'], dir)]);
    assert.equal(github.code, 1, github.stderr);
    const out = lines(github.stdout);
    assert.ok(out.every((l) => l.startsWith('::')), 'no message breaks a line');
    assert.ok(out.some((l) => l.startsWith('::error file=articles/50%25%2C a%3Ab.md,line=')), github.stdout);
    const odd = out.find((l) => l.includes('file=articles/odd-tag.md,'));
    assert.ok(odd?.endsWith('::"100%25 Retention::Forever, Really" is not in the Concept Library.'), odd);
    assert.ok(out.some((l) => l.startsWith('::notice file=articles/empty-pillar.md,') && l.includes('title=pillar-empty::')), github.stdout);
    assert.deepEqual(parseGithub(github.stdout), parseJson(json));
  });

  test('a workflow command keeps to one line: data escapes %, CR and LF; properties also : and ,', () => {
    const row: Row = { file: 'a:b,c%\nd.md', line: 1, column: 2, endLine: 3, endColumn: 4, severity: 'warning', rule: 'x', message: 'one%\r\ntwo: three, four' };
    assert.equal(githubLine(row), '::warning file=a%3Ab%2Cc%25%0Ad.md,line=1,col=2,endLine=3,endColumn=4,title=x::one%25%0D%0Atwo: three, four\n');
    assert.equal(githubLine({ ...row, severity: 'info' }).slice(0, 9), '::notice ');
    assert.equal(githubLine({ ...row, severity: 'error' }).slice(0, 8), '::error ');
  });

  test('--format sarif: a SARIF 2.1.0 log the official schema accepts, every rule described, one result per finding', async () => {
    const [sarif, json] = await Promise.all([cli(['check', '--format', 'sarif'], ws), cli(['check', '--format', 'json'], ws)]);
    assert.equal(sarif.code, 1);
    const log = JSON.parse(sarif.stdout) as Sarif.Log;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'strategy-notes');
    assert.equal(driver.version, version);
    assert.match(driver.informationUri ?? '', /^https:\/\//);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.originalUriBaseIds?.['%SRCROOT%'].uri, pathToFileURL(ws + path.sep).href);
    const rules = driver.rules ?? [];
    const catalog = ruleCatalog();
    assert.deepEqual(rules.slice(0, catalog.length).map((r) => r.id), catalog.map((r) => r.id), 'one rule per rule, in catalog order');
    const level = { error: 'error', warning: 'warning', info: 'note' } as const;
    for (const [i, r] of catalog.entries()) {
      assert.equal(rules[i].helpUri, ruleHelpUri(r.id));
      assert.equal(rules[i].shortDescription?.text, r.description);
      assert.ok(rules[i].fullDescription?.text);
      assert.equal(rules[i].defaultConfiguration?.level, level[r.defaultSeverity]);
    }
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, 'no rule twice');
    const rows = parseJson(json);
    const results = run.results ?? [];
    assert.equal(results.length, rows.length);
    for (const [i, result] of results.entries()) {
      const row = rows[i];
      assert.equal(result.ruleId, row.rule);
      assert.equal(rules[result.ruleIndex!].id, row.rule);
      assert.equal(result.level, level[row.severity as keyof typeof level]);
      assert.equal(result.message.text, row.message);
      const loc = result.locations![0].physicalLocation!;
      assert.deepEqual(loc.artifactLocation, { uri: row.file.split(path.sep).join('/'), uriBaseId: '%SRCROOT%' });
      assert.deepEqual(loc.region, { startLine: row.line, startColumn: row.column, endLine: row.endLine, endColumn: row.endColumn });
    }
    assert.ok(results.some((r) => r.ruleId === 'disclaimer-missing' && r.level === 'error'));
    // The validator is not a yes-machine: a level SARIF does not have is refused.
    const wrong = structuredClone(log);
    (wrong.runs[0].results![0] as { level: string }).level = 'info';
    assert.equal(validate(wrong), false);
  });

  test('--format sarif encodes file names as URIs; with no findings, rules are still described', async () => {
    const dir = path.join(tmp, 'escapes');
    const [odd, clean] = await Promise.all([cli(['check', '--format', 'sarif', 'articles/50%, a:b.md'], dir), cli(['check', '--format', 'sarif', 'articles/netflix-moats.md'], ws)]);
    const validate = sarifValidator();
    const oddLog = JSON.parse(odd.stdout) as Sarif.Log;
    assert.ok(validate(oddLog), JSON.stringify(validate.errors));
    assert.equal(oddLog.runs[0].results![0].locations![0].physicalLocation!.artifactLocation!.uri, 'articles/50%25%2C%20a%3Ab.md');
    assert.equal(clean.code, 0, clean.stderr);
    const cleanLog = JSON.parse(clean.stdout) as Sarif.Log;
    assert.ok(validate(cleanLog));
    assert.deepEqual(cleanLog.runs[0].results, []);
    assert.equal(cleanLog.runs[0].tool.driver.rules!.length, ruleCatalog().length);
  });

  test('--max-warnings: at the count passes, below it fails with a message; --quiet hides warnings but they still count', async () => {
    const json = await cli(['check', PROBLEMS, '--format', 'json'], ws);
    const warnings = parseJson(json).length;
    assert.ok(warnings > 1 && json.code === 0, 'the library-problems draft has warnings only');
    const [at, above, quietAbove, zero] = await Promise.all([
      cli(['check', PROBLEMS, '--max-warnings', String(warnings)], ws),
      cli(['check', PROBLEMS, '--max-warnings', String(warnings - 1)], ws),
      cli(['check', PROBLEMS, '--quiet', '--max-warnings', String(warnings - 1)], ws),
      cli(['check', PROBLEMS, '--max-warnings=0', '--format', 'github'], ws),
    ]);
    assert.equal(at.code, 0, at.stderr);
    assert.doesNotMatch(at.stderr, /too many warnings/);
    assert.equal(above.code, 1);
    assert.match(above.stderr, new RegExp(`too many warnings: ${warnings}, more than --max-warnings ${warnings - 1}`));
    assert.equal(lines(above.stdout).length, warnings, 'the warnings are still reported');
    assert.equal(quietAbove.code, 1);
    assert.equal(quietAbove.stdout, '');
    assert.match(quietAbove.stderr, /too many warnings/);
    assert.equal(zero.code, 1);
    for (const bad of ['-1', 'ten', '1.5']) {
      const run = await cli(['check', PROBLEMS, `--max-warnings=${bad}`], ws);
      assert.equal(run.code, 2, bad);
      assert.match(run.stderr, /--max-warnings/);
    }
  });

  test('--quiet reports errors only, in every format; the summary still counts everything', async () => {
    const [text, json, sarif, github] = await Promise.all(['text', 'json', 'sarif', 'github'].map((f) => cli(['check', '--quiet', '--format', f], ws)));
    for (const run of [text, json, sarif, github]) assert.equal(run.code, 1);
    const textLines = lines(text.stdout);
    assert.ok(textLines.length >= 1 && textLines.every((l) => / error /.test(l)), text.stdout);
    assert.ok(textLines.some((l) => l.startsWith(`${path.normalize(DRAFT)}:`)));
    assert.ok(parseJson(json).every((r) => r.severity === 'error'));
    assert.ok((JSON.parse(sarif.stdout) as Sarif.Log).runs[0].results!.every((r) => r.level === 'error'));
    assert.ok(lines(github.stdout).every((l) => l.startsWith('::error ')));
    assert.match(text.stderr, /[1-9]\d* warnings?/);
  });

  test('a quoted glob is expanded as folders are listed: ignored files stay out, a file named directly is in', async () => {
    const [glob, folder] = await Promise.all([cli(['check', 'articles/**/*.md', '--format', 'json'], ws), cli(['check', 'articles', '--format', 'json'], ws)]);
    assert.deepEqual(parseJson(glob), parseJson(folder));
    assert.equal(glob.stderr.split('\n').find((l) => l.includes('checked')), folder.stderr.split('\n').find((l) => l.includes('checked')));
    const drafts = await cli(['check', './articles/*/*-draft.md', '--format', 'json'], ws);
    assert.deepEqual([...new Set(parseJson(drafts).map((r) => r.file))], [path.normalize(DRAFT)]);

    const dir = path.join(tmp, 'globs');
    write(path.join(dir, '.gitignore'), 'articles/ignored/\n');
    write(path.join(dir, 'articles', 'kept.md'), UNKNOWN_TAG);
    write(path.join(dir, 'articles', 'ignored', 'left-out.md'), UNKNOWN_TAG);
    write(path.join(dir, 'articles', 'notes.txt'), 'not Markdown');
    const [globbed, named] = await Promise.all([cli(['check', 'articles/**', '--format', 'json'], dir), cli(['check', 'articles/ignored/left-out.md', '--format', 'json'], dir)]);
    assert.deepEqual([...new Set(parseJson(globbed).map((r) => r.file))], [path.join('articles', 'kept.md')]);
    assert.deepEqual([...new Set(parseJson(named).map((r) => r.file))], [path.join('articles', 'ignored', 'left-out.md')]);
    const none = await cli(['check', 'nowhere/**/*.md'], dir);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no article or library entry matches nowhere\/\*\*\/\*\.md/);
  });

  test('- reads one article from standard input: a lone <stdin> article without --stdin-path', async () => {
    const [missing, clean] = await Promise.all([cli(['check', '-'], ws, UNKNOWN_TAG), cli(['check', '-', '--format', 'json'], ws, EMPTY_PILLAR)]);
    assert.equal(missing.code, 1);
    const out = lines(missing.stdout);
    assert.ok(out.some((l) => /^<stdin>:\d+:\d+ error disclaimer-missing /.test(l)), missing.stdout);
    assert.ok(!out.some((l) => l.includes('unknown-concept')), 'a lone article has no library');
    assert.match(missing.stderr, /^1 article checked/m);
    // The default config, not the example's: pillar-empty is a warning.
    assert.equal(clean.code, 0);
    assert.deepEqual(parseJson(clean).map((r) => [r.file, r.rule, r.severity]), [['<stdin>', 'pillar-empty', 'warning']]);
  });

  test('--stdin-path gives standard input its role, root and config from that path (the file need not exist)', async () => {
    const [named, config, replaced, readme] = await Promise.all([
      cli(['check', '-', '--stdin-path', 'articles/new-idea.md'], ws, UNKNOWN_TAG),
      cli(['check', '-', '--stdin-path', 'articles/new-idea.md', '--format', 'json'], ws, EMPTY_PILLAR),
      cli(['check', '-', '--stdin-path', DRAFT], ws, readFileSync(path.join(ws, DRAFT), 'utf8') + `\n${DISCLAIMER}\n`),
      cli(['check', '-', '--stdin-path', 'README.md'], ws, UNKNOWN_TAG),
    ]);
    assert.equal(named.code, 1);
    const out = lines(named.stdout);
    assert.ok(out.some((l) => l.startsWith(`${path.join('articles', 'new-idea.md')}:`) && l.includes(' error disclaimer-missing ')), named.stdout);
    assert.ok(out.some((l) => l.includes(' warning unknown-concept ')), 'the library of its root applies');
    assert.deepEqual(parseJson(config).map((r) => [r.rule, r.severity]), [['pillar-empty', 'info']], "the example's config applies");
    assert.equal(replaced.code, 0, replaced.stdout);
    assert.equal(replaced.stdout, '');
    assert.equal(readme.code, 0);
    assert.match(readme.stderr, /README\.md: not an article or library entry here .*skipped/);
  });

  test('standard input goes alone: - with other paths, or --stdin-path without -, is a usage problem', async () => {
    const [both, pathOnly] = await Promise.all([cli(['check', '-', 'articles'], ws, ''), cli(['check', 'articles', '--stdin-path', 'x.md'], ws)]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /cannot be combined/);
    assert.equal(pathOnly.code, 2);
    assert.match(pathOnly.stderr, /--stdin-path goes with -/);
  });

  test('rules: every rule with its default severity, fix and description, as text and as JSON', async () => {
    const [text, json] = await Promise.all([cli(['rules'], ws), cli(['rules', '--format', 'json'], ws)]);
    assert.equal(text.code, 0);
    assert.equal(json.code, 0);
    const catalog = ruleCatalog();
    const listed = JSON.parse(json.stdout) as { id: string; defaultSeverity: string; fix: string; description: string; helpUri: string }[];
    assert.deepEqual(
      listed.map((r) => [r.id, r.defaultSeverity, r.fix, r.description, r.helpUri]),
      catalog.map((r) => [r.id, r.defaultSeverity, r.fixable, r.description, ruleHelpUri(r.id)]),
    );
    assert.ok(listed.every((r) => ['safe', 'suggestion', 'none'].includes(r.fix)));
    const [header, ...rows] = lines(text.stdout);
    assert.match(header, /^rule\s+default\s+fix\s+description$/);
    assert.equal(rows.length, catalog.length);
    for (const [i, r] of catalog.entries()) assert.match(rows[i], new RegExp(`^${r.id}\\s+${r.defaultSeverity}\\s+${r.fixable}\\s+\\S`));
    const bad = await cli(['rules', '--format', 'sarif'], ws);
    assert.equal(bad.code, 2);
  });

  test('--config FILE overrides discovery: every path is checked with it, its folder the root', async () => {
    const dir = copyExample('sn-ci-config-');
    try {
      // A nested config that turns the draft's error off, and a stricter config beside the example's.
      write(path.join(dir, 'articles', 'drafts', '.strategy-notes.json'), JSON.stringify({ rules: { 'disclaimer-missing': 'off' } }));
      write(path.join(dir, 'strict.json'), JSON.stringify({ articles: ['articles/**/*.md'], rules: { 'unknown-concept': 'error' } }));
      write(path.join(dir, 'ci', 'outside.json'), JSON.stringify({}));
      const [found, forced, strict, outside, missing] = await Promise.all([
        cli(['check', '--format', 'json'], dir),
        cli(['check', '--format', 'json', '--config', '.strategy-notes.json'], dir),
        cli(['check', 'articles', '--format', 'json', '--config', 'strict.json'], dir),
        cli(['check', DRAFT, '--config', 'ci/outside.json'], dir),
        cli(['check', '--config', 'nope.json'], dir),
      ]);
      const draftErrors = (run: typeof found) => parseJson(run).filter((r) => r.file === path.normalize(DRAFT) && r.rule === 'disclaimer-missing');
      assert.equal(found.code, 0, 'the nested config turns the draft error off');
      assert.equal(draftErrors(found).length, 0);
      assert.equal(forced.code, 1, forced.stderr);
      assert.equal(draftErrors(forced).length, 1, 'with --config the nested config is not a root');
      assert.equal(strict.code, 1);
      const unknown = parseJson(strict).filter((r) => r.rule === 'unknown-concept');
      assert.ok(unknown.length >= 1 && unknown.every((r) => r.severity === 'error'), strict.stdout);
      assert.ok(parseJson(strict).every((r) => r.rule !== 'pillar-empty' || r.severity === 'warning'), "the example's config is not read");
      assert.equal(outside.code, 0);
      assert.match(outside.stderr, /outside ci, the folder of --config .*skipped/);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /nope\.json/);
    } finally {
      removeDir(dir);
    }
  });

  test('exit codes: 0 without errors, 1 with errors, 2 for usage and I/O problems', async () => {
    const runs = await Promise.all([
      cli(['check', 'articles/netflix-moats.md', '--format', 'sarif'], ws),
      cli(['check', DRAFT, '--format', 'github'], ws),
      cli(['check', '--format', 'xml'], ws),
      cli(['check', 'no-such-file.md'], ws),
      cli(['check', '--no-such-option'], ws),
    ]);
    assert.deepEqual(runs.map((r) => r.code), [0, 1, 2, 2, 2]);
    assert.match(runs[2].stderr, /unknown --format "xml" \(use text, json, github, sarif\)/);
  });

  test('--help describes every option', async () => {
    const help = await cli(['--help'], ws);
    assert.equal(help.code, 0);
    for (const word of ['--format', 'github', 'sarif', '--quiet', '--max-warnings', '--config', '--stdin-path', 'rules', 'glob', 'Exit codes']) assert.ok(help.stdout.includes(word), word);
  });
});
