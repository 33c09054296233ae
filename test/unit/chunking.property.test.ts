// Chunking must change nothing: the model built from chunk parses equals the model built
// from one remark parse of the whole text, and an incrementally updated model (warm chunk
// cache, random edits) equals a model built from scratch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { ChunkCache, chunkStarts } from '../../server/src/engine/dialect/chunks';
import { splitLines } from '../../server/src/engine/dialect/text';
import type { ArticleModel } from '../../server/src/engine/dialect/model';
import { boundaryVocabulary } from './helpers';

const vocabulary = boundaryVocabulary;

const articleText = fc.array(fc.constantFrom(...vocabulary), { minLength: 0, maxLength: 60 }).map((ls) => ls.join('\n'));

function comparable(m: ArticleModel): unknown {
  return JSON.parse(JSON.stringify(m));
}

test('chunked parsing builds the same model as parsing the whole text at once', () => {
  const chunked = new ArticleBuilder(new ChunkCache());
  const whole = new ArticleBuilder(new ChunkCache(), true);
  fc.assert(
    fc.property(articleText, (text) => {
      assert.deepEqual(comparable(chunked.build(text)), comparable(whole.build(text)));
    }),
    { numRuns: 3000 },
  );
});

test('an incrementally updated model equals a fresh build after random edits', () => {
  const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 40 }), insert: fc.oneof(fc.constantFrom(...vocabulary).map((l) => l + '\n'), fc.string({ maxLength: 5 }), fc.constantFrom('\n', '\n\n', 'x', ':', '1. ', '```\n')) });
  fc.assert(
    fc.property(articleText, fc.array(edit, { minLength: 1, maxLength: 12 }), (start, edits) => {
      const warm = new ArticleBuilder(new ChunkCache());
      let text = start;
      warm.build(text);
      for (const e of edits) {
        const at = text.length ? e.at % (text.length + 1) : 0;
        text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        const incremental = warm.build(text, 1);
        const fresh = new ArticleBuilder(new ChunkCache()).build(text, 1);
        assert.deepEqual(comparable(incremental), comparable(fresh));
      }
    }),
    { numRuns: 300 },
  );
});

test('the example pasted article splits into many chunks and still matches the whole-text parse', async () => {
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(new URL('../../example/articles/brightmart-focus-pasted.md', import.meta.url), 'utf8');
  const chunked = new ArticleBuilder(new ChunkCache()).build(text);
  // (Small chunks are then read in batches: the cuts are counted, not the cache entries.)
  const cuts = chunkStarts(splitLines(text)).length;
  assert.ok(cuts > 20, `expected the pasted article to be cut into many chunks, got ${cuts}`);
  assert.deepEqual(comparable(chunked), comparable(new ArticleBuilder(new ChunkCache(), true).build(text)));
});

test('the chunk cache stays within its entry and size bounds, and evicted chunks parse again identically', () => {
  const cache = new ChunkCache(10, 200);
  const builder = new ArticleBuilder(cache);
  const text = Array.from({ length: 40 }, (_, i) => `Paragraph number ${i} with some words.`).join('\n\n');
  const first = comparable(builder.build(text));
  const firstMisses = cache.misses;
  assert.ok(cache.size <= 10);
  assert.deepEqual(comparable(builder.build(text)), first);
  assert.ok(firstMisses > 1 && cache.misses >= 2 * firstMisses, 'evicted chunks were parsed again');
});
