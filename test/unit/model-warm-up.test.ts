// The texts the model worker warms up on: every construct the dialect's readers handle, a
// different text at every step (no chunk of one step is another's), and nothing is left out of
// the model (pillars, quotes, lists, code spans, comments and directives, references, headings).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { ChunkCache } from '../../server/src/engine/dialect/chunks';
import { warmUpSteps, warmUpText } from '../../server/src/node/model-warm-up';

test('each warm-up text holds every construct, and no two steps share a text', () => {
  const texts = Array.from({ length: warmUpSteps }, (_, step) => warmUpText(step * 1000));
  assert.equal(new Set(texts).size, warmUpSteps);
  for (const text of texts) {
    assert.ok(text.length >= 64 * 1024);
    for (const construct of ['\n> > ', '\n  - ', '`code ', '<!-- note', 'strategy-notes-disable-next-line', '[[', '\n===\n', '```\n', '<div>']) {
      assert.ok(text.includes(construct), `holds ${JSON.stringify(construct)}`);
    }
    const model = new ArticleBuilder(new ChunkCache()).build(text, 0);
    assert.ok(model.pillars.length > 100 && model.references.length > 100 && model.headings.length > 100 && model.directives.length > 100);
    assert.ok(model.disclaimer, 'the warm-up article ends with a disclaimer');
  }
});
