// The persistent summary cache (server/src/node/summary-cache.ts) on temporary folders, over an
// in-memory workspace and a summarizer that counts its calls: hits, misses, and every way a
// cache file can be wrong (it is ignored and rebuilt, never trusted); and the local checks a
// whole-workspace run keeps beside the summaries (hit, miss under another config, corrupt ones).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ArticleBuilder, defaultConfig, InMemoryWorkspace, WorkspaceIndexer, type FileRole, type Summarizer } from '../../server/src/engine';
import { checkDocument } from '../../server/src/engine/features/diagnostics';
import { checkConfigFingerprint, checkedKind, finishCheck, summarizeAndCheck, type LocalCheck } from '../../server/src/engine/features/split-check';
import { cacheFileOf, checksFileOf, SummaryCache, type SummaryCacheOptions } from '../../server/src/node/summary-cache';
import { SharedValues } from '../../server/src/engine/workspace/shared-values';
import { CountingSummarizer, temporaryFolders } from './helpers';

const root = 'file:///notes';
const PROSE = 'Subscription software compounds because the switching costs rise every quarter';
const files = {
  'articles/moats.md': `# Moats\n\n${PROSE}.\n\n## Pillar 1: Switching costs\n\nMore text about [[Network effects]].\n\n## Concepts\n\n- Network effects\n\nThis article is not investment advice.\n`,
  'library/concepts/network-effects.md': '---\ntitle: Network effects\naliases: [network effect]\n---\n\n# Network effects\n\nEach user adds value.\n',
  'library/companies/acme.md': '# Acme\n\nA company.\n',
  'README.md': '# Readme\n',
};

const folder = temporaryFolders('sn-summary-cache-');
function tempFolder(): string {
  return path.join(folder(), 'cache');
}

/** One "session": a fresh indexer and cache over the workspace, built and flushed. */
async function session(folder: string, workspace: InMemoryWorkspace, options: Partial<SummaryCacheOptions> = {}) {
  const inner = new CountingSummarizer();
  let indexer: WorkspaceIndexer | undefined;
  const cache = new SummaryCache(inner, { folder, rootUri: root, isLive: (uri) => indexer?.index.get(uri) !== undefined, ...options });
  indexer = new WorkspaceIndexer(workspace, () => Promise.resolve(), cache);
  await indexer.build();
  await cache.flush();
  return { inner, cache, indexer };
}

const workspaceOf = (over: Record<string, string | undefined> = {}) => {
  const w = new InMemoryWorkspace(root, files, defaultConfig());
  w.write(over);
  return w;
};
const total = Object.keys(files).length;
/** A summary as JSON keeps it (absent and undefined fields are the same to the index). */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('summary cache', () => {
  test('a second session reads every summary from the cache, and they equal the parsed ones', async () => {
    const folder = tempFolder();
    const first = await session(folder, workspaceOf());
    assert.equal(first.inner.calls.length, total);
    assert.deepEqual([first.cache.hits, first.cache.misses], [0, total]);
    const second = await session(folder, workspaceOf());
    assert.equal(second.inner.calls.length, 0, 'no file parsed again');
    assert.deepEqual([second.cache.hits, second.cache.misses], [total, 0]);
    for (const uri of [...first.indexer.index.all()].map((s) => s.uri)) assert.deepEqual(second.indexer.index.get(uri), plain(first.indexer.index.get(uri)));
  });

  test('summaries read back share their repeated values a while after the last read, in place: the index holds the shared ones, equal to what was read', async () => {
    const folder = tempFolder();
    const twin = { 'articles/moats-again.md': files['articles/moats.md'] };
    await session(folder, workspaceOf(twin));
    const second = await session(folder, workspaceOf(twin), { shared: new SharedValues(), shareDelayMs: 5 });
    const index = second.indexer.index;
    const [a, b] = ['articles/moats.md', 'articles/moats-again.md'].map((p) => index.article(`${root}/${p}`)!);
    const before = plain([a, b]);
    assert.notEqual(a.titleRange, b.titleRange, 'two copies as read from JSON');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(index.article(`${root}/articles/moats.md`), a, 'the same summary objects, changed in place');
    assert.equal(a.titleRange, b.titleRange, 'one range object now');
    assert.ok(Object.isFrozen(a.titleRange));
    assert.deepEqual(plain([a, b]), before);
  });

  test('a document opened with its text on disk keeps the disk summary: the index does not change, open or closed', async () => {
    const folder = tempFolder();
    const workspace = workspaceOf();
    const { cache, indexer } = await session(folder, workspace);
    const uri = workspace.uriOf('articles/moats.md');
    const onDisk = indexer.index.get(uri);
    const generation = indexer.index.generation;
    const change = indexer.openAsOnDisk(uri, 'article', files['articles/moats.md']);
    assert.ok(change && change.files.size === 0 && change.names.size === 0, 'nothing changed');
    assert.ok(indexer.isOpen(uri));
    assert.equal(indexer.index.get(uri), onDisk, 'the same summary object');
    assert.equal(indexer.index.generation, generation);
    await indexer.closeDocument(uri);
    assert.equal(indexer.index.get(uri), onDisk);
    assert.equal(indexer.index.generation, generation, 'closing put back what was there: no change');
    // Other text, another role, or a file the cache has never read: it cannot tell.
    assert.equal(indexer.openAsOnDisk(uri, 'article', files['articles/moats.md'] + 'More.\n'), undefined);
    assert.equal(indexer.openAsOnDisk(uri, 'concept-entry', files['articles/moats.md']), undefined);
    assert.equal(cache.sameText(workspace.uriOf('articles/new.md'), 'article', 'x'), undefined);
    // The indexer's own summarizer (no cache) never tells.
    const plainIndexer = new WorkspaceIndexer(workspace, () => Promise.resolve());
    await plainIndexer.build();
    assert.equal(plainIndexer.openAsOnDisk(uri, 'article', files['articles/moats.md']), undefined);
  });

  test("a file whose text changed is a miss, that one only; a deleted file leaves the cache", async () => {
    const folder = tempFolder();
    await session(folder, workspaceOf());
    const edited = workspaceOf({ 'library/companies/acme.md': '# Acme Corp\n\nA company.\n', 'README.md': undefined });
    const second = await session(folder, edited);
    assert.deepEqual(second.inner.calls, [edited.uriOf('library/companies/acme.md')]);
    const stored = JSON.parse(readFileSync(cacheFileOf(folder, root), 'utf8')) as { entries: Record<string, unknown> };
    assert.equal(Object.keys(stored.entries).length, total - 1);
    assert.ok(!(edited.uriOf('README.md') in stored.entries));
  });

  test('a file under another role is a miss', async () => {
    const folder = tempFolder();
    const w = workspaceOf();
    await session(folder, w);
    const inner = new CountingSummarizer();
    const cache = new SummaryCache(inner, { folder, rootUri: root });
    const summary = await cache.summarize(w.uriOf('library/companies/acme.md'), 'concept-entry', files['library/companies/acme.md']);
    assert.equal(inner.calls.length, 1);
    assert.equal(summary.kind === 'entry' && summary.entryKind, 'concept');
  });

  test('another engine version or config fingerprint: the cache is ignored and rewritten', async () => {
    const folder = tempFolder();
    await session(folder, workspaceOf(), { version: 'v1', fingerprint: 'a' });
    const otherVersion = await session(folder, workspaceOf(), { version: 'v2', fingerprint: 'a' });
    assert.equal(otherVersion.inner.calls.length, total);
    assert.match(otherVersion.cache.rejected ?? '', /version/);
    const otherConfig = await session(folder, workspaceOf(), { version: 'v2', fingerprint: 'b' });
    assert.equal(otherConfig.inner.calls.length, total);
    const again = await session(folder, workspaceOf(), { version: 'v2', fingerprint: 'b' });
    assert.equal(again.inner.calls.length, 0, 'rewritten under the new version');
  });

  const broken: [string, (file: string) => void][] = [
    ['flipped bytes', (file) => {
      const bytes = readFileSync(file);
      for (let i = 40; i < bytes.length; i += 97) bytes[i] ^= 0x5a;
      writeFileSync(file, bytes);
    }],
    ['truncated', (file) => writeFileSync(file, readFileSync(file).subarray(0, Math.floor(readFileSync(file).length / 2)))],
    ['wrong version', (file) => writeFileSync(file, readFileSync(file, 'utf8').replace(/"version":"[^"]*"/, '"version":"0+0.0.0"'))],
    ['a directory', (file) => {
      rmSync(file);
      mkdirSync(file);
    }],
    ['valid JSON, summaries of the wrong shape', (file) => writeFileSync(file, readFileSync(file, 'utf8').replace(/"headings":\[/g, '"headings":[7,'))],
    ['valid JSON, a summary for another file', (file) => writeFileSync(file, readFileSync(file, 'utf8').replace(/("summary":\{"kind":"[a-z]+","uri":")file:\/\/\/notes\//g, '$1file:///elsewhere/'))],
  ];
  for (const [what, breakIt] of broken) {
    test(`a cache file that is ${what} is not trusted: every file is parsed, and the build is the same`, async () => {
      const folder = tempFolder();
      const first = await session(folder, workspaceOf());
      breakIt(cacheFileOf(folder, root));
      const second = await session(folder, workspaceOf());
      assert.equal(second.inner.calls.length, total);
      for (const s of first.indexer.index.all()) assert.deepEqual(plain(second.indexer.index.get(s.uri)), plain(s));
      if (what !== 'a directory') {
        const third = await session(folder, workspaceOf());
        assert.equal(third.inner.calls.length, 0, 'rebuilt by the session before');
      }
    });
  }

  test('concurrent writers: interleaved writes leave a valid file (the last writer wins)', async () => {
    const folder = tempFolder();
    const a = workspaceOf();
    const b = workspaceOf({ 'articles/moats.md': files['articles/moats.md'].replace('# Moats', '# Deep moats') });
    // Two caches over the same file, loaded before either writes, then writing back and forth.
    const ca = new SummaryCache(new CountingSummarizer(), { folder, rootUri: root, debounceMs: 0 });
    const cb = new SummaryCache(new CountingSummarizer(), { folder, rootUri: root, debounceMs: 0 });
    const writes: Promise<void>[] = [];
    for (let round = 0; round < 5; round++) {
      for (const [cache, w] of [[ca, a], [cb, b]] as const) {
        for (const file of await w.listFiles()) await cache.summarize(file.uri, file.role, (await w.readFile(file.uri))! + '\n'.repeat(round));
        writes.push(cache.flush());
      }
    }
    await Promise.all(writes);
    // Which of the two last writes renamed last is up to the file system: the file must be that
    // writer's whole, not a mix of the two.
    const written = JSON.parse(readFileSync(cacheFileOf(folder, root), 'utf8')) as { entries: Record<string, { summary: { title?: string } }> };
    const moats = Object.entries(written.entries).find(([uri]) => uri.endsWith('/articles/moats.md'))![1].summary.title;
    assert.ok(moats === 'Moats' || moats === 'Deep moats', `the article's title as one writer had it (${moats})`);
    const last = moats === 'Deep moats' ? b : a;
    const lastFiles: Record<string, string> = {};
    for (const file of await last.listFiles()) lastFiles[file.uri.slice(root.length + 1)] = (await last.readFile(file.uri))! + '\n'.repeat(4);
    const third = await session(folder, new InMemoryWorkspace(root, lastFiles, defaultConfig()));
    assert.equal(third.cache.rejected, undefined, 'a valid cache file');
    assert.equal(third.cache.hits, total, 'the last writer’s summaries are read back, every one');
  });

  test('a cache file of several MB is written in pieces that make the JSON of the whole', async () => {
    const folder = tempFolder();
    const many: Record<string, string> = {};
    for (let i = 0; i < 500; i++) many[`articles/a${i}.md`] = `# Article ${i}\n\n` + Array.from({ length: 60 }, (_, h) => `## Heading ${i}.${h} of a long title\n\nText.\n`).join('\n');
    const w = new InMemoryWorkspace(root, many, defaultConfig());
    const first = await session(folder, w);
    const text = readFileSync(cacheFileOf(folder, root), 'utf8');
    assert.ok(text.length > 2 << 20, `${text.length} characters: more than one piece`);
    assert.equal(text, JSON.stringify(JSON.parse(text)), 'one compact JSON text');
    const second = await session(folder, w);
    assert.equal(second.inner.calls.length, 0);
    assert.equal(first.cache.misses, 500);
    // Ranges are written packed (compact-ranges.ts) and read back as ranges.
    assert.ok(!text.includes('"start":{"line"') && text.includes('"range":[2,3,2,'), 'packed ranges');
    assert.deepEqual(second.indexer.index.get(w.uriOf('articles/a1.md')), plain(first.indexer.index.get(w.uriOf('articles/a1.md'))));
  });

  test('names beyond ASCII are written escaped (the file is all ASCII) and read back the same; a UTF-8 file is read too', async () => {
    const folder = tempFolder();
    const names = { 'articles/nestle.md': '# Nestlé’s “Moat” 🚀\n\n## Pillar 1: Über-scale 規模\n\nText about [[Crème brûlée]].\n\nThis article is not investment advice.\n' };
    const w = () => new InMemoryWorkspace(root, names, defaultConfig());
    const first = await session(folder, w());
    const bytes = readFileSync(cacheFileOf(folder, root));
    assert.ok(bytes.every((b) => b < 0x80), 'only ASCII bytes');
    const second = await session(folder, w());
    assert.equal(second.inner.calls.length, 0);
    const [summary] = [...second.indexer.index.all()];
    assert.equal(summary.kind === 'article' && summary.title, 'Nestlé’s “Moat” 🚀');
    assert.deepEqual(plain(summary), plain([...first.indexer.index.all()][0]));
    // The same cache as plain JSON.stringify writes it (UTF-8, other bytes): still every summary.
    writeFileSync(cacheFileOf(folder, root), JSON.stringify(JSON.parse(bytes.toString('latin1'))));
    assert.ok(!readFileSync(cacheFileOf(folder, root)).every((b) => b < 0x80));
    const third = await session(folder, w());
    assert.equal(third.inner.calls.length, 0);
    assert.deepEqual(plain([...third.indexer.index.all()][0]), plain(summary));
  });

  test('the cache file holds summaries, not the articles’ text', async () => {
    const folder = tempFolder();
    await session(folder, workspaceOf());
    const text = readFileSync(cacheFileOf(folder, root), 'utf8');
    assert.ok(!text.includes(PROSE), 'no sentence of prose');
    assert.ok(!text.includes('More text about'), 'no sentence of prose');
    assert.ok(text.includes('Switching costs'), 'pillar titles are summaries');
  });

  test('flushAfter writes the cache when its time is up, not before; a flush meanwhile writes at once', async () => {
    const folder = tempFolder();
    const inner = new CountingSummarizer();
    const cache = new SummaryCache(inner, { folder, rootUri: root });
    const indexer = new WorkspaceIndexer(workspaceOf(), () => Promise.resolve(), cache);
    await indexer.build();
    const exists = () => existsSync(cacheFileOf(folder, root));
    cache.flushAfter(60);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(exists(), false, 'not written yet');
    while (!exists()) await new Promise((r) => setTimeout(r, 10));
    assert.equal(Object.keys((JSON.parse(readFileSync(cacheFileOf(folder, root), 'utf8')) as { entries: object }).entries).length, total);
    // Another: flushed before its time, written at once.
    const other = tempFolder();
    const second = new SummaryCache(new CountingSummarizer(), { folder: other, rootUri: root });
    await new WorkspaceIndexer(workspaceOf(), () => Promise.resolve(), second).build();
    second.flushAfter(60_000);
    await second.flush();
    assert.ok(existsSync(cacheFileOf(other, root)));
    await second.dispose();
  });

  test('after the first flush, later misses are written on their own (debounced)', async () => {
    const folder = tempFolder();
    const w = workspaceOf();
    const { indexer, cache } = await session(folder, w, { debounceMs: 10 });
    await indexer.applyChanges(w.write({ 'library/companies/new.md': '# New Co\n' }));
    assert.equal(cache.misses, total + 1);
    // No flush called: the debounced write comes on its own (waited for, never timed).
    const written = () => (JSON.parse(readFileSync(cacheFileOf(folder, root), 'utf8')) as { entries: Record<string, unknown> }).entries;
    while (!(w.uriOf('library/companies/new.md') in written())) await new Promise((r) => setTimeout(r, 10));
  });
});

// ---- kept checks (the CLI): each file's local check beside its summary ----------------------

/** The pool's part in a whole-workspace check: summarizes and checks each file locally, and hands
 * the check to the cache (as the CLI wires SummaryPool's `checked` to `SummaryCache.checked`). */
class CountingChecker implements Summarizer {
  calls: string[] = [];
  cache?: SummaryCache;
  private builder = new ArticleBuilder();
  constructor(private readonly config = defaultConfig()) {}
  summarize(uri: string, role: FileRole, text: string) {
    this.calls.push(uri);
    const { summary, check } = summarizeAndCheck(uri, role, text, this.builder, this.config, false);
    if (check) this.cache!.checked(uri, check);
    return summary;
  }
}

/** A session of a whole-workspace check: each file's local check, then the library rules once the index is built. */
async function checkSession(folder: string, workspace: InMemoryWorkspace, config = defaultConfig(), apart = false) {
  const inner = new CountingChecker(config);
  const found = new Map<string, LocalCheck>();
  let indexer: WorkspaceIndexer | undefined;
  const cache = new SummaryCache(inner, {
    folder,
    rootUri: root,
    isLive: (uri) => indexer?.index.get(uri) !== undefined,
    checks: { key: checkConfigFingerprint(config), found: (uri, check) => found.set(uri, check), apart },
  });
  inner.cache = cache;
  indexer = new WorkspaceIndexer(workspace, () => Promise.resolve(), cache);
  await indexer.build();
  // Kept apart, the checks of summaries from the cache come only when asked for (after the build).
  const foundInBuild = found.size;
  await cache.loadChecks();
  await cache.flush();
  const index = indexer.index;
  const reported = new Map<string, unknown>();
  for (const [uri, check] of found) {
    const role = index.get(uri)?.kind === 'article' ? 'article' : (await workspace.listFiles()).find((f) => f.uri === uri)!.role;
    const kind = checkedKind(role)!;
    reported.set(uri, plain(finishCheck(check, config, kind, { uri, role, index, root })));
  }
  return { inner, cache, found, reported, foundInBuild };
}

/** What checkDocument reports for every article and entry, fixes left out (a report's view). */
async function expectedReport(workspace: InMemoryWorkspace, config = defaultConfig()) {
  const indexer = new WorkspaceIndexer(workspace, () => Promise.resolve());
  await indexer.build();
  const out = new Map<string, unknown>();
  const builder = new ArticleBuilder();
  for (const file of await workspace.listFiles()) {
    const kind = checkedKind(file.role);
    if (!kind) continue;
    const model = builder.build((await workspace.readFile(file.uri))!, 0, { fileName: path.posix.basename(file.uri), disclaimerPattern: config.disclaimer.pattern });
    const found = checkDocument(model, config, kind, { uri: file.uri, role: file.role, index: indexer.index, root });
    out.set(file.uri, plain(found.map((d) => ({ ...d, fixes: [] }))));
  }
  return out;
}

describe('summary cache: kept checks', () => {
  const checkedFiles = total; // the default globs make README.md an article too
  // An article with a finding of each kind: local (numbering) and library (unknown tags, a broken link).
  const tagged = files['articles/moats.md'].replace('Pillar 1', 'Pillar 3').replace('[[Network effects]].', '[[Network effects]] and [[Nobody here]].').replace('## Concepts\n\n- Network effects\n\n', '') +
    '\n---\n\nRelated articles:\n- [Other](other.md)\n- [Above](#pillar-3-switching-costs)\n- [Nowhere](#no-such-heading)\nFrom the Concept Library, concepts for this article are:\n- Network effects\n- Unknown thing\n';
  const reportOf = (r: Map<string, unknown>) => [...r].sort(([a], [b]) => (a < b ? -1 : 1));

  test('a second run takes every local check from the cache: nothing parsed, the same report as checkDocument', async () => {
    const folder = tempFolder();
    const w = workspaceOf({ 'articles/moats.md': tagged });
    const expected = await expectedReport(w);
    const first = await checkSession(folder, w);
    assert.equal(first.found.size, checkedFiles);
    assert.deepEqual(reportOf(first.reported), reportOf(expected));
    const second = await checkSession(folder, w);
    assert.equal(second.inner.calls.length, 0, 'no file parsed again');
    assert.equal(second.found.size, checkedFiles, 'every check handed over on a hit');
    assert.deepEqual(reportOf(second.reported), reportOf(expected));
    const rules = [...second.reported.values()].flatMap((r) => (r as { rule: string }[]).map((d) => d.rule));
    for (const rule of ['pillar-numbering', 'unknown-concept', 'broken-related-link', 'unknown-reference']) assert.ok(rules.includes(rule), `${rule} in ${rules}`);
    // A link to a heading of the article itself reads the headings (kept once, in the summary).
    const messages = [...second.reported.values()].flatMap((r) => (r as { message: string }[]).map((d) => d.message));
    assert.ok(messages.some((m) => m.includes('#no-such-heading')) && !messages.some((m) => m.includes('#pillar-3-switching-costs')), messages.join('\n'));
  });

  test('a check kept under another config is a miss, and so is a summary kept without a check', async () => {
    const folder = tempFolder();
    const w = workspaceOf();
    await checkSession(folder, w);
    const strict = defaultConfig();
    strict.rules['pillar-count'] = 'error';
    const other = await checkSession(folder, w, strict);
    assert.equal(other.inner.calls.length, checkedFiles, 'every article and entry checked again under the new config');
    assert.deepEqual(reportOf(other.reported), reportOf(await expectedReport(w, strict)));
    // A cache written without checks (the server's, a run that fixes): its summaries do not serve a check.
    const plainFolder = tempFolder();
    await session(plainFolder, w);
    const fromPlain = await checkSession(plainFolder, w);
    assert.equal(fromPlain.inner.calls.length, checkedFiles);
    const again = await checkSession(plainFolder, w);
    assert.equal(again.inner.calls.length, 0, 'the checks were added to the cache');
  });

  const brokenChecks: [string, (text: string) => string][] = [
    ['a finding without a message', (t) => t.replace(/"message":"[^"]*",/, '')],
    ['a finding of an unknown severity', (t) => t.replace(/"severity":"warning"/, '"severity":"fatal"')],
    ['a title without its text', (t) => t.replace(/"title":\{"text":"[^"]*",/, '"title":{')],
    ['directives that are not a list', (t) => t.replace(/"directives":\[\]/, '"directives":{}')],
    ['an end that is not a position', (t) => t.replace(/"end":\{"line":\d+/, '"end":{"line":"x"')],
    ['an analyzed flag of text', (t) => t.replace(/"analyzed":(true|false)/, '"analyzed":"yes"')],
    // (The article is the last file kept: libraries are indexed first.)
    ['an article rest with an entry part', (t) => t.replace(/^(.*)"rest":\{"analyzed":/s, '$1"rest":{"entry":{"title":{"text":"x","source":"heading"}},"analyzed":')],
  ];
  for (const [what, breakIt] of brokenChecks) {
    test(`a kept check with ${what} is a miss: that file is checked again, and the report is the same`, async () => {
      const folder = tempFolder();
      const w = workspaceOf({ 'articles/moats.md': tagged });
      const first = await checkSession(folder, w);
      const file = cacheFileOf(folder, root);
      const text = readFileSync(file, 'utf8');
      const changed = breakIt(text);
      assert.notEqual(changed, text, 'the cache was changed');
      writeFileSync(file, changed);
      const second = await checkSession(folder, w);
      assert.ok(second.inner.calls.length >= 1 && second.inner.calls.length < checkedFiles, `${second.inner.calls.length} files checked again`);
      assert.deepEqual(reportOf(second.reported), reportOf(first.reported));
    });
  }

  test('a kept check holds no prose, and of the front matter only the title and aliases', async () => {
    const folder = tempFolder();
    const w = workspaceOf({ 'library/concepts/network-effects.md': files['library/concepts/network-effects.md'].replace('\n---\n\n', '\nreviewer: A private note on pricing power\n---\n\n') });
    await checkSession(folder, w);
    const text = readFileSync(cacheFileOf(folder, root), 'utf8');
    assert.ok(!text.includes(PROSE) && !text.includes('More text about'), 'no sentence of prose');
    assert.ok(!text.includes('private note'), 'no other front matter value');
    assert.match(text, /"aliases":\["network effect"\]/);
    // What the summary holds (headings, tags, references, related links) is kept once, in the summary.
    const stored = JSON.parse(text) as { entries: Record<string, { check: { rest: Record<string, unknown> } }> };
    for (const entry of Object.values(stored.entries)) for (const key of Object.keys(entry.check.rest)) assert.ok(['analyzed', 'directives', 'end', 'entry'].includes(key), key);
  });
});

// ---- checks kept apart (the server's workspace diagnostics): read only after the build ------

describe('summary cache: checks kept apart', () => {
  const tagged = files['articles/moats.md'].replace('Pillar 1', 'Pillar 3').replace('[[Network effects]].', '[[Network effects]] and [[Nobody here]].');
  const sorted = (r: Map<string, unknown>) => [...r].sort(([a], [b]) => (a < b ? -1 : 1));

  test('a warm session hits every summary without its check, then loadChecks hands every check over: the same report', async () => {
    const folder = tempFolder();
    const w = workspaceOf({ 'articles/moats.md': tagged });
    const expected = await expectedReport(w);
    const first = await checkSession(folder, w, defaultConfig(), true);
    assert.deepEqual(sorted(first.reported), sorted(expected));
    // The summaries' file holds no check; the checks' file holds one per article and entry.
    const summaries = JSON.parse(readFileSync(cacheFileOf(folder, root), 'utf8')) as { entries: Record<string, { check?: unknown }> };
    assert.ok(Object.values(summaries.entries).every((e) => e.check === undefined));
    const checks = JSON.parse(readFileSync(checksFileOf(cacheFileOf(folder, root)), 'utf8')) as { checks: Record<string, unknown> };
    assert.equal(Object.keys(checks.checks).length, total);
    const second = await checkSession(folder, w, defaultConfig(), true);
    assert.equal(second.inner.calls.length, 0, 'no file parsed again');
    assert.deepEqual([second.cache.hits, second.cache.misses], [total, 0]);
    assert.equal(second.foundInBuild, 0, 'no check read while the index was built');
    assert.equal(second.found.size, total);
    assert.deepEqual(sorted(second.reported), sorted(expected));
  });

  const spoilt: [string, (text: string) => string][] = [
    ['truncated', (t) => t.slice(0, Math.floor(t.length / 2))],
    ['with flipped bytes', (t) => t.replace(/"severity":"warning"/g, '"severity":"w\u00e4rning"')],
    ['under another key', (t) => t.replace(/"key":"[0-9a-f]{64}"/, `"key":"${'0'.repeat(64)}"`)],
  ];
  for (const [what, spoil] of spoilt) {
    test(`a checks file ${what} hands over no bad check; the summaries still hit`, async () => {
      const folder = tempFolder();
      const w = workspaceOf({ 'articles/moats.md': tagged });
      const first = await checkSession(folder, w, defaultConfig(), true);
      const file = checksFileOf(cacheFileOf(folder, root));
      const text = readFileSync(file, 'utf8');
      assert.notEqual(spoil(text), text);
      writeFileSync(file, spoil(text));
      const second = await checkSession(folder, w, defaultConfig(), true);
      assert.equal(second.cache.misses, 0, 'the summaries are not touched');
      // Whatever checks survive are exactly the first run's.
      for (const [uri, report] of second.reported) assert.deepEqual(report, first.reported.get(uri), uri);
      assert.ok(second.found.size < total, `${second.found.size} checks used`);
    });
  }

  test("a file changed since: its kept check is not used (another text), the others are", async () => {
    const folder = tempFolder();
    await checkSession(folder, workspaceOf({ 'articles/moats.md': tagged }), defaultConfig(), true);
    const w = workspaceOf({ 'articles/moats.md': tagged.replace('Pillar 3', 'Pillar 1') });
    const second = await checkSession(folder, w, defaultConfig(), true);
    assert.deepEqual(second.inner.calls, [w.uriOf('articles/moats.md')], 'only the changed file parsed');
    assert.equal(second.found.size, total, 'its check made now, the others read');
    assert.deepEqual(sorted(second.reported), sorted(await expectedReport(w)));
  });
});
