// The cold build with files in flight at once (a pool of summary threads): for random in-memory
// workspaces, a build whose summaries resolve in random order gives the same index as the
// sequential in-thread build, every library entry is in before any article, and progress and
// cancellation keep their shape.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { defaultConfig } from '../../server/src/engine/config';
import { WorkspaceIndexer, summarizeText, type IndexProgress, type Summarizer } from '../../server/src/engine/workspace/indexer';
import type { WorkspaceIndex } from '../../server/src/engine/workspace/index';
import type { FileRole, FileSummary } from '../../server/src/engine/workspace/summary';
import { InMemoryWorkspace } from '../../server/src/engine/workspace/workspace';

const root = 'file:///ws';
const names = ['Network Effects', 'Switching Costs', 'Aggregation Theory', 'Streamvale', 'Quillmind', 'Lock-in', 'Scale'];

const entryShape = fc.record({
  kind: fc.constantFrom('concepts', 'companies'),
  title: fc.constantFrom(...names),
  aliases: fc.subarray(['SV', 'Loop', 'Moat', 'NE'], { maxLength: 2 }),
  frontMatter: fc.boolean(),
});

const articleShape = fc.record({
  title: fc.constantFrom('Streaming Moats', 'Pricing', 'Why Scale Wins', 'Notes'),
  references: fc.array(fc.constantFrom(...names, 'SV', 'Unknown Thing'), { maxLength: 4 }),
  concepts: fc.array(fc.constantFrom(...names, 'Loop'), { maxLength: 3 }),
  companies: fc.array(fc.constantFrom(...names, 'SV'), { maxLength: 3 }),
  linkTag: fc.option(fc.nat({ max: 5 }), { nil: undefined }),
  related: fc.array(fc.nat({ max: 8 }), { maxLength: 2 }),
});

const workspaceShape = fc.record({
  entries: fc.array(entryShape, { minLength: 0, maxLength: 6 }),
  articles: fc.array(articleShape, { minLength: 0, maxLength: 8 }),
  other: fc.boolean(),
});

type Shape = typeof workspaceShape extends fc.Arbitrary<infer T> ? T : never;

function filesOf(shape: Shape): Record<string, string> {
  const files: Record<string, string> = {};
  const entryPaths = shape.entries.map((e, i) => `library/${e.kind}/entry-${i}.md`);
  shape.entries.forEach((e, i) => {
    const head = e.frontMatter ? `---\ntitle: ${e.title}\n${e.aliases.length ? `aliases: [${e.aliases.join(', ')}]\n` : ''}---\n\n` : '';
    files[entryPaths[i]] = `${head}# ${e.title}\n\nAbout ${e.title}.\n`;
  });
  shape.articles.forEach((a, i) => {
    const lines = [`# ${a.title} ${i}`, '', `Text with ${a.references.map((r) => `[[${r}]]`).join(' and ') || 'nothing'}.`, '', '## Notes', ''];
    lines.push('From the Concept Library, concepts for this article are:', '', ...a.concepts.map((c) => `- ${c}`), '');
    const link = a.linkTag !== undefined && entryPaths[a.linkTag] ? [`- [Linked](../${entryPaths[a.linkTag]})`] : [];
    lines.push('From the Company Library, companies for this article are:', '', ...a.companies.map((c) => `- ${c}`), ...link, '');
    if (a.related.length) lines.push('Related articles:', '', ...a.related.map((r) => `- [Other](article-${r}.md)`), '');
    files[`articles/article-${i}.md`] = lines.join('\n');
  });
  if (shape.other) files['README.md'] = '# Read me\n';
  return files;
}

/** The index in comparable form: every summary by URI, and what lookups answer. */
function comparable(index: WorkspaceIndex) {
  const summaries = [...index.all()].sort((a, b) => (a.uri < b.uri ? -1 : 1));
  const entries = summaries.filter((s) => s.kind === 'entry');
  return {
    summaries,
    lookups: names.map((n) => index.lookup(n).map((e) => e.uri)),
    usages: entries.map((e) => [e.uri, index.usages(e), index.articleCount(e), index.duplicateNames(e)]),
  };
}

/** A summarizer that answers after a random number of turns, so results come back out of order. */
function shuffled(delays: () => number, seen: FileRole[]): Summarizer {
  const builder = new ArticleBuilder();
  return {
    async summarize(uri, role, text): Promise<FileSummary> {
      seen.push(role);
      const summary = summarizeText(uri, role, text, builder);
      for (let n = delays(); n > 0; n--) await new Promise((r) => setImmediate(r));
      return structuredClone(summary);
    },
  };
}

describe('the cold build with files in flight at once', () => {
  const config = defaultConfig();

  test('gives the index of the sequential build; libraries are ready before any article is set', async () => {
    await fc.assert(
      fc.asyncProperty(workspaceShape, fc.integer({ min: 2, max: 6 }), fc.array(fc.nat({ max: 4 }), { minLength: 1, maxLength: 20 }), async (shape, concurrency, delayList) => {
        const files = filesOf(shape);
        const sequential = new WorkspaceIndexer(new InMemoryWorkspace(root, files, config), async () => {});
        await sequential.build();

        let turn = 0;
        const roles: FileRole[] = [];
        const parallel = new WorkspaceIndexer(new InMemoryWorkspace(root, files, config), async () => {}, shuffled(() => delayList[turn++ % delayList.length], roles), concurrency);
        const articlesAtReady: number[] = [];
        const progress: IndexProgress[] = [];
        let readyCalls = 0;
        await parallel.build({
          onLibrariesReady: () => {
            readyCalls++;
            articlesAtReady.push([...parallel.index.all()].filter((s) => s.kind !== 'entry').length);
            assert.equal(parallel.librariesReady, true);
          },
          onProgress: (p) => progress.push(p),
        });

        assert.deepStrictEqual(comparable(parallel.index), comparable(sequential.index));
        assert.equal(readyCalls, 1);
        assert.deepEqual(articlesAtReady, [0], 'no article summary before the libraries are ready');
        assert.equal(parallel.ready, true);
        // Every library entry is asked for before any other file.
        const firstOther = roles.findIndex((r) => r === 'article' || r === 'other');
        if (firstOther >= 0) assert.ok(roles.slice(firstOther).every((r) => r === 'article' || r === 'other'));
        // Progress: each phase counts 1..total, libraries first.
        const libraries = progress.filter((p) => p.phase === 'libraries');
        const articles = progress.filter((p) => p.phase === 'articles');
        assert.deepEqual(progress, [...libraries, ...articles]);
        assert.deepEqual(libraries.map((p) => p.done), libraries.map((_, i) => i + 1));
        assert.deepEqual(articles.map((p) => p.done), articles.map((_, i) => i + 1));
        assert.ok(libraries.every((p) => p.total === libraries.length) && articles.every((p) => p.total === articles.length));
      }),
      { numRuns: 40 },
    );
  });

  test('cancelled, it starts no more files, and waits for those in flight', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`articles/a-${i}.md`] = `# A ${i}\n`;
    let started = 0;
    let inFlight = 0;
    let cancelled = false;
    const builder = new ArticleBuilder();
    const summarizer: Summarizer = {
      async summarize(uri, role, text) {
        started++;
        inFlight++;
        if (started === 5) cancelled = true;
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return summarizeText(uri, role, text, builder);
      },
    };
    const indexer = new WorkspaceIndexer(new InMemoryWorkspace(root, files, config), async () => {}, summarizer, 3);
    await indexer.build({ isCancelled: () => cancelled });
    assert.equal(inFlight, 0);
    assert.ok(started < 12 && started >= 5, `started ${started}`);
    assert.equal([...indexer.index.all()].length, started);
    assert.equal(indexer.ready, false);
  });

  test('a summarizer that fails fails the build, after the files in flight are done', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++) files[`articles/a-${i}.md`] = `# A ${i}\n`;
    let inFlight = 0;
    const builder = new ArticleBuilder();
    const summarizer: Summarizer = {
      async summarize(uri, role, text) {
        inFlight++;
        await new Promise((r) => setImmediate(r));
        inFlight--;
        if (uri.endsWith('a-2.md')) throw new Error('boom');
        return summarizeText(uri, role, text, builder);
      },
    };
    const indexer = new WorkspaceIndexer(new InMemoryWorkspace(root, files, config), async () => {}, summarizer, 4);
    await assert.rejects(indexer.build(), /boom/);
    assert.equal(inFlight, 0);
  });
});
