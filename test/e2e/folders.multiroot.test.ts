// Runs in the multi-root window only (see scripts/e2e/run.mjs): a .code-workspace with
//   [0] "example": a copy of example/ (disclaimer-missing is an error there);
//   [1] "second":  test/e2e/fixtures/second-root, whose .strategy-notes.json turns disclaimer-missing off.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  DISCLAIMER_MISSING,
  assertStays,
  codeOf,
  formatDiagnostics,
  openDocument,
  ownDiagnostics,
  revertAndCloseAll,
  waitFor,
  waitForPillars,
  waitForRule,
  waitForSummary,
} from './util';

function folder(name: string): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.find((x) => x.name === name);
  assert.ok(f, `no workspace folder named ${name}; have ${vscode.workspace.workspaceFolders?.map((x) => x.name).join(', ')}`);
  return f;
}

const inFolder = (name: string, path: string) => vscode.Uri.joinPath(folder(name).uri, ...path.split('/'));

describe('multi-root workspace', () => {
  const restore: (() => Thenable<void>)[] = [];
  afterEach(async () => {
    await revertAndCloseAll();
    while (restore.length) await restore.pop()!();
  });

  it('has the two folders open from a .code-workspace file', () => {
    assert.ok(vscode.workspace.workspaceFile, 'no .code-workspace file is open');
    assert.deepEqual(
      vscode.workspace.workspaceFolders?.map((f) => f.name),
      ['example', 'second'],
    );
  });

  it('reports disclaimer-missing on the draft in folder 1', async () => {
    const uri = inFolder('example', 'articles/drafts/cloud-pricing-draft.md');
    await openDocument(uri);
    const [d] = await waitForRule(uri, DISCLAIMER_MISSING, 1);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  });

  it("reports no disclaimer-missing in folder 2, whose .strategy-notes.json turns it off", async () => {
    const draft = inFolder('example', 'articles/drafts/cloud-pricing-draft.md');
    const uri = inFolder('second', 'articles/no-disclaimer.md');
    await openDocument(draft);
    await openDocument(uri);
    await waitForRule(draft, DISCLAIMER_MISSING, 1); // the server answers in this window
    const pillars = await waitForPillars(uri, 2);
    assert.deepEqual(
      pillars.map((p) => p.name),
      ['1. Demand Swings With the Seasons', '2. Electric Vans Are Changing Fast'],
    );
    const s = await waitForSummary(uri, () => true);
    assert.deepEqual([s.isArticle, s.hasDisclaimer, s.errors], [true, false, 0], JSON.stringify(s));
    await assertStays(() => ownDiagnostics(vscode.languages.getDiagnostics(uri)).length === 0, `diagnostics in folder 2: ${formatDiagnostics(vscode.languages.getDiagnostics(uri))}`);
  });

  it('applies a folder-level setting to that folder only (resource scope)', async () => {
    const gap = inFolder('second', 'articles/pillar-gap.md');
    await openDocument(gap);
    const [warning] = await waitForRule(gap, 'pillar-numbering', 1);
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    // Folder 1 says pillar-numbering is an error: folder 2 keeps the warning.
    const cfg1 = vscode.workspace.getConfiguration('strategyNotes', folder('example').uri);
    await cfg1.update('rules', { 'pillar-numbering': 'error' }, vscode.ConfigurationTarget.WorkspaceFolder);
    restore.push(() => cfg1.update('rules', undefined, vscode.ConfigurationTarget.WorkspaceFolder));
    await assertStays(
      () => vscode.languages.getDiagnostics(gap).some((d) => codeOf(d) === 'pillar-numbering' && d.severity === vscode.DiagnosticSeverity.Warning),
      'a setting of folder 1 changed a diagnostic in folder 2',
      1000,
    );
    // Folder 2 says so itself: now it is an error there.
    const cfg2 = vscode.workspace.getConfiguration('strategyNotes', folder('second').uri);
    await cfg2.update('rules', { 'pillar-numbering': 'error' }, vscode.ConfigurationTarget.WorkspaceFolder);
    restore.push(() => cfg2.update('rules', undefined, vscode.ConfigurationTarget.WorkspaceFolder));
    await waitFor(() => vscode.languages.getDiagnostics(gap).some((d) => codeOf(d) === 'pillar-numbering' && d.severity === vscode.DiagnosticSeverity.Error), {
      message: 'pillar-numbering as an error in folder 2',
    });
  });

  it('applies a workspace-level disclaimer pattern (in the .code-workspace file) to both folders', async () => {
    const canonical = inFolder('example', 'articles/netflix-moats.md');
    await openDocument(canonical);
    await waitForSummary(canonical, (s) => s.hasDisclaimer && s.errors === 0);
    const cfg = vscode.workspace.getConfiguration('strategyNotes');
    await cfg.update('disclaimer.pattern', 'not financial advice', vscode.ConfigurationTarget.Workspace);
    restore.push(() => cfg.update('disclaimer.pattern', undefined, vscode.ConfigurationTarget.Workspace));
    await waitForRule(canonical, DISCLAIMER_MISSING, 1);
    const second = inFolder('second', 'articles/no-disclaimer.md');
    await openDocument(second);
    await waitForSummary(second, (s) => !s.hasDisclaimer && s.errors === 0); // still off there
  });

  it('New Article creates the article in the folder of the active editor', async () => {
    await openDocument(inFolder('second', 'articles/no-disclaimer.md'));
    const result = await vscode.commands.executeCommand<vscode.Uri | undefined>('strategyNotes.newArticle', 'Second Folder Article');
    assert.equal(result?.toString(), inFolder('second', 'articles/second-folder-article.md').toString());
    await waitForPillars(result, 3);
    // The config of folder 2 applies to it: no disclaimer-missing even after deleting the disclaimer.
    const document = await vscode.workspace.openTextDocument(result);
    const line = document.getText().split('\n').findIndex((l) => l.includes('is not investment'));
    const edit = new vscode.WorkspaceEdit();
    edit.delete(result, document.lineAt(line).rangeIncludingLineBreak);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForSummary(result, (s) => !s.hasDisclaimer && s.errors === 0);
  });
});
