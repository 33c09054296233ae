// Workspace diagnostics (`workspace/diagnostic`) through the real server over stdio: the problems
// of the files nobody opened are exactly what `strategy-notes check` reports for them; a request
// with nothing new waits for a change (a file edited or deleted on disk, an entry created that a
// closed article names, a document closed), 5 s at most; a first request after the build and a
// re-check after an entry change take the
// article from the index, not the disk; open documents are reported from their
// editor text; a held request can be cancelled; a warm start takes every check from the cache;
// `workspaceDiagnostics: false` turns it off.
// Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CancellationTokenSource,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  WorkspaceDiagnosticRequest,
  type PreviousResultId,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { LspClient, cliPath, copyExample, fileUri, removeDir, withTimeout } from '../helpers/lsp-client';

interface Finding {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: string;
  message: string;
}

/** The CLI's findings for the workspace, by file (relative path). */
function cliFindings(dir: string): Map<string, string[]> {
  let out: string;
  try {
    out = execFileSync(process.execPath, [cliPath, 'check', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    out = (error as { stdout: string }).stdout; // findings exit non-zero
  }
  const byFile = new Map<string, string[]>();
  for (const f of JSON.parse(out) as Finding[]) {
    const list = byFile.get(f.file) ?? [];
    list.push(`${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}`);
    byFile.set(f.file, list);
  }
  return byFile;
}

const severityName = ['', 'error', 'warning', 'info', 'hint'];

/** The server's reports, by file (relative path), in the CLI's terms. */
function serverFindings(dir: string, reports: readonly WorkspaceDocumentDiagnosticReport[]): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const r of reports) {
    assert.equal(r.kind, DocumentDiagnosticReportKind.Full);
    if (r.kind !== DocumentDiagnosticReportKind.Full || r.items.length === 0) continue;
    const file = path.relative(dir, new URL(r.uri).pathname);
    byFile.set(
      file,
      r.items.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${severityName[d.severity ?? 0]} ${String(d.code)} ${d.message}`),
    );
  }
  return byFile;
}

describe('workspace diagnostics', () => {
  let dir: string;
  let client: LspClient;
  /** What the client holds: the latest result id per URI, as VS Code's client sends them back. */
  const held = new Map<string, string>();

  const ask = (token?: CancellationTokenSource): Promise<WorkspaceDiagnosticReport> => {
    const previousResultIds: PreviousResultId[] = [...held].map(([uri, value]) => ({ uri, value }));
    return client.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds }, token?.token);
  };
  const remember = (report: WorkspaceDiagnosticReport) => {
    for (const item of report.items) if (item.resultId) held.set(item.uri, item.resultId);
    return report;
  };
  const uriOf = (rel: string) => fileUri(path.join(dir, rel));
  const reportOf = (report: WorkspaceDiagnosticReport, rel: string) => report.items.find((i) => i.uri === uriOf(rel));

  before(async () => {
    dir = copyExample('sn-workspace-diagnostics-');
    client = await LspClient.start({ pull: true, library: true, workspaceFolders: [dir] });
  });
  after(async () => {
    await client?.dispose();
    removeDir(dir);
  });

  test('the server declares them', () => {
    const provider = client.initializeResult.capabilities.diagnosticProvider;
    assert.ok(provider && 'workspaceDiagnostics' in provider && provider.workspaceDiagnostics);
  });

  test('every closed file is reported as `strategy-notes check` reports it', async () => {
    const report = remember(await withTimeout(ask(), 30_000, 'workspace diagnostics'));
    const expected = cliFindings(dir);
    assert.ok(expected.size >= 4, 'the example workspace has findings in several files');
    assert.deepStrictEqual(serverFindings(dir, report.items), expected);
    // Files without findings the client has not seen are not sent.
    assert.equal(report.items.length, expected.size);
  });

  test('with nothing new the request waits; a file fixed on disk answers it with that file alone', async () => {
    const pending = ask();
    let answered = false;
    void pending.then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(answered, false, 'held: nothing changed');
    const rel = 'articles/drafts/cloud-pricing-draft.md';
    const file = path.join(dir, rel);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nThis article is not investment, legal or tax advice.\n`);
    await client.changeWatchedFiles([{ uri: uriOf(rel), type: FileChangeType.Changed }]);
    const report = remember(await withTimeout(pending, 10_000, 'the held request'));
    assert.deepStrictEqual(
      report.items.map((i) => i.uri),
      [uriOf(rel)],
    );
    const fixed = reportOf(report, rel);
    assert.ok(fixed && fixed.kind === DocumentDiagnosticReportKind.Full);
    assert.deepStrictEqual(fixed.items, []);
  });

  test('an entry created on disk re-checks the closed article that names it', async () => {
    const rel = 'articles/drafts/library-problems.md';
    const pending = ask();
    writeFileSync(path.join(dir, 'library/companies/fernway-foods.md'), '# Fernway Foods\n\nA regional grocer.\n');
    await client.changeWatchedFiles([{ uri: uriOf('library/companies/fernway-foods.md'), type: FileChangeType.Created }]);
    const report = remember(await withTimeout(pending, 10_000, 'the held request'));
    const article = reportOf(report, rel);
    assert.ok(article && article.kind === DocumentDiagnosticReportKind.Full, 'the article is reported again');
    const rules = article.items.map((d) => d.code);
    assert.ok(!rules.includes('unknown-company'), 'Fernway Foods is known now');
    assert.ok(rules.includes('unknown-concept'), 'its other findings stay');
    assert.deepStrictEqual(serverFindings(dir, [article]).get(rel), cliFindings(dir).get(rel));
  });

  test('a re-check after an entry change reads the article from the index, not the disk (nothing parsed again)', async () => {
    const rel = 'articles/drafts/library-problems.md';
    const file = path.join(dir, rel);
    const original = readFileSync(file, 'utf8');
    // Changed on disk with no file event: the index still holds the text it read.
    writeFileSync(file, `${original}\nA late line naming [[Nobody At All]].\n`);
    let pending = ask();
    writeFileSync(path.join(dir, 'library/concepts/quilmind.md'), '# Quilmind\n\nA name the draft uses.\n');
    await client.changeWatchedFiles([{ uri: uriOf('library/concepts/quilmind.md'), type: FileChangeType.Created }]);
    let article = reportOf(remember(await withTimeout(pending, 10_000, 'the held request')), rel);
    assert.ok(article && article.kind === DocumentDiagnosticReportKind.Full, 'the article is reported again');
    const messages = () => (article as { items: { message: string }[] }).items.map((d) => d.message);
    assert.ok(!messages().some((m) => m.includes('"Quilmind"')), 'Quilmind is known now');
    assert.ok(messages().some((m) => m.includes('"Network Efects"')), 'its other findings stay');
    assert.ok(!messages().some((m) => m.includes('Nobody At All')), 'the text checked is the one the index holds: the file was not read again');
    // Its own event: read, parsed and checked again.
    pending = ask();
    await client.changeWatchedFiles([{ uri: uriOf(rel), type: FileChangeType.Changed }]);
    article = reportOf(remember(await withTimeout(pending, 10_000, 'the held request')), rel);
    assert.ok(article && article.kind === DocumentDiagnosticReportKind.Full);
    assert.ok(messages().some((m) => m.includes('Nobody At All')), 'the text on disk now');
    assert.deepStrictEqual(serverFindings(dir, [article]).get(rel), cliFindings(dir).get(rel));
    // Put back as it was, for the tests below.
    pending = ask();
    writeFileSync(file, original);
    await client.changeWatchedFiles([{ uri: uriOf(rel), type: FileChangeType.Changed }]);
    remember(await withTimeout(pending, 10_000, 'the held request'));
  });

  test('an open document is reported from its editor text, with its version, and from the disk once it closes', async () => {
    const rel = 'articles/drafts/library-problems.md';
    const uri = uriOf(rel);
    const text = readFileSync(path.join(dir, rel), 'utf8');
    await client.open(uri, text);
    // The editor's text (unsaved) drops a finding: its document pull and the workspace's say so.
    const version = await client.changeFull(uri, text.replace('Network Efects', 'Network Effects'));
    const pulled = await client.pullDiagnostics(uri);
    assert.ok(!pulled.some((d) => d.code === 'unknown-concept'));
    const edited = reportOf(remember(await withTimeout(ask(), 10_000, 'the open document')), rel);
    assert.ok(edited && edited.kind === DocumentDiagnosticReportKind.Full);
    assert.equal(edited.version, version);
    assert.deepStrictEqual(edited.items, pulled);
    // Nothing new while it stays as it is: held.
    const pending = ask();
    let answered = false;
    void pending.then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(answered, false, 'held: nothing changed');
    // Closed without saving: the disk's findings are the file's problems again.
    await client.close(uri);
    const report = remember(await withTimeout(pending, 10_000, 'the held request'));
    const article = reportOf(report, rel);
    assert.ok(article && article.kind === DocumentDiagnosticReportKind.Full);
    assert.equal(article.version, null);
    assert.ok(article.items.some((d) => d.code === 'unknown-concept'), 'the disk still has the typo');
    // And once more in the next answer (VS Code's client may have dropped the first while its
    // last document pull was in flight); then the request is held again.
    const again = remember(await withTimeout(ask(), 10_000, 'the next request'));
    assert.deepStrictEqual(again.items.map((i) => i.uri), [uri]);
  });

  test('a request with nothing new is answered, empty, after 5 s at most', async () => {
    const t = Date.now();
    const report = await withTimeout(ask(), 15_000, 'the held request');
    assert.deepStrictEqual(report.items, []);
    assert.ok(Date.now() - t >= 4_000, 'it was held');
  });

  test('a file deleted on disk is reported with no problems', async () => {
    const rel = 'library/concepts/economic-moats.md';
    assert.ok(held.has(uriOf(rel)), 'it had findings');
    const pending = ask();
    rmSync(path.join(dir, rel));
    await client.changeWatchedFiles([{ uri: uriOf(rel), type: FileChangeType.Deleted }]);
    const report = remember(await withTimeout(pending, 10_000, 'the held request'));
    const gone = reportOf(report, rel);
    assert.ok(gone && gone.kind === DocumentDiagnosticReportKind.Full);
    assert.deepStrictEqual(gone.items, []);
    // Its twin's duplicate-entry-name is gone with it.
    const twin = reportOf(report, 'library/concepts/barriers-to-entry.md');
    assert.ok(twin && twin.kind === DocumentDiagnosticReportKind.Full);
    assert.ok(!twin.items.some((d) => d.code === 'duplicate-entry-name'));
    assert.deepStrictEqual(serverFindings(dir, report.items.filter((i) => i.uri !== uriOf(rel))).get('library/concepts/barriers-to-entry.md'), cliFindings(dir).get('library/concepts/barriers-to-entry.md'));
  });

  test('a held request is cancelled', async () => {
    const source = new CancellationTokenSource();
    const pending = ask(source);
    await new Promise((resolve) => setTimeout(resolve, 200));
    source.cancel();
    await assert.rejects(withTimeout(pending, 5_000, 'the cancelled request'), (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled);
    // And the server goes on answering.
    assert.ok(Array.isArray(await client.workspaceSymbols('')));
  });
});

describe('workspace diagnostics after a warm start', () => {
  test('a first request after the build takes every check the build made: no file is read again', async () => {
    const dir = copyExample('sn-workspace-diagnostics-late-');
    try {
      const client = await LspClient.start({ pull: true, library: true, workspaceFolders: [dir] });
      try {
        while (!client.logMessages.some((m) => m.message.includes('Strategy Notes: indexed'))) await new Promise((r) => setTimeout(r, 20));
        const expected = cliFindings(dir);
        // Changed on disk with no file event: a file read again would show it.
        const rel = 'articles/drafts/library-problems.md';
        writeFileSync(path.join(dir, rel), `${readFileSync(path.join(dir, rel), 'utf8')}\nA late line naming [[Nobody At All]].\n`);
        const report = await withTimeout(client.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] }), 30_000, 'workspace diagnostics');
        assert.deepStrictEqual(serverFindings(dir, report.items), expected);
      } finally {
        assert.equal(await client.shutdown(), 0);
      }
    } finally {
      removeDir(dir);
    }
  });

  test('summaries and local checks from the cache (nothing parsed): the same problems as the CLI', async () => {
    const dir = copyExample('sn-workspace-diagnostics-warm-');
    const cacheLocation = path.join(dir, '.cache');
    const cacheLine = /summary cache: (\d+) hits, (\d+) misses/;
    try {
      const expected = cliFindings(dir);
      for (const run of ['cold', 'warm']) {
        const client = await LspClient.start({ pull: true, library: true, workspaceFolders: [dir], initializationOptions: { cacheLocation } });
        try {
          const report = await withTimeout(client.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] }), 30_000, `${run} workspace diagnostics`);
          assert.deepStrictEqual(serverFindings(dir, report.items), expected, run);
          let line: string | undefined;
          while (!(line = client.logMessages.map((m) => m.message).find((m) => m.includes('Strategy Notes: indexed')))) await new Promise((r) => setTimeout(r, 20));
          const [hits, misses] = [Number(cacheLine.exec(line)?.[1]), Number(cacheLine.exec(line)?.[2])];
          if (run === 'cold') assert.equal(hits, 0, line);
          // Every summary came with its file's local check: nothing is parsed again.
          else assert.ok(hits > 20 && misses === 0, line);
          // The cache is written after the build: wait for it before stopping the server.
          while (!existsSync(cacheLocation) || readdirSync(cacheLocation).filter((f) => f.endsWith('.json')).length === 0) await new Promise((r) => setTimeout(r, 20));
        } finally {
          assert.equal(await client.shutdown(), 0);
        }
      }
    } finally {
      removeDir(dir);
    }
  });
});

describe('workspace diagnostics turned off', () => {
  test('`workspaceDiagnostics: false` declares none', async () => {
    const client = await LspClient.start({ pull: true, library: true, initializationOptions: { workspaceDiagnostics: false } });
    try {
      const provider = client.initializeResult.capabilities.diagnosticProvider;
      assert.ok(provider && 'workspaceDiagnostics' in provider);
      assert.equal(provider.workspaceDiagnostics, false);
    } finally {
      await client.dispose();
    }
  });
});
