// The texts the model worker warms up on: every construct the dialect's readers handle, then a
// long run of each, a different text at every step (no chunk of one step is another's), and
// nothing is left out of the model (pillars, quotes, lists, code spans, comments and
// directives, references, headings).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { pillarLimit } from '../../server/src/engine/dialect/lines';
import { ChunkCache } from '../../server/src/engine/dialect/chunks';
import { mixedWarmUpSteps, warmUpStep, warmUpSteps, warmUpText } from '../../server/src/node/model-warm-up';

test('the mixed warm-up texts hold every construct, and no two steps share a text', () => {
  const steps = Array.from({ length: warmUpSteps }, (_, step) => warmUpStep(step));
  assert.equal(new Set(steps).size, warmUpSteps);
  const texts = steps.slice(0, mixedWarmUpSteps);
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

test('then one run of each construct: the pieces of each run alike, the runs all different', () => {
  const runs = Array.from({ length: warmUpSteps }, (_, step) => warmUpStep(step)).slice(mixedWarmUpSteps);
  assert.ok(runs.length >= 10, `${runs.length} runs`);
  const mixed = warmUpText(0);
  for (const text of runs) {
    assert.ok(text.length >= 64 * 1024);
    // One construct only: the mixed texts' rarest markers do not all appear.
    assert.ok(!['<div>', '```', '\n===\n', '\n> '].every((marker) => text.includes(marker)), 'a run of one construct, not a mix');
    assert.notEqual(text, mixed);
  }
  const numbered = runs.map((text) => new ArticleBuilder(new ChunkCache()).build(text, 0)).filter((m) => m.pillars.length === pillarLimit);
  assert.ok(numbered.length >= 1, 'one run is a long list of numbered lines, past the pillar limit');
});
