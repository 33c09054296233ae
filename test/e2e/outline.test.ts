// The outline (textDocument/documentSymbol) as VS Code's Outline view and breadcrumbs get it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  assertRangeContains,
  CANONICAL,
  flattenSymbols,
  openDocument,
  ownSymbols,
  PASTED,
  pillarSymbols,
  revertAndCloseAll,
  setText,
  symbolTree,
  waitForPillars,
  workspaceUri,
} from './util';


/** Every symbol's children lie inside it, and its selection range inside its range. */
function assertNested(symbols: readonly vscode.DocumentSymbol[], path = ''): void {
  for (const s of symbols) {
    const name = `${path}${s.name}`;
    assertRangeContains(s.range, s.selectionRange, `selection range of "${name}"`);
    for (const child of s.children) assertRangeContains(s.range, child.range, `child "${child.name}" of "${name}"`);
    assertNested(s.children, `${name} > `);
  }
}

/** Top-level symbols do not overlap and come in document order. */
function assertOrderedDisjoint(symbols: readonly vscode.DocumentSymbol[]): void {
  for (let i = 1; i < symbols.length; i++) {
    const [a, b] = [symbols[i - 1], symbols[i]];
    assert.ok(a.range.end.isBeforeOrEqual(b.range.start), `"${a.name}" overlaps or follows "${b.name}"`);
  }
}

describe('outline', () => {
  afterEach(revertAndCloseAll);

  it('shows the five pillars of the pasted article with their sub-points as children', async () => {
    const uri = workspaceUri(PASTED);
    await openDocument(uri);
    const symbols = await ownSymbols(uri, (s) => pillarSymbols(s).length >= 5);
    const pillars = pillarSymbols(symbols);
    assert.deepEqual(
      pillars.map((p) => p.name),
      [
        '1. Winning Back Small Sellers With Lower Fees',
        '2. Building Out Northwind Logistics as a Same-Day Network – Starting With the Largest Cities',
        '3. Putting Ads at the Center of the Profit Model. And Keeping Them Useful.',
        '4. Making Search and Support Conversational With GenAI',
        '5. Opening the Marketplace to Regional Grocers Like Marlow’s Market',
      ],
    );
    assert.deepEqual(symbolTree(pillars[0].children), [
      { name: 'Cutting Commission for New Sellers' },
      { name: 'Better Tools for Listing Products' },
      { name: 'Faster Payouts' },
    ]);
    assert.deepEqual(
      pillars.map((p) => p.children.length),
      [3, 3, 2, 3, 2],
      'sub-points per pillar',
    );
    for (const sub of pillars.flatMap((p) => p.children)) assert.equal(sub.kind, vscode.SymbolKind.Field, `kind of sub-point "${sub.name}"`);
    // Pillar lines start where the text says (0-based line of "1. Winning Back …").
    const { document } = await openDocument(uri);
    for (const p of pillars) {
      assert.equal(document.lineAt(p.selectionRange.start.line).text.trim().replace(/:$/, ''), p.name, `line of pillar "${p.name}"`);
    }
    assertNested(symbols);
    assertOrderedDisjoint(symbols);
  });

  it('shows the closing sections and the disclaimer after the pillars of the pasted article', async () => {
    const uri = workspaceUri(PASTED);
    await openDocument(uri);
    const symbols = await ownSymbols(uri, (s) => pillarSymbols(s).length >= 5);
    const rest = symbols.filter((s) => !pillarSymbols([s]).length).map((s) => s.name);
    assert.deepEqual(rest, ['Related articles', 'Concept tags', 'Company tags', 'Disclaimer']);
  });

  it('shows the four pillars of the canonical article, heading sub-points and colon-line sub-points', async () => {
    const uri = workspaceUri(CANONICAL);
    await openDocument(uri);
    const symbols = await ownSymbols(uri, (s) => pillarSymbols(s).length >= 4);
    assert.deepEqual(symbolTree(symbols), [
      {
        name: '1. Scale in Content Spending',
        children: [{ name: 'Fixed Costs Spread Over More Subscribers' }, { name: 'Better Data for Commissioning' }],
      },
      { name: '2. A Recommendation Engine That Learns' },
      { name: '3. Habits and Switching Costs', children: [{ name: 'Profiles and Watch History' }, { name: 'Bundles With Other Services' }] },
      { name: '4. Distribution Deals With Device Makers' },
      { name: 'Related articles' },
      { name: 'Concept tags' },
      { name: 'Company tags' },
      { name: 'Disclaimer' },
    ]);
    const pillars = pillarSymbols(symbols);
    assert.deepEqual(
      pillars.map((p) => p.detail),
      ['2 sub-points', '', '2 sub-points', ''],
      'pillar details',
    );
    assertNested(symbols);
    assertOrderedDisjoint(symbols);
  });

  it('lets a pillar span its whole body, up to the next pillar', async () => {
    const uri = workspaceUri(CANONICAL);
    const { document } = await openDocument(uri);
    const pillars = await waitForPillars(uri, 4);
    for (let i = 0; i < pillars.length - 1; i++) {
      const [p, next] = [pillars[i], pillars[i + 1]];
      assert.ok(p.range.end.line < next.range.start.line, `"${p.name}" runs into "${next.name}"`);
      // Only blank lines between a pillar's end and the next pillar.
      for (let line = p.range.end.line + 1; line < next.range.start.line; line++) {
        assert.equal(document.lineAt(line).text.trim(), '', `line ${line + 1} between "${p.name}" and "${next.name}" is not in either`);
      }
    }
    // The last pillar ends before the closing rule `***`.
    const last = pillars[pillars.length - 1];
    const rule = document.getText().split('\n').indexOf('***');
    assert.ok(rule > 0 && last.range.end.line < rule, `the last pillar (${last.range.end.line}) runs past the closing rule (${rule})`);
  });

  it('follows unsaved edits: a pillar typed into the document appears in the outline', async () => {
    const uri = workspaceUri(CANONICAL);
    const { document } = await openDocument(uri);
    await waitForPillars(uri, 4);
    const text = document.getText().replace('***', '## 5. Original Shows Owned Outright\n\nNo licence to renew.\n\n***');
    await setText(document, text);
    const pillars = await waitForPillars(uri, 5);
    assert.equal(pillars[4].name, '5. Original Shows Owned Outright');
  });

  it('recognizes the other written forms of pillars (Factor 1:, ## 1), #1:)', async () => {
    const expected: Record<string, string[]> = {
      'articles/platform-rules.md': ['1. Rules Are Part of the Product', '2. Rules Protect the Network Effects', '3. Rules Decide How Much Sellers Multi-Home'],
      'articles/front-matter-title.md': [
        '1. Price on a Unit the Customer Already Counts',
        '2. Bundle What Is Cheap to Serve',
        '3. Make Leaving Costly Without Making Staying Painful',
      ],
      'articles/drafts/cloud-pricing-draft.md': [
        '1. Deeper Discounts for Committed Spend',
        '2. Cheaper Storage, Pricier Compute',
        '3. A Separate Price List for GenAI Workloads',
      ],
    };
    for (const [file, names] of Object.entries(expected)) {
      const uri = workspaceUri(file);
      await openDocument(uri);
      const pillars = await waitForPillars(uri, names.length);
      assert.deepEqual(
        pillars.map((p) => p.name),
        names,
        file,
      );
    }
  });

  it('gives every symbol a name (no empty names in the Outline view)', async () => {
    for (const file of [PASTED, CANONICAL, 'articles/platform-rules.md', 'articles/front-matter-title.md', 'articles/drafts/cloud-pricing-draft.md']) {
      const uri = workspaceUri(file);
      await openDocument(uri);
      const all = flattenSymbols(await ownSymbols(uri));
      assert.ok(all.every((s) => s.name.trim().length > 0), `${file}: a symbol without a name`);
    }
  });
});
