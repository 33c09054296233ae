// Settings (workspace level, in the temporary copy's .vscode/settings.json) take effect without a reload.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  articleSummary,
  CANONICAL,
  DISCLAIMER_MISSING,
  DRAFT,
  openDocument,
  revertAndCloseAll,
  sleep,
  waitFor,
  waitForPillars,
  waitForRule,
  waitForSummary,
  withSetting,
  workspaceUri,
} from './util';


/** The text of the Strategy Notes output channel (shown, so that VS Code has it as a document). */
async function outputChannelText(): Promise<string> {
  await vscode.commands.executeCommand('strategyNotes.showOutput');
  const doc = await waitFor(
    () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && decodeURIComponent(d.uri.toString()).includes('Strategy Notes')),
    { message: 'the Strategy Notes output channel document' },
  );
  return doc.getText();
}

describe('settings', () => {
  const restore: (() => Promise<void>)[] = [];
  // Revert first: writing a setting (VS Code edits .vscode/settings.json) was seen to save other
  // dirty documents too, which would leave a test's in-memory edit on disk for the next tests.
  afterEach(async () => {
    await revertAndCloseAll();
    while (restore.length) await restore.pop()!();
  });

  it('contributes every setting with a markdownDescription; strategyNotes.trace.server among them', () => {
    const props = vscode.extensions.getExtension('strategy-notes.strategy-notes')!.packageJSON.contributes.configuration.properties as Record<string, { markdownDescription?: string; scope?: string }>;
    assert.ok('strategyNotes.trace.server' in props);
    for (const [key, p] of Object.entries(props)) assert.ok(p.markdownDescription, `${key} has no markdownDescription`);
    const inspected = vscode.workspace.getConfiguration('strategyNotes').inspect('disclaimer.pattern');
    assert.equal(typeof inspected?.defaultValue, 'string', 'VS Code does not know the setting strategyNotes.disclaimer.pattern');
  });

  it('strategyNotes.disclaimer.pattern: a new pattern flags netflix-moats.md at once, resetting it clears the error', async () => {
    const uri = workspaceUri(CANONICAL);
    await openDocument(uri);
    await waitForSummary(uri, (s) => s.hasDisclaimer && s.errors === 0);
    await waitForRule(uri, DISCLAIMER_MISSING, 0);
    const reset = await withSetting('strategyNotes', 'disclaimer.pattern', 'not financial advice');
    restore.push(reset);
    const [d] = await waitForRule(uri, DISCLAIMER_MISSING, 1);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    await reset();
    restore.pop();
    await waitForRule(uri, DISCLAIMER_MISSING, 0);
    await waitForSummary(uri, (s) => s.hasDisclaimer && s.errors === 0);
  });

  it('strategyNotes.disclaimer.pattern: a pattern that matches the draft clears its error', async () => {
    const uri = workspaceUri(DRAFT);
    await openDocument(uri);
    await waitForRule(uri, DISCLAIMER_MISSING, 1);
    restore.push(await withSetting('strategyNotes', 'disclaimer.pattern', 'most customers have stayed'));
    await waitForRule(uri, DISCLAIMER_MISSING, 0);
  });

  it('an invalid pattern falls back to the default and the server keeps answering', async () => {
    const uri = workspaceUri(CANONICAL);
    const draft = workspaceUri(DRAFT);
    await openDocument(draft);
    await openDocument(uri);
    await waitForPillars(uri, 4);
    restore.push(await withSetting('strategyNotes', 'disclaimer.pattern', '(unclosed'));
    // Give the server the change; then it must still use the default pattern.
    await waitForSummary(draft, (s) => s.errors === 1);
    await waitForSummary(uri, (s) => s.hasDisclaimer && s.errors === 0);
    await waitForPillars(uri, 4);
    await waitForRule(draft, DISCLAIMER_MISSING, 1);
    // … and says why, in the Strategy Notes output channel (README: "reported once as a warning").
    let log = '';
    await waitFor(async () => /Strategy Notes configuration: .*\(unclosed/.test((log = await outputChannelText())), {
      message: 'the invalid pattern to be reported in the Strategy Notes output channel',
      timeout: 5000,
    }).catch((e: Error) => assert.fail(`${e.message}; the channel shows:\n${log.slice(-1500)}`));
  });

  it('strategyNotes.trace.server: "messages" traces the protocol in the output channel', async () => {
    restore.push(await withSetting('strategyNotes', 'trace.server', 'messages'));
    const uri = workspaceUri(CANONICAL);
    await openDocument(uri);
    await sleep(300); // the client picks the trace setting up on its configuration change
    let log = '';
    await waitFor(
      async () => {
        await articleSummary(uri); // a request the client always sends (no caching in between)
        return /Sending request 'strategyNotes\/articleSummary/.test((log = await outputChannelText()));
      },
      { message: 'a traced strategyNotes/articleSummary request in the Strategy Notes output channel', interval: 500, timeout: 4000 },
    ).catch((e: Error) => assert.fail(`${e.message}; the channel ends with:\n${log.slice(-600)}`));
  });

  it('strategyNotes.disclaimer.text is what Insert Disclaimer appends', async () => {
    const text = 'This is not investment advice, only a test of the e2e suite.';
    restore.push(await withSetting('strategyNotes', 'disclaimer.text', text));
    const uri = workspaceUri(DRAFT);
    const { document } = await openDocument(uri);
    await waitForRule(uri, DISCLAIMER_MISSING, 1);
    const before = document.getText();
    await vscode.commands.executeCommand('strategyNotes.insertDisclaimer');
    await waitFor(() => document.getText() !== before, { message: 'the draft to change' });
    assert.equal(document.getText().trimEnd().split('\n').pop(), text);
    await waitForRule(uri, DISCLAIMER_MISSING, 0);
  });

  it('strategyNotes.rules changes a rule severity at once (disclaimer-missing → warning, then off)', async () => {
    const uri = workspaceUri(DRAFT);
    await openDocument(uri);
    await waitForRule(uri, DISCLAIMER_MISSING, 1);
    const reset = await withSetting('strategyNotes', 'rules', { 'disclaimer-missing': 'warning' });
    restore.push(reset);
    await waitFor(() => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'strategy-notes' && d.severity === vscode.DiagnosticSeverity.Warning), {
      message: 'disclaimer-missing as a warning',
    });
    await vscode.workspace.getConfiguration('strategyNotes').update('rules', { 'disclaimer-missing': 'off' }, vscode.ConfigurationTarget.Workspace);
    await waitForRule(uri, DISCLAIMER_MISSING, 0);
    await reset();
    restore.pop();
    const [d] = await waitForRule(uri, DISCLAIMER_MISSING, 1);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  });

  it('.strategy-notes.json wins over the editor setting for the same rule', async () => {
    // The example's .strategy-notes.json sets pillar-empty to info; the setting says error.
    restore.push(await withSetting('strategyNotes', 'rules', { 'pillar-empty': 'error' }));
    const uri = workspaceUri(DRAFT);
    const { document } = await openDocument(uri);
    await waitForPillars(uri, 3);
    // Empty the last pillar (in memory): delete the body lines between "#3: …" and the closing "——".
    const lines = document.getText().split('\n');
    const [from, to] = [lines.findIndex((l) => l.startsWith('#3: ')) + 1, lines.indexOf('——')];
    assert.ok(from > 0 && to > from, 'unexpected draft layout');
    const edit = new vscode.WorkspaceEdit();
    edit.delete(uri, new vscode.Range(from, 0, to, 0));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const [d] = await waitForRule(uri, 'pillar-empty', 1);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information, '.strategy-notes.json (info) should win over the setting (error)');
  });

  it('a change to .strategy-notes.json takes effect without a reload', async () => {
    const uri = workspaceUri(DRAFT);
    await openDocument(uri);
    await waitForRule(uri, DISCLAIMER_MISSING, 1);
    const file = workspaceUri('.strategy-notes.json');
    const original = await vscode.workspace.fs.readFile(file);
    const config = JSON.parse(new TextDecoder().decode(original));
    config.rules['disclaimer-missing'] = 'off';
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(config, null, 2)));
    restore.push(() => Promise.resolve(vscode.workspace.fs.writeFile(file, original)));
    await waitForRule(uri, DISCLAIMER_MISSING, 0);
    await vscode.workspace.fs.writeFile(file, original);
    restore.pop();
    await waitForRule(uri, DISCLAIMER_MISSING, 1);
  });
});
