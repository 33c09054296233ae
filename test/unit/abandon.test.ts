// Abandoning stale builds and building elsewhere, on in-memory text: a build nobody wants stops
// at its next chunk and keeps what it parsed for the next version; a model sent in parts (as the
// model worker sends it) is the same model put back together; the engine adopts a model built
// elsewhere and keeps it as its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctArticle, typicalArticle } from '../../bench/articles';
import { createEngine, defaultConfig, type ArticleInput } from '../../server/src/engine';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { AbandonableChunkCache, BuildAbandoned } from '../../server/src/engine/dialect/abandon';
import { joinPart, splitModel } from '../../server/src/node/model-transfer';

const comparable = (m: unknown): unknown => JSON.parse(JSON.stringify(m));

test('a build that is no longer wanted stops at its next chunk, and the next build reuses what it parsed', () => {
  const text = distinctArticle(400_000);
  const reference = new ArticleBuilder().build(text, 1);
  const cache = new AbandonableChunkCache();
  const builder = new ArticleBuilder(cache);
  let lookups = 0;
  cache.stillWanted = () => ++lookups <= 50;
  assert.throws(() => builder.build(text, 1), BuildAbandoned);
  assert.equal(lookups, 51, 'asked once per chunk, and not a chunk further');
  assert.equal(cache.misses, 50, 'the chunks before it stopped were parsed and kept');

  cache.stillWanted = () => true;
  const model = builder.build(text, 1);
  assert.deepEqual(comparable(model), comparable(reference));
  assert.ok(cache.hits >= 50, `the abandoned build's chunks were reused (${cache.hits} hits)`);
});

test('an abandoned build is not an internal error: BuildAbandoned leaves the builder', () => {
  const cache = new AbandonableChunkCache();
  cache.stillWanted = () => false;
  assert.throws(() => new ArticleBuilder(cache).build(typicalArticle()), BuildAbandoned);
  cache.stillWanted = () => true;
  assert.ok(!new ArticleBuilder(cache).build(typicalArticle()).problems.some((p) => p.code === 'internal-error'));
});

test('a model sent in parts is the same model put back together', () => {
  const text = distinctArticle(600_000) + '\nSee [[Network Effects]] and [[Cainiao]].\n<!-- strategy-notes-disable pillar-empty -->\n';
  const model = new ArticleBuilder().build(text, 3);
  const expected = comparable(model);
  const { head, parts } = splitModel(model);
  assert.ok(parts.length > 5, `${parts.length} parts`);
  assert.deepEqual(head.pillars, [], 'the long arrays travel apart from the head');
  // Parts are small: none carries much more than 256K characters of JSON.
  for (const p of parts) assert.ok(p.json.length < 300_000, `a part of ${p.json.length} characters`);
  const received = comparable(head) as typeof model;
  for (const part of comparable(parts) as typeof parts) joinPart(received, part);
  assert.deepEqual(received, expected);
  assert.deepEqual(comparable(model), expected, 'splitting leaves the model as it was');
});

test('the engine adopts a model built elsewhere and keeps it as its own', () => {
  const builder = new ArticleBuilder();
  const engine = createEngine(builder);
  const text = typicalArticle();
  const input: ArticleInput = { key: 'untitled:a', text, version: 4, config: defaultConfig(), isArticle: true };
  assert.equal(engine.kept(input), undefined, 'nothing kept before a build');
  const model = new ArticleBuilder().build(text, 4);
  const adopted = engine.adopt(input, model);
  assert.equal(adopted.model, model);
  assert.equal(engine.kept(input), adopted);
  const lookups = builder.cache.hits + builder.cache.misses;
  assert.equal(engine.analyze(input), adopted, 'analyze answers with the adopted model');
  assert.equal(builder.cache.hits + builder.cache.misses, lookups, 'without building');
  assert.equal(engine.kept({ ...input, version: 5 }), undefined, 'a newer version is not kept');
  assert.deepEqual(adopted.diagnostics, engine.analyze({ ...input, key: 'untitled:b' }).diagnostics);
});
