// Navigation from the workspace index: what stands at a position, go to definition, find all
// references, and document links — and their answers after the library changes.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { definition } from '../../server/src/engine/features/definition';
import { documentLinks } from '../../server/src/engine/features/links';
import { locate, type Location } from '../../server/src/engine/features/locate';
import { references } from '../../server/src/engine/features/references';
import { fixture, moats, root, withCursor, type Fixture } from './features-fixture';

const where = (locations: Location[]) => locations.map((l) => `${l.uri.slice(root.length + 1)}:${l.range.start.line}:${l.range.start.character}`);

function at(f: Fixture, rel: string, text: string) {
  const doc = f.doc(rel, text);
  return { doc, position: doc.cursor };
}

describe('what stands at a position', () => {
  test('tags, references, related items with their parts, and an entry’s title and aliases', async () => {
    const f = await fixture();
    const kinds = (rel: string, text: string) => {
      const doc = f.doc(rel, text);
      const found = locate(doc.summary, doc.cursor);
      if (!found) return undefined;
      if (found.kind === 'tag') return `tag ${found.tag.section} ${found.tag.name} ${found.part}`;
      if (found.kind === 'reference') return `reference ${found.reference.name}`;
      if (found.kind === 'related') return `related ${found.item.name} ${found.part}`;
      return `entry ${found.entry.title} ${found.part}${found.alias ? ` ${found.alias}` : ''}`;
    };
    assert.equal(kinds('articles/moats.md', withCursor(moats, '- Network Effects\n', 4)), 'tag concepts Network Effects name');
    assert.equal(kinds('articles/moats.md', withCursor(moats, '- Network Effects\n', 17)), 'tag concepts Network Effects name', 'at the end of the item');
    assert.equal(kinds('articles/moats.md', withCursor(moats, '(../library/companies/netflix.md)', 5)), 'tag companies Netflix target');
    assert.equal(kinds('articles/moats.md', withCursor(moats, '[[NFLX]]', 3)), 'reference NFLX');
    assert.equal(kinds('articles/moats.md', withCursor(moats, 'pricing.md#the-price', 2)), 'related Pricing Ladders path');
    assert.equal(kinds('articles/moats.md', withCursor(moats, 'pricing.md#the-price', 14)), 'related Pricing Ladders fragment');
    assert.equal(kinds('articles/moats.md', withCursor(moats, '- Habit Loops', 5)), 'related Habit Loops name');
    assert.equal(kinds('articles/moats.md', withCursor(moats, 'Scale helps', 2)), undefined);
    const ne = await f.read('library/concepts/network-effects.md');
    assert.equal(kinds('library/concepts/network-effects.md', withCursor(ne, 'title: Network', 9)), 'entry Network Effects title');
    assert.equal(kinds('library/concepts/network-effects.md', withCursor(ne, '# Network', 4)), 'entry Network Effects title');
    assert.equal(kinds('library/concepts/network-effects.md', withCursor(ne, "Metcalfe's", 2)), "entry Network Effects alias Metcalfe's Law");
    assert.equal(kinds('library/concepts/network-effects.md', withCursor(ne, 'Each new', 2)), 'entry Network Effects body');
  });
});

describe('definition', () => {
  test('from a plain tag, an alias tag, a reference tag, a link tag and an inline reference to the entry’s title', async () => {
    const f = await fixture();
    const def = (find: string, offset: number) => {
      const a = at(f, 'articles/moats.md', withCursor(moats, find, offset));
      return where(definition(a.doc, a.position, f.indexer.index));
    };
    assert.deepEqual(def('- Network Effects\n', 3), ['library/concepts/network-effects.md:1:7']);
    assert.deepEqual(def("- Metcalfe's law", 3), ['library/concepts/network-effects.md:1:7']);
    assert.deepEqual(def('- [[Switching Costs]]', 6), ['library/concepts/switching-costs.md:0:2']);
    assert.deepEqual(def('(../library/companies/netflix.md)', 4), ['library/companies/netflix.md:1:7']);
    assert.deepEqual(def('[[Nestle]]', 3), ['library/companies/nestle.md:1:7']);
    // A concept tag naming a company still leads to the company.
    assert.deepEqual(def('- Netflix\n\nFrom the Company', 4), ['library/companies/netflix.md:1:7']);
    // An entry titled by its file name: the top of its file.
    const doc = f.doc('articles/x.md', '# X\n\nCompanies for this class:\n- Northwind-Log‸istics\n');
    assert.deepEqual(where(definition(doc, doc.cursor, f.indexer.index)), ['library/companies/northwind-logistics.md:0:0']);
  });

  test('an unknown tag or reference has no definition', async () => {
    const f = await fixture();
    const a = at(f, 'articles/moats.md', withCursor(moats, '- Netflx', 4));
    assert.deepEqual(definition(a.doc, a.position, f.indexer.index), []);
    const b = at(f, 'articles/moats.md', withCursor(moats, '[[Unknown Thing]]', 4));
    assert.deepEqual(definition(b.doc, b.position, f.indexer.index), []);
  });

  test('from a related article: a link to the file, `#slug` to the heading, a plain title to the article', async () => {
    const f = await fixture();
    const def = (find: string, offset: number) => {
      const a = at(f, 'articles/moats.md', withCursor(moats, find, offset));
      return where(definition(a.doc, a.position, f.indexer.index));
    };
    assert.deepEqual(def('pricing.md#the-price-ladder', 14), ['articles/pricing.md:2:3']);
    assert.deepEqual(def('[Pricing Ladders]', 3), ['articles/pricing.md:2:3']);
    assert.deepEqual(def('- Habit Loops', 4), ['articles/habit.md:0:2']);
    assert.deepEqual(def('[Gone](gone.md)', 3), [], 'a broken link leads nowhere');
    // A link without a fragment: the top of the file.
    const doc = f.doc('articles/x.md', '# X\n\nRelated articles:\n- [Habit](hab‸it.md)\n');
    assert.deepEqual(where(definition(doc, doc.cursor, f.indexer.index)), ['articles/habit.md:0:0']);
  });

  test('follows an entry renamed and deleted', async () => {
    const f = await fixture();
    const text = '# X\n\nConcepts for this class:\n- Momen‸tum Loop\n';
    const def = () => {
      const doc = f.doc('articles/x.md', text);
      return where(definition(doc, doc.cursor, f.indexer.index));
    };
    assert.deepEqual(def(), []);
    await f.write({ 'library/concepts/momentum.md': '# Momentum Loop\n' });
    assert.deepEqual(def(), ['library/concepts/momentum.md:0:2']);
    await f.write({ 'library/concepts/momentum.md': undefined });
    assert.deepEqual(def(), []);
  });
});

describe('references', () => {
  const moatsUsagesOfNetflix = ['articles/moats.md:2:63', 'articles/moats.md:2:85', 'articles/moats.md:23:2', 'articles/moats.md:27:3', 'articles/moats.md:28:2', 'articles/pricing.md:4:22', 'articles/pricing.md:8:2'];

  test('from a tag: every tag and reference naming the entry by title, alias or link, across the workspace', async () => {
    const f = await fixture();
    const a = at(f, 'articles/moats.md', withCursor(moats, '- nflx', 3));
    assert.deepEqual(where(references(a.doc, a.position, f.indexer.index)), moatsUsagesOfNetflix);
    assert.deepEqual(where(references(a.doc, a.position, f.indexer.index, { includeDeclaration: true })), ['library/companies/netflix.md:1:7', ...moatsUsagesOfNetflix]);
  });

  test('from an inline reference, and from anywhere in the entry file', async () => {
    const f = await fixture();
    const a = at(f, 'articles/habit.md', withCursor(await f.read('articles/habit.md'), '[[network effects]]', 4));
    const expected = ['articles/habit.md:8:2', 'articles/habit.md:8:34', 'articles/moats.md:2:23', 'articles/moats.md:20:2', 'articles/moats.md:22:2'];
    assert.deepEqual(where(references(a.doc, a.position, f.indexer.index)), expected);
    const ne = await f.read('library/concepts/network-effects.md');
    for (const spot of ['Each new', 'summary:', "Metcalfe's"]) {
      const e = at(f, 'library/concepts/network-effects.md', withCursor(ne, spot, 1));
      assert.deepEqual(where(references(e.doc, e.position, f.indexer.index)), expected, spot);
    }
  });

  test('the open document counts by its editor text, not by what the index last heard', async () => {
    const f = await fixture();
    // The article has just gained a tag the index has not seen.
    const text = withCursor(moats.replace('- nflx\n', '- nflx\n- Netflix, again\n- NETFLIX\n'), '- nflx', 3);
    const a = at(f, 'articles/moats.md', text);
    const found = where(references(a.doc, a.position, f.indexer.index));
    assert.ok(found.includes('articles/moats.md:30:2'), found.join(' '));
    assert.ok(!found.includes('articles/moats.md:29:2'), 'a tag naming something else is not a reference');
  });

  test('an alias added, then the entry deleted', async () => {
    const f = await fixture();
    const text = withCursor(await f.read('library/companies/streamvale.md'), 'A fictional', 2);
    const refs = () => {
      const e = at(f, 'library/companies/streamvale.md', text);
      return where(references(e.doc, e.position, f.indexer.index));
    };
    assert.deepEqual(refs(), []);
    await f.write({ 'articles/sv.md': '# SV\n\nAbout [[SV Media]] and [[streamvale]].\n' });
    assert.deepEqual(refs(), ['articles/sv.md:2:25']);
    await f.write({ 'library/companies/streamvale.md': '---\naliases: [SV Media]\n---\n\n# Streamvale\n\nA fictional streaming company.\n' });
    const withAlias = f.doc('library/companies/streamvale.md', withCursor(await f.read('library/companies/streamvale.md'), 'A fictional', 2));
    assert.deepEqual(where(references(withAlias, withAlias.cursor, f.indexer.index)), ['articles/sv.md:2:8', 'articles/sv.md:2:25']);
    // From the article, once the entry is gone: nothing.
    await f.write({ 'library/companies/streamvale.md': undefined });
    const a = f.doc('articles/sv.md', '# SV\n\nAbout [[SV Me‸dia]] and [[streamvale]].\n');
    assert.deepEqual(references(a, a.cursor, f.indexer.index), []);
  });
});

describe('navigation follows the library as it changes', () => {
  test('an entry created, then retitled on disk: definition, references and links move with it', async () => {
    const f = await fixture({ 'articles/ai.md': '# AI\n\nConcepts for this class:\n- Generative AI\n- GenAI\n\nOn [[generative ai]].\n' });
    const tag = () => f.doc('articles/ai.md', '# AI\n\nConcepts for this class:\n- Genera‸tive AI\n- GenAI\n\nOn [[generative ai]].\n');
    const refs = () => {
      const d = tag();
      return where(references(d, d.cursor, f.indexer.index));
    };
    assert.deepEqual(refs(), []);
    await f.write({ 'library/concepts/generative-ai.md': '---\ntitle: Generative AI\naliases: [GenAI]\n---\n' });
    assert.deepEqual(refs(), ['articles/ai.md:3:2', 'articles/ai.md:4:2', 'articles/ai.md:6:5']);
    assert.deepEqual(documentLinks(tag(), f.indexer.index).map((l) => l.range.start.line), [3, 4, 6]);
    // Retitled: the old title names nothing; the alias still does.
    await f.write({ 'library/concepts/generative-ai.md': '---\ntitle: Foundation Models\naliases: [GenAI]\n---\n' });
    assert.deepEqual(refs(), []);
    const d = f.doc('articles/ai.md', '# AI\n\nConcepts for this class:\n- Generative AI\n- Gen‸AI\n\nOn [[generative ai]].\n');
    assert.deepEqual(where(definition(d, d.cursor, f.indexer.index)), ['library/concepts/generative-ai.md:1:7']);
    assert.deepEqual(where(references(d, d.cursor, f.indexer.index)), ['articles/ai.md:4:2']);
  });
});

describe('document links', () => {
  test('tags and references that resolve link to the entry; related links that resolve to their target', async () => {
    const f = await fixture();
    const doc = f.doc('articles/moats.md');
    const links = documentLinks(doc, f.indexer.index, { root });
    const show = links.map((l) => `${l.range.start.line}:${l.range.start.character} ${l.target.slice(root.length + 1)}${l.targetRange ? `@${l.targetRange.start.line}` : ''}`);
    assert.deepEqual(show, [
      '20:2 library/concepts/network-effects.md@1',
      '21:4 library/concepts/switching-costs.md@0',
      '22:2 library/concepts/network-effects.md@1',
      '23:2 library/companies/netflix.md@1',
      '27:3 library/companies/netflix.md@1',
      '28:2 library/companies/netflix.md@1',
      '2:23 library/concepts/network-effects.md@1',
      '2:63 library/companies/netflix.md@1',
      '2:85 library/companies/netflix.md@1',
      '6:14 library/companies/nestle.md@1',
      '14:3 articles/pricing.md@2',
      '16:2 articles/habit.md@0',
    ]);
    assert.equal(links.find((l) => l.range.start.line === 6)!.tooltip, 'Company: Nestlé (library/companies/nestle.md)');
    // `Netflx`, `[[Unknown Thing]]` and the broken `gone.md` have none.
    assert.ok(!links.some((l) => l.range.start.line === 29 || l.range.start.line === 10 || l.range.start.line === 15));
  });

  test('a link with a fragment the target lacks is not a link; a library entry has none', async () => {
    const f = await fixture();
    const doc = f.doc('articles/x.md', '# X\n\nRelated articles:\n- [P](pricing.md#nowhere)\n');
    assert.deepEqual(documentLinks(doc, f.indexer.index), []);
    assert.deepEqual(documentLinks(f.doc('library/companies/netflix.md'), f.indexer.index), []);
  });
});
