// Memory stays with what is open (issue 9): the engine keeps one analysis per key until it is
// forgotten (the server forgets a document when it closes, the CLI each file once it is reported),
// and a kept model re-checked against a changed index re-runs the rules without a build.
// The CLI half runs the built CLI (`node scripts/build.mjs` first) with STRATEGY_NOTES_LOG_ENGINE=1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createEngine, defaultConfig, WorkspaceIndex, type ArticleInput } from '../../server/src/engine';
import { assertBuilt, removeDir, tempDir } from '../helpers/lsp-client';
import { cli } from '../helpers/cli';

const article = (n: number) => `# Article ${n}\n\nHere are 2 reasons:\n\n## 1. One\n\nBody ${n}.\n\n## 2. Two\n\nMore ${n}.\n\nFrom the Concept Library, concepts for this article are:\n- Network Effects\n\nThis article is not investment advice.\n`;

test('the engine keeps an analysis per key until forgotten; closed keys keep nothing', () => {
  const engine = createEngine();
  const config = defaultConfig();
  const index = new WorkspaceIndex();
  const input = (n: number): ArticleInput => ({ key: `file:///w/a-${n}.md`, text: article(n), version: 1, config, isArticle: true, library: { index } });
  for (let n = 0; n < 50; n++) void engine.analyze(input(n)).diagnostics;
  assert.deepEqual(engine.stats(), { kept: 50, builds: 50, checks: 50 });
  for (let n = 5; n < 50; n++) engine.forget(input(n).key);
  assert.equal(engine.stats().kept, 5);
  // The same version again: kept, nothing built or checked.
  void engine.analyze(input(0)).diagnostics;
  assert.deepEqual(engine.stats(), { kept: 5, builds: 50, checks: 50 });
  // The index changed: the kept model is checked again, not built again.
  index.set({ ...engine.analyze(input(1)).summary, uri: 'file:///w/other.md', title: 'Other' });
  void engine.analyze(input(0)).diagnostics;
  assert.deepEqual(engine.stats(), { kept: 5, builds: 50, checks: 51 });
  // A forgotten key is built anew.
  void engine.analyze(input(7)).diagnostics;
  assert.deepEqual(engine.stats(), { kept: 6, builds: 51, checks: 52 });
  for (let n = 0; n < 50; n++) engine.forget(input(n).key);
  assert.equal(engine.stats().kept, 0);
});

test('the CLI streams: every file is analyzed once, reported and let go (the engine keeps nothing after check)', async () => {
  assertBuilt();
  const ws = tempDir('sn-cli-stream-');
  try {
    writeFileSync(path.join(ws, '.strategy-notes.json'), JSON.stringify({ articles: ['articles/**/*.md'] }));
    mkdirSync(path.join(ws, 'library', 'concepts'), { recursive: true });
    writeFileSync(path.join(ws, 'library', 'concepts', 'network-effects.md'), '---\ntitle: Network Effects\n---\nEach user adds value.\n');
    mkdirSync(path.join(ws, 'articles'), { recursive: true });
    for (let n = 0; n < 30; n++) writeFileSync(path.join(ws, 'articles', `a-${n}.md`), article(n));
    process.env.STRATEGY_NOTES_LOG_ENGINE = '1';
    for (const args of [['check', '.'], ['check', '.', '--format', 'json'], ['check', '.', '--fix-dry-run']]) {
      const run = await cli(args, ws);
      const line = /engine keeps (\d+) analyses after (\d+) builds, \d+ checks; (\d+) files finished from their index's model/.exec(run.stderr);
      assert.ok(line, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(Number(line[1]), 0, `${args.join(' ')}: nothing kept`);
      const [builds, finished] = [Number(line[2]), Number(line[3])];
      if (args.includes('--fix-dry-run')) {
        // Files may change before they are checked: each is built again from its text.
        assert.ok(builds >= 31, `${args.join(' ')}: every file built (${builds})`);
      } else {
        // Parsed once: the index's thread built each model and ran the document rules there.
        assert.equal(builds, 0, `${args.join(' ')}: no model built twice`);
        assert.ok(finished >= 31, `${args.join(' ')}: every file finished from its index's model (${finished})`);
      }
    }
  } finally {
    delete process.env.STRATEGY_NOTES_LOG_ENGINE;
    removeDir(ws);
  }
});
