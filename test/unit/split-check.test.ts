// The check in two halves (split-check.ts), as the CLI runs it: the document rules where the index
// builds each model, the library rules once the index is complete. For every file of the example
// workspace and of generated ones, under the default config and under one that changes
// severities, turns rules off and sets its own disclaimer pattern, the halves give exactly what
// `checkDocument` gives on the whole model. And the split is by what rules read: a rule not
// marked `readsLibrary` finds the same with and without a library, a marked one nothing without.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { generateWorkspace } from '../../bench/workspace-generator';
import { knownRuleIds, resolveConfig, type Config } from '../../server/src/engine';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { withoutBom } from '../../server/src/engine/dialect/bom';
import { normalizeName } from '../../server/src/engine/dialect/text';
import { checkDocument } from '../../server/src/engine/features/diagnostics';
import { checkedKind, checkLocally, finishCheck, summarizeAndCheck } from '../../server/src/engine/features/split-check';
import { allRules } from '../../server/src/engine/rules';
import { WorkspaceIndexer } from '../../server/src/engine/workspace/indexer';
import { fileNameOf } from '../../server/src/engine/workspace/uris';
import { InMemoryWorkspace } from '../../server/src/engine/workspace/workspace';
import { exampleDir } from '../helpers/lsp-client';

const root = 'file:///ws';
const readsLibrary = (rule: string) => allRules.find((r) => r.id === rule)?.readsLibrary === true;

function markdownFiles(dir: string, base = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) markdownFiles(full, base, out);
    else if (e.name.endsWith('.md') || e.name === '.strategy-notes.json') out[path.relative(base, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
  }
  return out;
}

function configOf(files: Record<string, string>, extra: Record<string, unknown>): Config {
  const own = files['.strategy-notes.json'] ? JSON.parse(files['.strategy-notes.json']) : {};
  const { config, problems } = resolveConfig([{ origin: '.strategy-notes.json', text: JSON.stringify({ ...own, ...extra }) }], knownRuleIds);
  assert.deepEqual(problems, []);
  return config;
}

const otherConfig = {
  rules: { 'pillar-empty': 'off', 'unknown-concept': 'error', 'disclaimer-missing': 'info', 'duplicate-tag': 'off' },
  disclaimer: { pattern: 'not (?:financial|investment) advice', text: 'This is not financial advice.' },
};

/** Every file's whole check against its two halves, on the workspace's own index. */
async function assertSplitAgrees(files: Record<string, string>, extra: Record<string, unknown>): Promise<number> {
  const config = configOf(files, extra);
  const ws = new InMemoryWorkspace(root, files, config);
  const indexer = new WorkspaceIndexer(ws, () => Promise.resolve());
  await indexer.build();
  const builder = new ArticleBuilder();
  let checked = 0;
  for (const { uri, role } of await ws.listFiles()) {
    const kind = checkedKind(role);
    if (!kind) continue;
    const text = withoutBom((await ws.readFile(uri))!);
    const model = builder.build(text, 0, { fileName: fileNameOf(uri), disclaimerPattern: config.disclaimer.pattern });
    const library = { uri, role, index: indexer.index, root };
    const whole = checkDocument(model, config, kind, library);
    // The library rules' findings come without fixes (a report's): the document rules' keep theirs.
    const report = whole.map((d) => (readsLibrary(d.rule) ? { ...d, fixes: [] } : d));
    const summary = indexer.index.get(uri)!;
    assert.deepEqual(finishCheck(checkLocally(model, summary, config, kind), config, kind, library), report, uri);
    // As the index threads make it: from the text, one model for the summary and the check where it can.
    const made = summarizeAndCheck(uri, role, text, new ArticleBuilder(), config);
    assert.deepEqual(made.summary, summary, `${uri}: the summary the index holds`);
    assert.equal(made.check!.summary, made.summary, `${uri}: the check's summary is the summary`);
    assert.deepEqual(finishCheck(made.check!, config, kind, library), report, `${uri}: from summarizeAndCheck`);
    // What the rules read is all there after the round trip a pool thread's result takes.
    assert.deepEqual(finishCheck(structuredClone(made.check!), config, kind, library), report, `${uri}: cloned`);
    // A report's check (the CLI's threads): the same findings, no fixes made.
    const reportOnly = finishCheck(summarizeAndCheck(uri, role, text, new ArticleBuilder(), config, false).check!, config, kind, library);
    assert.deepEqual(reportOnly, whole.map((d) => ({ ...d, fixes: [] })), `${uri}: without fixes`);
    // Without a library, the library rules find nothing and the document rules all they find.
    assert.deepEqual(
      finishCheck(checkLocally(model, summary, config, kind), config, kind),
      whole.filter((d) => !readsLibrary(d.rule)),
      `${uri}: without a library`,
    );
    checked++;
  }
  return checked;
}

describe('split check = whole check', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('the example workspace, default config and another', async () => {
    const files = markdownFiles(exampleDir);
    for (const extra of [{}, otherConfig]) assert.ok((await assertSplitAgrees(files, extra)) >= 20);
  });

  test('links to headings of the article itself, and entries named by their first heading', async () => {
    const files = {
      'articles/self.md': [
        '# Self Links',
        '',
        'Here are two things:',
        '',
        '## 1. Real Heading',
        '',
        'Text about [[Moats]].',
        '',
        '## 2. Other',
        '',
        'More.',
        '',
        'Related articles:',
        '',
        '- [Up](#1-real-heading)',
        '- [Nowhere](#no-such-heading)',
        '',
        'This is not investment advice.',
        '',
      ].join('\n'),
      'library/concepts/moats.md': '# Moats\n\nWhat keeps rivals out.\n',
      'library/concepts/moats-again.md': '---\naliases: [Moats]\n---\n# Moats Again\n\nThe same name twice.\n',
    };
    for (const extra of [{}, otherConfig]) assert.equal(await assertSplitAgrees(files, extra), 3);
  });

  test('generated workspaces (both styles, broken tags and links), default config and another', async () => {
    for (const seed of [1, 2, 3]) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'sn-split-'));
      dirs.push(dir);
      generateWorkspace(dir, { articles: 40, entries: 25, seed });
      const files = markdownFiles(dir);
      for (const extra of [{}, otherConfig]) assert.ok((await assertSplitAgrees(files, extra)) >= 60, `seed ${seed}`);
    }
  });

  test('rules not marked readsLibrary find the same with and without a library; marked ones nothing without', async () => {
    const files = markdownFiles(exampleDir);
    const config = configOf(files, {});
    const ws = new InMemoryWorkspace(root, files, config);
    const indexer = new WorkspaceIndexer(ws, () => Promise.resolve());
    await indexer.build();
    let libraryFindings = 0;
    for (const { uri, role } of await ws.listFiles()) {
      const model = new ArticleBuilder().build(withoutBom((await ws.readFile(uri))!), 0, { fileName: fileNameOf(uri) });
      for (const rule of allRules) {
        const withLibrary = rule.check({ model, config, library: { uri, role, index: indexer.index, root } });
        const without = rule.check({ model, config });
        if (rule.readsLibrary) {
          assert.deepEqual(without, [], `${rule.id} on ${uri}`);
          libraryFindings += withLibrary.length;
        } else assert.deepEqual(withLibrary, without, `${rule.id} on ${uri}`);
      }
    }
    assert.ok(libraryFindings > 0, 'the example has library findings');
  });
});

test('normalizeName: the printable-ASCII path gives what the full normalization gives', () => {
  const full = (name: string) =>
    name
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
  const piece = fc.constantFrom('a', 'Z', ' ', '  ', '\t', '\n', 'é', '\u2019', '\u201C', 'ﬁ', 'İ', '-', '0', '\u00a0', 'ß');
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string(), piece), { maxLength: 12 }), (parts) => {
      const name = parts.join('');
      assert.equal(normalizeName(name), full(name));
    }),
    { numRuns: 3000 },
  );
});
