// Rules people can look up: every rule has its page (docs/rules/<id>.md) with the same headings,
// the page's failing example fails and its passing example passes on the example workspace,
// what a rule says it offers (`fixable`) is what its findings offer, the README's rule table is
// the one the code gives, every relative link in the pages lands, and a diagnostic's link opens
// a page that exists.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { createEngine } from '../../server/src/engine';
import { defaultConfig } from '../../server/src/engine/config';
import type { ArticleDiagnostic } from '../../server/src/engine/features/diagnostics';
import { allRules, ruleCatalog } from '../../server/src/engine/rules';
import { ruleDocsPath, ruleHelpUri } from '../../server/src/engine/rules/docs';
import { WorkspaceIndexer } from '../../server/src/engine/workspace/indexer';
import { InMemoryWorkspace } from '../../server/src/engine/workspace/workspace';
import { pageHref, rulePageHref } from '../../server/src/node/rule-pages';

const repo = path.resolve(import.meta.dirname, '../..');
const headings = ['## What it reports', '## Why', '## Fails', '## Passes', '## Fixes', '## Configure or silence'];
const page = (id: string) => readFileSync(path.join(repo, ruleDocsPath(id)), 'utf8');

/** The `md` code blocks of a page's `## <name>` section. */
function examples(text: string, name: string): string[] {
  const lines = text.split('\n');
  const from = lines.indexOf(`## ${name}`);
  assert.ok(from >= 0, `## ${name}`);
  const out: string[] = [];
  for (let l = from + 1; l < lines.length && !lines[l].startsWith('## '); l++) {
    if (lines[l] !== '```md') continue;
    const close = lines.indexOf('```', l + 1);
    out.push(lines.slice(l + 1, close).join('\n') + '\n');
    l = close;
  }
  return out;
}

/** Every .md file of the example workspace, by its path below example/. */
function exampleFiles(dir = path.join(repo, 'example'), base = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const rel = base ? `${base}/${name}` : name;
    if (statSync(full).isDirectory()) Object.assign(files, exampleFiles(full, rel));
    else if (name.endsWith('.md')) files[rel] = readFileSync(full, 'utf8');
  }
  return files;
}

const root = 'file:///ws';
const library = exampleFiles();

/** One rule's diagnostics on `text`, as an article (or a concept entry) of the example workspace. */
async function check(ruleId: string, text: string): Promise<ArticleDiagnostic[]> {
  const rule = allRules.find((r) => r.id === ruleId)!;
  const rel = rule.appliesTo === 'entry' ? 'library/concepts/example.md' : 'articles/example.md';
  const config = defaultConfig();
  const ws = new InMemoryWorkspace(root, { ...library, [rel]: text }, config);
  const indexer = new WorkspaceIndexer(ws, async () => {});
  await indexer.build();
  const uri = ws.uriOf(rel);
  const role = ws.roleOf(uri)!;
  const analysis = createEngine().analyze({ key: uri, text, version: 1, config, isArticle: role === 'article', role, library: { index: indexer.index, root } });
  return analysis.diagnostics.filter((d) => d.rule === ruleId);
}

describe('rule pages', () => {
  for (const rule of ruleCatalog()) {
    test(`${rule.id}: its page has every heading, in order, and says what the code says`, () => {
      const text = page(rule.id);
      const lines = text.split('\n');
      assert.equal(lines[0], `# ${rule.id}`);
      const found = withoutCode(text).split('\n').filter((l) => l.startsWith('## '));
      assert.deepEqual(found, headings, `${ruleDocsPath(rule.id)} has the headings ${headings.join(', ')}`);
      const checks = { article: 'articles', entry: 'library entries', any: 'articles and library entries' }[rule.appliesTo];
      assert.equal(lines[2], `Default severity: **${rule.defaultSeverity}** · Fix: **${rule.fixable}** · Checks: ${checks}`);
    });

    test(`${rule.id}: the failing example fails, the passing one passes, and the fixes are as \`fixable\` says`, async () => {
      const text = page(rule.id);
      let failing = examples(text, 'Fails');
      const passing = examples(text, 'Passes');
      // A binary file cannot be shown in a page.
      if (rule.id === 'could-not-check') failing = ['\u0000PNG binary'];
      assert.ok(failing.length > 0, 'the page shows a failing example');
      const findings = (await Promise.all(failing.map((t) => check(rule.id, t)))).flat();
      assert.ok(findings.length > 0, `the failing example of ${rule.id} gets a finding`);
      for (const t of passing) assert.deepEqual((await check(rule.id, t)).map((d) => d.message), [], `the passing example of ${rule.id}:\n${t}`);
      const fixes = findings.flatMap((d) => d.fixes);
      if (rule.fixable === 'safe') assert.ok(fixes.some((f) => f.safe), `${rule.id} is fixable 'safe': a finding offers a safe fix`);
      if (rule.fixable === 'suggestion') {
        assert.ok(fixes.length > 0, `${rule.id} is fixable 'suggestion': its findings offer fixes`);
        assert.ok(!fixes.some((f) => f.safe), `${rule.id} is fixable 'suggestion': none is safe`);
      }
      if (rule.fixable === 'none') assert.deepEqual(fixes, [], `${rule.id} is fixable 'none'`);
    });
  }

  test('no page for a rule that does not exist', () => {
    const ids = new Set(allRules.map((r) => r.id));
    for (const name of readdirSync(path.join(repo, 'docs/rules'))) assert.ok(ids.has(name.replace(/\.md$/, '')), `docs/rules/${name} is a rule's page`);
  });

  test('every relative link in the pages, the dialect page and the README lands, heading included', () => {
    const files = [...allRules.map((r) => ruleDocsPath(r.id)), 'docs/dialect.md', 'README.md'];
    for (const file of files) {
      const text = withoutCode(readFileSync(path.join(repo, file), 'utf8'));
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [rel, fragment] = target.split('#');
        const to = rel ? path.join(path.dirname(path.join(repo, file)), decodeURIComponent(rel)) : path.join(repo, file);
        assert.ok(existsSync(to), `${file}: ${target} exists`);
        if (fragment) assert.ok(anchors(readFileSync(to, 'utf8')).includes(fragment), `${file}: ${target} names a heading of ${path.relative(repo, to)}`);
      }
    }
  });

  test('each rule page has its web address on the repository', () => {
    assert.equal(ruleHelpUri('pillar-empty'), 'https://github.com/strategy-notes/strategy-notes/blob/main/docs/rules/pillar-empty.md');
    const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
    assert.ok(ruleHelpUri('x').startsWith(manifest.repository.url + '/'), 'the address is on package.json\'s repository');
  });

  test("a diagnostic's link opens the rule's page, a file that exists", () => {
    for (const rule of allRules) {
      const href = rulePageHref(rule.id);
      assert.match(href, /^file:/);
      const file = fileURLToPath(href);
      assert.ok(existsSync(file), `${file} exists`);
      assert.equal(path.basename(file), `${rule.id}.md`);
    }
    // Without the shipped pages: the web page.
    assert.equal(pageHref('pillar-empty', undefined), ruleHelpUri('pillar-empty'));
    assert.equal(pageHref('pillar-empty', path.join(repo, 'no-such-folder')), ruleHelpUri('pillar-empty'));
    const problem = rulePageHref('front-matter-invalid');
    assert.ok(existsSync(fileURLToPath(problem.replace(/#.*$/, ''))), problem);
    assert.ok(anchors(readFileSync(fileURLToPath(problem.replace(/#.*$/, '')), 'utf8')).includes(problem.replace(/^.*#/, '')), `${problem}: the heading exists`);
  });

  test("README's rule table is the one the rule modules give", () => {
    try {
      execFileSync(process.execPath, ['--import', 'tsx', path.join(repo, 'scripts/rules-table.mjs'), '--check'], { cwd: repo, stdio: 'pipe' });
    } catch (error) {
      assert.fail(String((error as { stderr?: Buffer }).stderr ?? error));
    }
  });
});

/** GitHub's anchors of a Markdown text's headings (outside code blocks). */
function anchors(text: string): string[] {
  const slugger = new GithubSlugger();
  return withoutCode(text)
    .split('\n')
    .filter((l) => /^#{1,6} /.test(l))
    .map((l) => slugger.slug(l.replace(/^#+ /, '')));
}

/** The text without code blocks and code spans (their links and headings are examples). */
function withoutCode(text: string): string {
  return text.replace(/^```[^]*?^```/gm, '').replace(/(`+)[^`\n][^\n]*?\1/g, '');
}
