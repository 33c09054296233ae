// Hover on tags, references, related items and an entry's own title — and its answers after
// the library changes.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hover } from '../../server/src/engine/features/hover';
import { fixture, moats, root, withCursor, type Fixture } from './features-fixture';

function hoverAt(f: Fixture, rel: string, text: string) {
  const doc = f.doc(rel, text);
  return hover(doc, doc.cursor, f.indexer.index, { root });
}

describe('hover', () => {
  test('on a tag: title, kind, aliases, summary, how many articles name it, and the file', async () => {
    const f = await fixture();
    const h = hoverAt(f, 'articles/moats.md', withCursor(moats, '- Network Effects\n', 5))!;
    assert.equal(
      h.markdown,
      [
        '**Network Effects** · Concept',
        "Also: Metcalfe's Law, Network Effect",
        'A product gets more valuable as more people use it.',
        'Named in 2 articles · `library/concepts/network-effects.md`',
      ].join('\n\n'),
    );
    assert.deepEqual(h.range, { start: { line: 20, character: 2 }, end: { line: 20, character: 17 } });
  });

  test('on an alias tag, a link tag and an inline reference (accents folded)', async () => {
    const f = await fixture();
    assert.match(hoverAt(f, 'articles/moats.md', withCursor(moats, "- Metcalfe's law", 4))!.markdown, /^\*\*Network Effects\*\* · Concept/);
    const link = hoverAt(f, 'articles/moats.md', withCursor(moats, '(../library/companies/netflix.md)', 3))!;
    assert.match(link.markdown, /^\*\*Netflix\*\* · Company\n\nAlso: NFLX\n\nA streaming company\.\n\nNamed in 2 articles/);
    const nestle = hoverAt(f, 'articles/moats.md', withCursor(moats, '[[Nestle]]', 4))!;
    assert.match(nestle.markdown, /^\*\*Nestlé\*\* · Company/);
    assert.match(nestle.markdown, /A Swiss food company\./);
    assert.match(nestle.markdown, /Named in 1 article ·/);
    assert.deepEqual(nestle.range, { start: { line: 6, character: 12 }, end: { line: 6, character: 22 } });
  });

  test('on an unknown tag or reference: says it names no entry of that library', async () => {
    const f = await fixture();
    assert.equal(hoverAt(f, 'articles/moats.md', withCursor(moats, '- Netflx', 4))!.markdown, '**Netflx** names no entry of the Company Library.');
    assert.equal(hoverAt(f, 'articles/moats.md', withCursor(moats, '[[Unknown Thing]]', 4))!.markdown, '**Unknown Thing** names no entry of the Concept Library or the Company Library.');
    const link = hoverAt(f, 'articles/x.md', '# X\n\nCompanies for this class:\n- [Gone](../library/companies/go‸ne.md)\n')!;
    assert.equal(link.markdown, '`library/companies/gone.md` names no entry of the Company Library.');
  });

  test('on a wrong-library tag: says what it is', async () => {
    const f = await fixture();
    const h = hoverAt(f, 'articles/moats.md', withCursor(moats, '- Netflix\n\nFrom the Company', 4))!;
    assert.match(h.markdown, /^\*\*Netflix\*\* is a company \(an entry of the Company Library\), not a concept: it belongs in the company tags\./);
    assert.match(h.markdown, /\*\*Netflix\*\* · Company/);
  });

  test('a name two entries share shows both', async () => {
    const f = await fixture({ 'library/concepts/netflix-model.md': '---\ntitle: Netflix Model\naliases: [NFLX]\n---\n' });
    const h = hoverAt(f, 'articles/moats.md', withCursor(moats, '[[NFLX]]', 3))!;
    assert.match(h.markdown, /^This name is held by 2 library entries\./);
    assert.match(h.markdown, /\*\*Netflix\*\* · Company/);
    assert.match(h.markdown, /\*\*Netflix Model\*\* · Concept/);
  });

  test('on a related item: the article and heading it points at, or that there is none', async () => {
    const f = await fixture();
    const link = hoverAt(f, 'articles/moats.md', withCursor(moats, '[Pricing Ladders]', 3))!;
    assert.equal(link.markdown, '**Pricing Ladders** · Article · `articles/pricing.md`\n\nHeading: The Price Ladder');
    assert.equal(hoverAt(f, 'articles/moats.md', withCursor(moats, '[Gone]', 2))!.markdown, '`articles/gone.md`: no such Markdown file in the workspace.');
    const plain = hoverAt(f, 'articles/moats.md', withCursor(moats, '- Habit Loops', 4))!;
    assert.equal(plain.markdown, '**Habit Loops** · Article · `articles/habit.md`\n\n1. Cue  \n2. Reward');
    const none = hoverAt(f, 'articles/x.md', '# X\n\nRelated articles:\n- Some Po‸dcast (Episode 12)\n')!;
    assert.equal(none.markdown, 'No article in the workspace has the title **Some Podcast (Episode 12)**.');
  });

  test('on an entry’s title in its own file; nothing in prose', async () => {
    const f = await fixture();
    const h = hoverAt(f, 'library/companies/netflix.md', withCursor(await f.read('library/companies/netflix.md'), '# Netflix', 4))!;
    assert.match(h.markdown, /^\*\*Netflix\*\* · Company/);
    assert.equal(hoverAt(f, 'library/companies/netflix.md', withCursor(await f.read('library/companies/netflix.md'), 'A streaming', 3)), undefined);
    assert.equal(hoverAt(f, 'articles/moats.md', withCursor(moats, 'Scale helps', 3)), undefined);
  });

  test('follows the library: an alias added, the summary edited, an article naming it, the entry deleted', async () => {
    const f = await fixture();
    const text = withCursor(moats, '- Netflx', 4);
    assert.match(hoverAt(f, 'articles/moats.md', text)!.markdown, /names no entry/);
    await f.write({ 'library/companies/netflix.md': '---\ntitle: Netflix\naliases: [NFLX, Netflx]\nsummary: Streams films.\n---\n' });
    let h = hoverAt(f, 'articles/moats.md', text)!;
    assert.match(h.markdown, /^\*\*Netflix\*\* · Company\n\nAlso: NFLX, Netflx\n\nStreams films\.\n\nNamed in 2 articles/);
    await f.write({ 'articles/more.md': '# More\n\nOn [[Netflix]].\n' });
    h = hoverAt(f, 'articles/moats.md', text)!;
    assert.match(h.markdown, /Named in 3 articles/);
    await f.write({ 'library/companies/netflix.md': undefined });
    assert.match(hoverAt(f, 'articles/moats.md', text)!.markdown, /names no entry of the Company Library/);
  });
});
