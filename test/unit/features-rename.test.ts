// Rename of a library entry: prepareRename, one edit set over the entry file and every usage
// by title, applied to every file and re-indexed; usages by alias, shown text and prose left
// as they were; refused renames.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prepareRename, rename } from '../../server/src/engine/features/rename';
import { nameKey } from '../../server/src/engine/workspace/index';
import { applyEdits, fixture, moats, root, withCursor, type Fixture } from './features-fixture';

/** Renames at the cursor, applies every edit to its file, writes the files and re-indexes. Returns the files' new texts. */
async function renameAndApply(f: Fixture, rel: string, text: string, newName: string): Promise<Record<string, string>> {
  const doc = f.doc(rel, text);
  const result = rename(doc, doc.cursor, newName, f.indexer.index, { root });
  assert.ok('edits' in result, 'error' in result ? result.error : '');
  const written: Record<string, string> = {};
  for (const fileEdit of result.edits) {
    const relPath = decodeURIComponent(fileEdit.uri.slice(root.length + 1));
    const before = relPath === rel ? doc.text : await f.read(relPath);
    written[relPath] = applyEdits(before, fileEdit.edits);
  }
  await f.write(written);
  return written;
}

function replaced(text: string, ...pairs: [string, string][]): string {
  for (const [a, b] of pairs) {
    assert.ok(text.includes(a), `"${a}" not in text`);
    text = text.replace(a, b);
  }
  return text;
}

describe('prepareRename', () => {
  test('on a tag, a reference or the entry’s title: the name’s range, with the entry’s title as placeholder', async () => {
    const f = await fixture();
    const prep = (rel: string, text: string) => {
      const doc = f.doc(rel, text);
      return prepareRename(doc, doc.cursor, f.indexer.index);
    };
    assert.deepEqual(prep('articles/moats.md', withCursor(moats, '- nflx', 3)), { range: { start: { line: 28, character: 2 }, end: { line: 28, character: 6 } }, placeholder: 'Netflix' });
    assert.deepEqual(prep('articles/moats.md', withCursor(moats, '[[Nestle]]', 3)), { range: { start: { line: 6, character: 14 }, end: { line: 6, character: 20 } }, placeholder: 'Nestlé' });
    const entry = await f.read('library/companies/netflix.md');
    assert.deepEqual(prep('library/companies/netflix.md', withCursor(entry, '# Netflix', 5)), { range: { start: { line: 5, character: 2 }, end: { line: 5, character: 9 } }, placeholder: 'Netflix' });
  });

  test('anything else is refused with a clear message', async () => {
    const f = await fixture({ 'library/concepts/netflix-model.md': '---\ntitle: Netflix Model\naliases: [NFLX]\n---\n' });
    const prep = (rel: string, text: string) => {
      const doc = f.doc(rel, text);
      const r = prepareRename(doc, doc.cursor, f.indexer.index);
      assert.ok('error' in r, `expected a refusal, got ${JSON.stringify(r)}`);
      return r.error;
    };
    const onlyEntries = /^Only library entries can be renamed here/;
    assert.match(prep('articles/moats.md', withCursor(moats, 'Scale helps', 2)), onlyEntries);
    assert.match(prep('articles/moats.md', withCursor(moats, '- Habit Loops', 4)), onlyEntries);
    assert.match(prep('library/concepts/network-effects.md', withCursor(await f.read('library/concepts/network-effects.md'), "Metcalfe's", 2)), onlyEntries);
    assert.match(prep('library/concepts/network-effects.md', withCursor(await f.read('library/concepts/network-effects.md'), 'Each new', 2)), onlyEntries);
    assert.equal(prep('articles/moats.md', withCursor(moats, '- Netflx', 4)), '“Netflx” names no library entry, so there is nothing to rename.');
    assert.match(prep('articles/moats.md', withCursor(moats, '[[NFLX]]', 3)), /is a name of 2 library entries \(Netflix, Netflix Model\)/);
  });
});

describe('rename', () => {
  test('from an alias tag: the entry’s title and every usage by title, in any case; aliases, links by other text and prose untouched', async () => {
    const f = await fixture({ 'articles/linked.md': '# Linked\n\nCompanies for this class:\n- [the streamer](../library/companies/netflix.md)\n' });
    const before = { moats, pricing: await f.read('articles/pricing.md'), entry: await f.read('library/companies/netflix.md'), linked: await f.read('articles/linked.md') };
    const written = await renameAndApply(f, 'articles/moats.md', withCursor(moats, '- nflx', 3), 'Streamflix');
    assert.deepEqual(Object.keys(written).sort(), ['articles/moats.md', 'articles/pricing.md', 'library/companies/netflix.md']);
    assert.equal(written['library/companies/netflix.md'], replaced(before.entry, ['title: Netflix', 'title: Streamflix'], ['# Netflix', '# Streamflix']));
    assert.equal(
      written['articles/moats.md'],
      replaced(before.moats, ['says [[netflix]]', 'says [[Streamflix]]'], ['- Netflix\n\nFrom the Company', '- Streamflix\n\nFrom the Company'], ['- [Netflix](../', '- [Streamflix](../']),
    );
    assert.equal(written['articles/pricing.md'], replaced(before.pricing, ['[[NETFLIX]]', '[[Streamflix]]'], ['- Netflix', '- Streamflix']));

    // Re-indexed: the entry has the new name, every usage by title names it, usages by alias are as they were.
    const index = f.indexer.index;
    assert.deepEqual(index.lookup('Netflix'), []);
    const [entry] = index.lookup('Streamflix');
    assert.equal(entry.title, 'Streamflix');
    assert.deepEqual(entry.aliases.map((a) => a.name), ['NFLX']);
    const names = index.usages(entry).map((u) => `${u.uri.split('/').pop()} ${u.name}`);
    assert.deepEqual(names, [
      'linked.md the streamer',
      'moats.md Streamflix',
      'moats.md Streamflix',
      'moats.md nflx',
      'moats.md NFLX',
      'moats.md Streamflix',
      'pricing.md Streamflix',
      'pricing.md Streamflix',
    ]);
    assert.ok(index.usages(entry).every((u) => nameKey(u.name) !== 'netflix'));
  });

  test('from the entry’s own title: `[[Title|shown text]]` keeps its shown text; references by alias stay', async () => {
    const f = await fixture();
    const entry = await f.read('library/concepts/network-effects.md');
    const habit = await f.read('articles/habit.md');
    const written = await renameAndApply(f, 'library/concepts/network-effects.md', withCursor(entry, 'title: Network', 9), 'Network Externalities');
    assert.equal(written['library/concepts/network-effects.md'], replaced(entry, ['title: Network Effects', 'title: Network Externalities'], ['# Network Effects', '# Network Externalities']));
    assert.equal(written['articles/moats.md'], replaced(moats, ['[[Network Effects|network effects]]', '[[Network Externalities|network effects]]'], ['- Network Effects\n', '- Network Externalities\n']));
    assert.equal(written['articles/habit.md'], replaced(habit, ['[[network effects]]', '[[Network Externalities]]']));
    assert.ok(written['articles/habit.md'].includes("[[Metcalfe's Law|Metcalfe]]"));
    assert.ok(written['articles/moats.md'].includes("- Metcalfe's law\n"));
    const [renamed] = f.indexer.index.lookup('network externalities');
    assert.equal(f.indexer.index.articleCount(renamed), 2);
  });

  test('the front matter title is written as YAML that reads back the same; a heading-titled entry; one titled by its file name', async () => {
    const f = await fixture({ 'articles/nw.md': '# NW\n\nCompanies for this class:\n- northwind-logistics\n- Northwind-Logistics\n' });
    // Quoted: escaped for its quotes.
    await renameAndApply(f, 'library/concepts/flywheel.md', withCursor(await f.read('library/concepts/flywheel.md'), 'Flywheel', 2), 'The "Fly" Wheel');
    assert.ok((await f.read('library/concepts/flywheel.md')).startsWith('---\ntitle: "The \\"Fly\\" Wheel"\n'));
    assert.deepEqual(f.indexer.index.lookup('The "Fly" Wheel').map((e) => e.title), ['The "Fly" Wheel']);
    // Plain: quoted when a plain scalar would not read back.
    const nestle = await f.read('library/companies/nestle.md');
    await renameAndApply(f, 'library/companies/nestle.md', withCursor(nestle, 'Nestlé\n', 2), 'Nestlé: Food # 1');
    assert.ok((await f.read('library/companies/nestle.md')).startsWith('---\ntitle: "Nestlé: Food # 1"\n'));
    assert.deepEqual(f.indexer.index.lookup('nestle: food # 1').map((e) => e.title), ['Nestlé: Food # 1']);
    // The inline [[Nestle]] named it by title (accents folded): it follows.
    assert.ok((await f.read('articles/moats.md')).includes('Scale helps [[Nestlé: Food # 1]].'));
    // Heading only.
    const written = await renameAndApply(f, 'articles/moats.md', withCursor(await f.read('articles/moats.md'), '[[Switching Costs]]', 4), 'Exit Costs');
    assert.equal(written['library/concepts/switching-costs.md'], '# Exit Costs\n\nWhat it costs a customer to leave.\n');
    assert.ok(written['articles/moats.md'].includes('- [[Exit Costs]]\n'));
    // Titled by its file name: the rename gives it a front matter title, and both tags follow.
    const nw = await renameAndApply(f, 'articles/nw.md', withCursor(await f.read('articles/nw.md'), '- northwind', 4), 'Northwind Logistics');
    assert.equal(nw['library/companies/northwind-logistics.md'], '---\ntitle: Northwind Logistics\n---\n\nA logistics company, titled by its file name.\n');
    assert.equal(nw['articles/nw.md'], '# NW\n\nCompanies for this class:\n- Northwind Logistics\n- Northwind Logistics\n');
    assert.equal(f.indexer.index.lookup('Northwind Logistics')[0].titleSource, 'front-matter');
  });

  test('CRLF files keep their line endings', async () => {
    const f = await fixture({
      'library/companies/acme.md': 'Acme makes anvils.\r\n',
      'articles/crlf.md': '# Crlf\r\n\r\nCompanies for this class:\r\n- acme\r\n\r\nAbout [[Acme]].\r\n',
    });
    const written = await renameAndApply(f, 'articles/crlf.md', '# Crlf\r\n\r\nCompanies for this class:\r\n- ac‸me\r\n\r\nAbout [[Acme]].\r\n', 'Acme Corp');
    assert.equal(written['library/companies/acme.md'], '---\r\ntitle: Acme Corp\r\n---\r\n\r\nAcme makes anvils.\r\n');
    assert.equal(written['articles/crlf.md'], '# Crlf\r\n\r\nCompanies for this class:\r\n- Acme Corp\r\n\r\nAbout [[Acme Corp]].\r\n');
  });

  test('an entry with front matter but no title gets a `title:` line in it', async () => {
    const f = await fixture({ 'library/concepts/moats.md': '---\naliases: [Moat]\n---\n\nWhat keeps rivals out.\n' });
    const text = await f.read('library/concepts/moats.md');
    const doc = f.doc('articles/x.md', '# X\n\nConcepts for this class:\n- mo‸ats\n');
    const result = rename(doc, doc.cursor, 'Economic Moats', f.indexer.index);
    assert.ok('edits' in result);
    const edit = result.edits.find((e) => e.uri.endsWith('moats.md') && e.uri.includes('library'))!;
    assert.equal(applyEdits(text, edit.edits), '---\ntitle: Economic Moats\naliases: [Moat]\n---\n\nWhat keeps rivals out.\n');
  });

  test('refused: a name another entry holds (title or alias, normalized), an empty name, brackets', async () => {
    const f = await fixture();
    const doc = f.doc('articles/moats.md', withCursor(moats, '[[Nestle]]', 3));
    const refuse = (name: string) => {
      const r = rename(doc, doc.cursor, name, f.indexer.index, { root });
      assert.ok('error' in r, `expected a refusal for "${name}"`);
      return r.error;
    };
    assert.equal(refuse('nflx'), '“nflx” is already an alias of the company “Netflix” (library/companies/netflix.md); an entry\'s name must be its own.');
    assert.match(refuse('  NETFLIX '), /^“NETFLIX” is already the title of the company “Netflix”/);
    assert.match(refuse('network  effect'), /already an alias of the concept “Network Effects”/);
    assert.match(refuse(''), /needs a name/);
    assert.match(refuse('   '), /needs a name/);
    assert.match(refuse('A [b]'), /cannot hold/);
    assert.match(refuse('A|B'), /cannot hold/);
    assert.match(refuse('n/a'), /means “no tags”/);
    // Its own alias, or its own title in another case, is fine.
    const own = rename(doc, doc.cursor, 'NESTLÉ S.A.', f.indexer.index);
    assert.ok('edits' in own);
  });
});
