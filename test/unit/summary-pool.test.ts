// The summary pool: summaries made on worker threads (the built dist/summary-worker.js: run
// `node scripts/build.mjs` first) are the summaries made on this thread, after the structured
// clone, for every file of the example workspace; without a worker file, or when the workers
// fail, files are summarized on this thread (and a failure is told once).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { resolveConfig, type ConfigSource } from '../../server/src/engine/config';
import { summarizeAndCheck } from '../../server/src/engine/features/split-check';
import { WorkspaceIndexer, summarizeText } from '../../server/src/engine/workspace/indexer';
import { FsWorkspace } from '../../server/src/node/fs-workspace';
import { SummaryPool, defaultThreads } from '../../server/src/node/summary-pool';

const repo = path.resolve(__dirname, '../..');
const workerPath = path.join(repo, 'dist/summary-worker.js');
const exampleRoot = path.join(repo, 'example');
const config = resolveConfig([{ origin: 'example/.strategy-notes.json', text: readFileSync(path.join(exampleRoot, '.strategy-notes.json'), 'utf8') }]).config;

describe('the summary pool', () => {
  const pools: SummaryPool[] = [];
  after(() => Promise.all(pools.map((p) => p.close())));

  test('the worker file is built', () => {
    assert.ok(existsSync(workerPath), 'run `node scripts/build.mjs` first');
  });

  test('summaries from the threads equal those made here, for every file of the example workspace', async () => {
    const pool = new SummaryPool({ workerPath, threads: 2 });
    pools.push(pool);
    assert.equal(pool.onWorkers, true);
    assert.equal(pool.concurrency, 32, 'eight tasks queued on each thread, as many waiting here');
    const ws = new FsWorkspace(exampleRoot, config);
    const files = await ws.listFiles();
    assert.ok(files.length > 10 && files.some((f) => f.role === 'concept-entry') && files.some((f) => f.role === 'article'));
    const builder = new ArticleBuilder();
    const texts = await Promise.all(files.map((f) => ws.readFile(f.uri)));
    const fromPool = await Promise.all(files.map((f, i) => pool.summarize(f.uri, f.role, texts[i]!)));
    files.forEach((f, i) => assert.deepStrictEqual(fromPool[i], summarizeText(f.uri, f.role, texts[i]!, builder), f.uri));
    assert.equal(pool.onWorkers, true, 'no worker failed');

    // And an index built through the pool is the index built here.
    const here = new WorkspaceIndexer(ws, async () => {});
    await here.build();
    const there = new WorkspaceIndexer(new FsWorkspace(exampleRoot, config), async () => {}, pool, pool.concurrency);
    await there.build();
    const sorted = (i: WorkspaceIndexer) => [...i.index.all()].sort((a, b) => (a.uri < b.uri ? -1 : 1));
    assert.deepStrictEqual(sorted(there), sorted(here));
  });

  test('checks from the threads, under a config they resolve from its sources, equal those made here', async () => {
    const pool = new SummaryPool({ workerPath, threads: 2 });
    pools.push(pool);
    // Settings and a config file, as the server resolves a project's config: the threads get the sources.
    const sources: ConfigSource[] = [
      { origin: 'settings (strategyNotes)', value: { rules: { 'unknown-concept': 'error', 'pillar-empty': 'off' }, disclaimer: { pattern: 'not financial advice' } } },
      { origin: '.strategy-notes.json', text: readFileSync(path.join(exampleRoot, '.strategy-notes.json'), 'utf8') },
    ];
    const under = { key: JSON.stringify(sources), sources, config: resolveConfig(sources).config };
    const ws = new FsWorkspace(exampleRoot, under.config);
    const files = (await ws.listFiles()).filter((f) => f.role !== 'other');
    const texts = await Promise.all(files.map((f) => ws.readFile(f.uri)));
    const fromPool = await Promise.all(files.map((f, i) => pool.summarizeAndCheck(f.uri, f.role, texts[i]!, under)));
    const builder = new ArticleBuilder();
    let findings = 0;
    files.forEach((f, i) => {
      const here = summarizeAndCheck(f.uri, f.role, texts[i]!, builder, under.config, false);
      assert.deepStrictEqual(fromPool[i], here, f.uri);
      findings += here.check?.local.length ?? 0;
    });
    assert.ok(findings > 0, 'the disclaimer pattern from settings makes findings');
    assert.equal(pool.onWorkers, true, 'no worker failed');
  });

  test('while every thread has its tasks, this thread summarizes the short files too (helpUpTo): the same summaries and checks', async () => {
    const ws = new FsWorkspace(exampleRoot, config);
    const files = (await ws.listFiles()).filter((f) => f.role !== 'other');
    const texts = await Promise.all(files.map((f) => ws.readFile(f.uri)));
    const under = { key: 'example', sources: [], config };
    const builder = new ArticleBuilder();
    for (const helpUpTo of [64 * 1024, 1]) {
      const pool = new SummaryPool({ workerPath, threads: 1, perThread: 1, helpUpTo });
      pools.push(pool);
      assert.equal(pool.concurrency, 2 + 2);
      // All at once, as an indexer's lanes would: one goes to the thread, the rest wait their turn.
      const made = await Promise.all(files.map((f, i) => pool.summarizeAndCheck(f.uri, f.role, texts[i]!, under)));
      files.forEach((f, i) => assert.deepStrictEqual(made[i], summarizeAndCheck(f.uri, f.role, texts[i]!, builder, config, false), f.uri));
      if (helpUpTo > 1) assert.ok(pool.madeHere > 0 && pool.madeHere < files.length, `${pool.madeHere} of ${files.length} made here`);
      else assert.equal(pool.madeHere, 0, 'no file is that short');
      assert.equal(pool.onWorkers, true);
    }
  });

  test('without a worker file, it summarizes on this thread', async () => {
    const pool = new SummaryPool({ workerPath: path.join(repo, 'dist/no-such-worker.js'), threads: 2 });
    pools.push(pool);
    assert.equal(pool.onWorkers, false);
    assert.equal(pool.concurrency, 1);
    const text = '# Moats\n\nWhat keeps rivals out.\n';
    const summary = pool.summarize('file:///ws/library/concepts/moats.md', 'concept-entry', text);
    assert.ok(!(summary instanceof Promise), 'made on this thread, at once');
    assert.deepStrictEqual(summary, summarizeText('file:///ws/library/concepts/moats.md', 'concept-entry', text, new ArticleBuilder()));
  });

  test('STRATEGY_NOTES_INDEX_THREADS=0 (or no threads) summarizes on this thread', () => {
    assert.equal(defaultThreads({ STRATEGY_NOTES_INDEX_THREADS: '0' }), 0);
    assert.equal(defaultThreads({ STRATEGY_NOTES_INDEX_THREADS: '3' }), 3);
    const auto = defaultThreads({});
    assert.ok(auto >= 1 && auto <= 4);
    const pool = new SummaryPool({ workerPath, threads: 0 });
    pools.push(pool);
    assert.equal(pool.onWorkers, false);
  });

  const brokenWorkers: [string, string][] = [
    ['a handler that throws', 'module.exports = () => { throw new Error("broken handler"); };\n'],
    ['a thread that exits', 'module.exports = () => process.exit(3);\n'],
    ['a file that does not load', 'throw new Error("does not load");\n'],
  ];
  for (const [what, source] of brokenWorkers) test(`when the workers fail (${what}), it summarizes on this thread and says so once`, async () => {
    const broken = path.join(mkdtempSync(path.join(tmpdir(), 'summary-pool-')), 'broken-worker.js');
    writeFileSync(broken, source);
    const logs: string[] = [];
    const pool = new SummaryPool({ workerPath: broken, threads: 1, log: (m) => logs.push(m) });
    pools.push(pool);
    const builder = new ArticleBuilder();
    const texts = ['# A\n', '# B\n\nText.\n', '# C\n'];
    const results = await Promise.all(texts.map((t, i) => pool.summarize(`file:///ws/articles/${i}.md`, 'article', t)));
    results.forEach((r, i) => assert.deepStrictEqual(r, summarizeText(`file:///ws/articles/${i}.md`, 'article', texts[i], builder)));
    assert.equal(pool.onWorkers, false);
    assert.equal(pool.concurrency, 1);
    assert.equal(logs.length, 1, logs.join('\n'));
    assert.match(logs[0], /summary workers failed/);
  });

  test('closed, it summarizes on this thread', async () => {
    const pool = new SummaryPool({ workerPath, threads: 1 });
    await pool.close();
    assert.equal(pool.onWorkers, false);
    const summary = await pool.summarize('file:///ws/articles/a.md', 'article', '# A\n');
    assert.equal(summary.kind, 'article');
  });
});
