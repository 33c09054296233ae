// The snippets of snippets/markdown.json, inserted by name and expanded in real editors.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  DISCLAIMER_MISSING,
  getExtension,
  openUntitled,
  ownSymbols,
  pillarSymbols,
  revertAndCloseAll,
  waitFor,
  waitForPillars,
  waitForRule,
  waitForSummary,
} from './util';

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

async function snippetFile(): Promise<Record<string, Snippet>> {
  const file = vscode.Uri.joinPath(getExtension().extensionUri, 'snippets', 'markdown.json');
  return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
}

/** The snippet's name (its key in snippets/markdown.json) by prefix. */
async function snippetName(prefix: string): Promise<string> {
  const entry = Object.entries(await snippetFile()).find(([, s]) => s.prefix === prefix);
  assert.ok(entry, `no snippet with prefix ${prefix}`);
  return entry[0];
}

/** Inserts a snippet by name, the way "Insert Snippet" does, at the editor's selection. */
async function insertSnippet(editor: vscode.TextEditor, prefix: string): Promise<void> {
  const before = editor.document.version;
  await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: await snippetName(prefix) });
  await waitFor(() => editor.document.version > before, { message: `snippet ${prefix} to be inserted` });
}

/** Types into the active editor, replacing the selection (the current snippet placeholder). */
async function type(text: string): Promise<void> {
  await vscode.commands.executeCommand('type', { text });
}

async function nextPlaceholder(): Promise<void> {
  await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
}

const ARTICLE_WITHOUT_THIRD_PILLAR = [
  '# Two Pillars So Far',
  '',
  'Here are three things Quillmind will likely focus on:',
  '',
  '## 1. Cheaper Models',
  '',
  'Body.',
  '',
  '## 2. Enterprise Deals',
  '',
  'Body.',
  '',
  '',
].join('\n');

describe('snippets', () => {
  afterEach(revertAndCloseAll);

  it('offers every snippet by its sn- prefix as a completion', async () => {
    const { document } = await openUntitled('sn-');
    const prefixes = Object.values(await snippetFile()).map((s) => s.prefix);
    assert.ok(prefixes.length >= 7, `only ${prefixes.length} snippets`);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(0, 3));
    const offered = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const p of prefixes) assert.ok(offered.includes(p), `snippet ${p} is not offered; offered: ${offered.join(' ')}`);
  });

  it('expands the article skeleton: 3 pillar headings, the disclaimer; outline of 3 pillars, no disclaimer-missing', async () => {
    const { document, editor } = await openUntitled('');
    await insertSnippet(editor, 'sn-article');
    const text = document.getText();
    assert.equal(text.match(/^## [1-3]\. .+$/gm)?.length, 3, `pillar headings in:\n${text}`);
    assert.match(text, /^This article is not investment, legal or tax advice\./m);
    assert.ok(!/\$\{?\d/.test(text), 'unexpanded placeholders');
    assert.match(text, /^Here are three things the company will likely focus on:$/m);
    assert.match(text, /^From the Concept Library, concepts for this article are:$/m);
    assert.match(text, /^From the Company Library, companies for this article are:$/m);
    assert.match(text, /^Related articles:$/m);
    // The first placeholder (the title) is selected, ready to type over.
    assert.equal(document.getText(editor.selection), 'Article title');
    const pillars = await waitForPillars(document.uri, 3);
    assert.deepEqual(
      pillars.map((p) => [p.name, p.children.map((c) => c.name)]),
      [
        ['1. First pillar', ['First sub-point']],
        ['2. Second pillar', ['Second sub-point']],
        ['3. Third pillar', ['Third sub-point']],
      ],
    );
    const summary = await waitForSummary(document.uri, (s) => s.pillars === 3);
    assert.deepEqual([summary.hasDisclaimer, summary.announced, summary.errors, summary.warnings], [true, 3, 0, 0], JSON.stringify(summary));
    await waitForRule(document.uri, DISCLAIMER_MISSING, 0);
  });

  it('fills the skeleton through its placeholders (title first, then the opening)', async () => {
    const { document, editor } = await openUntitled('');
    await insertSnippet(editor, 'sn-article');
    await type('Quillmind After the Hype');
    await nextPlaceholder();
    assert.equal(document.getText(editor.selection), 'Opening paragraph — what is changing and why it matters.');
    await type('Model prices are falling.');
    assert.equal(document.lineAt(0).text, '# Quillmind After the Hype');
    assert.equal(document.lineAt(2).text, 'Model prices are falling.');
    await waitForSummary(document.uri, (s) => s.title === 'Quillmind After the Hype' && s.pillars === 3);
  });

  it('expands the pillar snippet into a third pillar with a sub-point', async () => {
    const { document, editor } = await openUntitled(ARTICLE_WITHOUT_THIRD_PILLAR);
    await waitForPillars(document.uri, 2);
    const end = new vscode.Position(document.lineCount - 1, 0);
    editor.selection = new vscode.Selection(end, end);
    await insertSnippet(editor, 'sn-pillar');
    assert.equal(document.getText(editor.selection), '1', 'the pillar number placeholder is not selected first');
    await type('3');
    await nextPlaceholder();
    await type('Own the Chips');
    const pillars = await waitForPillars(document.uri, 3);
    assert.equal(pillars[2].name, '3. Own the Chips');
    assert.deepEqual(
      pillars[2].children.map((c) => c.name),
      ['Sub-point'],
    );
    await waitForSummary(document.uri, (s) => s.pillars === 3 && s.warnings === 0);
  });

  it('expands the pasted-style pillar line and the sub-point snippets', async () => {
    const { document, editor } = await openUntitled('Here are 2 things:\n\n1. Line Pillar\n\nBody.\n\n');
    await waitForPillars(document.uri, 1);
    let end = new vscode.Position(document.lineCount - 1, 0);
    editor.selection = new vscode.Selection(end, end);
    await insertSnippet(editor, 'sn-subpoint');
    await type('Why it matters');
    await vscode.commands.executeCommand('leaveSnippet');
    await waitFor(async () => pillarSymbols(await ownSymbols(document.uri))[0]?.children.some((c) => c.name === 'Why it matters'), {
      message: 'the sub-point "Why it matters" under pillar 1',
    });
    await editor.edit((e) => e.insert(document.lineAt(document.lineCount - 1).range.end, '\n\n'));
    end = new vscode.Position(document.lineCount - 1, 0);
    editor.selection = new vscode.Selection(end, end);
    await insertSnippet(editor, 'sn-pillar-line');
    await type('2');
    await nextPlaceholder();
    await type('Second Line Pillar');
    const pillars = await waitForPillars(document.uri, 2);
    assert.equal(pillars[1].name, '2. Second Line Pillar');
  });

  it('expands the disclaimer snippet, which clears disclaimer-missing', async () => {
    const { document, editor } = await openUntitled(ARTICLE_WITHOUT_THIRD_PILLAR);
    await waitForRule(document.uri, DISCLAIMER_MISSING, 1);
    const end = new vscode.Position(document.lineCount - 1, 0);
    editor.selection = new vscode.Selection(end, end);
    await insertSnippet(editor, 'sn-disclaimer');
    assert.match(document.getText(), /\n\nThis article is not investment, legal or tax advice\.[^\n]*$/);
    await waitForRule(document.uri, DISCLAIMER_MISSING, 0);
    const symbols = await ownSymbols(document.uri, (s) => s.some((x) => x.name === 'Disclaimer'));
    assert.equal(symbols[symbols.length - 1].name, 'Disclaimer');
  });

  it('expands the library and related sections into outline sections', async () => {
    const { document, editor } = await openUntitled(ARTICLE_WITHOUT_THIRD_PILLAR);
    await waitForPillars(document.uri, 2);
    for (const prefix of ['sn-related', 'sn-concepts', 'sn-companies']) {
      await vscode.commands.executeCommand('leaveSnippet');
      const end = document.lineAt(document.lineCount - 1).range.end;
      if (end.character > 0) await editor.edit((e) => e.insert(end, '\n\n'));
      const at = new vscode.Position(document.lineCount - 1, 0);
      editor.selection = new vscode.Selection(at, at);
      await insertSnippet(editor, prefix);
    }
    const symbols = await ownSymbols(document.uri, (s) => s.some((x) => x.name === 'Company tags'));
    assert.deepEqual(
      symbols.filter((s) => !pillarSymbols([s]).length).map((s) => [s.name, s.detail]),
      [
        ['Related articles', '1'],
        ['Concept tags', 'n/a'],
        ['Company tags', 'n/a'],
      ],
    );
  });
});
