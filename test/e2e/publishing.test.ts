// The publishing gate inside VS Code: fix-all on save (`editor.codeActionsOnSave`) and a broken
// `.strategy-notes.json` reported at its key, in the config file itself.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  DISCLAIMER_MISSING,
  DRAFT,
  EXTENSION_ID,
  fileExists,
  formatDiagnostics,
  openDocument,
  ownDiagnostics,
  readFileText,
  revertAndCloseAll,
  settingDefault,
  waitFor,
  waitForDiagnostics,
  waitForRule,
  withSetting,
  workspaceUri,
  writeFileText,
} from './util';

const FIX_ON_SAVE = 'articles/drafts/fix-on-save.md';
const CONFIG = '.strategy-notes.json';

/** Numbered 1, 3, 4 under a thesis that announces two: three safe fixes wait on this text. */
const unfixed = [
  '# Fix on save',
  '',
  'Here are two pillars of the plan:',
  '',
  '## 1. Price',
  '',
  'Why price matters.',
  '',
  '## 3. Reach',
  '',
  'Why reach matters.',
  '',
  '## 4. Trust',
  '',
  'Why trust matters.',
  '',
].join('\n');

describe('publishing gate', () => {
  const restore: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await revertAndCloseAll();
    while (restore.length) await restore.pop()!();
  });

  it('fix-all on save renumbers the pillars, corrects the announced count and adds the disclaimer; saving again changes nothing', async () => {
    const uri = workspaceUri(FIX_ON_SAVE);
    await writeFileText(uri, unfixed);
    restore.push(() => Promise.resolve(vscode.workspace.fs.delete(uri)).then(() => undefined, () => undefined));
    restore.push(await withSetting('editor', 'codeActionsOnSave', { 'source.fixAll.strategyNotes': 'explicit' }));
    const { document, editor } = await openDocument(uri);
    await waitForRule(uri, 'pillar-numbering', 2); // pillars 3 and 4
    await waitForRule(uri, DISCLAIMER_MISSING, 1);
    // A writer's edit, then Ctrl+S (an explicit save runs the code actions on save).
    await editor.edit((b) => b.insert(new vscode.Position(6, 'Why price matters.'.length), ' Always.'));
    await vscode.commands.executeCommand('workbench.action.files.save');
    const saved = await waitFor(async () => {
      const text = await readFileText(uri);
      return text?.includes('## 3. Trust') && !document.isDirty && text;
    }, { message: 'the fixed article on disk' });
    assert.match(saved, /Here are three pillars of the plan:/);
    assert.match(saved, /## 2\. Reach/);
    assert.match(saved, /Why price matters\. Always\./, 'the writer’s own edit is kept');
    assert.ok(saved.includes(settingDefault('strategyNotes.disclaimer.text') as string), 'the disclaimer is added');
    for (const rule of ['pillar-numbering', 'pillar-count', DISCLAIMER_MISSING]) await waitForRule(uri, rule, 0);
    // Idempotent: a second save has nothing left to fix.
    await vscode.commands.executeCommand('workbench.action.files.save');
    assert.equal(await readFileText(uri), saved);
    assert.equal(document.getText(), saved);
  });

  it('a diagnostic’s rule id links to the rule’s page, shipped with the extension (opens offline)', async () => {
    const uri = workspaceUri(DRAFT);
    await openDocument(uri);
    const [d] = await waitForRule(uri, DISCLAIMER_MISSING, 1);
    const code = d.code as { value: string; target: vscode.Uri };
    assert.equal(typeof code, 'object', 'the code carries a link (codeDescription)');
    assert.equal(code.target.scheme, 'file');
    assert.ok(code.target.path.endsWith(`/docs/rules/${DISCLAIMER_MISSING}.md`), code.target.toString());
    const extensionRoot = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    assert.ok(code.target.path.startsWith(extensionRoot.path + '/'), `${code.target.path} is not inside the extension at ${extensionRoot.path}`);
    const page = new TextDecoder().decode(await vscode.workspace.fs.readFile(code.target));
    assert.match(page, new RegExp(`^# ${DISCLAIMER_MISSING}`));
  });

  it('a broken .strategy-notes.json gets its diagnostic at the offending key, and loses it once fixed', async () => {
    const uri = workspaceUri(CONFIG);
    const before = await readFileText(uri);
    restore.push(async () => {
      if (before === undefined) {
        if (await fileExists(uri)) await vscode.workspace.fs.delete(uri);
      } else await writeFileText(uri, before);
    });
    const broken = ['{', '  "rules": {', '    "pillar-numbering": "loud"', '  }', '}', ''].join('\n');
    await writeFileText(uri, broken);
    const ours = (d: readonly vscode.Diagnostic[]) => ownDiagnostics(d).filter((x) => /pillar-numbering|loud|severity/i.test(x.message));
    const found = ours(await waitForDiagnostics(uri, (d) => ours(d).length > 0, 20_000));
    assert.equal(found.length, 1, formatDiagnostics(found));
    // Line 3 (0-based 2), on the value "loud" or its key: the place to click.
    assert.equal(found[0].range.start.line, 2, formatDiagnostics(found));
    assert.ok(found[0].range.start.character >= 4, formatDiagnostics(found));
    await writeFileText(uri, broken.replace('"loud"', '"warning"'));
    await waitForDiagnostics(uri, (d) => ownDiagnostics(d).length === 0, 20_000);
  });
});
