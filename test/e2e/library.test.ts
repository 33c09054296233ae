// The Concept and Company Libraries in a real VS Code, on the example workspace copy: completion,
// definition, hover, references, rename, every quick fix of the library rules, and library
// entries created, edited and deleted on disk. Every test puts the files back as they were
// (see `snapshotMarkdown`), so the suites after this one see the example as shipped.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  assertStays,
  codeActions,
  codeOf,
  completionItems,
  definitionsAt,
  fileExists,
  fmtLocation,
  fmtRange,
  formatDiagnostics,
  hoverText,
  labelOf,
  LIBRARY_PROBLEMS,
  openDocument,
  ownDiagnostics,
  positionOf,
  PASTED,
  rangeOf,
  readFileText,
  referencesAt,
  REGIONAL,
  revertAndCloseAll,
  saveAllDocuments,
  waitFor,
  waitForDiagnostics,
  workspaceUri,
  writeFileText,
} from './util';

const CONCEPTS = [
  'Barriers to Entry',
  'Bundling',
  'Cloud Services',
  'Ecommerce',
  'Economic Moats',
  'Economies of Scale',
  'Generative AI',
  'Logistics',
  'Multi-Homing',
  'Network Effects',
  'Platform Business Models',
  'Switching Costs',
];
const COMPANIES = ['Bargainly', 'Brightmart', 'Cloudline', 'Harbor Parcel', 'Lumière Grocers', "Marlow's Market", 'Northwind Logistics', 'Quillmind', 'Streamvale'];

/** What library-problems.md holds on purpose: rule id -> how many (example/README.md). */
const PROBLEMS: Record<string, number> = {
  'unknown-reference': 1,
  'broken-related-link': 2,
  'unknown-concept': 1,
  'wrong-library': 1,
  'unknown-company': 1,
  'duplicate-tag': 1,
};

/** Our diagnostics of `uri` counted by rule id. */
function countByRule(uri: vscode.Uri): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of ownDiagnostics(vscode.languages.getDiagnostics(uri))) out[codeOf(d)] = (out[codeOf(d)] ?? 0) + 1;
  return out;
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

/** Waits until our diagnostics of `uri` are exactly `expected` (rule id -> count). */
async function waitForProblems(uri: vscode.Uri, expected: Record<string, number>, timeout?: number): Promise<vscode.Diagnostic[]> {
  const all = await waitForDiagnostics(uri, () => sameCounts(countByRule(uri), expected), timeout);
  return ownDiagnostics(all);
}

/** Opens an article and waits until it has none of our diagnostics, and keeps none for a moment. */
async function assertClean(path: string): Promise<void> {
  const uri = workspaceUri(path);
  await openDocument(uri);
  await waitForDiagnostics(uri, (d) => ownDiagnostics(d).length === 0);
  await assertStays(() => ownDiagnostics(vscode.languages.getDiagnostics(uri)).length === 0, `${path}: ${formatDiagnostics(ownDiagnostics(vscode.languages.getDiagnostics(uri)))}`, 300);
}

/** Opens library-problems.md and waits for its problems, as shipped; returns the document. */
async function openProblems(): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor; uri: vscode.Uri }> {
  const uri = workspaceUri(LIBRARY_PROBLEMS);
  const { document, editor } = await openDocument(uri);
  await waitForProblems(uri, PROBLEMS);
  return { document, editor, uri };
}

function only(diagnostics: readonly vscode.Diagnostic[], rule: string): vscode.Diagnostic {
  const found = diagnostics.filter((d) => codeOf(d) === rule);
  assert.equal(found.length, 1, `one ${rule}: ${formatDiagnostics(diagnostics)}`);
  return found[0];
}

/** The code action with this title among those offered on `range`. */
async function action(uri: vscode.Uri, range: vscode.Range, title: string): Promise<vscode.CodeAction> {
  const actions = await codeActions(uri, range);
  const found = actions.find((a) => a.title === title && a.kind?.value === vscode.CodeActionKind.QuickFix.value);
  assert.ok(found, `no "${title}" code action; got ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.equal(found.kind?.value, vscode.CodeActionKind.QuickFix.value);
  assert.ok(found.edit, `"${title}" carries no edit`);
  return found;
}

async function apply(a: vscode.CodeAction): Promise<void> {
  assert.ok(await vscode.workspace.applyEdit(a.edit!), `applyEdit refused "${a.title}"`);
}

/** Every Markdown file of the workspace with its text, to put back after each test. */
async function snapshotMarkdown(): Promise<{ restore(): Promise<void>; differences(): Promise<string[]> }> {
  const files = await vscode.workspace.findFiles('**/*.md');
  const saved = new Map<string, { uri: vscode.Uri; text: string }>();
  for (const uri of files) saved.set(uri.toString(), { uri, text: (await readFileText(uri)) ?? '' });
  return {
    async restore() {
      await revertAndCloseAll();
      for (const uri of await vscode.workspace.findFiles('**/*.md')) {
        if (!saved.has(uri.toString())) await vscode.workspace.fs.delete(uri, { useTrash: false });
      }
      for (const { uri, text } of saved.values()) if ((await readFileText(uri)) !== text) await writeFileText(uri, text);
    },
    /** Files added, removed or changed on disk since the snapshot. */
    async differences() {
      const now = await vscode.workspace.findFiles('**/*.md');
      const added = now.filter((u) => !saved.has(u.toString()));
      const changed: vscode.Uri[] = [];
      for (const { uri, text } of saved.values()) if ((await readFileText(uri)) !== text) changed.push(uri);
      return [...added, ...changed].map((u) => vscode.workspace.asRelativePath(u)).sort();
    },
  };
}

/** Our completion items: the server marks library entries Concept or Company in `detail`. */
function entryItems(items: readonly vscode.CompletionItem[]): vscode.CompletionItem[] {
  return items.filter((i) => /^(Concept|Company)\b/.test(i.detail ?? ''));
}

/** Our entry items at `position`, once there are any (the first request may come before the server has indexed the libraries). */
async function entryCompletions(uri: vscode.Uri, position: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  return waitFor(async () => {
    const items = entryItems(await completionItems(uri, position, trigger));
    return items.length > 0 && items;
  }, { message: `library completions at ${position.line + 1}:${position.character + 1}` });
}

function insertedText(item: vscode.CompletionItem): string {
  if (item.textEdit) return item.textEdit.newText;
  if (item.insertText !== undefined) return typeof item.insertText === 'string' ? item.insertText : item.insertText.value;
  return labelOf(item);
}

function itemNamed(items: readonly vscode.CompletionItem[], label: string): vscode.CompletionItem {
  const item = items.find((i) => labelOf(i) === label);
  assert.ok(item, `no completion item "${label}" in ${JSON.stringify(items.map(labelOf))}`);
  return item;
}

/** Adds a line after the (first) line holding `after` and returns the position at its end. */
async function addLine(editor: vscode.TextEditor, after: string, text: string): Promise<vscode.Position> {
  const line = positionOf(editor.document, after).line;
  const end = editor.document.lineAt(line).range.end;
  assert.ok(await editor.edit((e) => e.insert(end, `\n${text}`)));
  return new vscode.Position(line + 1, text.length);
}

describe('libraries', function () {
  this.timeout(30_000);
  let snapshot: Awaited<ReturnType<typeof snapshotMarkdown>>;
  before(async () => {
    snapshot = await snapshotMarkdown();
  });
  afterEach(async () => {
    await snapshot.restore();
  });

  describe('completion', () => {
    it('in a concept list: every concept entry and no company; tagged ones last; aliases in filterText, the title inserted', async () => {
      const { editor } = await openDocument(REGIONAL);
      const uri = editor.document.uri;
      const at = await addLine(editor, '- Barriers to Entry', '- ');
      const items = await entryCompletions(uri, at);
      assert.deepEqual(items.map(labelOf).sort(), [...CONCEPTS].sort());
      assert.ok(items.every((i) => /^Concept\b/.test(i.detail ?? '')), JSON.stringify(items.map((i) => i.detail)));
      // Aliases are matched by the editor through filterText; choosing one inserts the title.
      const logistics = itemNamed(items, 'Logistics');
      assert.match(logistics.filterText ?? '', /Last-Mile Delivery/);
      assert.equal(insertedText(logistics), 'Logistics');
      assert.match(itemNamed(items, 'Generative AI').filterText ?? '', /\bGenAI\b/);
      // Entries the list already tags (Platform Business Models by title, Logistics by alias) sort after the others.
      const sortKey = (label: string) => itemNamed(items, label).sortText ?? label;
      for (const tagged of ['Platform Business Models', 'Logistics', 'Bundling']) {
        for (const fresh of ['Cloud Services', 'Switching Costs', 'Network Effects']) {
          assert.ok(sortKey(tagged) > sortKey(fresh), `${tagged} (${sortKey(tagged)}) should sort after ${fresh} (${sortKey(fresh)})`);
        }
      }
      // The documentation shows the summary and the entry's file.
      const doc = itemNamed(items, 'Switching Costs').documentation;
      const docText = typeof doc === 'string' ? doc : (doc?.value ?? '');
      assert.match(docText, /Everything a customer gives up/);
      assert.match(docText, /switching-costs\.md/);
    });

    it('in a company list: company entries only, narrowed by what was typed; an accent-free spelling in filterText', async () => {
      const { editor } = await openDocument(REGIONAL);
      const at = await addLine(editor, '- Brightmart Marketplace', '- Lum');
      const items = await entryCompletions(editor.document.uri, at);
      // The server keeps the entries holding l…u…m in order (in a title or an alias); no concept.
      assert.ok(items.length > 0 && items.every((i) => COMPANIES.includes(labelOf(i))), items.map(labelOf).join(', '));
      assert.ok(!items.some((i) => labelOf(i) === 'Brightmart'), 'Brightmart holds no l…u…m');
      assert.ok(items.every((i) => /^Company\b/.test(i.detail ?? '')));
      const lumiere = itemNamed(items, 'Lumière Grocers');
      assert.match(lumiere.filterText ?? '', /Lumiere Grocers/);
      assert.equal(insertedText(lumiere), 'Lumière Grocers');
      // The typed text is replaced, not appended to.
      const range = lumiere.range instanceof vscode.Range ? lumiere.range : (lumiere.range?.replacing ?? (lumiere.textEdit?.range as vscode.Range | undefined));
      assert.ok(range, 'the item says what it replaces');
      assert.equal(editor.document.getText(range), 'Lum');
    });

    it('after [[ in prose: the entries of both libraries, each marked Concept or Company; the reference is closed', async () => {
      const { editor } = await openDocument(REGIONAL);
      const uri = editor.document.uri;
      const end = editor.document.lineAt(positionOf(editor.document, 'The grocers that do best').line).range.end;
      assert.ok(await editor.edit((e) => e.insert(end, ' See [[')));
      const at = end.translate(0, ' See [['.length);
      const items = await entryCompletions(uri, at, '[');
      assert.deepEqual(items.map(labelOf).sort(), [...CONCEPTS, ...COMPANIES].sort());
      for (const name of CONCEPTS) assert.match(itemNamed(items, name).detail ?? '', /^Concept\b/, name);
      for (const name of COMPANIES) assert.match(itemNamed(items, name).detail ?? '', /^Company\b/, name);
      assert.equal(insertedText(itemNamed(items, 'Bargainly')), 'Bargainly]]');
    });
  });

  describe('navigation', () => {
    it('definition: a tag, an accent-free tag, a reference and an alias reference go to the entry file; a related link with #slug to the heading', async () => {
      const { document } = await openDocument(REGIONAL);
      const uri = document.uri;
      const cases: [vscode.Position, string][] = [
        [positionOf(document, '- Harbor Parcel', 4), 'library/companies/harbor-parcel.md'],
        [positionOf(document, '- Lumiere Grocers', 4), 'library/companies/lumiere-grocers.md'],
        [positionOf(document, '[[Bargainly]]', 4), 'library/companies/bargainly.md'],
        [positionOf(document, '[[Multihoming|', 4), 'library/concepts/multi-homing.md'],
        [positionOf(document, '- Last-Mile Delivery', 4), 'library/concepts/logistics.md'],
      ];
      for (const [position, target] of cases) {
        const defs = await waitFor(async () => {
          const d = (await definitionsAt(uri, position)).filter((l) => l.uri.toString() === workspaceUri(target).toString());
          return d.length > 0 && d;
        }, { message: `a definition in ${target} from line ${position.line + 1}` });
        assert.equal(defs.length, 1, defs.map(fmtLocation).join(', '));
      }
      // #3-habits-and-switching-costs: the heading `## 3. Habits and Switching Costs` of netflix-moats.md.
      const moats = await vscode.workspace.openTextDocument(workspaceUri('articles/netflix-moats.md'));
      const heading = positionOf(moats, '## 3. Habits and Switching Costs').line;
      const slug = await definitionsAt(uri, positionOf(document, '#3-habits-and-switching-costs', 3));
      assert.ok(
        slug.some((l) => l.uri.toString() === moats.uri.toString() && l.range.start.line === heading),
        `no definition at netflix-moats.md line ${heading + 1}: ${slug.map(fmtLocation).join(', ')}`,
      );
      // A plain related title (the pasted article) goes to the article with that title.
      const pasted = await vscode.workspace.openTextDocument(workspaceUri(PASTED));
      const plain = await definitionsAt(pasted.uri, positionOf(pasted, '- The Moats That Protect Streamvale', 6));
      assert.ok(plain.some((l) => l.uri.toString() === moats.uri.toString()), plain.map(fmtLocation).join(', '));
    });

    it('hover on a tag: title, kind, aliases, summary and how many articles name it; on an unknown tag, says so', async () => {
      const { document } = await openDocument(REGIONAL);
      // Logistics is named by the pasted article (by title) and by this one (by alias).
      const text = await waitFor(async () => {
        const t = await hoverText(document.uri, positionOf(document, '- Last-Mile Delivery', 4));
        return /Logistics/.test(t) && t;
      }, { message: 'a hover on the Last-Mile Delivery tag' });
      assert.match(text, /Logistics/);
      assert.match(text, /Concept/);
      assert.match(text, /Smart Logistics/, 'the aliases');
      assert.match(text, /Logistics covers moving and storing goods/, 'the summary (its first paragraph: no summary: field)');
      assert.match(text, /\b2 articles\b/, 'the number of articles naming it');

      const lumiere = await hoverText(document.uri, positionOf(document, '[[Lumiere Grocers]]', 4));
      assert.match(lumiere, /Lumière Grocers/);
      assert.match(lumiere, /Company/);
      assert.match(lumiere, /family-owned grocery chain/, 'the summary: field');

      const { document: problems } = await openProblems();
      const unknown = await hoverText(problems.uri, positionOf(problems, '- Network Efects', 4));
      assert.match(unknown, /Network Efects/);
      assert.match(unknown, /no entry|not in the Concept Library|unknown/i, unknown);
    });

    it('references: from a tag and from the entry file, every tag and reference naming the entry, by title or alias', async () => {
      // Switching Costs (alias Lock-In) as the example names it.
      const expected = new Set<string>();
      const named: [string, string, number?][] = [
        ['articles/netflix-moats.md', '[[Switching Costs|switching costs]]'],
        ['articles/netflix-moats.md', '- [[Switching Costs]]'],
        ['articles/front-matter-title.md', '[[Lock-In|lock-in]]'],
        ['articles/front-matter-title.md', '- Switching Costs'],
        ['articles/platform-rules.md', '- Switching Costs'],
        ['articles/drafts/cloud-pricing-draft.md', '- Switching Costs'],
        [LIBRARY_PROBLEMS, '- Switching Costs'],
      ];
      for (const [path, needle] of named) {
        const doc = await vscode.workspace.openTextDocument(workspaceUri(path));
        expected.add(`${path}:${positionOf(doc, needle).line}`);
      }
      const inArticles = (locations: vscode.Location[]) =>
        [...new Set(locations.filter((l) => vscode.workspace.asRelativePath(l.uri).startsWith('articles/')).map((l) => `${vscode.workspace.asRelativePath(l.uri)}:${l.range.start.line}`))].sort();

      const { document } = await openDocument('articles/platform-rules.md');
      const fromTag = await waitFor(async () => {
        const r = inArticles(await referencesAt(document.uri, positionOf(document, '- Switching Costs', 4)));
        return r.length >= expected.size && r;
      }, { message: 'references from the Switching Costs tag' });
      assert.deepEqual(fromTag, [...expected].sort());

      const entry = await openDocument('library/concepts/switching-costs.md');
      const fromEntry = inArticles(await referencesAt(entry.document.uri, positionOf(entry.document, 'Switching costs are everything')));
      assert.deepEqual(fromEntry, [...expected].sort());
    });

    it('rename from the entry title: the entry and every tag and reference by title change, alias ones stay; the workspace stays clean', async () => {
      // F2 on a tag first asks prepareRename: the entry's title is what the box offers.
      const rules = await openDocument('articles/platform-rules.md');
      const prepared = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', rules.document.uri, positionOf(rules.document, '- Multi-Homing', 4));
      assert.equal(prepared?.placeholder, 'Multi-Homing');
      assert.equal(rules.document.getText(prepared.range), 'Multi-Homing');

      const entryUri = workspaceUri('library/concepts/multi-homing.md');
      const { document: entry } = await openDocument(entryUri);
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', entryUri, positionOf(entry, 'title: Multi-Homing', 8), 'Seller Multi-Homing');
      assert.ok(edit, 'no rename edit');
      const touched = edit.entries().map(([u]) => vscode.workspace.asRelativePath(u)).sort();
      assert.deepEqual(touched, ['articles/platform-rules.md', REGIONAL, 'library/concepts/multi-homing.md'].sort());
      assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit refused the rename');
      await saveAllDocuments();

      const entryText = (await readFileText(entryUri)) ?? '';
      assert.match(entryText, /^title: Seller Multi-Homing$/m);
      assert.match(entryText, /^# Seller Multi-Homing$/m);
      assert.match(entryText, /^aliases: Multihoming$/m, 'the alias is untouched');
      const regional = (await readFileText(workspaceUri(REGIONAL))) ?? '';
      assert.match(regional, /^- \[\[Seller Multi-Homing\]\]$/m);
      assert.match(regional, /\[\[Multihoming\|Multi-homing\]\]/, 'a reference by alias stays as written');
      assert.match((await readFileText(workspaceUri('articles/platform-rules.md'))) ?? '', /^- Seller Multi-Homing$/m);
      for (const path of ['articles/platform-rules.md', REGIONAL]) await assertClean(path);
    });

    it('rename to a name another entry holds is refused with a message', async () => {
      const { document } = await openDocument(REGIONAL);
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', document.uri, positionOf(document, '- Bargainly', 4), 'Brightmart')),
        (e: Error) => /Brightmart/.test(e.message),
      );
      assert.equal(document.isDirty, false);
    });
  });

  describe('links and symbols', () => {
    it('document links on tags and references open the entry file; workspace symbols find entries and articles', async () => {
      const { document } = await openDocument(REGIONAL);
      const harbor = workspaceUri('library/companies/harbor-parcel.md');
      const tagLine = positionOf(document, '- Harbor Parcel').line;
      const links = await waitFor(async () => {
        const all = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri);
        const found = (all ?? []).filter((l) => l.target?.with({ fragment: '' }).toString() === harbor.toString());
        return found.length >= 2 && found;
      }, { message: 'document links to harbor-parcel.md (the tag and the [[reference]])' });
      assert.ok(links.some((l) => l.range.start.line === tagLine), links.map((l) => fmtRange(l.range)).join(', '));

      const symbols = await waitFor(async () => {
        const s = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'Lumiere');
        return (s ?? []).some((x) => x.location.uri.toString() === workspaceUri('library/companies/lumiere-grocers.md').toString()) && s;
      }, { message: 'a workspace symbol for Lumière Grocers' });
      assert.ok(symbols.some((s) => s.name.includes('Lumière Grocers')), symbols.map((s) => s.name).join(', '));
    });
  });

  describe('quick fixes', () => {
    it('unknown-concept: "Change to" the closest entry', async () => {
      const { uri, document } = await openProblems();
      const d = only(ownDiagnostics(vscode.languages.getDiagnostics(uri)), 'unknown-concept');
      assert.equal(document.getText(d.range), 'Network Efects');
      const fix = await action(uri, d.range, 'Change to "Network Effects"');
      assert.equal(fix.isPreferred, true);
      await apply(fix);
      assert.equal(document.lineAt(d.range.start.line).text, '- Network Effects');
      await waitForProblems(uri, { ...PROBLEMS, 'unknown-concept': 0 });
    });

    it('unknown-concept: add the name as an alias of the closest entry (its front matter list)', async () => {
      const { uri, document } = await openProblems();
      const d = only(ownDiagnostics(vscode.languages.getDiagnostics(uri)), 'unknown-concept');
      const entryUri = workspaceUri('library/concepts/network-effects.md');
      const before = (await readFileText(entryUri)) ?? '';
      await apply(await action(uri, d.range, 'Add "Network Efects" as an alias of "Network Effects" (library/concepts/network-effects.md)'));
      await waitForProblems(uri, { ...PROBLEMS, 'unknown-concept': 0 });
      await saveAllDocuments();
      const after = (await readFileText(entryUri)) ?? '';
      assert.equal(after, before.replace('  - Demand-Side Economies of Scale\n', '  - Demand-Side Economies of Scale\n  - Network Efects\n'), 'only one alias line added');
      // The article itself is not edited.
      assert.equal(document.isDirty, false);
    });

    it('unknown-reference: change to the closest entry, or add an alias to a one-string aliases: (it becomes a flow sequence)', async () => {
      const { uri, document } = await openProblems();
      const d = only(ownDiagnostics(vscode.languages.getDiagnostics(uri)), 'unknown-reference');
      await apply(await action(uri, d.range, 'Change to "Quillmind"'));
      assert.ok(document.getText().includes('It mentions [[Quillmind]], a name'), document.lineAt(d.range.start.line).text);
      await waitForProblems(uri, { ...PROBLEMS, 'unknown-reference': 0 });
      await revertAndCloseAll();

      const again = await openProblems();
      const d2 = only(ownDiagnostics(vscode.languages.getDiagnostics(again.uri)), 'unknown-reference');
      await apply(await action(again.uri, d2.range, 'Add "Quilmind" as an alias of "Quillmind" (library/companies/quillmind.md)'));
      await waitForProblems(again.uri, { ...PROBLEMS, 'unknown-reference': 0 });
      await saveAllDocuments();
      assert.match((await readFileText(workspaceUri('library/companies/quillmind.md'))) ?? '', /^aliases: \[Quillmind AI, Quilmind\]$/m);
    });

    it('unknown-company: create the entry; the file exists on disk from the template and the tag resolves', async () => {
      const { uri } = await openProblems();
      const d = only(ownDiagnostics(vscode.languages.getDiagnostics(uri)), 'unknown-company');
      const created = workspaceUri('library/companies/fernway-foods.md');
      assert.equal(await fileExists(created), false);
      await apply(await action(uri, d.range, 'Create the Company Library entry "Fernway Foods" (library/companies/fernway-foods.md)'));
      assert.ok(await fileExists(created), 'the entry file is on disk');
      await waitForProblems(uri, { ...PROBLEMS, 'unknown-company': 0 });
      await saveAllDocuments();
      const text = (await readFileText(created)) ?? '';
      assert.match(text, /^---\ntitle: Fernway Foods\nsummary:/);
      assert.match(text, /^# Fernway Foods$/m);
      // Saved and closed, the file on disk is what the tag resolves to.
      await revertAndCloseAll();
      await openDocument(uri);
      await waitForProblems(uri, { ...PROBLEMS, 'unknown-company': 0 });
    });

    it('unknown-concept: create the entry in the concept library', async () => {
      const { uri } = await openProblems();
      const d = only(ownDiagnostics(vscode.languages.getDiagnostics(uri)), 'unknown-concept');
      const created = workspaceUri('library/concepts/network-efects.md');
      await apply(await action(uri, d.range, 'Create the Concept Library entry "Network Efects" (library/concepts/network-efects.md)'));
      assert.ok(await fileExists(created));
      await waitForProblems(uri, { ...PROBLEMS, 'unknown-concept': 0 });
    });

    it('wrong-library: move the tag to the right section; nothing else is reported', async () => {
      const { uri, document } = await openProblems();
      const d = only(ownDiagnostics(vscode.languages.getDiagnostics(uri)), 'wrong-library');
      const before = document.getText();
      await apply(await action(uri, d.range, 'Move "Cloudline" to the company tags'));
      const after = document.getText();
      assert.equal(after, before.replace('- Cloudline\n', '').replace('- Northwind\n', '- Northwind\n- Cloudline\n'));
      await waitForProblems(uri, { ...PROBLEMS, 'wrong-library': 0 });
    });

    it('duplicate-tag: remove the second tag of the same entry', async () => {
      const { uri, document } = await openProblems();
      const d = only(ownDiagnostics(vscode.languages.getDiagnostics(uri)), 'duplicate-tag');
      const before = document.getText();
      await apply(await action(uri, d.range, 'Remove the duplicate tag "Northwind"'));
      assert.equal(document.getText(), before.replace('- Northwind Logistics\n- Northwind\n', '- Northwind Logistics\n'));
      await waitForProblems(uri, { ...PROBLEMS, 'duplicate-tag': 0 });
    });

    it('every library fix offered applies cleanly and clears its diagnostic', async function () {
      this.timeout(180_000);
      const { uri } = await openProblems();
      const offered: { rule: string; line: number; title: string }[] = [];
      for (const d of ownDiagnostics(vscode.languages.getDiagnostics(uri))) {
        // Quick fixes only: VS Code's own Markdown and snippet actions (refactorings) come too.
        for (const a of await codeActions(uri, d.range)) {
          if (a.edit && a.kind?.value === vscode.CodeActionKind.QuickFix.value && !offered.some((o) => o.title === a.title)) offered.push({ rule: codeOf(d), line: d.range.start.line, title: a.title });
        }
      }
      assert.deepEqual(
        offered.map((o) => o.title).sort(),
        [
          'Change to "Quillmind"',
          'Add "Quilmind" as an alias of "Quillmind" (library/companies/quillmind.md)',
          'Create the Concept Library entry "Quilmind" (library/concepts/quilmind.md)',
          'Create the Company Library entry "Quilmind" (library/companies/quilmind.md)',
          'Change to "Network Effects"',
          'Add "Network Efects" as an alias of "Network Effects" (library/concepts/network-effects.md)',
          'Create the Concept Library entry "Network Efects" (library/concepts/network-efects.md)',
          'Move "Cloudline" to the company tags',
          'Create the Company Library entry "Fernway Foods" (library/companies/fernway-foods.md)',
          'Remove the duplicate tag "Northwind"',
        ].sort(),
      );
      for (const o of offered) {
        await snapshot.restore();
        const { uri: u, document } = await openProblems();
        const d = ownDiagnostics(vscode.languages.getDiagnostics(u)).find((x) => codeOf(x) === o.rule && x.range.start.line === o.line);
        assert.ok(d, `${o.rule} on line ${o.line + 1}`);
        await apply(await action(u, d.range, o.title));
        await waitForProblems(u, { ...PROBLEMS, [o.rule]: PROBLEMS[o.rule] - 1 }).catch((e: Error) => {
          throw new Error(`after "${o.title}": ${e.message}\n${document.getText()}`);
        });
      }
    });
  });

  describe('library entries', () => {
    it('two entries sharing an alias both get duplicate-entry-name; broken front matter is reported and the entry still counts', async () => {
      for (const path of ['library/concepts/economic-moats.md', 'library/concepts/barriers-to-entry.md']) {
        const uri = workspaceUri(path);
        const { document } = await openDocument(uri);
        const [d] = await waitForProblems(uri, { 'duplicate-entry-name': 1 });
        assert.match(d.message, /Defensibility/);
        assert.equal(document.getText(d.range), 'Defensibility');
      }
      const harbor = workspaceUri('library/companies/harbor-parcel.md');
      await openDocument(harbor);
      await waitForProblems(harbor, { 'front-matter-invalid': 1 });
      await assertClean(REGIONAL); // which tags Harbor Parcel and names it in prose
    });

    it('an entry created, edited and deleted on disk changes an open article’s diagnostics, without a reload', async () => {
      const { uri } = await openProblems();
      const entry = workspaceUri('library/companies/fernway-foods.md');
      await writeFileText(entry, '---\ntitle: Fernway Foods\nsummary: A fictional grocer.\n---\n\n# Fernway Foods\n\nA fictional grocer.\n');
      await waitForProblems(uri, { ...PROBLEMS, 'unknown-company': 0 });
      // Retitled: the tag names nothing again.
      await writeFileText(entry, '---\ntitle: Fernway Grocers\nsummary: A fictional grocer.\n---\n\n# Fernway Grocers\n\nA fictional grocer.\n');
      await waitForProblems(uri, PROBLEMS);
      // The old name as an alias: resolved again.
      await writeFileText(entry, '---\ntitle: Fernway Grocers\naliases: Fernway Foods\nsummary: A fictional grocer.\n---\n\n# Fernway Grocers\n\nA fictional grocer.\n');
      await waitForProblems(uri, { ...PROBLEMS, 'unknown-company': 0 });
      await vscode.workspace.fs.delete(entry, { useTrash: false });
      await waitForProblems(uri, PROBLEMS);

      // An existing entry edited on disk: an alias added to Network Effects resolves the typo.
      const effects = workspaceUri('library/concepts/network-effects.md');
      const original = (await readFileText(effects)) ?? '';
      await writeFileText(effects, original.replace('  - Network Effect\n', '  - Network Effect\n  - Network Efects\n'));
      await waitForProblems(uri, { ...PROBLEMS, 'unknown-concept': 0 });
      await writeFileText(effects, original);
      await waitForProblems(uri, PROBLEMS);
    });

    it('a related-link target created and deleted on disk changes broken-related-link', async () => {
      const { uri } = await openProblems();
      const notes = workspaceUri('articles/pricing-notes.md');
      await writeFileText(notes, '# Pricing Notes\n\nNotes for a later article.\n\nThis article is not investment, legal or tax advice.\n');
      await waitForProblems(uri, { ...PROBLEMS, 'broken-related-link': 1 });
      await vscode.workspace.fs.delete(notes, { useTrash: false });
      await waitForProblems(uri, PROBLEMS);
    });
  });

  // Last (mocha runs a suite's own tests before its nested suites, so this one is in a suite of its own).
  describe('afterwards', () => {
    it('leaves the example as shipped (the clean articles are still clean)', async () => {
      assert.deepEqual(await snapshot.differences(), []);
      for (const path of [REGIONAL, 'articles/netflix-moats.md', 'articles/platform-rules.md']) await assertClean(path);
      const doc = await vscode.workspace.openTextDocument(workspaceUri(LIBRARY_PROBLEMS));
      assert.equal(doc.isDirty, false);
      assert.equal(await fileExists(workspaceUri('library/companies/fernway-foods.md')), false);
      assert.ok(rangeOf(doc, 'Network Efects'));
    });
  });
});
