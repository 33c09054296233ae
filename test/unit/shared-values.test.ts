// Shared values (engine/workspace/shared-values.ts): a summary or check whose repeated values were
// swapped for the table's copies is equal to the one made, for every file of the example
// workspace and for random plain values; positions and one-line ranges equal in value become one
// frozen object across files; what is not exactly a position or a range is left as it is; and a
// table that reaches its bound starts over without changing any value.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { resolveConfig } from '../../server/src/engine/config';
import { summarizeAndCheck } from '../../server/src/engine/features/split-check';
import { SharedValues } from '../../server/src/engine/workspace/shared-values';
import { FsWorkspace } from '../../server/src/node/fs-workspace';
import { SummaryPool } from '../../server/src/node/summary-pool';
import type { FileSummary } from '../../server/src/engine/workspace/summary';

const repo = path.resolve(__dirname, '../..');
const exampleRoot = path.join(repo, 'example');
const config = resolveConfig([{ origin: 'example/.strategy-notes.json', text: readFileSync(path.join(exampleRoot, '.strategy-notes.json'), 'utf8') }]).config;

/** Every object in `value` that is exactly { line, character }. */
function positionsIn(value: unknown, out: object[] = []): object[] {
  if (typeof value !== 'object' || value === null) return out;
  if (Array.isArray(value)) value.forEach((v) => positionsIn(v, out));
  else if (Object.keys(value).length === 2 && 'line' in value && 'character' in value) out.push(value);
  else for (const v of Object.values(value)) positionsIn(v, out);
  return out;
}

async function exampleFiles() {
  const ws = new FsWorkspace(exampleRoot, config);
  const files = (await ws.listFiles()).filter((f) => f.role !== 'other');
  return Promise.all(files.map(async (f) => ({ ...f, text: (await ws.readFile(f.uri))! })));
}

describe('shared values', () => {
  const pools: SummaryPool[] = [];
  after(() => Promise.all(pools.map((p) => p.close())));

  test('summaries and checks of the example workspace, their values shared, equal the ones made; equal positions are one object', async () => {
    const files = await exampleFiles();
    assert.ok(files.length > 10);
    const builder = new ArticleBuilder();
    const shared = new SharedValues();
    const positions: object[] = [];
    for (const f of files) {
      const made = summarizeAndCheck(f.uri, f.role, f.text, builder, config, false);
      // As it arrives from a summary thread: a copy of everything.
      const arrived = structuredClone(made);
      assert.equal(shared.share(arrived), arrived, 'shared in place');
      assert.deepStrictEqual(arrived, made, f.uri);
      positionsIn(arrived, positions);
    }
    assert.ok(positions.length > 1000, `${positions.length} positions`);
    assert.ok(positions.every((p) => Object.isFrozen(p)), 'every position is a shared, frozen one');
    const byValue = new Map<string, Set<object>>();
    for (const p of positions) {
      const key = JSON.stringify(p);
      if (!byValue.has(key)) byValue.set(key, new Set());
      byValue.get(key)!.add(p);
    }
    assert.ok([...byValue.values()].every((objects) => objects.size === 1), 'one object per position value');
    assert.ok(byValue.size < positions.length / 2, `${byValue.size} distinct of ${positions.length}`);
    assert.equal(shared.size.positions, byValue.size);
  });

  test('the pool shares what its threads make: two files with a tag in the same place hold one range object', async () => {
    const pool = new SummaryPool({ workerPath: path.join(repo, 'dist/summary-worker.js'), threads: 2, shared: new SharedValues() });
    pools.push(pool);
    assert.equal(pool.onWorkers, true, 'run `node scripts/build.mjs` first');
    const text = (title: string) => `# ${title}\n\n## 1. Scale\n\nBody.\n\nFrom the Concept Library, concepts for this article are:\n\n- Network Effects\n\nNot investment advice.\n`;
    const under = { key: 'example', sources: [{ origin: 'example/.strategy-notes.json', text: readFileSync(path.join(exampleRoot, '.strategy-notes.json'), 'utf8') }], config };
    const [a, b] = await Promise.all(['One', 'Two'].map((t) => pool.summarizeAndCheck(`file:///ws/articles/${t}.md`, 'article', text(t), under)));
    const builder = new ArticleBuilder();
    assert.deepStrictEqual(a, summarizeAndCheck('file:///ws/articles/One.md', 'article', text('One'), builder, config, false));
    if (a.summary.kind !== 'article' || b.summary.kind !== 'article') assert.fail('articles');
    const tagA = a.summary.tags.find((t) => t.name === 'Network Effects');
    const tagB = b.summary.tags.find((t) => t.name === 'Network Effects');
    assert.ok(tagA && tagB);
    assert.equal(tagA.range, tagB.range, 'one range object');
    assert.ok(Object.isFrozen(tagA.range));
    assert.throws(() => {
      (tagA.range.start as { line: number }).line = 9;
    }, TypeError);
  });

  test('summarized on this thread (no worker threads), shared in place, every file twice: the same summaries and checks as a fresh builder makes', async () => {
    // The pool's own builder keeps a chunk cache: sharing in place must not reach into what it keeps.
    const pool = new SummaryPool({ threads: 0, shared: new SharedValues() });
    pools.push(pool);
    const files = await exampleFiles();
    const under = { key: 'example', sources: [], config };
    for (let round = 0; round < 2; round++) {
      for (const f of files) {
        const made = pool.summarizeAndCheck(f.uri, f.role, f.text, under);
        assert.ok(!(made instanceof Promise));
        assert.deepStrictEqual(made, summarizeAndCheck(f.uri, f.role, f.text, new ArticleBuilder(), config, false), `${f.uri}, round ${round}`);
        const edited = pool.summarize(f.uri, f.role, `${f.text}\nOne more line.\n`) as FileSummary;
        assert.deepStrictEqual(edited, summarizeAndCheck(f.uri, f.role, `${f.text}\nOne more line.\n`, new ArticleBuilder(), config, false).summary);
      }
    }
  });

  test('the pool leaves the summary of a file over 1 MiB as it came (walking it would hold up requests)', () => {
    const pool = new SummaryPool({ threads: 0, shared: new SharedValues() });
    pools.push(pool);
    const small = '# Small\n\nSee [[Network Effects]].\n';
    const big = `# Big\n\n${'See [[Network Effects]] again.\n\n'.repeat(40_000)}`;
    assert.ok(big.length > 1024 * 1024);
    const [a, b] = [small, big].map((t, i) => pool.summarize(`file:///ws/articles/${i}.md`, 'article', t) as FileSummary);
    if (a.kind !== 'article' || b.kind !== 'article') assert.fail('articles');
    assert.ok(Object.isFrozen(a.references[0].range), 'shared');
    assert.ok(b.references.length > 1000 && !Object.isFrozen(b.references[0].range), 'left as it came');
  });

  test('what is not exactly a position or a one-line range is kept as it is', () => {
    const shared = new SharedValues();
    const odd = {
      extra: { line: 1, character: 2, note: 'x' },
      negative: { line: -1, character: 0 },
      fraction: { line: 1.5, character: 0 },
      far: { line: 2 ** 20, character: 0 },
      wide: { line: 1, character: 2 ** 16 },
      rangeWithMore: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 }, kind: 'tag' },
      multiLine: { start: { line: 1, character: 0 }, end: { line: 3, character: 4 } },
      map: new Map([['a', { line: 1, character: 2 }]]),
      bytes: new Uint8Array([1, 2]),
      long: 'x'.repeat(500),
    };
    const copy = structuredClone(odd);
    shared.share(copy);
    assert.deepStrictEqual(copy, odd);
    for (const k of ['extra', 'negative', 'fraction', 'far', 'wide', 'rangeWithMore', 'multiLine'] as const) assert.equal(Object.isFrozen(copy[k]), false, k);
    // The positions inside are shared; the multi-line range keeps its own object around them.
    assert.ok(Object.isFrozen(copy.rangeWithMore.start) && Object.isFrozen(copy.multiLine.end));
    assert.equal(Object.isFrozen(copy.map.get('a')), false, 'a Map is not walked');
  });

  test('a table at its bound starts over; every value stays what it was', () => {
    const shared = new SharedValues(4);
    const values = Array.from({ length: 30 }, (_, i) => ({ at: { line: i % 11, character: i % 7 }, span: { start: { line: i, character: 1 }, end: { line: i, character: 2 + (i % 3) } }, name: `name ${i % 9}` }));
    for (let round = 0; round < 2; round++) {
      const copy = structuredClone(values);
      shared.share(copy);
      assert.deepStrictEqual(copy, values);
    }
    const size = shared.size;
    assert.ok(size.strings <= 4 && size.positions <= 4 && size.ranges <= 4, JSON.stringify(size));
  });

  test('property: for random plain values, the shared value equals the value', () => {
    const position = fc.record({ line: fc.nat({ max: 40 }), character: fc.nat({ max: 40 }) });
    const range = fc.record({ start: position, end: position });
    const leaf = fc.oneof(position, range, fc.constantFrom('plain', 'link', 'concepts', ''), fc.string({ maxLength: 200 }), fc.integer(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('range', 'start', 'end', 'line', 'character', 'name', 'items'), tie('node'), { maxKeys: 4 })),
    })).node;
    const shared = new SharedValues(64);
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), (values) => {
        // Clones of the same value (a dictionary's null prototype does not survive the clone).
        const copy = structuredClone(values);
        const expected = structuredClone(values);
        shared.share(copy);
        assert.deepStrictEqual(copy, expected);
      }),
      { numRuns: 500 },
    );
  });
});
