// Completion from the workspace index: tag sections (only their library, half-typed items
// too), `[[` references (both libraries), related articles, heading slugs and paths; and the
// answers following entries created, renamed, deleted and re-aliased.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { completionList, completions, firstBySortText, narrowCompletions, type CompletionEntry } from '../../server/src/engine/features/completion';
import { disclaimer, md } from './helpers';
import { fixture, moats, root, type Fixture } from './features-fixture';

/** The document with `find` replaced by `replacement` (which holds a `‸`). */
function edited(text: string, find: string, replacement: string): string {
  assert.ok(text.includes(find), `"${find}" not in text`);
  return text.replace(find, replacement);
}

function complete(f: Fixture, rel: string, text: string, options = {}): CompletionEntry[] {
  const doc = f.doc(rel, text);
  return completions(doc, doc.cursor, f.indexer.index, options);
}

const labels = (items: CompletionEntry[]) => items.map((i) => i.label).sort();
/** In the order the editor shows them (by sortText). */
const ordered = (items: CompletionEntry[]) => [...items].sort((a, b) => (a.sortText < b.sortText ? -1 : 1)).map((i) => i.label);
/** What the editor keeps as the writer types `typed` (a word of filterText starts with it, case-insensitively). */
const kept = (items: CompletionEntry[], typed: string) =>
  items
    .filter((i) => new RegExp(`(?:^|[\\s\\[])${typed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i').test(i.filterText))
    .map((i) => i.label)
    .sort();

const concepts = ['Economies of Scale', 'Flywheel', 'Network Effects', 'Switching Costs'];
const companies = ['Nestlé', 'Netflix', 'Streamvale', 'northwind-logistics'].sort();

const plainArticle = (body: string) => md`
  # Plain

  Some text.

  ${body}

  ${disclaimer}
`;

describe('completion in tag sections', () => {
  test('a half-typed concept item offers concept entries only, replacing the typed text', async () => {
    const f = await fixture();
    const items = complete(f, 'articles/moats.md', edited(moats, '- Netflix\n\nFrom the Company', '- Netflix\n- Net‸\n\nFrom the Company'));
    assert.deepEqual(labels(items), concepts);
    const ne = items.find((i) => i.label === 'Network Effects')!;
    assert.equal(ne.kind, 'concept');
    assert.equal(ne.insertText, 'Network Effects');
    assert.deepEqual(ne.replaceRange, { start: { line: 24, character: 2 }, end: { line: 24, character: 5 } });
    assert.deepEqual(kept(items, 'Net'), ['Network Effects']);
  });

  test('entries the section already tags (by title, reference or alias) come last', async () => {
    const f = await fixture();
    const items = complete(f, 'articles/moats.md', edited(moats, '- Netflix\n\nFrom the Company', '- Netflix\n- ‸\n\nFrom the Company'));
    assert.deepEqual(ordered(items), ['Economies of Scale', 'Flywheel', 'Network Effects', 'Switching Costs']);
    const last = items.filter((i) => i.sortText.startsWith('1')).map((i) => i.label).sort();
    assert.deepEqual(last, ['Network Effects', 'Switching Costs']);
    assert.match(items.find((i) => i.label === 'Switching Costs')!.detail, /already tagged/);
  });

  test('the item being edited does not count as already tagged', async () => {
    const f = await fixture();
    const items = complete(f, 'articles/moats.md', edited(moats, '- Network Effects\n', '- Network Eff‸ects\n'));
    const ne = items.find((i) => i.label === 'Network Effects')!;
    // Still last: "Metcalfe's law" tags the same entry by its alias.
    assert.ok(ne.sortText.startsWith('1'));
    const items2 = complete(f, 'articles/moats.md', edited(moats, '- [[Switching Costs]]\n', '- Switching‸\n'));
    assert.ok(items2.find((i) => i.label === 'Switching Costs')!.sortText.startsWith('0'));
    // The whole item is replaced, not just what is left of the cursor.
    const sw = items2.find((i) => i.label === 'Switching Costs')!;
    assert.deepEqual([sw.replaceRange.start.character, sw.replaceRange.end.character], [2, 11]);
  });

  test('`- ` right after the header, with or without a blank line, and in the older headers', async () => {
    const f = await fixture();
    for (const body of [
      'From the Concept Library, concepts for this article are:\n- ‸',
      'From the Concept Library, concepts for this article are:\n\n- ‸',
      'Concepts for this class:\n- ‸',
      '**Concepts for this class:**\n\n- Flywheel\n\n- ‸',
      'From the Concept Library, concept for this article is:\n* ‸',
    ]) {
      const items = complete(f, 'articles/new.md', plainArticle(body));
      assert.deepEqual(labels(items), concepts, body);
      assert.equal(items[0].replaceRange.start.character, 2, body);
    }
    for (const body of ['Companies for this class:\n- ‸', 'From the Company Library, companies for this article are:\n\n- Netflix\n- ‸']) {
      assert.deepEqual(labels(complete(f, 'articles/new.md', plainArticle(body))), companies, body);
    }
  });

  test('a CRLF document: the line ending is not part of the item', async () => {
    const f = await fixture();
    const items = complete(f, 'articles/new.md', '# New\r\n\r\nConcepts for this class:\r\n- Flyw‸heel\r\n');
    assert.deepEqual(labels(items), concepts);
    assert.deepEqual(items[0].replaceRange, { start: { line: 3, character: 2 }, end: { line: 3, character: 10 } });
  });

  test('outside a tag section, and on the list marker, nothing is offered', async () => {
    const f = await fixture();
    assert.deepEqual(complete(f, 'articles/new.md', plainArticle('Some list:\n\n- Net‸')), []);
    assert.deepEqual(complete(f, 'articles/new.md', plainArticle('Concepts for this class:\n‸- Net')), []);
    assert.deepEqual(complete(f, 'articles/new.md', plainArticle('Concepts for this class:\n\nA paragraph.\n\n- Net‸')), []);
  });

  test('an alias finds its entry and the entry title is inserted; accents are folded', async () => {
    const f = await fixture();
    const items = complete(f, 'articles/moats.md', edited(moats, '- nflx\n', '- nfl‸\n'));
    assert.deepEqual(kept(items, 'nfl'), ['Netflix']);
    const netflix = items.find((i) => i.label === 'Netflix')!;
    assert.equal(netflix.insertText, 'Netflix');
    assert.match(netflix.filterText, /NFLX/);
    assert.deepEqual(netflix.aliases, ['NFLX']);
    assert.equal(netflix.detail.startsWith('Company · also NFLX'), true);

    const nestle = complete(f, 'articles/moats.md', edited(moats, '- nflx\n', '- Nestle‸\n'));
    assert.deepEqual(kept(nestle, 'Nestle'), ['Nestlé']);
    assert.equal(nestle.find((i) => i.label === 'Nestlé')!.insertText, 'Nestlé');
    assert.deepEqual(kept(nestle, 'Nestle S.A'), ['Nestlé']);
  });

  test('the documentation shows the summary and the entry file', async () => {
    const f = await fixture();
    const items = complete(f, 'articles/new.md', plainArticle('Concepts for this class:\n- ‸'), { root });
    const ne = items.find((i) => i.label === 'Network Effects')!;
    assert.match(ne.documentation!, /A product gets more valuable as more people use it\./);
    assert.match(ne.documentation!, /Concept Library: `library\/concepts\/network-effects\.md`/);
    // Without a root, the path is relative to the article.
    const rel = complete(f, 'articles/new.md', plainArticle('Concepts for this class:\n- ‸'));
    assert.match(rel.find((i) => i.label === 'Flywheel')!.documentation!, /`\.\.\/library\/concepts\/flywheel\.md`/);
  });

  test('a link being written in a tag section inserts a link to the entry file', async () => {
    const f = await fixture();
    const items = complete(f, 'articles/new.md', plainArticle('Companies for this class:\n- [Str‸'));
    const sv = items.find((i) => i.label === 'Streamvale')!;
    assert.equal(sv.insertText, '[Streamvale](../library/companies/streamvale.md)');
    assert.ok(sv.filterText.startsWith('[Streamvale'));
    assert.deepEqual(labels(items), companies);
  });
});

describe('completion after [[', () => {
  test('in prose: entries of both libraries, marked Concept or Company, inserting the title and `]]`', async () => {
    const f = await fixture();
    const items = complete(f, 'articles/moats.md', edited(moats, 'Scale helps [[Nestle]].', 'Scale helps [[Net‸ and more.'));
    assert.deepEqual(labels(items), [...concepts, ...companies].sort());
    const netflix = items.find((i) => i.label === 'Netflix')!;
    assert.equal(netflix.insertText, 'Netflix]]');
    assert.match(netflix.detail, /^Company/);
    assert.match(items.find((i) => i.label === 'Flywheel')!.detail, /^Concept · also Virtuous Cycle/);
    assert.deepEqual(netflix.replaceRange, { start: { line: 6, character: 14 }, end: { line: 6, character: 17 } });
    assert.deepEqual(kept(items, 'Net'), ['Netflix', 'Network Effects']);
    assert.deepEqual(kept(items, 'virtuous'), ['Flywheel']);
  });

  test('an auto-closed `[[‸]]` or a name being changed keeps its closing brackets and shown text', async () => {
    const f = await fixture();
    const closed = complete(f, 'articles/new.md', plainArticle('About [[‸]] here.'));
    const nf = closed.find((i) => i.label === 'Netflix')!;
    assert.equal(nf.insertText, 'Netflix');
    assert.deepEqual([nf.replaceRange.start.character, nf.replaceRange.end.character], [8, 8]);
    const inside = complete(f, 'articles/new.md', plainArticle('About [[Net‸flx|the streamer]] here.'));
    const nf2 = inside.find((i) => i.label === 'Netflix')!;
    assert.equal(nf2.insertText, 'Netflix');
    assert.deepEqual([nf2.replaceRange.start.character, nf2.replaceRange.end.character], [8, 14]);
    // A lone `]` (one bracket auto-closed) is replaced along with the name.
    const lone = complete(f, 'articles/new.md', plainArticle('About [[Net‸] here.'));
    const nf3 = lone.find((i) => i.label === 'Netflix')!;
    assert.equal(nf3.insertText, 'Netflix]]');
    assert.deepEqual([nf3.replaceRange.start.character, nf3.replaceRange.end.character], [8, 12]);
  });

  test('inside a tag item, `[[` offers that section’s library only', async () => {
    const f = await fixture();
    const items = complete(f, 'articles/new.md', plainArticle('Concepts for this class:\n- [[Sw‸'));
    assert.deepEqual(labels(items), concepts);
    assert.equal(items.find((i) => i.label === 'Switching Costs')!.insertText, 'Switching Costs]]');
  });

  test('not in shown text, a closed reference, code or front matter', async () => {
    const f = await fixture();
    assert.deepEqual(complete(f, 'articles/new.md', plainArticle('About [[Netflix|the str‸')), []);
    assert.deepEqual(complete(f, 'articles/new.md', plainArticle('About [[Netflix]] and ‸more.')), []);
    assert.deepEqual(complete(f, 'articles/new.md', plainArticle('```\n[[Net‸\n```')), []);
    assert.deepEqual(complete(f, 'articles/new.md', plainArticle('Inline `[[Net‸` code.')), []);
    assert.deepEqual(complete(f, 'articles/new.md', '---\ntitle: [[Net‸\n---\n\n# T\n'), []);
    // After the fence closes, completion is back.
    assert.ok(complete(f, 'articles/new.md', plainArticle('```\ncode\n```\n\n[[Net‸')).length > 0);
  });
});

describe('completion of related articles, headings and paths', () => {
  test('a related-articles item offers other articles, inserting a Markdown link with a relative path', async () => {
    const f = await fixture({ 'articles/deep/nested.md': '# Nested Piece\n' });
    const items = complete(f, 'articles/moats.md', edited(moats, '- Habit Loops\n', '- Habit Loops\n- Nes‸\n'));
    assert.deepEqual(labels(items), ['Habit Loops', 'Nested Piece', 'Pricing Ladders']);
    assert.equal(items.find((i) => i.label === 'Nested Piece')!.insertText, '[Nested Piece](deep/nested.md)');
    // Articles the list already has (by link or by title) come last.
    assert.deepEqual(ordered(items), ['Nested Piece', 'Habit Loops', 'Pricing Ladders']);
    assert.equal(items[0].kind, 'article');

    const fromDeep = complete(f, 'articles/deep/nested.md', '# Nested Piece\n\nRelated articles:\n\n- Stream‸\n');
    const m = fromDeep.find((i) => i.label === 'Streaming Moats')!;
    assert.equal(m.insertText, '[Streaming Moats](../moats.md)');
    assert.deepEqual(m.replaceRange, { start: { line: 4, character: 2 }, end: { line: 4, character: 8 } });
    assert.ok(!fromDeep.some((i) => i.label === 'Nested Piece'), 'not the article itself');
  });

  test('after `#` in a link to an article: that article’s heading slugs; `](#` this document’s', async () => {
    const f = await fixture();
    const items = complete(f, 'articles/habit.md', edited(await f.read('articles/habit.md'), 'Text.', 'See [the ladder](pricing.md#the‸).'));
    assert.deepEqual(items.map((i) => i.label), ['pricing-ladders', 'the-price-ladder']);
    assert.equal(items[1].kind, 'heading');
    assert.equal(items[1].detail, '## The Price Ladder');
    assert.deepEqual([items[1].replaceRange.start.character, items[1].replaceRange.end.character], [28, 31]);
    const own = complete(f, 'articles/habit.md', edited(await f.read('articles/habit.md'), 'Text.', 'See [below](#‸).'));
    assert.deepEqual(own.map((i) => i.label), ['habit-loops', '1-cue', '2-reward']);
    // A related item's link, with the rest of the fragment after the cursor replaced too.
    const related = complete(f, 'articles/moats.md', edited(moats, '(pricing.md#the-price-ladder)', '(pricing.md#the-‸price-ladder)'));
    assert.deepEqual(related.map((i) => i.label), ['pricing-ladders', 'the-price-ladder']);
    assert.equal(related[0].replaceRange.end.character - related[0].replaceRange.start.character, 'the-price-ladder'.length);
    // A link to a file the index does not have: no headings.
    assert.deepEqual(complete(f, 'articles/habit.md', edited(await f.read('articles/habit.md'), 'Text.', 'See [x](nowhere.md#‸).')), []);
  });

  test('in a link destination before `#`: Markdown paths relative to the document', async () => {
    const f = await fixture();
    const anywhere = complete(f, 'articles/habit.md', edited(await f.read('articles/habit.md'), 'Text.', 'See [x](‸).'));
    const paths = anywhere.map((i) => i.insertText).sort();
    assert.ok(paths.includes('pricing.md') && paths.includes('../library/companies/netflix.md'));
    assert.ok(!paths.includes('habit.md'), 'not the document itself');
    assert.equal(anywhere.find((i) => i.insertText === 'pricing.md')!.detail, 'Pricing Ladders');
    assert.ok(anywhere.every((i) => i.kind === 'path'));
    // Nearer files first.
    assert.equal(anywhere.sort((a, b) => (a.sortText < b.sortText ? -1 : 1))[0].insertText, 'moats.md');

    // In a related item: articles; the path part is replaced, the fragment kept.
    const related = complete(f, 'articles/moats.md', edited(moats, '(pricing.md#the-price-ladder)', '(pri‸cing.md#the-price-ladder)'));
    assert.deepEqual(related.map((i) => i.insertText).sort(), ['habit.md', 'pricing.md']);
    assert.deepEqual([related[0].replaceRange.start.character, related[0].replaceRange.end.character], [20, 30]);
    // In a company tag's link: company entries.
    const tag = complete(f, 'articles/moats.md', edited(moats, '(../library/companies/netflix.md)', '(../library/‸)'));
    assert.deepEqual(tag.map((i) => i.label).sort(), ['../library/companies/nestle.md', '../library/companies/netflix.md', '../library/companies/northwind-logistics.md', '../library/companies/streamvale.md']);
    // Web links are left alone.
    assert.deepEqual(complete(f, 'articles/habit.md', edited(await f.read('articles/habit.md'), 'Text.', 'See [x](https://exa‸).')), []);
  });
});

describe('completion follows the library as it changes', () => {
  test('entries created, renamed, deleted and an alias added', async () => {
    const f = await fixture();
    const text = plainArticle('From the Concept Library, concepts for this article are:\n- ‸');
    await f.write({ 'library/concepts/moats.md': '# Moats\n\nWhat keeps rivals out.\n' });
    assert.ok(labels(complete(f, 'articles/new.md', text)).includes('Moats'));

    await f.write({ 'library/concepts/moats.md': '# Economic Moats\n\nWhat keeps rivals out.\n' });
    let items = complete(f, 'articles/new.md', text);
    assert.ok(labels(items).includes('Economic Moats') && !labels(items).includes('Moats'));

    await f.write({ 'library/concepts/switching-costs.md': undefined });
    items = complete(f, 'articles/new.md', text);
    assert.ok(!labels(items).includes('Switching Costs'));

    await f.write({ 'library/concepts/flywheel.md': '---\ntitle: "Flywheel"\naliases: [Virtuous Cycle, Momentum Loop]\n---\n' });
    items = complete(f, 'articles/new.md', text);
    assert.deepEqual(kept(items, 'Momentum'), ['Flywheel']);
    // A concept moved to the company library leaves the concept list.
    await f.write({ 'library/concepts/flywheel.md': undefined, 'library/companies/flywheel.md': '# Flywheel\n' });
    assert.ok(!labels(complete(f, 'articles/new.md', text)).includes('Flywheel'));
    assert.ok(labels(complete(f, 'articles/new.md', plainArticle('Companies for this class:\n- ‸'))).includes('Flywheel'));
  });
});

describe('narrowing a long list', () => {
  const entry = (title: string, aliases: string[] = []): CompletionEntry => ({
    label: title,
    kind: 'concept',
    insertText: title,
    filterText: [title, ...aliases].join(' '),
    detail: 'Concept',
    replaceRange: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } },
    sortText: `0:${title.toLowerCase()}`,
  });
  const library = Array.from({ length: 300 }, (_, i) => entry(`Entry ${String(i).padStart(3, '0')}`));
  library.push(entry('Nestlé', ['Nestle Group']), entry('Network Effects', ['Flywheel']));

  test('nothing typed: every entry, up to the limit, in sort order, marked incomplete only when cut', () => {
    const small = narrowCompletions(library.slice(0, 50), '');
    assert.equal(small.entries.length, 50);
    assert.equal(small.incomplete, false);
    const cut = narrowCompletions(library, '', 100);
    assert.equal(cut.entries.length, 100);
    assert.equal(cut.entries[0].label, 'Entry 000');
    assert.equal(cut.incomplete, true);
  });

  test('what was typed keeps the entries holding its letters in order, in a title or an alias, accents folded', () => {
    assert.deepEqual(narrowCompletions(library, 'nstl').entries.map((e) => e.label), ['Nestlé']);
    assert.deepEqual(narrowCompletions(library, 'NESTLÉ').entries.map((e) => e.label), ['Nestlé']);
    assert.deepEqual(narrowCompletions(library, 'flyw').entries.map((e) => e.label), ['Network Effects'], 'by alias');
    assert.deepEqual(narrowCompletions(library, '[[netw').entries.map((e) => e.label), ['Network Effects'], 'brackets before the name do not count');
    const narrowed = narrowCompletions(library, 'entry 29');
    const kept = narrowed.entries.map((e) => e.label);
    assert.deepEqual(kept.slice(0, 2), ['Entry 029', 'Entry 129']);
    assert.ok(kept.includes('Entry 229') && !kept.includes('Entry 000') && !kept.includes('Nestlé'));
    assert.equal(narrowed.incomplete, true);
  });
});

test('property: a list narrowed as it is made is the whole list narrowed after, in every context, for what was typed and any limit', async () => {
  const f = await fixture();
  const habit = await f.read('articles/habit.md');
  // Each context with the typed text in place of `@`.
  const contexts: [string, string, string, string][] = [
    ['articles/moats.md', moats, '- Netflix\n\nFrom the Company', '- Netflix\n- @‸\n\nFrom the Company'],
    ['articles/moats.md', moats, '- Habit Loops\n', '- Habit Loops\n- @‸\n'],
    ['articles/moats.md', moats, '- Habit Loops\n', '- Habit Loops\n- [@‸\n'],
    ['articles/moats.md', moats, 'Scale helps [[Nestle]].', 'Scale helps [[@‸ and more.'],
    ['articles/moats.md', moats, 'Scale helps [[Nestle]].', 'Scale helps [[@‸]] and more.'],
    ['articles/moats.md', moats, '(pricing.md#the-price-ladder)', '(@‸pricing.md#the-price-ladder)'],
    ['articles/habit.md', habit, 'Text.', 'See [x](@‸).'],
    ['articles/habit.md', habit, 'Text.', 'See [below](#@‸).'],
  ];
  const related = moats.match(/^.*\(pricing\.md#the-price-ladder\).*$/m)![0];
  contexts.push(['articles/moats.md', moats, related, `${related}\n- @‸`]);
  const seen = { cut: 0, narrowed: 0, kinds: new Set<string>() };
  fc.assert(
    fc.property(fc.nat({ max: contexts.length - 1 }), fc.stringMatching(/^[a-zA-Zé \-]{0,4}$/), fc.integer({ min: 1, max: 6 }), (at, typed, limit) => {
      const [rel, text, find, replacement] = contexts[at];
      const doc = f.doc(rel, edited(text, find, replacement.replace('@', typed)));
      const all = completions(doc, doc.cursor, f.indexer.index);
      const start = all[0]?.replaceRange.start;
      const line = doc.text.split(/\r?\n/)[doc.cursor.line];
      const typedThere = start && start.line === doc.cursor.line ? line.slice(start.character, doc.cursor.character) : '';
      const made = completionList(doc, doc.cursor, f.indexer.index, {}, limit);
      assert.deepStrictEqual(made, narrowCompletions(all, typedThere, limit));
      if (all.length > limit) seen.cut++;
      if (made.incomplete && made.entries.length < limit) seen.narrowed++;
      for (const e of made.entries) seen.kinds.add(e.kind);
    }),
    { numRuns: 400 },
  );
  assert.ok(seen.cut > 50 && seen.narrowed > 20, JSON.stringify(seen));
  assert.deepEqual([...seen.kinds].sort(), ['article', 'company', 'concept', 'heading', 'path']);
});

test('firstBySortText gives what a stable sort by sortText and a slice give (ties in their order)', () => {
  fc.assert(
    fc.property(fc.array(fc.stringMatching(/^[01]:[abc]{0,2}$/), { maxLength: 300 }), fc.integer({ min: 1, max: 120 }), (keys, limit) => {
      const entries = keys.map((sortText, i) => ({ sortText, label: String(i) }) as unknown as CompletionEntry);
      const expected = [...entries].sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0)).slice(0, limit);
      assert.deepEqual(firstBySortText(entries, limit).map((e) => e.label), expected.map((e) => e.label));
    }),
    { numRuns: 2000 },
  );
});
