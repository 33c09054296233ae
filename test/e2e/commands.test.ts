// Every command the extension contributes, run through vscode.commands.executeCommand.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  assertStays,
  CANONICAL,
  DISCLAIMER_MISSING,
  DRAFT,
  extensionApi,
  getExtension,
  openDocument,
  ownSymbols,
  PASTED,
  pillarSymbols,
  revertAndCloseAll,
  setText,
  settingDefault,
  sleep,
  waitFor,
  waitForPillars,
  waitForRule,
  waitForSummary,
  workspaceUri,
} from './util';


async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

describe('commands', () => {
  afterEach(revertAndCloseAll);

  it('contributes exactly the four documented commands, all registered', async () => {
    const contributed = (getExtension().packageJSON.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(contributed, ['strategyNotes.insertDisclaimer', 'strategyNotes.newArticle', 'strategyNotes.restartServer', 'strategyNotes.showOutput']);
    await openDocument(CANONICAL); // a Markdown editor activates the extension, whatever ran before
    await extensionApi();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) assert.ok(registered.has(c), `${c} is contributed but not registered`);
  });

  describe('New Article', () => {
    it('creates articles/my-test-article.md from the skeleton, opens it, and the outline has 3 pillars', async () => {
      const uri = workspaceUri('articles/my-test-article.md');
      assert.equal(await exists(uri), false, 'the test article exists before the command');
      const result = await vscode.commands.executeCommand<vscode.Uri | undefined>('strategyNotes.newArticle', 'My Test Article');
      assert.equal(result?.toString(), uri.toString(), 'the command resolves to the new article');
      assert.ok(await exists(uri), `${uri.fsPath} was not created`);
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.toString(), uri.toString(), 'the new article is not the active editor');
      const text = editor.document.getText();
      assert.equal(text.split('\n')[0], '# My Test Article');
      assert.equal(text.match(/^## [1-3]\. /gm)?.length, 3, `3 pillar headings expected in:\n${text}`);
      assert.match(text, /is not investment, legal or tax advice/);
      assert.ok(!text.includes('${'), 'unexpanded snippet placeholders in the new article');
      const pillars = await waitForPillars(uri, 3);
      assert.deepEqual(
        pillars.map((p) => p.name),
        ['1. First pillar', '2. Second pillar', '3. Third pillar'],
      );
      await waitForSummary(uri, (s) => s.isArticle && s.title === 'My Test Article' && s.pillars === 3 && s.announced === 3 && s.errors === 0);
    });

    it('does not overwrite an existing article: the same title again gives my-test-article-2.md', async () => {
      const first = workspaceUri('articles/my-test-article.md');
      if (!(await exists(first))) await vscode.commands.executeCommand('strategyNotes.newArticle', 'My Test Article');
      const before = await vscode.workspace.fs.readFile(first);
      const result = await vscode.commands.executeCommand<vscode.Uri | undefined>('strategyNotes.newArticle', 'My Test Article');
      assert.equal(result?.toString(), workspaceUri('articles/my-test-article-2.md').toString());
      assert.deepEqual(await vscode.workspace.fs.readFile(first), before, 'the first article changed on disk');
    });

    it('takes a title with snippet syntax ($, }, \\) literally', async () => {
      const title = 'Why $5 {Plans} Beat \\ Bundles';
      const result = await vscode.commands.executeCommand<vscode.Uri | undefined>('strategyNotes.newArticle', title);
      assert.ok(result, 'no article created');
      assert.equal(result.path.split('/').pop(), 'why-5-plans-beat-bundles.md');
      const document = await vscode.workspace.openTextDocument(result);
      assert.equal(document.lineAt(0).text, `# ${title}`);
    });

    it('uses the strategyNotes.newArticle.folder setting', async () => {
      const config = vscode.workspace.getConfiguration('strategyNotes');
      await config.update('newArticle.folder', 'notes/new', vscode.ConfigurationTarget.Workspace);
      try {
        const result = await vscode.commands.executeCommand<vscode.Uri | undefined>('strategyNotes.newArticle', 'Folder Setting');
        assert.equal(result?.toString(), workspaceUri('notes/new/folder-setting.md').toString());
        assert.ok(await exists(workspaceUri('notes/new/folder-setting.md')));
      } finally {
        await config.update('newArticle.folder', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });
  });

  describe('Insert Disclaimer', () => {
    it('appends the disclaimer to the draft, and the disclaimer-missing error goes', async () => {
      const uri = workspaceUri(DRAFT);
      const { document } = await openDocument(uri);
      await waitForRule(uri, DISCLAIMER_MISSING, 1);
      const before = document.getText();
      await vscode.commands.executeCommand('strategyNotes.insertDisclaimer');
      await waitFor(() => document.getText() !== before, { message: 'the draft to change' });
      const after = document.getText();
      assert.ok(after.startsWith(before), 'Insert Disclaimer changed the existing text');
      const text = settingDefault('strategyNotes.disclaimer.text') as string;
      const appended = after.slice(before.length);
      assert.ok(appended.includes(`\n\n${text}`) || (before.endsWith('\n') && appended.startsWith(`\n${text}`)), `appended ${JSON.stringify(appended)}`);
      await waitForRule(uri, DISCLAIMER_MISSING, 0);
    });

    it('leaves an article that has a disclaimer unchanged', async () => {
      const uri = workspaceUri(CANONICAL);
      const { document } = await openDocument(uri);
      await waitForSummary(uri, (s) => s.hasDisclaimer);
      const [before, version] = [document.getText(), document.version];
      await vscode.commands.executeCommand('strategyNotes.insertDisclaimer');
      await assertStays(() => document.getText() === before && document.version === version, 'Insert Disclaimer changed an article that has a disclaimer', 500);
      assert.equal(document.isDirty, false);
    });

    it('works on an untitled article', async () => {
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: '# Untitled take\n\nHere are 2 things:\n\n## 1. One\n\nBody.\n\n## 2. Two\n\nBody.\n' });
      await vscode.window.showTextDocument(document);
      await waitForRule(document.uri, DISCLAIMER_MISSING, 1);
      await vscode.commands.executeCommand('strategyNotes.insertDisclaimer');
      await waitForRule(document.uri, DISCLAIMER_MISSING, 0);
      assert.match(document.getText(), /\n\nThis article is not investment, legal or tax advice\./);
    });
  });

  describe('Restart Server', () => {
    it('restarts the server; the outline, diagnostics and summary answer afterwards', async () => {
      const draft = workspaceUri(DRAFT);
      const pasted = workspaceUri(PASTED);
      await openDocument(pasted);
      await openDocument(draft);
      await waitForRule(draft, DISCLAIMER_MISSING, 1);
      const { client } = await extensionApi();
      await vscode.commands.executeCommand('strategyNotes.restartServer');
      const after = (await extensionApi()).client;
      assert.ok(after?.isRunning(), 'the client is not running after Restart Server');
      assert.equal(after, client, 'the exported client changed identity (fine, but then exports must follow it)');
      await waitForPillars(pasted, 5);
      await waitForRule(draft, DISCLAIMER_MISSING, 1);
      await waitForSummary(pasted, (s) => s.pillars === 5);
    });

    it('survives two restarts in a row and keeps unsaved edits (documents are re-synced)', async () => {
      const uri = workspaceUri(PASTED);
      const { document } = await openDocument(uri);
      await waitForPillars(uri, 5);
      // Unsaved: drop pillar 5's line, so the new server must get the text from the editor, not the disk.
      await setText(document, document.getText().replace(/^5\. Opening the Marketplace.*\n/m, ''));
      await waitForPillars(uri, 4);
      await vscode.commands.executeCommand('strategyNotes.restartServer');
      await vscode.commands.executeCommand('strategyNotes.restartServer');
      assert.ok((await extensionApi()).client?.isRunning());
      await waitForSummary(uri, (s) => s.pillars === 4 && s.announced === 5);
      assert.equal(pillarSymbols(await ownSymbols(uri)).length, 4);
    });

    it('accepts Restart Server while a restart is still under way (no error, server running after)', async () => {
      const uri = workspaceUri(PASTED);
      await openDocument(uri);
      await waitForPillars(uri, 5);
      const first = vscode.commands.executeCommand('strategyNotes.restartServer');
      await sleep(20);
      const second = vscode.commands.executeCommand('strategyNotes.restartServer');
      const results = await Promise.allSettled([first, second]);
      const errors = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error)?.message ?? r.reason)] : []));
      // Whatever happened, leave a running server for the tests after this one.
      await waitFor(async () => (await extensionApi()).client?.isRunning(), { message: 'the client to run again' }).catch(() =>
        vscode.commands.executeCommand('strategyNotes.restartServer'),
      );
      assert.deepEqual(errors, [], 'a second Restart Server during a restart failed (the user sees an error notification)');
      await waitForPillars(uri, 5);
    });
  });

  describe('Show Output', () => {
    it('shows the "Strategy Notes" output channel', async () => {
      await extensionApi();
      await vscode.commands.executeCommand('workbench.action.closePanel');
      const ours = () =>
        vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'output' && decodeURIComponent(e.document.uri.toString()).includes('Strategy Notes'));
      await waitFor(() => !ours(), { message: 'the output panel to close' });
      await vscode.commands.executeCommand('strategyNotes.showOutput');
      const editor = await waitFor(ours, { message: 'a visible output editor of the "Strategy Notes" channel' });
      assert.match(decodeURIComponent(editor.document.uri.toString()), /strategy-notes\.strategy-notes.*Strategy Notes/);
      await vscode.commands.executeCommand('workbench.action.closePanel');
    });
  });
});
