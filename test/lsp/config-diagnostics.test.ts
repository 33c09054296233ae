// Problems in `.strategy-notes.json` are diagnostics in that file, at the offending key (pushed
// for its URI: clients do not open JSON files with this server), one log line each and no popup;
// fixing the file on disk clears them and the new values apply without a restart.
// Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, FileChangeType, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient, copyExample, fileUri, removeDir } from '../helpers/lsp-client';

const DRAFT = 'articles/drafts/cloud-pricing-draft.md';
const BROKEN = '{\n  "articles": ["articles/**/*.md"],\n  "rules": { "disclaimer-missing": "loud", "pillar-empty": "info" }\n}\n';

describe('.strategy-notes.json problems as diagnostics', () => {
  let ws: string;
  let client: LspClient;
  const configPath = () => path.join(ws, '.strategy-notes.json');
  const configUri = () => fileUri(configPath());
  const draftUri = () => fileUri(path.join(ws, DRAFT));

  /** The next publish for the config file that satisfies `predicate`, after a watched-file event. */
  async function changed(text: string | undefined, predicate: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    const afterCount = client.publishCount(configUri());
    if (text === undefined) rmSync(configPath());
    else writeFileSync(configPath(), text);
    const published = client.waitForPublish(configUri(), { afterCount, predicate });
    await client.changeWatchedFiles([{ uri: configUri(), type: text === undefined ? FileChangeType.Deleted : FileChangeType.Changed }]);
    return published;
  }

  before(async () => {
    ws = copyExample('sn-lsp-config-diagnostics-');
    writeFileSync(configPath(), BROKEN);
    client = await LspClient.start({ pull: true, workspaceFolders: [ws] });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('a bad severity: one error at the value, a log line, no popup; the rest applies', async () => {
    const { diagnostics } = await client.waitForPublish(configUri(), { predicate: (p) => p.diagnostics.length > 0 });
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const [d] = diagnostics;
    assert.deepEqual(d.range, { start: { line: 2, character: 35 }, end: { line: 2, character: 41 } });
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.source, 'strategy-notes');
    assert.equal(d.code, 'config');
    assert.equal(d.message, 'rules.disclaimer-missing: expected one of off, info, warning, error, got "loud".');
    assert.ok(client.logMessages.some((m) => m.message.includes('.strategy-notes.json:3:36: rules.disclaimer-missing')), 'one log line');
    assert.deepEqual(client.shownMessages.filter((m) => /configuration/i.test(m.message)), [], 'no popup');
    // The broken rule keeps its default (error); the valid globs apply (drafts are articles).
    await client.open(draftUri(), readFileSync(path.join(ws, DRAFT), 'utf8'));
    const draft = await client.pullDiagnostics(draftUri());
    assert.equal(draft.find((x) => x.code === 'disclaimer-missing')?.severity, DiagnosticSeverity.Error);
  });

  test('fixing the file on disk clears the diagnostics, and its values apply', async () => {
    const fixed = await changed('{\n  "articles": ["articles/**/*.md"],\n  "rules": { "disclaimer-missing": "warning" }\n}\n', (p) => p.diagnostics.length === 0);
    assert.deepEqual(fixed.diagnostics, []);
    const draft = await client.pullDiagnostics(draftUri());
    assert.equal(draft.find((x) => x.code === 'disclaimer-missing')?.severity, DiagnosticSeverity.Warning);
  });

  test('an unknown key is at its name; not JSON is at the parser\'s offset', async () => {
    const unknown = await changed('{\n  "artcles": ["articles/**/*.md"]\n}\n', (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      unknown.diagnostics.map((d) => [d.range, d.message]),
      [[{ start: { line: 1, character: 2 }, end: { line: 1, character: 11 } }, 'unknown key "artcles" (did you mean "articles"?); known keys: rules, disclaimer, library, articles, exclude.']],
    );
    const notJson = await changed('{ "rules": ', (p) => p.diagnostics.some((d) => /not valid JSON/.test(String(d.message))));
    assert.deepEqual(notJson.diagnostics.map((d) => d.range.start), [{ line: 0, character: 11 }]);
    const draft = await client.pullDiagnostics(draftUri());
    assert.equal(draft.find((x) => x.code === 'disclaimer-missing')?.severity, DiagnosticSeverity.Error, 'the defaults');
  });

  test('deleting the file clears its diagnostics', async () => {
    const gone = await changed(undefined, (p) => p.diagnostics.length === 0);
    assert.deepEqual(gone.diagnostics, []);
    assert.ok(client.alive);
  });
});
