// Workspace symbols from the index: articles, pillars ("Article — 3. Title") and library
// entries, filtered by the query and bounded.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { workspaceSymbols } from '../../server/src/engine/features/workspace-symbols';
import { fixture } from './features-fixture';

describe('workspace symbols', () => {
  test('an empty query lists articles, pillars and entries with their kinds', async () => {
    const f = await fixture();
    const all = workspaceSymbols('', f.indexer.index);
    const byKind = (kind: string) => all.filter((s) => s.kind === kind).map((s) => s.name).sort();
    assert.deepEqual(byKind('article'), ['Habit Loops', 'Pricing Ladders', 'Streaming Moats']);
    assert.deepEqual(byKind('pillar'), ['Habit Loops — 1. Cue', 'Habit Loops — 2. Reward', 'Streaming Moats — 1. Scale', 'Streaming Moats — 2. Habit']);
    assert.deepEqual(byKind('concept'), ['Economies of Scale', 'Flywheel', 'Network Effects', 'Switching Costs']);
    assert.deepEqual(byKind('company'), ['Nestlé', 'Netflix', 'Streamvale', 'northwind-logistics']);
    const pillar = all.find((s) => s.name === 'Streaming Moats — 2. Habit')!;
    assert.equal(pillar.containerName, 'Streaming Moats');
    assert.equal(pillar.uri, f.uri('articles/moats.md'));
    assert.equal(pillar.range.start.line, 8);
    const entry = all.find((s) => s.name === 'Netflix')!;
    assert.equal(entry.containerName, 'Company Library');
    assert.equal(entry.range.start.line, 1);
  });

  test('a query matches case- and accent-insensitively, by substring or by letters in order, best first', async () => {
    const f = await fixture();
    const names = (q: string) => workspaceSymbols(q, f.indexer.index).map((s) => s.name);
    assert.deepEqual(names('nestle'), ['Nestlé']);
    assert.deepEqual(names('HABIT'), ['Habit Loops', 'Habit Loops — 1. Cue', 'Habit Loops — 2. Reward', 'Streaming Moats — 2. Habit']);
    assert.deepEqual(names('scale'), ['Economies of Scale', 'Streaming Moats — 1. Scale']);
    // Letters in order: "ntfx" is Netflix.
    assert.deepEqual(names('ntfx'), ['Netflix']);
    assert.deepEqual(names('zzz'), []);
  });

  test('bounded, and following the index', async () => {
    const extra: Record<string, string> = {};
    for (let i = 0; i < 30; i++) extra[`articles/gen-${i}.md`] = `# Generated ${i}\n\n## 1. First\n\nText.\n`;
    const f = await fixture(extra);
    assert.equal(workspaceSymbols('generated', f.indexer.index, { limit: 10 }).length, 10);
    assert.equal(workspaceSymbols('generated', f.indexer.index).length, 60);
    await f.write({ 'library/companies/quillmind.md': '# Quillmind\n', 'articles/gen-0.md': undefined });
    assert.deepEqual(workspaceSymbols('quill', f.indexer.index).map((s) => s.kind), ['company']);
    assert.equal(workspaceSymbols('generated', f.indexer.index).length, 58);
  });
});
