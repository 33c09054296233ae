// The workspace layer on an in-memory workspace: file summaries, the index over them and the
// indexer that keeps it current (cold build, batches of changes, open documents).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { defaultConfig } from '../../server/src/engine/config';
import { WorkspaceIndex, nameKey } from '../../server/src/engine/workspace/index';
import { WorkspaceIndexer, summarizeText } from '../../server/src/engine/workspace/indexer';
import type { ArticleFileSummary, EntrySummary, FileSummary } from '../../server/src/engine/workspace/summary';
import { InMemoryWorkspace, type Workspace } from '../../server/src/engine/workspace/workspace';
import { relativeLink, resolveLink } from '../../server/src/engine/workspace/uris';
import { slugsOf } from '../../server/src/engine/workspace/slugs';
import { disclaimer, md } from './helpers';

const root = 'file:///ws';
const builder = new ArticleBuilder();

function entry(rel: string, text: string): EntrySummary {
  const role = rel.startsWith('library/concepts/') ? 'concept-entry' : 'company-entry';
  const s = summarizeText(`${root}/${rel}`, role, text, builder);
  assert.equal(s.kind, 'entry');
  return s as EntrySummary;
}

function articleSummary(rel: string, text: string): ArticleFileSummary {
  const s = summarizeText(`${root}/${rel}`, 'article', text, builder);
  assert.equal(s.kind, 'article');
  return s as ArticleFileSummary;
}

const streamvale = md`
  ---
  title: Streamvale
  aliases:
    - Streamvale Media
    - SV
  summary: A fictional streaming company.
  ---

  # Streamvale

  Streamvale streams films.
`;

const tagged = md`
  # Streaming Moats

  Here are two reasons [[Network Effects|network effects]] matter for [[streamvale media]]:

  ## 1. Scale

  Text.

  ## 2. Habit

  Text.

  ## Notes

  ## Notes

  From the Concept Library, concepts for this article are:

  - Network Effects
  - [[Switching Costs]]

  From the Company Library, companies for this article are:

  - [Streamvale](../library/companies/streamvale.md)
  - SV

  Related articles:

  - [Pricing](pricing.md#the-price-ladder)
  - [Web](https://example.com/a.md)
  - Some Podcast (Episode 12)

  ${disclaimer}
`;

describe('file summaries', () => {
  test('an entry: title, aliases and summary from front matter; every place the title is written', () => {
    const e = entry('library/companies/streamvale.md', streamvale);
    assert.equal(e.entryKind, 'company');
    assert.equal(e.title, 'Streamvale');
    assert.equal(e.titleSource, 'front-matter');
    assert.deepEqual(e.aliases.map((a) => a.name), ['Streamvale Media', 'SV']);
    assert.deepEqual(e.aliases.map((a) => a.range?.start.line), [3, 4]);
    assert.equal(e.summary, 'A fictional streaming company.');
    // front matter `title:` and the `# ` heading
    assert.deepEqual(e.titleRanges.map((r) => [r.start.line, r.start.character, r.end.character]), [[1, 7, 17], [8, 2, 12]]);
    assert.deepEqual(e.aliasSpot, { form: 'list', keyLine: 2, lastItemLine: 4, indent: '  ' });
  });

  test('an entry without front matter: title from the heading, summary from the first paragraph', () => {
    const e = entry('library/concepts/moats.md', '# Moats\n\nWhat keeps rivals out.\nFor years.\n\nMore.\n');
    assert.equal(e.title, 'Moats');
    assert.equal(e.titleSource, 'heading');
    assert.equal(e.summary, 'What keeps rivals out. For years.');
    assert.deepEqual(e.aliases, []);
    assert.deepEqual(e.aliasSpot, { form: 'no-front-matter' });
  });

  test('aliases as a flow sequence, as one string; no aliases key', () => {
    const flow = entry('library/concepts/a.md', '---\ntitle: "Flywheel"\naliases: [Virtuous Cycle, Loop]\n---\n');
    assert.deepEqual(flow.aliases.map((a) => a.name), ['Virtuous Cycle', 'Loop']);
    assert.equal(flow.aliasSpot.form, 'inline');
    // a quoted title's range leaves the quotes out
    assert.deepEqual(flow.titleRanges, [{ start: { line: 1, character: 8 }, end: { line: 1, character: 16 } }]);
    const one = entry('library/concepts/b.md', '---\ntitle: Lock-in\naliases: Lock in\n---\n');
    assert.deepEqual(one.aliases.map((a) => a.name), ['Lock in']);
    const none = entry('library/concepts/c.md', '---\ntitle: Scale\n---\n');
    assert.deepEqual(none.aliasSpot, { form: 'none', closingLine: 2 });
  });

  test('broken front matter: the entry still counts by its heading, else its file name', () => {
    const byHeading = entry('library/companies/x.md', '---\ntitle: [unclosed\n---\n\n# Quillmind\n\nAn AI company.\n');
    assert.equal(byHeading.title, 'Quillmind');
    assert.equal(byHeading.summary, 'An AI company.');
    const byName = entry('library/companies/northwind-logistics.md', '---\n: : :\n---\n');
    assert.equal(byName.title, 'northwind-logistics');
    assert.equal(byName.titleSource, 'file-name');
    const model = builder.build('---\ntitle: [unclosed\n---\n\n# Quillmind\n', 1);
    assert.ok(model.problems.some((p) => p.code === 'front-matter-invalid'));
  });

  test('an article: tags by section and form, references, related items with resolved targets, heading slugs', () => {
    const a = articleSummary('articles/moats.md', tagged);
    assert.equal(a.title, 'Streaming Moats');
    assert.deepEqual(a.tags.map((t) => [t.section, t.name, t.form]), [
      ['concepts', 'Network Effects', 'plain'],
      ['concepts', 'Switching Costs', 'reference'],
      ['companies', 'Streamvale', 'link'],
      ['companies', 'SV', 'plain'],
    ]);
    assert.equal(a.tags[2].targetUri, `${root}/library/companies/streamvale.md`);
    assert.deepEqual(a.references.map((r) => r.name), ['Network Effects', 'streamvale media']);
    assert.deepEqual(
      a.related.map((r) => [r.name, r.targetUri, r.fragment]),
      [
        ['Pricing', `${root}/articles/pricing.md`, 'the-price-ladder'],
        ['Web', undefined, undefined],
        ['Some Podcast (Episode 12)', undefined, undefined],
      ],
    );
    assert.deepEqual(slugsOf(a.headings), ['streaming-moats', '1-scale', '2-habit', 'notes', 'notes-1']);
    assert.deepEqual(a.pillars.map((p) => `${p.number}. ${p.title}`), ['1. Scale', '2. Habit']);
    assert.equal(a.sections.concepts?.marker, '- ');
    assert.ok(a.sections.companies && a.sections.related);
  });

  test('summaries are plain data: a JSON round trip gives the same summary', () => {
    // Only plain objects, arrays, strings, numbers and booleans (no Map, class or tree inside).
    const plain = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(plain) : v && typeof v === 'object' ? (assert.equal(Object.getPrototypeOf(v), Object.prototype), Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, plain(x)]))) : v;
    for (const s of [entry('library/companies/streamvale.md', streamvale), articleSummary('articles/moats.md', tagged)] as FileSummary[]) {
      assert.deepEqual(JSON.parse(JSON.stringify(s)), plain(s));
    }
  });
});

describe('links between files', () => {
  test('relative links resolve on the URI path; web links do not', () => {
    assert.deepEqual(resolveLink(`${root}/articles/a.md`, '../library/x%20y.md#top'), { uri: `${root}/library/x%20y.md`, fragment: 'top' });
    assert.deepEqual(resolveLink(`${root}/articles/a.md`, '#here'), { uri: `${root}/articles/a.md`, fragment: 'here' });
    assert.equal(resolveLink(`${root}/articles/a.md`, 'https://example.com/x.md'), undefined);
    assert.equal(relativeLink(`${root}/articles/a.md`, `${root}/library/concepts/network effects.md`), '../library/concepts/network%20effects.md');
    assert.equal(relativeLink(`${root}/articles/a.md`, `${root}/articles/b.md`), 'b.md');
  });
});

describe('the index', () => {
  function indexOf(...summaries: FileSummary[]): WorkspaceIndex {
    const index = new WorkspaceIndex();
    for (const s of summaries) index.set(s);
    return index;
  }

  test('names are matched case-insensitively, white space collapsed, curly quotes straight, accents folded', () => {
    const index = indexOf(entry('library/companies/nestle.md', '---\ntitle: Nestlé\naliases: ["Nestlé’s Group"]\n---\n'));
    for (const name of ['Nestlé', 'nestle', '  NESTLE ', "Nestle's   group", 'Nestlé’s Group']) {
      assert.deepEqual(index.lookup(name).map((e) => e.title), ['Nestlé'], name);
    }
    assert.equal(nameKey('Ａ  b'), nameKey('a b'));
    assert.deepEqual(index.lookup('Nest'), []);
  });

  test('usages by title, alias and link; article count; articles by title', () => {
    const sv = entry('library/companies/streamvale.md', streamvale);
    const index = indexOf(sv, articleSummary('articles/moats.md', tagged), articleSummary('articles/other.md', '# Other\n\nAbout [[SV]].\n'));
    assert.deepEqual(
      index.usages(index.entry(sv.uri)!).map((u) => [u.uri.split('/').pop(), u.kind, u.name]),
      [
        ['moats.md', 'tag', 'Streamvale'],
        ['moats.md', 'tag', 'SV'],
        ['moats.md', 'reference', 'streamvale media'],
        ['other.md', 'reference', 'SV'],
      ],
    );
    assert.equal(index.articleCount(sv), 2);
    assert.deepEqual(index.byTitle('streaming moats').map((a) => a.uri), [`${root}/articles/moats.md`]);
    assert.deepEqual(index.resolveTag({ name: 'whatever', form: 'link', targetUri: sv.uri }).map((e) => e.title), ['Streamvale']);
  });

  test('a name two entries share is reported for both', () => {
    const a = entry('library/companies/a.md', '---\ntitle: Alpha\naliases: [Shared]\n---\n');
    const b = entry('library/concepts/b.md', '---\ntitle: Beta\naliases: [shared]\n---\n');
    const index = indexOf(a, b);
    assert.deepEqual(index.duplicateNames(a).map((d) => [d.name, d.others.map((o) => o.title)]), [['Shared', ['Beta']]]);
    assert.deepEqual(index.duplicateNames(b).map((d) => [d.name, d.others.map((o) => o.title)]), [['shared', ['Alpha']]]);
  });

  test('an update says which names and files changed, and who depends on them', () => {
    const index = indexOf(entry('library/companies/streamvale.md', streamvale), articleSummary('articles/moats.md', tagged), articleSummary('articles/plain.md', '# Plain\n\nNo tags.\n'));
    const generation = index.generation;
    // The same entry again: nothing changed.
    const same = index.set(entry('library/companies/streamvale.md', streamvale));
    assert.deepEqual([same.names.size, same.files.size], [0, 0]);
    assert.equal(index.generation, generation);
    // An alias added: its key changes; the article naming the entry depends on it, the plain one does not.
    const change = index.set(entry('library/companies/streamvale.md', streamvale.replace('  - SV\n', '  - SV\n  - Vale\n')));
    assert.ok(change.names.has('vale'));
    assert.ok(index.generation > generation);
    const dependents = index.dependents(change);
    assert.ok(dependents.has(`${root}/articles/moats.md`));
    assert.ok(!dependents.has(`${root}/articles/plain.md`));
    // A deleted article: links to it are its dependents.
    const gone = index.delete(`${root}/library/companies/streamvale.md`);
    assert.ok(gone.files.has(`${root}/library/companies/streamvale.md`));
    assert.deepEqual(index.lookup('Streamvale'), []);
    assert.ok(index.dependents(gone).has(`${root}/articles/moats.md`));
  });
});

describe('the indexer', () => {
  const config = { ...defaultConfig(), articles: ['articles/**/*.md'] };
  const files = {
    'library/concepts/network-effects.md': '---\ntitle: Network Effects\n---\n',
    'library/concepts/switching-costs.md': '# Switching Costs\n',
    'library/companies/streamvale.md': streamvale,
    'articles/moats.md': tagged,
    'articles/pricing.md': '# Pricing\n\n## The Price Ladder\n',
    'README.md': '# Readme\n',
    'notes.txt': 'not markdown',
  };

  /** Counts reads, and can fail some, to see what the indexer asks of the workspace. */
  function counting(ws: Workspace, failing: string[] = []): Workspace & { reads: string[] } {
    const reads: string[] = [];
    return {
      reads,
      listFiles: () => ws.listFiles(),
      roleOf: (uri) => ws.roleOf(uri),
      async readFile(uri) {
        reads.push(uri);
        if (failing.some((f) => uri.endsWith(f))) throw new Error('EACCES');
        return ws.readFile(uri);
      },
    };
  }

  test('a cold build reads library entries first and tells when they are ready', async () => {
    const ws = counting(new InMemoryWorkspace(root, files, config));
    const indexer = new WorkspaceIndexer(ws);
    const atLibrariesReady: string[] = [];
    const progress: string[] = [];
    await indexer.build({
      onLibrariesReady: () => atLibrariesReady.push(...[...indexer.index.all()].map((s) => s.kind)),
      onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`),
    });
    assert.deepEqual(atLibrariesReady, ['entry', 'entry', 'entry']);
    assert.deepEqual(progress, ['libraries 1/3', 'libraries 2/3', 'libraries 3/3', 'articles 1/3', 'articles 2/3', 'articles 3/3']);
    assert.ok(indexer.librariesReady && indexer.ready);
    assert.equal(ws.reads.length, 6, 'each Markdown file read once; notes.txt never');
    assert.equal(indexer.index.get(`${root}/README.md`)?.kind, 'other');
    assert.deepEqual(indexer.index.lookup('switching costs').map((e) => e.entryKind), ['concept']);
  });

  test('a cancelled build stops between files', async () => {
    const ws = counting(new InMemoryWorkspace(root, files, config));
    const indexer = new WorkspaceIndexer(ws);
    await indexer.build({ isCancelled: () => ws.reads.length >= 2 });
    assert.equal(ws.reads.length, 2);
    assert.ok(!indexer.ready);
  });

  test('a file that cannot be read or is binary does not stop the index', async () => {
    const ws = counting(new InMemoryWorkspace(root, { ...files, 'articles/binary.md': '\u0000\u0001PNG', 'articles/locked.md': '# Locked\n' }, config), ['locked.md']);
    const indexer = new WorkspaceIndexer(ws);
    await indexer.build();
    assert.equal(indexer.index.get(`${root}/articles/locked.md`), undefined);
    assert.equal(indexer.index.get(`${root}/articles/binary.md`)?.kind, 'article');
    assert.equal(indexer.index.lookup('Streamvale').length, 1);
    assert.ok(indexer.ready);
  });

  test('a burst of events is applied as one batch: one read per file, whatever the number of events', async () => {
    const memory = new InMemoryWorkspace(root, files, config);
    const ws = counting(memory);
    const indexer = new WorkspaceIndexer(ws);
    await indexer.build();
    ws.reads.length = 0;
    const events = [];
    for (let i = 0; i < 1000; i++) {
      events.push(...memory.write({ 'library/companies/streamvale.md': streamvale.replace('SV', `SV${i}`) }));
    }
    events.push(...memory.write({ 'library/concepts/moats.md': '# Moats\n', 'articles/pricing.md': undefined }));
    const change = await indexer.applyChanges(events);
    assert.deepEqual(ws.reads.map((u) => u.split('/').pop()).sort(), ['moats.md', 'streamvale.md']);
    assert.deepEqual(indexer.index.lookup('SV999').map((e) => e.title), ['Streamvale']);
    assert.deepEqual(indexer.index.lookup('SV'), []);
    assert.deepEqual(indexer.index.lookup('moats').map((e) => e.entryKind), ['concept']);
    assert.equal(indexer.index.get(`${root}/articles/pricing.md`), undefined);
    assert.ok(change.names.has('sv') && change.names.has('sv999') && change.names.has('moats'));
    assert.ok(change.files.has(`${root}/articles/pricing.md`));
  });

  test('an open document counts by its editor text; once closed, the disk counts again', async () => {
    const memory = new InMemoryWorkspace(root, files, config);
    const indexer = new WorkspaceIndexer(memory);
    await indexer.build();
    const uri = `${root}/library/companies/streamvale.md`;
    indexer.setOpenDocument(summarizeText(uri, 'company-entry', '# Streamvale Studios\n', builder));
    assert.deepEqual(indexer.index.lookup('Streamvale Studios').map((e) => e.uri), [uri]);
    // A disk event for an open document is left alone.
    await indexer.applyChanges(memory.write({ 'library/companies/streamvale.md': '# Something Else\n' }));
    assert.deepEqual(indexer.index.lookup('Something Else'), []);
    await indexer.closeDocument(uri);
    assert.deepEqual(indexer.index.lookup('Something Else').map((e) => e.uri), [uri]);
    // An untitled document that was never on disk leaves the index when closed.
    const draft = `${root}/articles/unsaved.md`;
    indexer.setOpenDocument(summarizeText(draft, 'article', '# Unsaved\n', builder));
    await indexer.closeDocument(draft);
    assert.equal(indexer.index.get(draft), undefined);
  });
});
