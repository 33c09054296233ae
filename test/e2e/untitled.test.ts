// Untitled (never saved) Markdown documents get the same features as files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DISCLAIMER_MISSING, openUntitled, ownSymbols, pillarSymbols, revertAndCloseAll, symbolTree, waitForPillars, waitForRule, waitForSummary } from './util';

const PASTED_STYLE = [
  'Quillmind sells models to developers and to large companies.',
  'Here are three things Quillmind will likely focus on:',
  '1. Cheaper Models for Developers',
  'Prices per token keep falling.',
  'Where the savings come from:',
  '- Smaller models distilled from the big one.',
  '2. Enterprise Contracts',
  'Large companies want a contract, not a credit card.',
  '3. Its Own Data Centers',
  'Renting accelerators from Cloudline is expensive.',
  '——',
  'From the Company Library, companies for this article are:',
  '- Quillmind',
  '',
].join('\n');

describe('untitled documents', () => {
  afterEach(revertAndCloseAll);

  it('get the outline of a pasted-style article', async () => {
    const { document } = await openUntitled(PASTED_STYLE);
    assert.equal(document.isUntitled, true);
    assert.equal(document.uri.scheme, 'untitled');
    const pillars = await waitForPillars(document.uri, 3);
    assert.deepEqual(symbolTree(pillars), [
      { name: '1. Cheaper Models for Developers', children: [{ name: 'Where the savings come from' }] },
      { name: '2. Enterprise Contracts' },
      { name: '3. Its Own Data Centers' },
    ]);
  });

  it('get diagnostics: disclaimer-missing, gone once a disclaimer is typed', async () => {
    const { document, editor } = await openUntitled(PASTED_STYLE);
    const [d] = await waitForRule(document.uri, DISCLAIMER_MISSING, 1);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    await editor.edit((e) => e.insert(new vscode.Position(document.lineCount - 1, 0), '\nThis is not investment advice.\n'));
    await waitForRule(document.uri, DISCLAIMER_MISSING, 0);
    const symbols = await ownSymbols(document.uri, (s) => s.some((x) => x.name === 'Disclaimer'));
    assert.equal(pillarSymbols(symbols).length, 3);
  });

  it('get the quick fix', async () => {
    const { document } = await openUntitled(PASTED_STYLE);
    const [d] = await waitForRule(document.uri, DISCLAIMER_MISSING, 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, d.range);
    const fix = actions.find((a) => a.title === 'Add the investment disclaimer');
    assert.ok(fix?.edit, `no fix; got ${JSON.stringify(actions.map((a) => a.title))}`);
    const before = document.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(document.getText().startsWith(before));
    await waitForRule(document.uri, DISCLAIMER_MISSING, 0);
  });

  it('get a summary (they count as articles)', async () => {
    const { document } = await openUntitled(PASTED_STYLE);
    const s = await waitForSummary(document.uri, (x) => x.pillars === 3);
    assert.deepEqual([s.isArticle, s.announced, s.hasDisclaimer, s.errors], [true, 3, false, 1]);
  });

  it('that are not Markdown are left alone', async () => {
    const { document } = await openUntitled(PASTED_STYLE, 'plaintext');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.equal((symbols ?? []).length, 0);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'strategy-notes').length, 0);
  });
});
