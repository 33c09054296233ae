// The libraries through the real server over stdio (test/helpers/lsp-client.ts), on a temporary
// workspace written here: the index built at start (with progress), library diagnostics,
// completion, navigation, rename, every quick fix applied, watched-file updates and bursts of
// events, in pull and push mode. Also the file-system workspace itself (server/src/node/fs-workspace.ts).
// Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CompletionItemKind,
  FileChangeType,
  SymbolKind,
  type CodeAction,
  type Diagnostic,
  type FileEvent,
  type Position,
  type Range,
  type SymbolInformation,
  type WorkspaceSymbol,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultConfig, type Config } from '../../server/src/engine/config';
import type { IndexStats } from '../../server/src/lsp/indexing';
import { FsWorkspace, fileUriOf, findConfigFolders, pathOfUri } from '../../server/src/node/fs-workspace';
import { LspClient, fileUri, removeDir, tempDir, withTimeout } from '../helpers/lsp-client';

// ---- the workspace ----------------------------------------------------------------------------

const ENTRIES: Record<string, string> = {
  'library/concepts/network-effects.md': '---\ntitle: Network Effects\naliases:\n  - Network Effect\n  - Flywheel\n---\n# Network Effects\n\nEach new user makes the product more valuable to the others.\n',
  'library/concepts/switching-costs.md': '---\ntitle: Switching Costs\naliases: [Lock-in]\n---\nWhat a customer gives up by leaving.\n',
  'library/concepts/economies-of-scale.md': '# Economies of Scale\n\nCosts per unit fall as volume grows.\n',
  'library/concepts/flywheel-effect.md': '---\ntitle: Flywheel Effect\naliases:\n  - Flywheel\n---\nMomentum that feeds itself.\n',
  'library/companies/netflix.md': '---\ntitle: Netflix\naliases:\n  - NFLX\nsummary: The streaming service.\n---\n# Netflix\n\nStreams films and series.\n',
  'library/companies/nestle.md': '---\ntitle: Nestlé\n---\nFood and drinks.\n',
  'library/companies/cloudline.md': '---\ntitle: Cloudline\naliases: [Cloud Line]\n---\nA cloud provider.\n',
};

const CLEAN = [
  '# Why Netflix Wins',
  '',
  'Here are 2 reasons:',
  '',
  '## 1. Scale',
  '',
  'Body with [[Network Effects]] and [[NFLX|the company]].',
  '',
  '## 2. Habits',
  '',
  'People keep what they know.',
  '',
  'Related articles:',
  '- [Problems Galore](problems.md)',
  '',
  'From the Concept Library, concepts for this article are:',
  '- Network Effects',
  '- lock-in',
  '- [Economies of Scale](../library/concepts/economies-of-scale.md)',
  '',
  'From the Company Library, companies for this article are:',
  '- Netflix',
  '- Nestle',
  '',
  'This article is not investment advice.',
  '',
].join('\n');

const PROBLEMS = [
  '# Problems Galore',
  '',
  'Text with [[Netflx]] in it.',
  '',
  'Related articles:',
  '- [Why Netflix Wins](clean.md#no-such-heading)',
  '- [Missing](missing.md)',
  '',
  'From the Concept Library, concepts for this article are:',
  '- Netwrk Effects',
  '- Cloudline',
  '- Switching Costs',
  '- Lock-in',
  '- Platform Thinking',
  '',
  'From the Company Library, companies for this article are:',
  '- Netflix',
  '',
  'This article is not investment advice.',
  '',
].join('\n');

function writeWorkspace(dir: string): void {
  const files: Record<string, string> = {
    ...ENTRIES,
    '.strategy-notes.json': JSON.stringify({ articles: ['articles/**/*.md'] }),
    'articles/clean.md': CLEAN,
    'articles/problems.md': PROBLEMS,
    'README.md': '# Readme\n',
  };
  for (const [rel, text] of Object.entries(files)) write(dir, rel, text);
}

function write(dir: string, rel: string, text: string): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return fileUri(file);
}

/** An article with these tags (and body), for one fix or one check. */
function article(title: string, o: { concepts?: string[]; companies?: string[]; body?: string }): string {
  const lines = [`# ${title}`, '', o.body ?? 'Some analysis.', ''];
  if (o.concepts) lines.push('From the Concept Library, concepts for this article are:', ...o.concepts.map((c) => `- ${c}`), '');
  if (o.companies) lines.push('From the Company Library, companies for this article are:', ...o.companies.map((c) => `- ${c}`), '');
  lines.push('This article is not investment advice.', '');
  return lines.join('\n');
}

/** The position of `needle` in `text` (its `at`-th character). */
function posOf(text: string, needle: string, at = 0): Position {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${JSON.stringify(needle)} is in the text`);
  const before = text.slice(0, i + at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** Opens the document unless the client has it open already. */
async function ensureOpen(client: LspClient, uri: string, text: string): Promise<void> {
  try {
    client.textOf(uri);
  } catch {
    await client.open(uri, text);
  }
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}


const stats = (c: LspClient, wait = true) => c.request<IndexStats>('strategyNotes/indexStats', { wait }, 30_000);

function action(actions: CodeAction[], title: RegExp | string): CodeAction {
  const found = actions.find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
  assert.ok(found, `an action ${title} among ${JSON.stringify(actions.map((a) => a.title))}`);
  return found;
}

function symbolUri(s: SymbolInformation | WorkspaceSymbol): string {
  return s.location.uri;
}

// ---- the file-system workspace -------------------------------------------------------------------

describe('FsWorkspace (the file system behind the index)', () => {
  let dir: string;
  const config = (over: Partial<Config> = {}): Config => ({ ...defaultConfig(), articles: ['articles/**/*.md'], ...over });
  before(() => {
    dir = tempDir('sn-fsws-');
    for (const rel of [
      'library/concepts/a.md',
      'library/companies/b.md',
      'articles/x.md',
      'articles/UPPER.MD',
      'articles/drafts/d.md',
      'articles/long.markdown',
      'node_modules/pkg/readme.md',
      'articles/node_modules/inner.md',
      '.hidden/h.md',
      'articles/.dotfile.md',
      'build/out.md',
      'vendor/one.md',
      'vendor/keep.md',
      'deep/sub/ignored-here.md',
      'deep/sub/kept.md',
      'nested/n.md',
      'notes.txt',
      'README.md',
    ]) {
      write(dir, rel, `# ${rel}\n`);
    }
    write(dir, '.gitignore', 'build/\nvendor/*\n!vendor/keep.md\n');
    write(dir, 'deep/.gitignore', 'sub/ignored-*.md\n');
    write(dir, 'nested/.strategy-notes.json', '{}');
    writeFileSync(path.join(dir, 'articles/huge.md'), Buffer.alloc(10 * 1024 * 1024 + 1, 'a'));
  });
  after(() => removeDir(dir));

  const rels = async (ws: FsWorkspace) => (await ws.listFiles()).map((f) => [path.relative(dir, pathOfUri(f.uri)!).split(path.sep).join('/'), f.role]);

  test('lists Markdown files with their roles, leaving out node_modules, dot folders, .gitignored paths (nested .gitignore, negation) and nested roots', async () => {
    const ws = new FsWorkspace(dir, config(), { excludeFolders: [path.join(dir, 'nested')] });
    assert.deepEqual(await rels(ws), [
      ['README.md', 'other'],
      ['articles/UPPER.MD', 'other'],
      ['articles/drafts/d.md', 'article'],
      ['articles/huge.md', 'article'],
      ['articles/long.markdown', 'other'],
      ['articles/x.md', 'article'],
      ['deep/sub/kept.md', 'other'],
      ['library/companies/b.md', 'company-entry'],
      ['library/concepts/a.md', 'concept-entry'],
      ['vendor/keep.md', 'other'],
    ]);
    assert.deepEqual(await findConfigFolders(dir), [path.join(dir, 'nested')]);
  });

  test('`exclude` globs (and folder names) leave files out; roleOf agrees with the listing', async () => {
    const ws = new FsWorkspace(dir, config({ exclude: ['articles/drafts', '**/*.markdown'] }));
    const listed = await rels(ws);
    assert.ok(!listed.some(([rel]) => rel === 'articles/drafts/d.md' || rel === 'articles/long.markdown'), JSON.stringify(listed));
    assert.ok(listed.some(([rel]) => rel === 'nested/n.md'), 'without excludeFolders the nested folder is listed');
    const role = (rel: string) => ws.roleOf(fileUri(path.join(dir, rel)));
    assert.equal(role('articles/drafts/d.md'), undefined);
    assert.equal(role('articles/x.md'), 'article');
    assert.equal(role('library/concepts/new.md'), 'concept-entry', 'a file not created yet gets its role by the globs');
    assert.equal(role('build/out.md'), undefined);
    assert.equal(role('vendor/one.md'), undefined);
    assert.equal(role('vendor/keep.md'), 'other');
    assert.equal(role('deep/sub/ignored-here.md'), undefined);
    assert.equal(role('node_modules/pkg/readme.md'), undefined);
    assert.equal(role('.hidden/h.md'), undefined);
    assert.equal(role('notes.txt'), undefined);
    assert.equal(ws.roleOf('file:///somewhere/else.md'), undefined);
    assert.equal(ws.roleOf('untitled:Untitled-1'), undefined);
    ws.update({ config: config({ exclude: [] }) });
    assert.equal(role('articles/drafts/d.md'), 'article', 'update() takes new globs');
    ws.update({ config: config({ exclude: ['articles/**', '!articles/x.md'] }) });
    assert.deepEqual(
      (await rels(ws)).filter(([rel]) => rel.startsWith('articles/')),
      [['articles/x.md', 'article']],
      'a `!glob` brings a file back, as in a .gitignore',
    );
  });

  test('reads UTF-8; files over 10 MiB, folders and missing files read as undefined', async () => {
    const ws = new FsWorkspace(dir, config());
    write(dir, 'articles/utf8.md', '# Nestlé — “quotes” 🚀\n');
    assert.equal(await ws.readFile(ws.uriOf('articles/utf8.md')), '# Nestlé — “quotes” 🚀\n');
    assert.equal(await ws.readFile(ws.uriOf('articles/huge.md')), undefined);
    assert.equal(await ws.readFile(ws.uriOf('articles')), undefined);
    assert.equal(await ws.readFile(ws.uriOf('articles/none.md')), undefined);
    assert.equal(await ws.readFile('untitled:Untitled-1'), undefined);
  });

  test('paths and canonical file URIs map both ways', () => {
    const ws = new FsWorkspace(dir, config());
    const file = path.join(dir, 'articles', 'a b#c.md');
    const uri = ws.uriOf(file);
    assert.equal(uri, fileUriOf(file));
    assert.match(uri, /^file:\/\/\/.*a%20b%23c\.md$/);
    assert.equal(ws.pathOf(uri), file);
    assert.equal(ws.uriOf('articles/a b#c.md'), uri, 'relative paths are taken from the root');
  });

  test('a .gitignore change is seen after forgetIgnores()', async () => {
    const ws = new FsWorkspace(dir, config());
    assert.equal(ws.roleOf(ws.uriOf('articles/x.md')), 'article');
    write(dir, 'articles/.gitignore', 'x.md\n');
    assert.equal(ws.roleOf(ws.uriOf('articles/x.md')), 'article', 'read once and kept');
    ws.forgetIgnores();
    assert.equal(ws.roleOf(ws.uriOf('articles/x.md')), undefined);
    rmSync(path.join(dir, 'articles/.gitignore'));
  });
});

// ---- pull mode ---------------------------------------------------------------------------------

describe('library features over stdio (pull client)', () => {
  let ws: string;
  let client: LspClient;
  let counter = 0;
  const uriOf = (rel: string) => fileUri(path.join(ws, rel));
  const fresh = (name: string) => `articles/${name}-${++counter}.md`;
  /** Writes an article to disk (so the index has it) and opens it. */
  async function openNew(rel: string, text: string): Promise<string> {
    const uri = write(ws, rel, text);
    await client.open(uri, text);
    return uri;
  }
  /** Sends watched-file events and waits until the server has applied them. */
  async function tell(events: FileEvent[]): Promise<void> {
    await client.changeWatchedFiles(events);
    await stats(client);
  }

  before(async () => {
    ws = tempDir('sn-lib-pull-');
    writeWorkspace(ws);
    client = await LspClient.start({ pull: true, library: true, workspaceFolders: [ws] });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('capabilities: completion (with trigger characters), definition, references, hover, rename with prepare, links, workspace symbols', () => {
    const caps = client.initializeResult.capabilities;
    assert.ok(caps.completionProvider?.triggerCharacters?.includes('['));
    assert.ok(caps.completionProvider?.triggerCharacters?.includes('#'));
    assert.ok(caps.definitionProvider);
    assert.ok(caps.referencesProvider);
    assert.ok(caps.hoverProvider);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.ok(caps.documentLinkProvider);
    assert.ok(caps.workspaceSymbolProvider);
  });

  test('the index is built at start, with work-done progress and file watchers registered', async () => {
    await client.waitForProgressEnd();
    const s = await stats(client);
    assert.equal(s.entries, 7);
    assert.equal(s.articles, 2);
    assert.equal(s.ready, true);
    assert.equal(client.progressTokens.length, 1);
    const values = client.progress.map((p) => p.value);
    assert.equal(values[0].kind, 'begin');
    assert.equal(values[values.length - 1].kind, 'end');
    const messages = values.flatMap((v) => (v.kind === 'end' ? [] : v.message ? [v.message] : []));
    for (const m of messages.slice(1)) assert.match(m, /^Indexing (libraries|articles) \d{1,3}(,\d{3})*\/\d{1,3}(,\d{3})*$/);
    assert.ok(messages.includes('Indexing libraries 7/7'), JSON.stringify(messages));
    // Articles come with the other Markdown files (the readme), after the libraries.
    assert.ok(messages.includes(`Indexing articles ${s.files - s.entries}/${s.files - s.entries}`), JSON.stringify(messages));
    const watchers = client.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').flatMap((r) => (r.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern));
    assert.deepEqual(watchers.sort(), ['**/*.markdown', '**/*.md', '**/.gitignore', '**/.strategy-notes.json']);
  });

  test('library diagnostics on an open article: each problem once; the clean article has none', async () => {
    const problems = uriOf('articles/problems.md');
    await client.open(problems, PROBLEMS);
    const d = await client.pullDiagnostics(problems);
    assert.deepEqual(codes(d), ['broken-related-link', 'broken-related-link', 'duplicate-tag', 'unknown-concept', 'unknown-concept', 'unknown-reference', 'wrong-library']);
    const clean = uriOf('articles/clean.md');
    await client.open(clean, CLEAN);
    assert.deepEqual(await client.pullDiagnostics(clean), []);
  });

  test('library entry files open in the editor get their entry diagnostics (duplicate-entry-name on both)', async () => {
    for (const rel of ['library/concepts/network-effects.md', 'library/concepts/flywheel-effect.md']) {
      const uri = uriOf(rel);
      await client.open(uri, ENTRIES[rel]);
      const d = await client.pullDiagnostics(uri);
      assert.deepEqual(codes(d), ['duplicate-entry-name'], rel);
      assert.match(messageOf(d[0]), /Flywheel/);
      await client.close(uri);
    }
    const uri = uriOf('library/companies/netflix.md');
    await client.open(uri, ENTRIES['library/companies/netflix.md']);
    assert.deepEqual(await client.pullDiagnostics(uri), [], 'no disclaimer-missing on an entry');
    await client.close(uri);
  });

  test('completion: each section offers its own library, `[[` offers both, related items offer articles', async () => {
    const rel = fresh('completion');
    const text = article('Completion', { concepts: ['Net'], companies: ['Nes'], body: 'See [[Cl and more.' });
    const uri = await openNew(rel, text);
    const concept = await client.completion(uri, posOf(text, '- Net', 5));
    const labels = (items: { label: string }[]) => items.map((i) => i.label).sort();
    // What was typed narrows the list (its letters in order, in the title or an alias): the editor asks again as the writer types.
    assert.deepEqual(labels(concept), ['Network Effects']);
    const all = await client.completionList(uri, posOf(text, '- Net', 2));
    assert.deepEqual(labels(all?.items ?? []), ['Economies of Scale', 'Flywheel Effect', 'Network Effects', 'Switching Costs'], 'nothing typed: every concept');
    assert.equal(all?.isIncomplete, false);
    assert.equal((await client.completionList(uri, posOf(text, '- Net', 5)))?.isIncomplete, true);
    const network = concept.find((i) => i.label === 'Network Effects')!;
    assert.equal(network.kind, CompletionItemKind.Interface);
    assert.equal(network.labelDetails?.description, 'Concept');
    assert.match(network.filterText ?? '', /Flywheel/, 'aliases are in the filter text');
    assert.equal(network.documentation, undefined, 'documentation comes with completionItem/resolve');
    assert.match(JSON.stringify((await client.resolveCompletion(network)).documentation), /more valuable to the others/);
    assert.ok(network.textEdit && 'range' in network.textEdit);
    assert.equal(network.textEdit.newText, 'Network Effects');
    const company = await client.completion(uri, posOf(text, '- Nes', 5));
    assert.deepEqual(labels(company), ['Nestlé']);
    assert.ok(company.every((i) => i.kind === CompletionItemKind.Class && i.labelDetails?.description === 'Company'));
    const reference = await client.completion(uri, posOf(text, '[[Cl', 4), '[');
    assert.deepEqual(labels(reference), ['Cloudline', 'Economies of Scale', 'Flywheel Effect', 'Network Effects', 'Switching Costs'], 'c…l in order, in titles or aliases');
    const both = await client.completion(uri, posOf(text, '[[Cl', 2), '[');
    assert.deepEqual(labels(both), ['Cloudline', 'Economies of Scale', 'Flywheel Effect', 'Nestlé', 'Netflix', 'Network Effects', 'Switching Costs']);
    const lone = uriOf(fresh('related'));
    const relatedText = '# Related\n\nRelated articles:\n- Why\n';
    await client.open(lone, relatedText);
    const related = await client.completion(lone, posOf(relatedText, '- Why', 5));
    assert.ok(related.some((i) => i.label === 'Why Netflix Wins'), JSON.stringify(labels(related)));
    assert.match(related.find((i) => i.label === 'Why Netflix Wins')!.textEdit!.newText, /\]\(clean\.md\)$/);
  });

  test('definition: a tag, a reference and a related link lead to the entry file or the article', async () => {
    const uri = uriOf('articles/clean.md');
    await ensureOpen(client, uri, CLEAN);
    const def = async (needle: string, at = 1) => (await client.definition(uri, posOf(CLEAN, needle, at))).map((l) => l.uri);
    assert.deepEqual(await def('- Netflix', 3), [uriOf('library/companies/netflix.md')]);
    assert.deepEqual(await def('- lock-in', 3), [uriOf('library/concepts/switching-costs.md')]);
    assert.deepEqual(await def('[[Network Effects]]', 3), [uriOf('library/concepts/network-effects.md')]);
    assert.deepEqual(await def('[[NFLX', 3), [uriOf('library/companies/netflix.md')]);
    assert.deepEqual(await def('[Problems Galore]', 3), [uriOf('articles/problems.md')]);
    assert.deepEqual(await def('People keep', 2), []);
  });

  test('references: every tag and reference naming the entry, by title or alias, from a tag or from the entry file', async () => {
    const uri = uriOf('articles/clean.md');
    await ensureOpen(client, uri, CLEAN);
    const refs = await client.references(uri, posOf(CLEAN, '- Netflix', 3));
    const where = refs.map((l) => `${path.basename(pathOfUri(l.uri)!)}:${l.range.start.line}`).sort();
    const problemsLine = PROBLEMS.split('\n').indexOf('- Netflix');
    const cleanLines = CLEAN.split('\n');
    assert.deepEqual(where, [`clean.md:${cleanLines.indexOf('- Netflix')}`, `clean.md:${cleanLines.findIndex((l) => l.includes('[[NFLX'))}`, `problems.md:${problemsLine}`].sort());
    const entry = uriOf('library/companies/netflix.md');
    await client.open(entry, ENTRIES['library/companies/netflix.md']);
    const fromEntry = await client.references(entry, { line: 9, character: 3 });
    assert.deepEqual(fromEntry.map((l) => `${l.uri}:${l.range.start.line}`).sort(), refs.map((l) => `${l.uri}:${l.range.start.line}`).sort());
    await client.close(entry);
  });

  test('hover: title, kind, aliases, summary and how many articles name it; an unknown tag says so', async () => {
    await ensureOpen(client, uriOf('articles/clean.md'), CLEAN);
    await ensureOpen(client, uriOf('articles/problems.md'), PROBLEMS);
    const text = await client.hoverText(uriOf('articles/clean.md'), posOf(CLEAN, '- lock-in', 3));
    assert.ok(text);
    assert.match(text, /Switching Costs/);
    assert.match(text, /Concept/);
    assert.match(text, /Lock-in/);
    assert.match(text, /What a customer gives up by leaving/);
    assert.match(text, /\b2 articles\b|\b1 article\b/);
    const unknown = await client.hoverText(uriOf('articles/problems.md'), posOf(PROBLEMS, '- Netwrk', 3));
    assert.match(unknown ?? '', /names no entry of the Concept Library/);
  });

  test('document links for tags and references, workspace symbols for articles, pillars and entries', async () => {
    await ensureOpen(client, uriOf('articles/clean.md'), CLEAN);
    const links = await client.documentLinks(uriOf('articles/clean.md'));
    const targets = links.map((l) => (l.target ?? '').replace(/#.*$/, ''));
    assert.ok(targets.includes(uriOf('library/companies/netflix.md')), JSON.stringify(targets));
    assert.ok(targets.includes(uriOf('library/concepts/switching-costs.md')));
    const symbols = await client.workspaceSymbols('netflix');
    const byName = new Map(symbols.map((s) => [s.name, s]));
    assert.equal(byName.get('Netflix')?.kind, SymbolKind.Class);
    assert.equal(symbolUri(byName.get('Netflix')!), uriOf('library/companies/netflix.md'));
    assert.equal(byName.get('Why Netflix Wins')?.kind, SymbolKind.File);
    assert.ok(symbols.some((s) => s.kind === SymbolKind.Namespace && /Why Netflix Wins — 1\. Scale/.test(s.name + ' ' + (s.containerName ?? ''))), JSON.stringify(symbols.map((s) => [s.name, s.containerName])));
    const concepts = await client.workspaceSymbols('switching');
    assert.equal(concepts.find((s) => s.name === 'Switching Costs')?.kind, SymbolKind.Interface);
  });

  test('quick fix "Change to …" on an unknown concept: applied, re-checked clean', async () => {
    const rel = fresh('fix-change');
    const text = article('Fix Change', { concepts: ['Netwrk Effects'] });
    const uri = await openNew(rel, text);
    const d = (await client.pullDiagnostics(uri)).filter((x) => x.code === 'unknown-concept');
    assert.equal(d.length, 1);
    const actions = await client.codeActions(uri, d[0].range, d);
    const change = action(actions, 'Change to "Network Effects"');
    assert.equal(change.isPreferred, true);
    await client.applyWorkspaceEdit(change.edit!);
    assert.equal(client.textOf(uri), text.replace('- Netwrk Effects', '- Network Effects'));
    assert.deepEqual(await client.pullDiagnostics(uri), []);
  });

  test('quick fix "Add … as an alias": the entry file on disk gets the alias; after the watched-file event the tag resolves', async () => {
    const rel = fresh('fix-alias');
    const text = article('Fix Alias', { concepts: ['Economy of Scale'] });
    const uri = await openNew(rel, text);
    const d = (await client.pullDiagnostics(uri)).filter((x) => x.code === 'unknown-concept');
    const fix = action(await client.codeActions(uri, d[0].range, d), /^Add "Economy of Scale" as an alias of "Economies of Scale"/);
    const entryFile = path.join(ws, 'library/concepts/economies-of-scale.md');
    const before = readFileSync(entryFile, 'utf8');
    const events = await client.applyWorkspaceEdit(fix.edit!);
    assert.equal(client.textOf(uri), text, 'the article is not touched');
    const after = readFileSync(entryFile, 'utf8');
    assert.match(after, /aliases:\n {2}- Economy of Scale\n/);
    assert.ok(after.endsWith(before), 'the entry text is kept, front matter added before it');
    const refreshed = client.waitForRefresh();
    await tell(events);
    await refreshed;
    assert.deepEqual(await client.pullDiagnostics(uri), []);
  });

  test('quick fix "Create the … entry": the file is created from the template (never overwriting); after the event the tag resolves', async () => {
    const rel = fresh('fix-create');
    const text = article('Fix Create', { concepts: ['Platform Thinking'], companies: ['Acme Robotics'] });
    const uri = await openNew(rel, text);
    const d = await client.pullDiagnostics(uri);
    assert.deepEqual(codes(d), ['unknown-company', 'unknown-concept']);
    for (const diagnostic of d) {
      const fix = action(await client.codeActions(uri, diagnostic.range, [diagnostic]), /^Create the (Concept|Company) Library entry/);
      assert.ok(fix.edit?.documentChanges, 'documentChanges for a client that supports them');
      const create = fix.edit.documentChanges.find((c) => 'kind' in c && c.kind === 'create');
      assert.ok(create && 'kind' in create && create.kind === 'create');
      assert.deepEqual(create.options, { overwrite: false, ignoreIfExists: true });
      const events = await client.applyWorkspaceEdit(fix.edit);
      assert.deepEqual(events.map((e) => e.type), [FileChangeType.Created]);
      const created = readFileSync(pathOfUri(create.uri)!, 'utf8');
      assert.match(created, /^---\ntitle: (Platform Thinking|Acme Robotics)\n/);
      await tell(events);
    }
    assert.ok(existsSync(path.join(ws, 'library/concepts/platform-thinking.md')));
    assert.ok(existsSync(path.join(ws, 'library/companies/acme-robotics.md')));
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    // Now the entry exists: a tag naming a new name offers a file that does not exist yet.
    const again = uriOf(fresh('fix-create-again'));
    const text2 = article('Again', { concepts: ['Platform-Thinking Two'] });
    await client.open(again, text2);
    const d2 = await client.pullDiagnostics(again);
    const fix2 = action(await client.codeActions(again, d2[0].range, d2), /^Create the Concept Library entry/);
    const create2 = fix2.edit!.documentChanges!.find((c) => 'kind' in c)!;
    assert.ok('uri' in create2 && !existsSync(pathOfUri(create2.uri)!));
  });

  test('quick fix "Move … to the company tags" on a wrong-library tag, and "Remove the duplicate tag"', async () => {
    const rel = fresh('fix-move');
    const text = article('Fix Move', { concepts: ['Network Effects', 'Cloudline', 'Switching Costs', 'Lock-in'] });
    const uri = await openNew(rel, text);
    let d = await client.pullDiagnostics(uri);
    assert.deepEqual(codes(d), ['duplicate-tag', 'wrong-library']);
    const wrong = d.find((x) => x.code === 'wrong-library')!;
    await client.applyWorkspaceEdit(action(await client.codeActions(uri, wrong.range, [wrong]), /^Move "Cloudline" to the company tags/).edit!);
    assert.match(client.textOf(uri), /From the Company Library, companies for this article are:\n- Cloudline\n/);
    assert.ok(!/concepts for this article are:\n(- .*\n)*- Cloudline/.test(client.textOf(uri)));
    d = await client.pullDiagnostics(uri);
    assert.deepEqual(codes(d), ['duplicate-tag']);
    await client.applyWorkspaceEdit(action(await client.codeActions(uri, d[0].range, d), /^Remove/).edit!);
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    assert.ok(client.textOf(uri).includes('- Switching Costs\n'), 'the first of the two stays');
  });

  test('quick fix on an unknown [[reference]]', async () => {
    const rel = fresh('fix-reference');
    const text = article('Fix Reference', { body: 'As [[Netflx]] showed.' });
    const uri = await openNew(rel, text);
    const d = await client.pullDiagnostics(uri);
    assert.deepEqual(codes(d), ['unknown-reference']);
    await client.applyWorkspaceEdit(action(await client.codeActions(uri, d[0].range, d), 'Change to "Netflix"').edit!);
    assert.match(client.textOf(uri), /As \[\[Netflix\]\] showed\./);
    assert.deepEqual(await client.pullDiagnostics(uri), []);
  });

  test('watched files: an entry created, edited and deleted on disk changes an open article\'s diagnostics without reopening', async () => {
    const rel = fresh('watched');
    const text = article('Watched', { concepts: ['Moats', 'Switching Costs'] });
    const uri = await openNew(rel, text);
    assert.deepEqual(codes(await client.pullDiagnostics(uri)), ['unknown-concept']);

    let refreshed = client.waitForRefresh();
    const entry = write(ws, 'library/concepts/moats.md', '---\ntitle: Moats\n---\nWhat keeps rivals out.\n');
    await tell([{ uri: entry, type: FileChangeType.Created }]);
    await refreshed;
    assert.deepEqual(await client.pullDiagnostics(uri), [], 'created');

    refreshed = client.waitForRefresh();
    write(ws, 'library/concepts/switching-costs.md', '---\ntitle: Cost of Switching\n---\nRenamed on disk.\n');
    await tell([{ uri: uriOf('library/concepts/switching-costs.md'), type: FileChangeType.Changed }]);
    await refreshed;
    const d = await client.pullDiagnostics(uri);
    assert.deepEqual(codes(d), ['unknown-concept'], 'edited');
    assert.match(messageOf(d[0]), /Switching Costs/);

    refreshed = client.waitForRefresh();
    rmSync(path.join(ws, 'library/concepts/moats.md'));
    await tell([{ uri: entry, type: FileChangeType.Deleted }]);
    await refreshed;
    assert.deepEqual(codes(await client.pullDiagnostics(uri)), ['unknown-concept', 'unknown-concept'], 'deleted');

    write(ws, 'library/concepts/switching-costs.md', ENTRIES['library/concepts/switching-costs.md']);
    await tell([{ uri: uriOf('library/concepts/switching-costs.md'), type: FileChangeType.Changed }]);
    assert.deepEqual(codes(await client.pullDiagnostics(uri)), ['unknown-concept']);
  });

  test('an edit in an open entry (not saved) re-checks the articles that name it', async () => {
    const rel = fresh('open-entry');
    const text = article('Open Entry', { companies: ['Cloud Line'] });
    const uri = await openNew(rel, text);
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    const entry = uriOf('library/companies/cloudline.md');
    await client.open(entry, ENTRIES['library/companies/cloudline.md']);
    const refreshed = client.waitForRefresh();
    await client.changeFull(entry, ENTRIES['library/companies/cloudline.md'].replace('aliases: [Cloud Line]', 'aliases: [Skyline]'));
    await client.pullDiagnostics(entry); // the client pulls the edited document, which updates the index
    await refreshed;
    assert.deepEqual(codes(await client.pullDiagnostics(uri)), ['unknown-company']);
    const back = client.waitForRefresh();
    await client.close(entry); // the disk's version counts again
    await stats(client);
    await back;
    assert.deepEqual(await client.pullDiagnostics(uri), []);
  });

  test('a burst of 1,000 file events is applied as one batch', async () => {
    const before = await stats(client);
    const events: FileEvent[] = [];
    for (let i = 0; i < 1000; i++) events.push({ uri: write(ws, `articles/burst/a-${i}.md`, `# Burst ${i}\n\nText ${i}.\n`), type: FileChangeType.Created });
    // As an editor sends them: several notifications in a row.
    for (let i = 0; i < events.length; i += 250) await client.changeWatchedFiles(events.slice(i, i + 250));
    const after = await stats(client);
    assert.equal(after.batchesApplied - before.batchesApplied, 1);
    assert.equal(after.eventsReceived - before.eventsReceived, 1000);
    assert.equal(after.articles - before.articles, 1000);
    assert.ok(client.logMessages.some((m) => /applied 1000 file event/.test(m.message)), 'logged as one batch');
    rmSync(path.join(ws, 'articles/burst'), { recursive: true });
    await client.changeWatchedFiles(events.map((e) => ({ uri: e.uri, type: FileChangeType.Deleted })));
    const gone = await stats(client);
    assert.equal(gone.batchesApplied - after.batchesApplied, 1);
    assert.equal(gone.articles, before.articles);
  });

  test('rename from a tag: one edit for the entry title and every tag by title (aliases stay); applied to disk and re-checked; a taken name is refused', async () => {
    const clean = uriOf('articles/clean.md');
    await ensureOpen(client, clean, CLEAN);
    await ensureOpen(client, uriOf('articles/problems.md'), PROBLEMS);
    const at = posOf(CLEAN, '- Netflix', 4);
    const prepared = await client.prepareRename(clean, at);
    assert.ok(prepared && 'placeholder' in prepared);
    assert.equal(prepared.placeholder, 'Netflix');
    await assert.rejects(client.rename(clean, at, 'Cloudline'), (e: Error) => /Cloudline/.test(e.message));
    await assert.rejects(client.prepareRename(clean, posOf(CLEAN, 'People keep', 2)), (e: Error) => /renamed/.test(e.message));
    const edit = await client.rename(clean, at, 'Netflix Inc.');
    assert.ok(edit?.documentChanges);
    const touched = edit.documentChanges.map((c) => ('textDocument' in c ? path.relative(ws, pathOfUri(c.textDocument.uri)!) : '')).sort();
    // The fixed reference of an earlier test names Netflix in its (unsaved) editor text: it is renamed too.
    assert.deepEqual(
      touched.filter((t) => !t.startsWith(`articles${path.sep}fix-reference-`)),
      ['articles/clean.md', 'articles/problems.md', 'library/companies/netflix.md'].map((t) => t.split('/').join(path.sep)),
    );
    for (const c of edit.documentChanges) if ('textDocument' in c) assert.equal(c.textDocument.version, client.versionOf(c.textDocument.uri) || null);
    const events = await client.applyWorkspaceEdit(edit, { save: true });
    const entryText = readFileSync(path.join(ws, 'library/companies/netflix.md'), 'utf8');
    assert.match(entryText, /^---\ntitle: Netflix Inc\.\naliases:\n {2}- NFLX\n/);
    assert.match(entryText, /\n# Netflix Inc\.\n/);
    assert.match(client.textOf(clean), /\n- Netflix Inc\.\n/);
    assert.match(client.textOf(clean), /\[\[NFLX\|the company\]\]/, 'the alias stays');
    await tell(events);
    assert.deepEqual(await client.pullDiagnostics(clean), []);
    const problems = uriOf('articles/problems.md');
    assert.ok(!codes(await client.pullDiagnostics(problems)).includes('unknown-company'));
    assert.match(client.textOf(problems), /\n- Netflix Inc\.\n/);
  });

  test('documents outside every workspace folder, and untitled ones, get no library context', async () => {
    const text = article('Elsewhere', { concepts: ['Nothing Like It'], body: 'See [[Nowhere]].' });
    const outside = tempDir('sn-outside-');
    try {
      const lone = write(outside, 'lone.md', text);
      await client.open(lone, text);
      assert.deepEqual(await client.pullDiagnostics(lone), []);
      assert.deepEqual(await client.completion(lone, posOf(text, '- Nothing', 5)), []);
      await client.open('untitled:Untitled-7', text);
      assert.deepEqual(await client.pullDiagnostics('untitled:Untitled-7'), []);
    } finally {
      removeDir(outside);
    }
  });

  test('a .gitignore change and a config change redo the file list (only what changed role is read)', async () => {
    const before = await stats(client);
    write(ws, 'articles/private/secret.md', '# Secret\n');
    await tell([{ uri: uriOf('articles/private/secret.md'), type: FileChangeType.Created }]);
    assert.equal((await stats(client)).articles, before.articles + 1);
    write(ws, '.gitignore', 'articles/private/\n');
    await tell([{ uri: uriOf('.gitignore'), type: FileChangeType.Created }]);
    assert.equal((await stats(client)).articles, before.articles);
    rmSync(path.join(ws, '.gitignore'));
    await tell([{ uri: uriOf('.gitignore'), type: FileChangeType.Deleted }]);
    assert.equal((await stats(client)).articles, before.articles + 1);

    const refreshed = client.waitForRefresh();
    write(ws, '.strategy-notes.json', JSON.stringify({ articles: ['articles/**/*.md'], library: { companies: ['nowhere/**/*.md'] } }));
    await tell([{ uri: uriOf('.strategy-notes.json'), type: FileChangeType.Changed }]);
    await refreshed;
    const s = await stats(client);
    assert.equal(s.entries, before.entries - 4, 'the company entries left the library');
    const clean = uriOf('articles/clean.md');
    await ensureOpen(client, clean, CLEAN);
    assert.ok(codes(await client.pullDiagnostics(clean)).includes('unknown-company'));
    write(ws, '.strategy-notes.json', JSON.stringify({ articles: ['articles/**/*.md'] }));
    await tell([{ uri: uriOf('.strategy-notes.json'), type: FileChangeType.Changed }]);
    assert.equal((await stats(client)).entries, before.entries);
    rmSync(path.join(ws, 'articles/private'), { recursive: true });
    await tell([{ uri: uriOf('articles/private/secret.md'), type: FileChangeType.Deleted }]);
  });

  test('workspace folders added and removed make and drop projects', async () => {
    const second = tempDir('sn-lib-second-');
    try {
      write(second, 'library/concepts/only-here.md', '# Only Here\n');
      const text = article('Second', { concepts: ['Only Here', 'Network Effects'] });
      const uri = write(second, 'articles/second.md', text);
      await client.changeWorkspaceFolders([second], []);
      const s = await stats(client);
      assert.equal(s.projects.length, 2);
      await client.open(uri, text);
      assert.deepEqual(codes(await client.pullDiagnostics(uri)), ['unknown-concept'], 'each folder has its own library');
      await client.changeWorkspaceFolders([], [second]);
      assert.equal((await stats(client)).projects.length, 1);
      assert.deepEqual(await client.pullDiagnostics(uri), [], 'outside every folder now: no library context');
      await client.close(uri);
    } finally {
      removeDir(second);
    }
  });
});

// ---- push mode ---------------------------------------------------------------------------------

describe('library features over stdio (push client)', () => {
  let ws: string;
  let client: LspClient;
  const uriOf = (rel: string) => fileUri(path.join(ws, rel));

  before(async () => {
    ws = tempDir('sn-lib-push-');
    writeWorkspace(ws);
    client = await LspClient.start({ pull: false, library: true, workspaceFolders: [ws] });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('library diagnostics are published for an open article opened at once', async () => {
    const uri = uriOf('articles/problems.md');
    await client.open(uri, PROBLEMS);
    const published = await client.waitForPublish(uri, { version: 1 });
    assert.deepEqual(codes(published.diagnostics), ['broken-related-link', 'broken-related-link', 'duplicate-tag', 'unknown-concept', 'unknown-concept', 'unknown-reference', 'wrong-library']);
    // The linked article is read for its headings even if the cold build has not reached it yet.
    const links = published.diagnostics.filter((d) => d.code === 'broken-related-link').map(messageOf);
    assert.ok(links.some((m) => /#no-such-heading/.test(m)) && links.some((m) => /missing\.md/.test(m)), JSON.stringify(links));
  });

  test('an entry created on disk: only the articles that name it are re-published', async () => {
    const uri = uriOf('articles/problems.md');
    const clean = uriOf('articles/clean.md');
    await ensureOpen(client, uri, PROBLEMS);
    await client.open(clean, CLEAN);
    assert.deepEqual((await client.waitForPublish(clean, { version: 1 })).diagnostics, []);
    await stats(client);
    await new Promise((r) => setTimeout(r, 150)); // let publishes already scheduled go out
    const problemsCount = client.publishCount(uri);
    const cleanCount = client.publishCount(clean);
    const entry = write(ws, 'library/concepts/platform-thinking.md', '---\ntitle: Platform Thinking\n---\nSeeing the product as a platform.\n');
    await client.changeWatchedFiles([{ uri: entry, type: FileChangeType.Created }]);
    const next = await client.waitForPublish(uri, { afterCount: problemsCount });
    assert.deepEqual(codes(next.diagnostics), ['broken-related-link', 'broken-related-link', 'duplicate-tag', 'unknown-concept', 'unknown-reference', 'wrong-library']);
    await stats(client);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(client.publishCount(clean), cleanCount, 'an article that does not name it is not re-published');
  });

  test('a quick fix that creates an entry, applied: the file exists and the next publish has no unknown tag', async () => {
    const text = article('Push Fix', { companies: ['Harbor Freight Lines'] });
    const uri = write(ws, 'articles/push-fix.md', text);
    await client.open(uri, text);
    const [d] = (await client.waitForPublish(uri, { version: 1 })).diagnostics;
    assert.equal(d.code, 'unknown-company');
    const fix = action(await client.codeActions(uri, d.range, [d]), /^Create the Company Library entry/);
    const count = client.publishCount(uri);
    const events = await client.applyWorkspaceEdit(fix.edit!);
    assert.ok(existsSync(path.join(ws, 'library/companies/harbor-freight-lines.md')));
    await client.changeWatchedFiles(events);
    const next = await client.waitForPublish(uri, { afterCount: count, predicate: (p) => p.diagnostics.length === 0 });
    assert.deepEqual(next.diagnostics, []);
  });

  test('rename applied: the articles are re-published clean', async () => {
    const clean = uriOf('articles/clean.md');
    await ensureOpen(client, clean, CLEAN);
    const edit = await client.rename(clean, posOf(CLEAN, '- Nestle', 4), 'Nestlé Group');
    assert.ok(edit);
    const count = client.publishCount(clean);
    const events = await client.applyWorkspaceEdit(edit, { save: true });
    await client.changeWatchedFiles(events);
    const text = client.textOf(clean);
    assert.match(text, /\n- Nestlé Group\n/, 'the tag written "Nestle" (accent folded) is renamed too');
    // The edited article may be published once before the entry's file event is applied; then clean.
    const published = await client.waitForPublish(clean, { afterCount: count, version: client.versionOf(clean), predicate: (p) => p.diagnostics.length === 0 });
    assert.deepEqual(published.diagnostics, []);
    assert.match(readFileSync(path.join(ws, 'library/companies/nestle.md'), 'utf8'), /^---\ntitle: Nestlé Group\n/);
  });
});

// ---- a cold start with more to index ---------------------------------------------------------

describe('an article checked while the cold build is still reading articles', () => {
  let ws: string;
  let client: LspClient;
  before(async () => {
    ws = tempDir('sn-lib-cold-');
    writeWorkspace(ws);
    for (let i = 0; i < 400; i++) write(ws, `articles/filler-${String(i).padStart(3, '0')}.md`, `# Filler ${i}\n\n## Part ${i}\n\nText ${i}.\n`);
    write(ws, 'articles/zz-target.md', '# Target\n\n## Target Heading\n\nText.\n');
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('gets the same diagnostics as after the build: entries are in, and its related links\' targets are read first', async () => {
    client = await LspClient.start({ pull: true, library: true, workspaceFolders: [ws] });
    const text = ['# Linker', '', 'Related articles:', '- [Target](zz-target.md#target-heading)', '- [Nowhere](zz-nowhere.md)', '', 'From the Company Library, companies for this article are:', '- Netflix', '- Netflx', '', 'This article is not investment advice.', ''].join('\n');
    const uri = fileUri(path.join(ws, 'articles/linker.md'));
    await client.open(uri, text);
    const early = await client.pullDiagnostics(uri);
    assert.deepEqual(codes(early), ['broken-related-link', 'unknown-company']);
    assert.match(messageOf(early.find((d) => d.code === 'broken-related-link')!), /zz-nowhere\.md/);
    const s = await stats(client);
    assert.equal(s.articles, 404, 'the fillers, the target, the two articles and the open one');
    assert.deepEqual(await client.pullDiagnostics(uri), early);
  });
});

// ---- clients that take list-wide completion defaults ---------------------------------------------

describe('a client with `completionList.itemDefaults`', () => {
  let ws: string;
  let client: LspClient;
  before(async () => {
    ws = tempDir('sn-lib-defaults-');
    writeWorkspace(ws);
    client = await LspClient.start({ pull: true, library: true, completionItemDefaults: true, workspaceFolders: [ws] });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('gets the shared range once, each item its text, and the documentation on resolve', async () => {
    const text = article('Defaults', { concepts: ['Net'] });
    const uri = write(ws, 'articles/defaults.md', text);
    await client.open(uri, text);
    const at = posOf(text, '- Net', 5);
    const everything = await client.completionList(uri, posOf(text, '- Net', 2));
    assert.ok(everything && everything.items.length >= 4, JSON.stringify(everything));
    const list = await client.completionList(uri, at);
    assert.ok(list && list.items.length >= 1 && list.isIncomplete, JSON.stringify(list));
    assert.deepEqual(list.itemDefaults?.editRange, { start: { line: at.line, character: 2 }, end: at });
    const network = list.items.find((i) => i.label === 'Network Effects')!;
    assert.equal(network.textEdit, undefined);
    // Its text is its label: said once (no textEditText); plain text, the default (no insertTextFormat).
    assert.equal(network.textEditText, undefined);
    assert.equal(network.insertTextFormat, undefined);
    assert.equal(network.documentation, undefined);
    assert.match(JSON.stringify((await client.resolveCompletion(network)).documentation), /more valuable to the others/);
    const applied = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), [{ range: list.itemDefaults!.editRange as Range, newText: network.textEditText ?? network.label }]);
    assert.match(applied, /^- Network Effects$/m);
  });
});

// ---- clients that cannot create files ----------------------------------------------------------

describe('a client without the `create` resource operation', () => {
  let ws: string;
  let client: LspClient;
  before(async () => {
    ws = tempDir('sn-lib-nocreate-');
    writeWorkspace(ws);
    client = await LspClient.start({ pull: true, library: true, createFiles: false, workspaceFolders: [ws] });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('is not offered fixes that create a file; the other fixes are', async () => {
    const text = article('No Create', { concepts: ['Netwrk Effects'] });
    const uri = write(ws, 'articles/no-create.md', text);
    await client.open(uri, text);
    const d = await client.pullDiagnostics(uri);
    const titles = (await client.codeActions(uri, d[0].range, d)).map((a) => a.title);
    assert.ok(titles.includes('Change to "Network Effects"'), JSON.stringify(titles));
    assert.ok(titles.some((t) => t.startsWith('Add "Netwrk Effects" as an alias')), JSON.stringify(titles));
    assert.ok(!titles.some((t) => t.startsWith('Create')), JSON.stringify(titles));
  });

  test('no work-done progress is created for a client that did not declare it', async () => {
    const other = await LspClient.start({ pull: true, workspaceFolders: [ws] });
    try {
      await withTimeout(stats(other), 10_000, 'stats');
      assert.equal(other.progressTokens.length, 0);
      assert.equal(other.registrations.length, 0, 'no dynamic registration without didChangeWatchedFiles.dynamicRegistration');
    } finally {
      await other.dispose();
    }
  });
});
