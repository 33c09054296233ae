import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  CANONICAL,
  EXTENSION_ID,
  flattenSymbols,
  getExtension,
  openDocument,
  PASTED,
  waitForActivation,
  waitForSymbols,
  withoutBuiltinMarkdownSymbols,
  workspaceUri,
} from './util';


describe('activation', () => {
  it(`knows the extension ${EXTENSION_ID}`, () => {
    const ext = getExtension();
    assert.equal(ext.packageJSON.publisher, 'strategy-notes');
    assert.equal(ext.packageJSON.name, 'strategy-notes');
  });

  it('activates when a Markdown article from the workspace is opened', async () => {
    const { document } = await openDocument(CANONICAL);
    assert.equal(document.languageId, 'markdown');
    assert.equal(document.uri.toString(), workspaceUri(CANONICAL).toString());
    await waitForActivation();
    assert.equal(getExtension().isActive, true);
  });

  it('provides document symbols for a canonical article', async () => {
    const uri = workspaceUri(CANONICAL);
    await openDocument(uri);
    // VS Code's built-in Markdown extension answers too (with its heading tree); wait for ours.
    const symbols = await waitForSymbols(uri, (s) => withoutBuiltinMarkdownSymbols(s).length > 0);
    const names = flattenSymbols(withoutBuiltinMarkdownSymbols(symbols)).map((s) => s.name);
    for (const pillar of ['Scale in Content Spending', 'A Recommendation Engine That Learns', 'Habits and Switching Costs']) {
      assert.ok(
        names.some((n) => n.includes(pillar)),
        `no symbol for pillar "${pillar}"; got ${JSON.stringify(names)}`,
      );
    }
  });

  it('provides pillar symbols for a pasted article (no Markdown headings, so only this extension can)', async () => {
    const uri = workspaceUri(PASTED);
    const { document } = await openDocument(uri);
    assert.ok(!/^#/m.test(document.getText()), 'the pasted article is expected to have no Markdown headings');
    const titles = [
      'Winning Back Small Sellers With Lower Fees',
      'Building Out Northwind Logistics as a Same-Day Network',
      'Putting Ads at the Center of the Profit Model',
      'Making Search and Support Conversational With GenAI',
      'Opening the Marketplace to Regional Grocers',
    ];
    const symbols = await waitForSymbols(uri);
    const names = flattenSymbols(symbols).map((s) => s.name);
    for (const title of titles) {
      assert.ok(
        names.some((n) => n.includes(title)),
        `no symbol for pillar "${title}"; got ${JSON.stringify(names)}`,
      );
    }
    // The pillars come in document order.
    const firstLines = titles.map((t) => flattenSymbols(symbols).find((s) => s.name.includes(t))!.range.start.line);
    assert.deepEqual(
      firstLines,
      [...firstLines].sort((a, b) => a - b),
      'pillar symbols are not in document order',
    );
    assert.ok(symbols.every((s) => s.kind !== undefined && s.range instanceof vscode.Range));
  });
});
