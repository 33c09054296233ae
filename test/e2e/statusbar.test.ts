// The status bar item 'strategyNotes.article' as the workbench shows it: read from the page by
// the runner (see runner.ts), since the extension API cannot read status bar items.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, DISCLAIMER_MISSING, log, openDocument, openUntitled, revertAndCloseAll, waitFor, waitForPillars, waitForRule, workspaceUri } from './util';
import { askRunner, canAskRunner, shown, statusBarItemSelector, type ShownElement } from './runner';

const ITEM = statusBarItemSelector(EXTENSION_ID, 'strategyNotes.article');

/** The item's text with white space collapsed (codicons render as empty glyphs), or undefined when hidden. */
async function itemText(): Promise<string | undefined> {
  const visible = (await shown(ITEM)).filter((e) => e.visible);
  assert.ok(visible.length <= 1, `${visible.length} status bar items ${ITEM}`);
  return visible[0]?.text.replace(/\s+/g, ' ').trim();
}

async function waitForItem(predicate: (text: string | undefined) => boolean, what: string): Promise<string | undefined> {
  let last: string | undefined;
  try {
    await waitFor(
      async () => {
        last = await itemText();
        return predicate(last) || undefined;
      },
      { interval: 250, message: `the status bar item to show ${what}` },
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; it shows ${last === undefined ? '(hidden)' : JSON.stringify(last)}`);
  }
  return last;
}

describe('status bar item', function () {
  before(function () {
    if (!canAskRunner()) {
      log('status bar item: not checked here (no runner page to read the workbench from, e.g. under @vscode/test-electron); summary.test.ts checks its data');
      this.skip();
    }
  });
  afterEach(revertAndCloseAll);

  it('shows 5 pillars and no problems on the pasted article', async () => {
    const uri = workspaceUri('articles/brightmart-focus-pasted.md');
    await openDocument(uri);
    await waitForPillars(uri, 5);
    await waitForItem((t) => t === '5 pillars', '"5 pillars"');
  });

  it('shows the error of the draft, and follows the quick fix to no errors', async () => {
    const uri = workspaceUri('articles/drafts/cloud-pricing-draft.md');
    await openDocument(uri);
    const [d] = await waitForRule(uri, DISCLAIMER_MISSING, 1);
    await waitForItem((t) => t === '3 pillars · 1 error', '"3 pillars · 1 error"');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
    const fix = actions.find((a) => a.title === 'Add the investment disclaimer');
    assert.ok(fix?.edit && (await vscode.workspace.applyEdit(fix.edit)));
    await waitForItem((t) => t === '3 pillars', '"3 pillars" after the fix');
  });

  it('shows a thesis/pillar count mismatch', async () => {
    const { document } = await openUntitled('Here are five things to watch:\n\n## 1. One\n\nBody.\n\n## 2. Two\n\nBody.\n\nThis is not investment advice.\n');
    await waitForPillars(document.uri, 2);
    await waitForItem((t) => t === '2 pillars (thesis: 5) · 1 warning', '"2 pillars (thesis: 5) · 1 warning"');
  });

  it('hides on a library entry and on a non-Markdown editor', async () => {
    await openDocument('articles/netflix-moats.md');
    await waitForItem((t) => t !== undefined, 'something');
    await openDocument('library/companies/brightmart.md');
    await waitForItem((t) => t === undefined, 'nothing (hidden) on a library entry');
    await openDocument('articles/netflix-moats.md');
    await waitForItem((t) => t === '4 pillars', '"4 pillars"');
    await openUntitled('1. Not Markdown\n', 'plaintext');
    await waitForItem((t) => t === undefined, 'nothing (hidden) on a plain text editor');
  });

  it('opens the Problems view when clicked', async () => {
    await openDocument('articles/drafts/cloud-pricing-draft.md');
    await waitForItem((t) => t?.startsWith('3 pillars') ?? false, 'the draft');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await waitFor(async () => (await shown('.markers-panel')).every((e) => !e.visible), { message: 'the Problems view to be closed' });
    await askRunner({ action: 'click', selector: `${ITEM} a` });
    const problems = await waitFor(async () => (await shown('.markers-panel')).find((e) => e.visible), { message: 'the Problems view to open' });
    assert.match(problems.text, /no investment disclaimer/, 'the Problems view does not list the draft\'s error');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('has an accessible label without icon names or Markdown markup (screen readers read it)', async () => {
    await openDocument('articles/brightmart-focus-pasted.md');
    await waitForItem((t) => t === '5 pillars', '"5 pillars"');
    const [item] = (await shown(ITEM)).filter((e: ShownElement) => e.visible);
    const label = item.ariaLabel ?? '';
    assert.match(label, /5 pillars/);
    assert.doesNotMatch(label, /list-ordered|\*\*/, `aria-label: ${JSON.stringify(label)}`);
  });
});
