// Abandoning stale builds and building elsewhere, on in-memory text: a build nobody wants stops
// at its next chunk and keeps what it parsed for the next version; a model sent in parts (as the
// model worker sends it) is the same model put back together; the engine adopts a model built
// elsewhere and keeps it as its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctArticle, typicalArticle } from '../../bench/articles';
import { createEngine, defaultConfig, type ArticleInput } from '../../server/src/engine';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { pillarLimit } from '../../server/src/engine/dialect/lines';
import { AbandonableChunkCache, BuildAbandoned } from '../../server/src/engine/dialect/abandon';
import { joinPart, splitModel } from '../../server/src/node/model-transfer';
import { HeadingItem } from '../../server/src/engine/dialect/heading';
import type { Heading } from '../../server/src/engine/dialect/model';

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
  // Parts are small: none carries much more than 256K characters of JSON, or 8,192 pillars.
  for (const p of parts) {
    if ('json' in p) assert.ok(p.json.length < 300_000, `a part of ${p.json.length} characters`);
    else assert.ok(p.numbers.length <= 8192 * 19 && p.text.length < 300_000, `a part of ${p.numbers.length} numbers`);
  }
  const columns = new Set(parts.flatMap((p) => ('numbers' in p ? [p.path[0]] : [])));
  assert.deepEqual([...columns].sort(), ['headings', 'pillars', 'references'], 'pillars, headings and references go as numbers');
  assert.ok(parts.some((p) => 'json' in p), 'the rest as JSON');
  // What the worker posts is structured-cloned (a pillar part's numbers are transferred).
  const received = structuredClone(head) as typeof model;
  for (const part of structuredClone(parts)) joinPart(received, part);
  assert.deepEqual(comparable(received), expected);
  assert.deepEqual(comparable(model), expected, 'splitting leaves the model as it was');
});

test('pillars cross as numbers and come back as the builder made them, sub-points included', () => {
  const headings: string[] = ['# Heading pillars', ''];
  const lines: string[] = ['# Line pillars', ''];
  for (let i = 1; i <= 10_000; i++) {
    headings.push(`## ${(i % 999) + 1}. Heading pillar ${i}`, '', ...(i % 3 === 0 ? [`Sub-point ${i}:`, `- body of ${i}`] : []), '');
    lines.push(`${(i * 7) % 999 + 1}. Line pillar ${i}`, '');
  }
  for (const [style, text] of [['heading', headings.join('\n')], ['line', lines.join('\n')]] as const) {
    const model = new ArticleBuilder().build(text, 1);
    // 10,000 numbered lines make as many pillars as an article may hold, the rest are the last one's body.
    assert.ok(model.pillars.length === pillarLimit && model.pillars.every((p) => p.style === style), `${model.pillars.length} ${style} pillars`);
    if (style === 'heading') assert.ok(model.pillars.some((p) => p.subPoints.length > 0), 'with sub-points');
    const expected = comparable(model);
    const { head, parts } = splitModel(model);
    assert.equal(parts.filter((p) => p.path[0] === 'pillars').length, 1);
    const received = structuredClone(head);
    for (const part of structuredClone(parts)) joinPart(received, part);
    assert.deepEqual(comparable(received), expected);
    assert.deepEqual(Object.keys(received.pillars[0]), Object.keys(model.pillars[0]), 'in the same field order');
  }
});

test('headings and references cross as numbers and come back as the builder made them, labels and all', () => {
  const lines: string[] = ['# Headings and references', ''];
  for (let i = 1; i <= 9_000; i++) {
    lines.push(i % 2 ? `Heading ${i} with “quotes” and \\ ${'#'.repeat(i % 4)}` : `## ATX ${i} 😀`, i % 2 ? (i % 4 === 1 ? '===' : '---') : '', '');
    lines.push(`See [[Name ${i}]] and [[Other ${i}|shown "${i}"]] and [[${'é'.repeat(i % 5)}x]].`, '');
  }
  const model = new ArticleBuilder().build(lines.join('\n'), 2);
  assert.ok(model.headings.length > 8192 && model.references.length > 8192, `${model.headings.length} headings, ${model.references.length} references`);
  assert.ok(model.references.some((r) => r.label === undefined) && model.references.some((r) => r.label !== undefined), 'with and without labels');
  const { head, parts } = splitModel(model);
  assert.equal(parts.filter((p) => p.path[0] === 'headings').length, Math.ceil(model.headings.length / 8192));
  assert.equal(parts.filter((p) => p.path[0] === 'references').length, Math.ceil(model.references.length / 8192));
  const received = structuredClone(head);
  for (const part of structuredClone(parts)) joinPart(received, part);
  // Exactly as built: the same values, field order and keys (an unlabelled reference keeps
  // `label: undefined`). Headings make their ranges when read: compared in their plain form.
  const plain = (headings: Heading[]) => headings.map((h) => (h instanceof HeadingItem ? h.toJSON() : h));
  assert.ok(received.headings.every((h) => h instanceof HeadingItem));
  assert.deepStrictEqual(plain(received.headings), plain(model.headings));
  assert.deepStrictEqual(received.references, model.references);
  assert.deepEqual(Object.keys(received.references[0]), Object.keys(model.references[0]));
  assert.deepEqual(Object.keys(plain(received.headings)[0]), ['text', 'depth', 'line', 'range']);
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
