// The screenshot tour (only with STRATEGY_NOTES_E2E_SCREENSHOTS=<dir>, see scripts/e2e/run.mjs).
// Each step sets the workbench up through commands, checks that what the picture is about is
// there, then asks the runner for the screenshot.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cleanWorkbench, commands, screenshot } from './tour';
import { DISCLAIMER_MISSING, openDocument, revertAndCloseAll, sleep, waitForPillars, waitForRule, workspaceUri } from './util';

describe('screenshot tour', () => {
  before(async () => {
    await cleanWorkbench();
  });
  afterEach(revertAndCloseAll);

  it('outline-pasted: the Outline view with the pillars and sub-points of the pasted article', async () => {
    const uri = workspaceUri('articles/brightmart-focus-pasted.md');
    const { editor } = await openDocument(uri);
    const pillars = await waitForPillars(uri, 5);
    // Cursor on pillar 1's first sub-point: the Outline view and the breadcrumbs follow it.
    const sub = pillars[0].children[0];
    editor.selection = new vscode.Selection(sub.selectionRange.start, sub.selectionRange.start);
    editor.revealRange(pillars[0].range, vscode.TextEditorRevealType.AtTop);
    await cleanWorkbench();
    // The Outline alone in the Explorer side bar: move the file tree and the timeline elsewhere.
    await vscode.commands.executeCommand('vscode.moveViews', { viewIds: ['workbench.explorer.fileView', 'timeline'], destinationId: 'workbench.view.search' });
    await commands('outline.focus');
    await sleep(500);
    for (let i = 0; i < 7; i++) await commands('workbench.action.increaseViewSize');
    await commands('workbench.action.focusActiveEditorGroup');
    await sleep(1000);
    await screenshot('outline-pasted');
  });

  it('disclaimer-quick-fix: the draft with the disclaimer-missing error, the Problems view and the quick fix menu', async () => {
    const uri = workspaceUri('articles/drafts/cloud-pricing-draft.md');
    const { editor } = await openDocument(uri);
    const [d] = await waitForRule(uri, DISCLAIMER_MISSING, 1);
    await cleanWorkbench();
    await commands('workbench.actions.view.problems');
    await sleep(300);
    // A low panel, so that the whole draft fits above it.
    for (let i = 0; i < 2; i++) await commands('workbench.action.decreaseViewSize');
    await commands('workbench.action.focusActiveEditorGroup');
    editor.selection = new vscode.Selection(d.range.start, d.range.start);
    editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop); // the whole short draft
    await sleep(500);
    await commands('editor.action.quickFix');
    await sleep(1000);
    await screenshot('disclaimer-quick-fix');
    await commands('hideCodeActionWidget');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
    assert.ok(actions.some((a) => a.title === 'Add the investment disclaimer'));
  });

  it('grammar-canonical: the grammar colours on the canonical article (default dark theme)', async () => {
    const uri = workspaceUri('articles/netflix-moats.md');
    const { editor } = await openDocument(uri);
    await waitForPillars(uri, 4);
    await cleanWorkbench();
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await sleep(1000);
    await screenshot('grammar-canonical');
  });

  it('grammar-pasted: the grammar colours on the pasted article', async () => {
    const uri = workspaceUri('articles/brightmart-focus-pasted.md');
    const { editor } = await openDocument(uri);
    const pillars = await waitForPillars(uri, 5);
    await cleanWorkbench();
    const at = new vscode.Position(Math.max(0, pillars[0].range.start.line - 2), 0);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.AtTop);
    await sleep(1000);
    await screenshot('grammar-pasted');
  });
});
