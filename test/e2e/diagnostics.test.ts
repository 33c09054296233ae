// Diagnostics (pulled by VS Code from the server: open documents one by one, closed files through
// workspace diagnostics) and the disclaimer quick fix.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  assertStays,
  CANONICAL,
  closeAllEditors,
  extensionApi,
  LIBRARY_PROBLEMS,
  waitFor,
  withSetting,
  codeOf,
  DISCLAIMER_MISSING,
  DRAFT,
  FIX_TITLE,
  formatDiagnostics,
  openDocument,
  ownDiagnostics,
  PASTED,
  revertAndCloseAll,
  ruleDiagnostics,
  settingDefault,
  waitForRule,
  waitForSummary,
  workspaceUri,
} from './util';


async function disclaimerFix(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range);
  const fix = actions.find((a): a is vscode.CodeAction => a.title === FIX_TITLE && 'edit' in a);
  assert.ok(fix, `no "${FIX_TITLE}" code action; got ${JSON.stringify(actions.map((a) => a.title))}`);
  return fix;
}

describe('diagnostics', () => {
  afterEach(revertAndCloseAll);

  it('reports exactly one error, disclaimer-missing, on the draft', async () => {
    const uri = workspaceUri(DRAFT);
    const { document } = await openDocument(uri);
    const [d] = await waitForRule(uri, DISCLAIMER_MISSING, 1);
    const own = ownDiagnostics(vscode.languages.getDiagnostics(uri));
    const errors = own.filter((x) => x.severity === vscode.DiagnosticSeverity.Error);
    assert.equal(errors.length, 1, `errors: ${formatDiagnostics(errors)}`);
    assert.equal(codeOf(errors[0]), DISCLAIMER_MISSING);
    assert.equal(own.length, 1, `other diagnostics of ours: ${formatDiagnostics(own)}`);
    assert.equal(d.source, 'strategy-notes');
    assert.match(d.message, /disclaimer/i);
    // Reported on the article's last line (README: "reported on the article's last line").
    const lastTextLine = document.getText().trimEnd().split('\n').length - 1;
    assert.equal(d.range.start.line, lastTextLine, `reported on line ${d.range.start.line + 1}, expected ${lastTextLine + 1}`);
  });

  it('reports nothing of ours on the canonical and the pasted article', async () => {
    const draft = workspaceUri(DRAFT);
    await openDocument(draft);
    await waitForRule(draft, DISCLAIMER_MISSING, 1); // the server answers pulls: a silence below means something
    for (const file of [CANONICAL, PASTED]) {
      const uri = workspaceUri(file);
      await openDocument(uri);
      const summary = await waitForSummary(uri, () => true);
      assert.deepEqual([summary.errors, summary.warnings, summary.hasDisclaimer], [0, 0, true], `${file}: ${JSON.stringify(summary)}`);
      await assertStays(() => ownDiagnostics(vscode.languages.getDiagnostics(uri)).length === 0, `${file} has diagnostics: ${formatDiagnostics(ownDiagnostics(vscode.languages.getDiagnostics(uri)))}`, 400);
    }
  });

  it('offers the quick fix, which only appends the disclaimer after a blank line; the error then goes', async () => {
    const uri = workspaceUri(DRAFT);
    const { document } = await openDocument(uri);
    const [d] = await waitForRule(uri, DISCLAIMER_MISSING, 1);
    const before = document.getText();
    const fix = await disclaimerFix(uri, d.range);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(fix.isPreferred, true, 'the disclaimer fix should be the preferred one');
    // (fix.diagnostics cannot be checked here: vscode.executeCodeActionProvider does not convert them.)
    assert.ok(fix.edit, 'the fix carries no edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit refused the fix');

    const after = document.getText();
    assert.ok(after.startsWith(before), 'the quick fix changed the existing text (old text is not a prefix any more)');
    const text = settingDefault('strategyNotes.disclaimer.text') as string;
    const lines = after.split('\n');
    const at = lines.indexOf(text);
    assert.ok(at > 0, `the disclaimer paragraph is not on a line of its own; appended: ${JSON.stringify(after.slice(before.length))}`);
    assert.equal(lines[at - 1], '', 'no blank line before the disclaimer');
    assert.ok(
      lines.slice(at + 1).every((l) => l === ''),
      `text after the disclaimer: ${JSON.stringify(lines.slice(at + 1))}`,
    );
    await waitForRule(uri, DISCLAIMER_MISSING, 0);
    await waitForSummary(uri, (s) => s.hasDisclaimer && s.errors === 0);
  });

  it('offers the quick fix from anywhere on the diagnostic, and nothing on a line without one', async () => {
    const uri = workspaceUri(DRAFT);
    await openDocument(uri);
    const [d] = await waitForRule(uri, DISCLAIMER_MISSING, 1);
    await disclaimerFix(uri, new vscode.Range(d.range.end, d.range.end));
    const none = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(0, 0, 0, 1),
    );
    assert.ok(!none.some((a) => a.title === FIX_TITLE), `the fix is offered on line 1 too: ${JSON.stringify(none.map((a) => a.title))}`);
  });

  it('lints only files matched by the articles globs of .strategy-notes.json (README.md and library entries are not)', async () => {
    const draft = workspaceUri(DRAFT);
    await openDocument(draft);
    await waitForRule(draft, DISCLAIMER_MISSING, 1);
    for (const file of ['README.md', 'library/concepts/network-effects.md']) {
      const uri = workspaceUri(file);
      await openDocument(uri);
      const s = await waitForSummary(uri, () => true);
      assert.equal(s.isArticle, false, `${file} is taken for an article`);
      await assertStays(() => ownDiagnostics(vscode.languages.getDiagnostics(uri)).length === 0, `${file} has diagnostics: ${formatDiagnostics(vscode.languages.getDiagnostics(uri))}`, 400);
    }
  });

  it('lists the problems of files nobody opened, as `strategy-notes check` reports them', async () => {
    const article = workspaceUri(LIBRARY_PROBLEMS);
    const expected = ['broken-related-link', 'duplicate-tag', 'unknown-company', 'unknown-concept', 'unknown-reference', 'wrong-library'];
    const rules = (uri: vscode.Uri) => [...new Set(ownDiagnostics(vscode.languages.getDiagnostics(uri)).map(codeOf))].sort();
    await waitFor(() => JSON.stringify(rules(article)) === JSON.stringify(expected), { message: `the closed article's problems (${rules(article).join(', ')})` });
    // A library entry's too, and the draft's missing disclaimer.
    const entry = workspaceUri('library/concepts/economic-moats.md');
    await waitFor(() => rules(entry).includes('duplicate-entry-name'), { message: `the closed entry's problems (${rules(entry).join(', ')})` });
    await waitForRule(workspaceUri(DRAFT), DISCLAIMER_MISSING, 1);
  });

  it("on close, an article's problems are its file's again: an unsaved edit's go, the disk's stay", async () => {
    const draft = workspaceUri(DRAFT);
    await openDocument(draft);
    await waitForRule(draft, DISCLAIMER_MISSING, 1);
    const uri = workspaceUri(CANONICAL);
    const { document, editor } = await openDocument(uri);
    await waitForSummary(uri, (s) => s.hasDisclaimer);
    const line = document.getText().split('\n').findIndex((l) => l.includes('is not investment'));
    assert.ok(await editor.edit((e) => e.delete(document.lineAt(line).rangeIncludingLineBreak)));
    await waitForRule(uri, DISCLAIMER_MISSING, 1);
    await revertAndCloseAll();
    await waitForRule(uri, DISCLAIMER_MISSING, 0);
    await assertStays(() => ruleDiagnostics(draft, DISCLAIMER_MISSING).length === 1, 'the closed draft keeps its missing disclaimer', 600);
  });

  it('with strategyNotes.diagnostics.closedFiles off, the server restarts and checks open files only', async () => {
    const api = await extensionApi();
    const declared = () => {
      const provider = api.client?.initializeResult?.capabilities.diagnosticProvider;
      return provider?.workspaceDiagnostics;
    };
    assert.equal(declared(), true);
    const draft = workspaceUri(DRAFT);
    const restore = await withSetting('strategyNotes', 'diagnostics.closedFiles', false);
    try {
      await waitFor(() => declared() === false && api.client?.isRunning(), { message: 'the server restarted without workspace diagnostics' });
      await waitForRule(draft, DISCLAIMER_MISSING, 0);
      await openDocument(draft);
      await waitForRule(draft, DISCLAIMER_MISSING, 1);
      await closeAllEditors();
      await waitForRule(draft, DISCLAIMER_MISSING, 0);
    } finally {
      await restore();
    }
    await waitFor(() => declared() === true && api.client?.isRunning(), { message: 'the server restarted with workspace diagnostics' });
    await waitForRule(draft, DISCLAIMER_MISSING, 1);
  });

  it('brings the error back when the disclaimer is deleted again (incremental sync)', async () => {
    const uri = workspaceUri(CANONICAL);
    const { document, editor } = await openDocument(uri);
    await waitForSummary(uri, (s) => s.hasDisclaimer);
    const line = document.getText().split('\n').findIndex((l) => l.includes('is not investment'));
    assert.ok(line >= 0);
    assert.ok(await editor.edit((e) => e.delete(document.lineAt(line).rangeIncludingLineBreak)));
    await waitForRule(uri, DISCLAIMER_MISSING, 1);
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(line, 0), 'This is not investment advice.\n')));
    await waitForRule(uri, DISCLAIMER_MISSING, 0);
    assert.equal(ruleDiagnostics(uri, DISCLAIMER_MISSING).length, 0);
  });
});
