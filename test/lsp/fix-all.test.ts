// Fix all over stdio: the `source.fixAll.strategyNotes` action (what `editor.codeActionsOnSave`
// asks for) is one edit of the document with every safe fix; applied, the fixed rules are clean
// on re-check, and asked again on the fixed text there is nothing to do. Suggestions stay.
// Needs a build first (`node scripts/build.mjs`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CodeActionKind, CodeActionResolveRequest, TextDocumentEdit, type CodeAction, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, copyExample, fileUri, removeDir, withTimeout } from '../helpers/lsp-client';

const fixAllKind = 'source.fixAll.strategyNotes';
const whole: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const disclaimer = 'This article is not investment, legal or tax advice.';

/** The edits of `uri` in a workspace edit, checking that it edits that document only. */
function editsOf(edit: WorkspaceEdit | undefined, uri: string, version?: number): TextEdit[] {
  assert.ok(edit, 'the action has an edit');
  if (edit.documentChanges) {
    assert.equal(edit.documentChanges.length, 1, 'one document change');
    const change = edit.documentChanges[0];
    assert.ok(TextDocumentEdit.is(change), 'a text document edit');
    assert.equal(change.textDocument.uri, uri);
    if (version !== undefined) assert.equal(change.textDocument.version, version, 'versioned');
    return change.edits as TextEdit[];
  }
  assert.deepEqual(Object.keys(edit.changes ?? {}), [uri], 'that document only');
  return edit.changes![uri];
}

const fixAllOf = (actions: CodeAction[]) => actions.filter((a) => a.kind === fixAllKind);
const rules = (ds: { code?: string | number }[]) => ds.map((d) => String(d.code)).sort();

describe('fix all, on untitled articles', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ pull: true });
  });
  after(async () => {
    await client?.dispose();
  });

  test('the capability declares the kind', () => {
    const kinds = (client.initializeResult.capabilities.codeActionProvider as { codeActionKinds?: string[] }).codeActionKinds;
    assert.ok(kinds?.includes(fixAllKind), JSON.stringify(kinds));
    assert.ok(kinds?.includes(CodeActionKind.QuickFix));
  });

  for (const eol of ['\n', '\r\n']) {
    test(`renumbering, the count and the disclaimer in one edit, then nothing (${JSON.stringify(eol)})`, async () => {
      const uri = `untitled:fix-all-${eol.length}.md`;
      const text = ['# Draft', '', 'Here are three things:', '', '1. One', '', 'Body.', '', '3. Two', '', 'Body.', ''].join(eol);
      await client.open(uri, text);
      assert.deepEqual(rules(await client.pullDiagnostics(uri)), ['disclaimer-missing', 'pillar-count', 'pillar-numbering']);
      const actions = fixAllOf(await client.codeActions(uri, whole, [], ['source.fixAll']));
      assert.equal(actions.length, 1);
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), editsOf(actions[0].edit, uri));
      assert.ok(fixed.includes(`Here are two things:${eol}`) && fixed.includes(`${eol}2. Two${eol}`), JSON.stringify(fixed));
      if (eol === '\r\n') assert.ok(!/(?<!\r)\n/.test(fixed), 'CRLF stays CRLF');
      await client.changeFull(uri, fixed);
      assert.deepEqual(await client.pullDiagnostics(uri), []);
      assert.deepEqual(fixAllOf(await client.codeActions(uri, whole, [], ['source.fixAll'])), [], 'nothing left to fix');
      await client.close(uri);
    });
  }

  test('asked by its own kind or by `source`; not with quick fixes only; listed when `only` is absent beside a safe quick fix', async () => {
    const uri = 'untitled:fix-all-kinds.md';
    await client.open(uri, `Here are 2 things:\n\n1. One\n\nBody.\n\n1. Two\n\nBody.\n\n${disclaimer}\n`);
    for (const only of [[fixAllKind], [CodeActionKind.Source], [CodeActionKind.SourceFixAll]]) {
      const actions = await client.codeActions(uri, whole, [], only);
      assert.equal(fixAllOf(actions).length, 1, `only ${JSON.stringify(only)}`);
      assert.equal(actions.length, 1, `only the fix-all for ${JSON.stringify(only)}`);
    }
    const [d] = await client.pullDiagnostics(uri);
    const listed = await client.codeActions(uri, d.range, [d]);
    assert.deepEqual(listed.map((a) => a.kind), [CodeActionKind.QuickFix, fixAllKind]);
    assert.deepEqual(await client.codeActions(uri, whole, []), [], 'away from any finding: nothing');
    assert.deepEqual(fixAllOf(await client.codeActions(uri, whole, [], [CodeActionKind.QuickFix])), []);
    assert.deepEqual(await client.codeActions(uri, whole, [], [CodeActionKind.SourceOrganizeImports]), []);
    await client.close(uri);
  });

  test('no action when nothing is safe to fix (a finding without a fix)', async () => {
    const uri = 'untitled:fix-all-nothing.md';
    await client.open(uri, `Here are 2 things:\n\n1. One\n\n2. Two\n\nBody.\n\n${disclaimer}\n`);
    assert.deepEqual(rules(await client.pullDiagnostics(uri)), ['pillar-empty']);
    assert.deepEqual(await client.codeActions(uri, whole, [], ['source.fixAll']), []);
    await client.close(uri);
  });
});

describe('fix all, in the example workspace (versioned document edits)', () => {
  let client: LspClient;
  let ws: string;
  before(async () => {
    ws = copyExample('sn-fix-all-lsp-');
    client = await LspClient.start({ pull: true, library: true, workspaceFolders: [ws] });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('the duplicate tag goes; the guesses and the new entry stay for the writer', async () => {
    const uri = fileUri(path.join(ws, 'articles/drafts/library-problems.md'));
    const text = readFileSync(path.join(ws, 'articles/drafts/library-problems.md'), 'utf8');
    await client.open(uri, text);
    const before = rules(await client.pullDiagnostics(uri));
    assert.ok(before.includes('duplicate-tag'), JSON.stringify(before));
    const [action] = fixAllOf(await client.codeActions(uri, whole, [], [CodeActionKind.SourceFixAll]));
    assert.ok(action, 'a fix-all action');
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), editsOf(action.edit, uri, 1));
    assert.ok(fixed.includes('- Northwind Logistics\n\nThis article'), JSON.stringify(fixed));
    await client.changeFull(uri, fixed);
    const afterFix = rules(await client.pullDiagnostics(uri));
    assert.deepEqual(afterFix, before.filter((r) => r !== 'duplicate-tag'));
    assert.deepEqual(fixAllOf(await client.codeActions(uri, whole, [], [CodeActionKind.SourceFixAll])), []);
    await client.close(uri);
  });

  test('the draft without a disclaimer gets it', async () => {
    const file = path.join(ws, 'articles/drafts/cloud-pricing-draft.md');
    const uri = fileUri(file);
    const text = readFileSync(file, 'utf8');
    await client.open(uri, text);
    assert.ok(rules(await client.pullDiagnostics(uri)).includes('disclaimer-missing'));
    const [action] = fixAllOf(await client.codeActions(uri, whole, [], ['source.fixAll']));
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), editsOf(action?.edit, uri, 1));
    assert.ok(fixed.startsWith(text));
    await client.changeFull(uri, fixed);
    assert.ok(!rules(await client.pullDiagnostics(uri)).includes('disclaimer-missing'));
    await client.close(uri);
  });
});

describe('fix all, for a client that resolves actions', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({
      capabilities: {
        textDocument: {
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } }, dataSupport: true, resolveSupport: { properties: ['edit'] } },
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
        },
        workspace: { workspaceEdit: { documentChanges: true } },
      },
    });
  });
  after(async () => {
    await client?.dispose();
  });

  test('listed among all actions without its edit, which `codeAction/resolve` computes; asked by kind, it comes with it', async () => {
    const uri = 'untitled:fix-all-resolve.md';
    const text = `Here are 2 things:\n\n1. One\n\nBody.\n\n3. Two\n\nBody.\n\n${disclaimer}\n`;
    await client.open(uri, text);
    const pillar: Range = { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } };
    const [listed] = fixAllOf(await client.codeActions(uri, pillar, []));
    assert.ok(listed && !listed.edit && listed.data, 'deferred');
    const resolved = await withTimeout(client.connection.sendRequest(CodeActionResolveRequest.type, listed), 10_000, 'codeAction/resolve');
    const edits = editsOf(resolved.edit, uri, 1);
    assert.equal(TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits), text.replace('3. Two', '2. Two'));
    const [asked] = fixAllOf(await client.codeActions(uri, whole, [], ['source.fixAll']));
    assert.deepEqual(editsOf(asked?.edit, uri, 1), edits);
    // A newer version: the old action resolves to nothing to apply.
    await client.changeFull(uri, text.replace('3. Two', '2. Two'));
    const stale = await withTimeout(client.connection.sendRequest(CodeActionResolveRequest.type, listed), 10_000, 'codeAction/resolve');
    assert.equal(stale.edit, undefined);
    await client.close(uri);
  });
});
