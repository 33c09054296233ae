// Code-action responses over stdio grow with the document, not with its square: on a run of
// `1. Item` lines every pillar but the first has a numbering finding, and the one renumbering
// fix is sent once for all of them. A client that resolves actions gets it without its edits
// (computed on `codeAction/resolve`, when the writer picks it). Bytes and edits are counted,
// never timed. Needs a build first (`node scripts/build.mjs`).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { CodeActionResolveRequest, type ClientCapabilities, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { shownDiagnosticsLimit } from '../../server/src/lsp/convert';
import { LspClient } from '../helpers/lsp-client';

// Below the pillar limit (999), where every `1. Item` line is a pillar.
const sizes = [200, 400, 800];
const itemLines = (n: number) => '1. Item\n'.repeat(n);
const wholeDocument = (n: number): Range => ({ start: { line: 0, character: 0 }, end: { line: n, character: 0 } });

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

/** Opens the text and waits for its diagnostics (push mode). */
async function openAndWait(client: LspClient, uri: string, text: string): Promise<Diagnostic[]> {
  await client.open(uri, text);
  return (await client.waitForPublish(uri, { version: 1, ms: 60_000 })).diagnostics;
}

const clients: LspClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
});

describe('code actions at scale (server over stdio)', () => {
  test('a whole-document request: one renumbering action, its edits sent once; bytes grow at most linearly', async () => {
    const client = await LspClient.start();
    clients.push(client);
    const runs: { bytes: number; edits: number; actions: number }[] = [];
    for (const n of sizes) {
      const uri = `untitled:items-${n}.md`;
      const diagnostics = await openAndWait(client, uri, itemLines(n));
      // An editor is sent at most 1,000 diagnostics (VS Code shows no more): the rest are counted in a note.
      assert.ok(diagnostics.length <= shownDiagnosticsLimit, `${diagnostics.length} diagnostics sent`);
      // n - 1 numbering findings, n empty pillars, the disclaimer.
      const note = diagnostics.find((d) => d.code === undefined && /^Not showing [\d,]+ further findings/.test(String(d.message)));
      assert.equal(note !== undefined, 2 * n > shownDiagnosticsLimit, `a note about the findings left out exactly when there are more than can be shown: ${JSON.stringify(diagnostics.at(-1))}`);
      assert.ok(diagnostics.some((d) => d.code === 'pillar-numbering'));
      const actions = await client.codeActions(uri, wholeDocument(n), diagnostics);
      const renumber = actions.filter((a) => a.title.startsWith('Renumber'));
      assert.equal(renumber.length, 1, `one renumbering action, not one per finding: ${actions.length} actions`);
      assert.equal(editsOf(renumber[0], uri).length, n - 1);
      assert.equal(renumber[0].diagnostics?.length, Math.min(n - 1, shownDiagnosticsLimit));
      const edits = actions.reduce((k, a) => k + editsOf(a, uri).length, 0);
      runs.push({ bytes: JSON.stringify(actions).length, edits, actions: actions.length });
      await client.close(uri);
    }
    for (let k = 1; k < runs.length; k++) {
      for (const what of ['bytes', 'edits'] as const) {
        const growth = runs[k][what] / runs[k - 1][what];
        assert.ok(growth <= 2.2, `${what} grew ${growth.toFixed(2)}× from ${sizes[k - 1]} to ${sizes[k]} lines (${JSON.stringify(runs)})`);
      }
      assert.equal(runs[k].actions, runs[0].actions);
    }
  });

  test('a client that resolves actions gets the large fix without its edits, and the edits on resolve', async () => {
    const capabilities: ClientCapabilities = {
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: false },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
          isPreferredSupport: true,
          dataSupport: true,
          resolveSupport: { properties: ['edit'] },
        },
        publishDiagnostics: { versionSupport: true },
      },
      workspace: { workspaceFolders: true },
    };
    const client = await LspClient.start({ capabilities });
    clients.push(client);
    assert.equal((client.initializeResult.capabilities.codeActionProvider as { resolveProvider?: boolean }).resolveProvider, true);
    const bytes: number[] = [];
    for (const n of sizes) {
      const uri = `untitled:resolve-${n}.md`;
      const text = itemLines(n);
      const diagnostics = await openAndWait(client, uri, text);
      const one = diagnostics.find((d) => d.code === 'pillar-numbering')!;
      // The lightbulb on one line: the renumbering action is small whatever the document.
      const actions = await client.codeActions(uri, one.range, [one]);
      const renumber = actions.find((a) => a.title.startsWith('Renumber'));
      assert.ok(renumber && !renumber.edit && renumber.data !== undefined, `deferred: ${JSON.stringify(renumber)}`);
      bytes.push(JSON.stringify(actions).length);
      // The disclaimer fix (one edit) is still sent with its edit: the VS Code tests apply it as listed.
      const whole = await client.codeActions(uri, wholeDocument(n), diagnostics);
      assert.ok(whole.find((a) => a.title === 'Add the investment disclaimer')?.edit);

      const resolved = await client.request<CodeAction>(CodeActionResolveRequest.method, renumber);
      assert.equal(editsOf(resolved, uri).length, n - 1);
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), editsOf(resolved, uri));
      const version = await client.changeFull(uri, fixed);
      const after = (await client.waitForPublish(uri, { version, ms: 60_000 })).diagnostics;
      assert.deepEqual(after.filter((d) => d.code === 'pillar-numbering'), []);
      // Resolving the action of the version before: the document changed, nothing to apply.
      const stale = await client.request<CodeAction>(CodeActionResolveRequest.method, renumber);
      assert.equal(stale.edit, undefined);
      await client.close(uri);
    }
    // The same few hundred bytes at every size (the finding's message names its number).
    assert.ok(bytes[2] < bytes[0] + 64, `one-line responses: ${bytes.join(', ')} bytes`);
  });
});
