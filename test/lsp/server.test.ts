// The language server over stdio, exactly as an editor runs it: `node dist/server.js --stdio`,
// driven by a real LSP client connection (test/helpers/lsp-client.ts). Needs a build first
// (`node scripts/build.mjs`). Every server is killed in `after`.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  SymbolKind,
  TextDocumentSyncKind,
  type CodeAction,
  type Diagnostic,
  type DocumentSymbol,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, copyExample, exampleDir, fileUri, outlineProblems, rangeContains, removeDir, withTimeout } from '../helpers/lsp-client';

const DRAFT = 'articles/drafts/cloud-pricing-draft.md';
const PASTED = 'articles/brightmart-focus-pasted.md';
const CANONICAL = 'articles/netflix-moats.md';
const CLEAN = ['articles/netflix-moats.md', 'articles/brightmart-focus-pasted.md', 'articles/platform-rules.md', 'articles/front-matter-title.md', 'articles/regional-grocers.md'];
/** The default `strategyNotes.disclaimer.pattern` (package.json). */
const DEFAULT_DISCLAIMER = /is not investment(?:,\s*legal,?\s*or\s*tax)?\s+advice/i;
const FIX_TITLE = 'Add the investment disclaimer';

const readExample = (rel: string) => readFileSync(path.join(exampleDir, rel), 'utf8');
const linesOf = (text: string) => text.split(/\r\n|\r|\n/);

/** Index of the last line before `end` (exclusive) that holds any text. */
function lastTextLineBefore(lines: string[], end: number): number {
  let l = end - 1;
  while (l >= 0 && !lines[l].trim()) l--;
  return l;
}

function byName(symbols: DocumentSymbol[], name: string): DocumentSymbol {
  const s = symbols.find((x) => x.name === name);
  assert.ok(s, `no symbol "${name}" in ${JSON.stringify(symbols.map((x) => x.name))}`);
  return s;
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

/** The edits of the named quick fix for this document (asserting its shape on the way). */
function fixEdits(actions: CodeAction[], uri: string, title = FIX_TITLE): TextEdit[] {
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no "${title}" action in ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.equal(action.kind, CodeActionKind.QuickFix);
  assert.ok(action.edit, 'the action carries a WorkspaceEdit');
  const changes = action.edit.changes ?? {};
  const fromDocumentChanges = (action.edit.documentChanges ?? []).flatMap((c) => ('edits' in c && c.textDocument.uri === uri ? c.edits : []));
  const edits = [...(changes[uri] ?? []), ...fromDocumentChanges] as TextEdit[];
  assert.ok(edits.length > 0, `the edit changes ${uri}: ${JSON.stringify(action.edit)}`);
  assert.deepEqual(Object.keys(changes).filter((u) => u !== uri), [], 'the edit touches no other document');
  return edits;
}

function applyEdits(uri: string, text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits);
}

/** The disclaimer fix only appends: the writer's text is an exact prefix, and what is added is
 * one paragraph matching the default pattern, after a blank line, in the text's line ending. */
function assertAppendsDisclaimer(original: string, fixed: string, eol: string): void {
  assert.ok(fixed.startsWith(original), `the original text is an exact prefix of the fixed text:\n${JSON.stringify(original)}\n${JSON.stringify(fixed)}`);
  const added = fixed.slice(original.length);
  assert.match(added, DEFAULT_DISCLAIMER);
  assert.ok(fixed.endsWith(eol), `the fixed text ends with the line ending ${JSON.stringify(eol)}: ${JSON.stringify(added)}`);
  if (eol === '\r\n') assert.doesNotMatch(added, /(?<!\r)\n|\r(?!\n)/, `only CRLF line endings are added: ${JSON.stringify(added)}`);
  if (eol === '\n') assert.doesNotMatch(added, /\r/, `only LF line endings are added: ${JSON.stringify(added)}`);
  if (eol === '\r') assert.doesNotMatch(added, /\n/, `only CR line endings are added: ${JSON.stringify(added)}`);
  const lines = linesOf(fixed);
  const d = lines.findIndex((l) => DEFAULT_DISCLAIMER.test(l));
  assert.ok(d >= 0);
  assert.equal(lines[d], added.trim(), 'the disclaimer is a paragraph of its own (one whole line)');
  if (original.trim()) assert.equal(lines[d - 1].trim(), '', 'a blank line separates the disclaimer from the text before it');
  assert.deepEqual(lines.slice(d + 1), [''], 'nothing follows the disclaimer but the final line ending');
}

// ---- initialize ---------------------------------------------------------------------------

describe('initialize', () => {
  const clients: LspClient[] = [];
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
  });

  test('advertises outline, folding, quick fixes and incremental sync; pull diagnostics when the client supports them', async () => {
    const client = await LspClient.start({ pull: true });
    clients.push(client);
    const caps = client.initializeResult.capabilities;
    assert.ok(caps.documentSymbolProvider, 'documentSymbolProvider');
    assert.ok(caps.foldingRangeProvider, 'foldingRangeProvider');
    const sync = typeof caps.textDocumentSync === 'object' ? caps.textDocumentSync.change : caps.textDocumentSync;
    assert.equal(sync, TextDocumentSyncKind.Incremental);
    assert.ok(caps.codeActionProvider && typeof caps.codeActionProvider === 'object', 'codeActionProvider with options');
    assert.ok(caps.codeActionProvider.codeActionKinds?.includes(CodeActionKind.QuickFix), 'quickfix kind');
    assert.ok(caps.diagnosticProvider, 'diagnosticProvider when the client declares textDocument.diagnostic');
    assert.equal(caps.diagnosticProvider.interFileDependencies, false);
    assert.equal(client.initializeResult.serverInfo?.name, 'strategy-notes-language-server');
  });

  test('no diagnosticProvider for a client without textDocument.diagnostic (push mode)', async () => {
    const client = await LspClient.start({ pull: false });
    clients.push(client);
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.diagnosticProvider, undefined);
    assert.ok(caps.documentSymbolProvider);
  });

  test('a client with no capabilities at all, no workspace folders and no root still works', async () => {
    const client = await LspClient.start({ capabilities: {} });
    clients.push(client);
    const uri = 'file:///nowhere/plain.md';
    await client.open(uri, readExample(CANONICAL));
    const symbols = await client.symbols(uri);
    assert.equal(symbols.filter((s) => s.kind === SymbolKind.Namespace).length, 4);
    const published = await client.waitForPublish(uri, { version: 1 });
    assert.deepEqual(published.diagnostics, []);
  });
});

// ---- one pull-mode server over a copy of the example workspace -----------------------------

describe('pull client on the example workspace', () => {
  let ws: string;
  let client: LspClient;
  let counter = 0;
  const uriOf = (rel: string) => fileUri(path.join(ws, rel));
  /** A new document under articles/ (so the workspace's `articles` glob makes it an article). */
  const scratch = (name: string) => uriOf(`articles/scratch-${++counter}-${name}.md`);
  const openExample = async (rel: string) => {
    const uri = uriOf(rel);
    const text = readFileSync(path.join(ws, rel), 'utf8');
    await client.open(uri, text);
    return { uri, text };
  };

  before(async () => {
    ws = copyExample();
    client = await LspClient.start({ pull: true, workspaceFolders: [ws] });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('outline of the pasted article: five pillars with their sub-points, closing sections and disclaimer', async () => {
    const { uri, text } = await openExample(PASTED);
    const lines = linesOf(text);
    const symbols = await client.symbols(uri);
    assert.deepEqual(outlineProblems(symbols, text), []);

    const expected: { line: number; name: string; subs: [number, string][] }[] = [
      { line: 5, name: '1. Winning Back Small Sellers With Lower Fees', subs: [[11, 'Cutting Commission for New Sellers'], [14, 'Better Tools for Listing Products'], [16, 'Faster Payouts']] },
      {
        line: 18,
        name: '2. Building Out Northwind Logistics as a Same-Day Network – Starting With the Largest Cities',
        subs: [[26, 'More Micro-Fulfillment Sites Near Customers'], [28, 'Heavy Spending on Sorting Automation'], [30, 'Ongoing Pain in the Last Mile']],
      },
      { line: 35, name: '3. Putting Ads at the Center of the Profit Model. And Keeping Them Useful.', subs: [[38, 'Sponsored Listings That Stay Relevant'], [40, 'Off-Site Ads for Big Brands']] },
      { line: 42, name: '4. Making Search and Support Conversational With GenAI', subs: [[46, 'A Shopping Assistant in the App'], [48, 'Content Tools for Sellers'], [50, 'Automated Customer Support']] },
      { line: 52, name: '5. Opening the Marketplace to Regional Grocers Like Marlow’s Market', subs: [[57, 'Onboarding More Regional Grocers'], [59, 'Shared Delivery Slots With Northwind']] },
    ];
    const pillars = symbols.filter((s) => s.kind === SymbolKind.Namespace);
    assert.deepEqual(
      pillars.map((p) => p.name),
      expected.map((e) => e.name),
    );
    const closingLine = lines.findIndex((l) => l === '***');
    assert.equal(closingLine, 61);
    pillars.forEach((p, i) => {
      const e = expected[i];
      const nextStart = i + 1 < expected.length ? expected[i + 1].line : closingLine;
      // The selection range is the pillar's own line; the range runs through its whole body.
      assert.equal(p.selectionRange.start.line, e.line, p.name);
      assert.equal(p.selectionRange.end.line, e.line, p.name);
      assert.ok(lines[e.line].includes(p.name.replace(/^\d+\. /, '')), `${p.name}: the selection line holds the title`);
      assert.deepEqual(p.range.start, { line: e.line, character: 0 }, p.name);
      const bodyEnd = lastTextLineBefore(lines, nextStart);
      assert.deepEqual(p.range.end, { line: bodyEnd, character: lines[bodyEnd].length }, `${p.name}: the range covers the body`);
      assert.deepEqual(
        (p.children ?? []).map((c) => [c.selectionRange.start.line, c.name]),
        e.subs,
        `${p.name}: sub-points`,
      );
      (p.children ?? []).forEach((c, j) => {
        assert.equal(c.kind, SymbolKind.Field);
        assert.ok(rangeContains(p.range, c.range), `${c.name} inside ${p.name}`);
        assert.equal(c.selectionRange.end.line, c.selectionRange.start.line);
        assert.ok(lines[c.selectionRange.start.line].startsWith(c.name), `${c.name}: its selection line`);
        const next = j + 1 < e.subs.length ? e.subs[j + 1][0] : nextStart;
        const end = lastTextLineBefore(lines, next);
        assert.deepEqual(c.range.end, { line: end, character: lines[end].length }, `${c.name}: the range covers its list`);
      });
    });

    const related = byName(symbols, 'Related articles');
    assert.equal(related.kind, SymbolKind.Array);
    assert.equal(related.selectionRange.start.line, 65);
    assert.equal(lines[65], 'Related articles:');
    assert.equal(related.range.end.line, 68);
    const concepts = byName(symbols, 'Concept tags');
    assert.equal(concepts.selectionRange.start.line, 69);
    assert.equal(concepts.range.end.line, 74);
    assert.equal(concepts.detail, '5');
    const companies = byName(symbols, 'Company tags');
    assert.equal(companies.selectionRange.start.line, 75);
    assert.equal(companies.range.end.line, 79);
    assert.equal(companies.detail, '4');
    const disclaimer = byName(symbols, 'Disclaimer');
    assert.equal(disclaimer.kind, SymbolKind.String);
    assert.equal(disclaimer.range.start.line, lines.length - 1);
    assert.match(lines[disclaimer.range.start.line], DEFAULT_DISCLAIMER);
    // Top-level symbols come in document order and do not overlap.
    for (let i = 1; i < symbols.length; i++) {
      assert.ok(symbols[i - 1].range.end.line < symbols[i].range.start.line, `${symbols[i - 1].name} ends before ${symbols[i].name}`);
    }
  });

  test('outline of the canonical article: `## 1.` pillars, `###` and colon-line sub-points', async () => {
    const { uri, text } = await openExample(CANONICAL);
    const lines = linesOf(text);
    const symbols = await client.symbols(uri);
    assert.deepEqual(outlineProblems(symbols, text), []);
    const pillars = symbols.filter((s) => s.kind === SymbolKind.Namespace);
    assert.deepEqual(
      pillars.map((p) => [p.selectionRange.start.line, p.name, (p.children ?? []).map((c) => [c.selectionRange.start.line, c.name])]),
      [
        [8, '1. Scale in Content Spending', [[12, 'Fixed Costs Spread Over More Subscribers'], [16, 'Better Data for Commissioning']]],
        [20, '2. A Recommendation Engine That Learns', []],
        [26, '3. Habits and Switching Costs', [[30, 'Profiles and Watch History'], [34, 'Bundles With Other Services']]],
        [39, '4. Distribution Deals With Device Makers', []],
      ],
    );
    const breakLine = lines.indexOf('***');
    const starts = [...pillars.map((p) => p.range.start.line), breakLine];
    pillars.forEach((p, i) => {
      assert.ok(lines[p.selectionRange.start.line].startsWith('## '), `${p.name}: selection on its heading`);
      const end = lastTextLineBefore(lines, starts[i + 1]);
      assert.deepEqual(p.range.end, { line: end, character: lines[end].length }, `${p.name}: range covers the body`);
      for (const c of p.children ?? []) assert.ok(rangeContains(p.range, c.range));
    });
    assert.deepEqual(
      symbols.filter((s) => s.kind !== SymbolKind.Namespace).map((s) => [s.name, s.selectionRange.start.line]),
      [
        ['Related articles', 49],
        ['Concept tags', 55],
        ['Company tags', 62],
        ['Disclaimer', 68],
      ],
    );
  });

  test('folding ranges for pillars and sub-points', async () => {
    for (const rel of [CANONICAL, PASTED]) {
      const { uri } = await openExample(rel);
      const symbols = await client.symbols(uri);
      const folds = await client.folding(uri);
      const has = (s: DocumentSymbol) => folds.some((f) => f.startLine === s.range.start.line && f.endLine === s.range.end.line);
      for (const p of symbols.filter((s) => s.kind === SymbolKind.Namespace)) {
        assert.ok(has(p), `${rel}: a fold for pillar ${p.name}`);
        for (const c of p.children ?? []) if (c.range.end.line > c.range.start.line) assert.ok(has(c), `${rel}: a fold for sub-point ${c.name}`);
      }
      for (const f of folds) assert.ok(f.endLine > f.startLine, `${rel}: fold ${JSON.stringify(f)} spans lines`);
    }
    const { uri } = await openExample(CANONICAL);
    const folds = await client.folding(uri);
    for (const [start, end] of [
      [8, 18],
      [12, 14],
      [16, 18],
      [20, 24],
      [26, 37],
      [30, 32],
      [34, 37],
      [39, 43],
    ]) {
      assert.ok(
        folds.some((f) => f.startLine === start && f.endLine === end),
        `fold ${start}–${end} in ${JSON.stringify(folds)}`,
      );
    }
  });

  test('pull diagnostics: the draft has exactly one disclaimer-missing error on its last text line', async () => {
    const { uri, text } = await openExample(DRAFT);
    const lines = linesOf(text);
    const diagnostics = await client.pullDiagnostics(uri);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const [d] = diagnostics;
    assert.equal(d.code, 'disclaimer-missing');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.source, 'strategy-notes');
    const last = lastTextLineBefore(lines, lines.length);
    assert.equal(last, 20);
    assert.deepEqual(d.range, { start: { line: last, character: 0 }, end: { line: last, character: lines[last].length } });
  });

  test('pull diagnostics: each links to its rule page, a file shipped beside the server', async () => {
    const { uri } = await openExample(DRAFT);
    const [d] = await client.pullDiagnostics(uri);
    const href = d.codeDescription?.href ?? '';
    assert.match(href, /^file:/, href);
    const file = fileURLToPath(href);
    assert.ok(existsSync(file), `${file} exists`);
    assert.equal(path.basename(file), `${d.code}.md`);
  });

  test('pull diagnostics: the clean example articles have none', async () => {
    for (const rel of CLEAN) {
      const { uri } = await openExample(rel);
      assert.deepEqual(await client.pullDiagnostics(uri), [], rel);
    }
  });

  test('a library entry is not linted but still has an outline answer', async () => {
    const { uri } = await openExample('library/concepts/ecommerce.md');
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    assert.ok(Array.isArray(await client.symbols(uri)));
  });

  test('a document that is not open gets empty answers, not errors', async () => {
    const uri = uriOf('articles/never-opened.md');
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    assert.deepEqual(await client.symbols(uri), []);
    assert.deepEqual(await client.folding(uri), []);
  });

  test('quick fix on the draft: appends the disclaimer, leaves the text untouched, and the re-check is clean (incremental change)', async () => {
    const { uri, text } = await openExample(DRAFT);
    const [d] = await client.pullDiagnostics(uri);
    const actions = await client.codeActions(uri, d.range, [d]);
    const action = actions.find((a) => a.title === FIX_TITLE);
    assert.ok(action);
    assert.equal(action.isPreferred, true);
    assert.equal(action.diagnostics?.[0]?.code, 'disclaimer-missing');
    const edits = fixEdits(actions, uri);
    const fixed = applyEdits(uri, text, edits);
    assertAppendsDisclaimer(text, fixed, '\n');
    await client.changeIncremental(uri, edits);
    assert.equal(client.textOf(uri), fixed);
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    const symbols = await client.symbols(uri);
    assert.ok(symbols.some((s) => s.kind === SymbolKind.String && s.name === 'Disclaimer'), 'the outline shows the new disclaimer');
  });

  test('quick fixes are offered only where a diagnostic is, and only for quickfix kinds', async () => {
    const { uri } = await openExample(DRAFT);
    const [d] = await client.pullDiagnostics(uri);
    const top: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
    assert.deepEqual(await client.codeActions(uri, top, []), []);
    assert.deepEqual(await client.codeActions(uri, d.range, [d], [CodeActionKind.Refactor]), []);
    const withOnly = await client.codeActions(uri, d.range, [d], [CodeActionKind.QuickFix]);
    assert.ok(withOnly.some((a) => a.title === FIX_TITLE));
    // A cursor (empty range) anywhere on the diagnostic's line gets the fix too.
    const cursor: Range = { start: { line: d.range.start.line, character: 3 }, end: { line: d.range.start.line, character: 3 } };
    assert.ok((await client.codeActions(uri, cursor, [d])).some((a) => a.title === FIX_TITLE));
  });

  describe('quick fix on every kind of text ending', () => {
    const body = 'Cloudline raised prices again.\nMost customers stayed.';
    const cases: { name: string; text: string; eol: string }[] = [
      { name: 'no final newline', text: body, eol: '\n' },
      { name: 'one final newline', text: body + '\n', eol: '\n' },
      { name: 'blank lines at the end', text: body + '\n\n\n', eol: '\n' },
      { name: 'spaces on the last line', text: body + '\n   ', eol: '\n' },
      { name: 'CRLF with a final newline', text: body.replace(/\n/g, '\r\n') + '\r\n', eol: '\r\n' },
      { name: 'CRLF without a final newline', text: body.replace(/\n/g, '\r\n'), eol: '\r\n' },
      { name: 'CRLF with blank lines at the end', text: body.replace(/\n/g, '\r\n') + '\r\n\r\n', eol: '\r\n' },
      { name: 'an empty document', text: '', eol: '\n' },
      { name: 'only blank lines', text: '\n\n', eol: '\n' },
      { name: 'a list item as the last line', text: 'Related articles:\n- One\n- Two', eol: '\n' },
      { name: 'CR-only line endings', text: body.replace(/\n/g, '\r') + '\r', eol: '\r' },
      { name: 'an astral character on the last line', text: 'Rockets 🚀 everywhere 🚀', eol: '\n' },
    ];
    for (const c of cases) {
      test(c.name, async () => {
        const uri = scratch('ending');
        await client.open(uri, c.text);
        const diagnostics = await client.pullDiagnostics(uri);
        const missing = diagnostics.filter((d) => d.code === 'disclaimer-missing');
        assert.equal(missing.length, 1, JSON.stringify(diagnostics));
        const lines = linesOf(c.text);
        const last = Math.max(lastTextLineBefore(lines, lines.length), 0);
        assert.deepEqual(
          missing[0].range,
          { start: { line: last, character: 0 }, end: { line: last, character: lines[last].length } },
          'reported on the last text line, in UTF-16 code units',
        );
        const edits = fixEdits(await client.codeActions(uri, missing[0].range, missing), uri);
        const fixed = applyEdits(uri, c.text, edits);
        assertAppendsDisclaimer(c.text, fixed, c.eol);
        await client.changeFull(uri, fixed);
        assert.deepEqual(codes(await client.pullDiagnostics(uri)), [], `re-check of ${JSON.stringify(fixed)}`);
        await client.close(uri);
      });
    }
  });

  test('pillar-numbering (1, 2, 4): reported on the number, its fix renumbers, and inline comments silence it', async () => {
    const article = (beforeFour: string) =>
      [
        '# Three Ideas',
        '',
        'Intro paragraph.',
        '',
        '## 1. First Idea',
        '',
        'Body one.',
        '',
        '## 2. Second Idea',
        '',
        'Body two.',
        '',
        ...(beforeFour ? [beforeFour] : []),
        '## 4. Fourth Idea',
        '',
        'Body four.',
        '',
        'This article is not investment advice.',
        '',
      ].join('\n');
    const plain = article('');
    const uri = scratch('numbering');
    await client.open(uri, plain);
    const diagnostics = await client.pullDiagnostics(uri);
    assert.deepEqual(codes(diagnostics), ['pillar-numbering']);
    const [d] = diagnostics;
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(d.range, { start: { line: 12, character: 3 }, end: { line: 12, character: 4 } });
    const edits = fixEdits(await client.codeActions(uri, d.range, [d]), uri, 'Renumber the pillars 1 to 3');
    const fixed = applyEdits(uri, plain, edits);
    assert.equal(fixed, plain.replace('## 4. Fourth', '## 3. Fourth'));
    await client.changeIncremental(uri, edits);
    assert.deepEqual(await client.pullDiagnostics(uri), []);

    const silenced = [
      '<!-- strategy-notes-disable-next-line pillar-numbering -->',
      '<!-- strategy-notes-disable-next-line -->',
      '<!-- strategy-notes-disable pillar-numbering -->',
    ];
    for (const comment of silenced) {
      const u = scratch('silenced');
      await client.open(u, article(comment));
      assert.deepEqual(await client.pullDiagnostics(u), [], comment);
    }
    const notSilenced = ['<!-- strategy-notes-disable-next-line pillar-count -->', '<!-- strategy-notes-disable pillar-numbering -->\n<!-- strategy-notes-enable pillar-numbering -->'];
    for (const comment of notSilenced) {
      const u = scratch('not-silenced');
      await client.open(u, article(comment));
      assert.deepEqual(codes(await client.pullDiagnostics(u)), ['pillar-numbering'], comment);
    }
  });

  test('`<!-- strategy-notes-disable disclaimer-missing -->` silences the disclaimer rule', async () => {
    const uri = scratch('disable-disclaimer');
    await client.open(uri, '<!-- strategy-notes-disable disclaimer-missing -->\n\n# A Draft\n\nNo disclaimer yet.\n');
    assert.deepEqual(await client.pullDiagnostics(uri), []);
  });

  test(
    'a disclaimer with inline Markdown inside the phrase still counts (the dialect speaks of what the paragraph says)',

    async () => {
      const variants = [
        'This article is **not** investment advice.',
        'This article is not [investment advice](disclaimer.md).',
        'This article is not investment\\\nadvice.',
        'This article is *not investment, legal or tax advice*.',
      ];
      for (const v of variants) {
        const uri = scratch('inline-markup');
        await client.open(uri, `# Title\n\nAnalysis.\n\n${v}\n`);
        assert.deepEqual(codes(await client.pullDiagnostics(uri)), [], JSON.stringify(v));
      }
    },
  );

  test('an untitled document gets diagnostics and an outline', async () => {
    const uri = 'untitled:Untitled-1';
    const text = readExample(DRAFT);
    await client.open(uri, text);
    const diagnostics = await client.pullDiagnostics(uri);
    assert.deepEqual(codes(diagnostics), ['disclaimer-missing']);
    const symbols = await client.symbols(uri);
    assert.deepEqual(
      symbols.filter((s) => s.kind === SymbolKind.Namespace).map((s) => s.name),
      ['1. Deeper Discounts for Committed Spend', '2. Cheaper Storage, Pricier Compute', '3. A Separate Price List for GenAI Workloads'],
    );
    assert.deepEqual(outlineProblems(symbols, text), []);
    const edits = fixEdits(await client.codeActions(uri, diagnostics[0].range, diagnostics), uri);
    await client.changeIncremental(uri, edits);
    assert.deepEqual(await client.pullDiagnostics(uri), []);
  });

  test('files that are not Markdown (other editors send every file) get no diagnostics and no outline', async () => {
    const uri = scratch('not-markdown').replace(/\.md$/, '.ts');
    await client.open(uri, '// 1. Not a pillar\nconst x = 1;\n', 'typescript');
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    assert.deepEqual(await client.symbols(uri), []);
  });

  test('edits are followed: removing the disclaimer of a clean article brings the error, restoring it clears it', async () => {
    const { uri, text } = await openExample(CANONICAL);
    const lines = linesOf(text);
    const d = lines.findIndex((l) => DEFAULT_DISCLAIMER.test(l));
    const removal: TextEdit = { range: { start: { line: d, character: 0 }, end: { line: d, character: lines[d].length } }, newText: '' };
    await client.changeIncremental(uri, [removal]);
    assert.deepEqual(codes(await client.pullDiagnostics(uri)), ['disclaimer-missing']);
    await client.changeIncremental(uri, [{ range: { start: { line: d, character: 0 }, end: { line: d, character: 0 } }, newText: lines[d] }]);
    assert.equal(client.textOf(uri), text);
    assert.deepEqual(await client.pullDiagnostics(uri), []);
  });

  test('a byte order mark changes nothing: the outline is the same as without it', async () => {
    const text = readExample(CANONICAL);
    const plain = scratch('no-bom');
    const bom = scratch('bom');
    await client.open(plain, text);
    await client.open(bom, '\uFEFF' + text);
    const a = await client.symbols(plain);
    const b = await client.symbols(bom);
    assert.deepEqual(
      b.map((s) => [s.name, s.range.start.line, s.range.end.line]),
      a.map((s) => [s.name, s.range.start.line, s.range.end.line]),
    );
    assert.deepEqual(await client.pullDiagnostics(bom), []);
  });

  test('ranges are in UTF-16 code units (astral characters in titles)', async () => {
    const text = ['Here are 2 ideas:', '1. Rockets 🚀 and Moons 🌕', 'Body 🚀 text.', '2. Plain Title', 'Body.', '', 'This is not investment advice.', ''].join('\n');
    const uri = scratch('astral');
    await client.open(uri, text);
    const lines = linesOf(text);
    const pillars = (await client.symbols(uri)).filter((s) => s.kind === SymbolKind.Namespace);
    assert.deepEqual(
      pillars.map((p) => p.name),
      ['1. Rockets 🚀 and Moons 🌕', '2. Plain Title'],
    );
    assert.deepEqual(pillars[0].selectionRange, { start: { line: 1, character: 0 }, end: { line: 1, character: lines[1].length } });
    assert.deepEqual(pillars[0].range.end, { line: 2, character: lines[2].length });
    assert.deepEqual(await client.pullDiagnostics(uri), []);
  });

  test('several changes in one didChange notification are applied in order', async () => {
    const uri = scratch('multi-change');
    await client.open(uri, '# Draft\n\n');
    const sentence = 'This article is not investment advice.';
    const contentChanges = [...sentence].map((ch, i) => ({ range: { start: { line: 2, character: i }, end: { line: 2, character: i } }, text: ch }));
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges });
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    assert.equal((await client.symbols(uri)).find((s) => s.name === 'Disclaimer')?.range.end.character, sentence.length);
  });

  test('random edits: a long-lived document answers exactly like the same text analyzed from scratch', async () => {
    // The server re-parses only the chunks an edit touched; its answers must equal a from-scratch
    // build. Each step compares with the same text opened under a new URI; every 10 steps, with a
    // brand-new server process (an empty chunk cache).
    let seed = 20240611;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const snippets = ['\n', '\n\n', '- ', '1. ', '## 3. New Pillar\n', '\n6. Late Pillar\nBody\n', 'Sub Point:\n- item\n', '```\n', '***\n', '——\n', 'x', '<!-- c -->\n', '<div>\n', '> ', '    ', 'Related articles:\n', 'Concepts for this class: n/a\n', '[[Cloudline]]', '---\n', 'is not investment advice.', ''];
    const answers = async (c: LspClient, uri: string) => ({ symbols: await c.symbols(uri), diagnostics: await c.pullDiagnostics(uri), folding: await c.folding(uri) });
    for (const rel of [PASTED, CANONICAL]) {
      const uri = scratch('random-edits');
      await client.open(uri, readExample(rel));
      for (let step = 1; step <= 30; step++) {
        const text = client.textOf(uri);
        const doc = TextDocument.create(uri, 'markdown', 0, text);
        const a = random(text.length + 1);
        const b = Math.min(text.length, a + random(3) * random(60));
        const edit: TextEdit = { range: { start: doc.positionAt(a), end: doc.positionAt(b) }, newText: snippets[random(snippets.length)] };
        await client.changeIncremental(uri, [edit]);
        const context = `${rel}, step ${step}, edit ${JSON.stringify(edit)}`;
        const fresh = scratch('fresh');
        await client.open(fresh, client.textOf(uri));
        assert.deepEqual(await answers(client, uri), await answers(client, fresh), context);
        await client.close(fresh);
        if (step % 10 === 0) {
          const oracle = await LspClient.start({ pull: true, workspaceFolders: [ws] });
          try {
            await oracle.open(uri, client.textOf(uri));
            assert.deepEqual(await answers(client, uri), await answers(oracle, uri), `fresh server: ${context}`);
          } finally {
            await oracle.dispose();
          }
        }
      }
      await client.close(uri);
    }
  });

  describe('robustness: the server keeps answering after hostile documents', () => {
    let reference: { uri: string; symbols: DocumentSymbol[] };
    before(async () => {
      const uri = uriOf(CANONICAL);
      await client.open(uri, readExample(CANONICAL));
      reference = { uri, symbols: await client.symbols(uri) };
      assert.equal(reference.symbols.filter((s) => s.kind === SymbolKind.Namespace).length, 4);
    });
    const binary = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 131 + 7) % 256)).toString('latin1');
    const hostile: Record<string, string> = {
      '10,000 nested list markers on one line': '- '.repeat(10_000) + 'deep\n',
      '10,000 nested ordered list markers': '1. '.repeat(10_000) + 'deep\n',
      '10,000 nested block quotes': '> '.repeat(10_000) + 'deep\n',
      '60,000 `[` characters': '['.repeat(60_000),
      '30,000 `[[` pairs without closing': 'See [['.repeat(30_000) + '\n',
      'a NUL-byte binary blob': '\u0000' + binary,
      'an unterminated fence': '# Title\n\n## 1. First\n\n```js\nconst x = 1;\n## 2. Not a pillar\n',
      'broken front matter': '---\ntitle: [unclosed\n---\n',
      'unclosed front matter': '---\ntitle: x\n\n## 1. A\n',
      'lone surrogates and control characters': '# T\n\n1. \uD800 pillar \u0001\u0002\n\uDFFF\n',
      'a very long single line': 'x'.repeat(500_000),
      '5,000 pillar lines': Array.from({ length: 5000 }, (_, i) => `${(i % 99) + 1}. Pillar`).join('\n'),
    };
    for (const [name, text] of Object.entries(hostile)) {
      test(name, async () => {
        const uri = scratch('hostile');
        await client.open(uri, text);
        const symbols = await client.symbols(uri, 15_000);
        assert.deepEqual(outlineProblems(symbols, text), [], 'a well-formed outline');
        assert.ok(Array.isArray(await client.pullDiagnostics(uri, 15_000)));
        assert.ok(Array.isArray(await client.folding(uri, 15_000)));
        const anywhere: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        assert.ok(Array.isArray(await client.codeActions(uri, anywhere, [])));
        // An edit in the middle of the hostile text is handled too.
        await client.changeIncremental(uri, [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, newText: 'x\n\n' }]);
        assert.ok(Array.isArray(await client.symbols(uri, 15_000)));
        await client.close(uri);
        assert.ok(client.alive, 'the server process is still alive');
        assert.deepEqual(await client.symbols(reference.uri), reference.symbols, 'a normal document still gets its outline');
      });
    }

    test('binary content is reported as such', async () => {
      const uri = scratch('binary');
      await client.open(uri, '\u0000' + binary);
      const diagnostics = await client.pullDiagnostics(uri);
      assert.ok(codes(diagnostics).includes('could-not-check'), JSON.stringify(codes(diagnostics)));
    });

    test('broken front matter is reported as a warning, not a crash', async () => {
      const uri = scratch('front-matter');
      await client.open(uri, '---\ntitle: [unclosed\n---\n');
      const diagnostics = await client.pullDiagnostics(uri);
      const fm = diagnostics.find((d) => d.code === 'front-matter-invalid');
      assert.ok(fm, JSON.stringify(diagnostics));
      assert.equal(fm.severity, DiagnosticSeverity.Warning);
    });

    test('a 2 MB article opens, answers the outline, and an edit is answered', async () => {
      const paragraph = readExample(CANONICAL).split('\n')[2];
      const pillars = 12;
      const parts = ['# A Very Long Article', '', `Here are the ${pillars} things that matter:`, ''];
      const perPillar = Math.ceil((2 * 1024 * 1024) / pillars / (paragraph.length + 2));
      for (let p = 1; p <= pillars; p++) {
        parts.push(`## ${p}. Pillar Number ${p}`, '');
        for (let k = 0; k < perPillar; k++) {
          if (k % 50 === 0) parts.push(`Sub-Point ${p}.${k / 50 + 1}:`, '', `- ${paragraph}`, '');
          else parts.push(`${paragraph} (${p}.${k})`, '');
        }
      }
      parts.push('This article is not investment advice.', '');
      const text = parts.join('\n');
      assert.ok(text.length >= 2 * 1024 * 1024);
      const uri = scratch('big');
      await client.open(uri, text);
      const symbols = await client.symbols(uri, 30_000);
      const found = symbols.filter((s) => s.kind === SymbolKind.Namespace);
      assert.deepEqual(
        found.map((s) => s.name),
        Array.from({ length: pillars }, (_, i) => `${i + 1}. Pillar Number ${i + 1}`),
      );
      assert.ok(found.every((s) => (s.children?.length ?? 0) === Math.ceil(perPillar / 50)), 'sub-points of every pillar');
      assert.deepEqual(outlineProblems(symbols, text), []);
      assert.deepEqual(await client.pullDiagnostics(uri, 30_000), []);
      await client.changeIncremental(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: 'x' }]);
      assert.equal((await client.symbols(uri, 30_000)).filter((s) => s.kind === SymbolKind.Namespace).length, pillars);
      await client.close(uri);
      assert.ok(client.alive);
    });
  });
});

// ---- push mode -----------------------------------------------------------------------------

describe('push client (no textDocument.diagnostic)', () => {
  let ws: string;
  let client: LspClient;
  let settings: unknown = {};
  const uriOf = (rel: string) => fileUri(path.join(ws, rel));

  before(async () => {
    ws = copyExample();
    client = await LspClient.start({ pull: false, workspaceFolders: [ws], configuration: () => settings });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('the draft gets one disclaimer-missing error published; clean articles get an empty publish', async () => {
    const uri = uriOf(DRAFT);
    const text = readExample(DRAFT);
    await client.open(uri, text);
    const published = await client.waitForPublish(uri, { version: 1 });
    assert.deepEqual(codes(published.diagnostics), ['disclaimer-missing']);
    assert.equal(published.diagnostics[0].range.start.line, 20);
    assert.equal(published.diagnostics[0].severity, DiagnosticSeverity.Error);
    for (const rel of CLEAN) {
      const u = uriOf(rel);
      await client.open(u, readExample(rel));
      assert.deepEqual((await client.waitForPublish(u, { version: 1 })).diagnostics, [], rel);
    }
  });

  test('the quick fix applied as an edit: the next publish (for the new version) is empty', async () => {
    const uri = uriOf(DRAFT);
    const [d] = (await client.waitForPublish(uri, { version: 1 })).diagnostics;
    const edits = fixEdits(await client.codeActions(uri, d.range, [d]), uri);
    const before = client.textOf(uri);
    const version = await client.changeIncremental(uri, edits);
    assertAppendsDisclaimer(before, client.textOf(uri), '\n');
    const published = await client.waitForPublish(uri, { version });
    assert.deepEqual(published.diagnostics, []);
  });

  test('rapid edits: diagnostics are published for the latest version', async () => {
    const uri = uriOf('articles/typing.md');
    await client.open(uri, '# Typing\n\n');
    await client.waitForPublish(uri, { version: 1 });
    const sentence = 'This article is not investment advice.';
    let version = 1;
    for (let i = 0; i < sentence.length; i++) {
      version = await client.changeIncremental(uri, [{ range: { start: { line: 2, character: i }, end: { line: 2, character: i } }, newText: sentence[i] }]);
    }
    const last = await client.waitForPublish(uri, { version });
    assert.deepEqual(last.diagnostics, []);
    const all = client.published.get(uri) ?? [];
    assert.ok(all.length < sentence.length, `edits typed in one burst are not each published (${all.length} publishes for ${sentence.length} edits)`);
    const versions = all.map((p) => p.version ?? 0);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'publishes never go back to an older version');
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = uriOf('articles/to-close.md');
    await client.open(uri, '# No disclaimer\n');
    assert.deepEqual(codes((await client.waitForPublish(uri, { version: 1 })).diagnostics), ['disclaimer-missing']);
    const count = client.publishCount(uri);
    await client.close(uri);
    const cleared = await client.waitForPublish(uri, { afterCount: count });
    assert.deepEqual(cleared.diagnostics, []);
  });

  test('a settings change is pushed to open documents', async () => {
    const uri = uriOf('articles/platform-rules.md');
    const text = readExample('articles/platform-rules.md');
    await client.open(uri, text);
    assert.deepEqual((await client.waitForPublish(uri, { version: 1 })).diagnostics, []);
    const count = client.publishCount(uri);
    settings = { disclaimer: { pattern: 'not financial advice' } };
    await client.changeConfiguration();
    const after = await client.waitForPublish(uri, { afterCount: count });
    assert.deepEqual(codes(after.diagnostics), ['disclaimer-missing']);
    settings = {};
    const count2 = client.publishCount(uri);
    await client.changeConfiguration();
    assert.deepEqual((await client.waitForPublish(uri, { afterCount: count2 })).diagnostics, []);
  });
});

// ---- settings through workspace/configuration ----------------------------------------------

describe('settings from workspace/configuration (pull client)', () => {
  let ws: string;
  let client: LspClient;
  let settings: unknown = {};
  const uriOf = (rel: string) => fileUri(path.join(ws, rel));

  before(async () => {
    ws = copyExample();
    client = await LspClient.start({ pull: true, workspaceFolders: [ws], configuration: () => settings });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  /** Changes the client's answer, notifies the server and waits for its diagnostic refresh. */
  async function changeSettings(value: unknown): Promise<void> {
    settings = value;
    const refreshed = client.waitForRefresh();
    await client.changeConfiguration();
    await refreshed;
  }

  test('the server asks for the strategyNotes section of the document\'s workspace folder, once for all its documents', async () => {
    const uri = uriOf(CANONICAL);
    await client.open(uri, readExample(CANONICAL));
    await client.pullDiagnostics(uri);
    const items = client.configurationRequests.flat();
    const folderUri = fileUri(ws);
    assert.ok(
      items.some((i) => i.section === 'strategyNotes' && i.scopeUri === folderUri),
      JSON.stringify(items),
    );
    assert.ok(!items.some((i) => i.scopeUri === uri), 'asked per folder, not per document');
    // Two more documents of the folder: no new request.
    const before = client.configurationRequests.length;
    for (const rel of ['articles/platform-rules.md', 'articles/regional-grocers.md']) {
      await client.open(uriOf(rel), readExample(rel));
      await client.pullDiagnostics(uriOf(rel));
      await client.close(uriOf(rel));
    }
    assert.equal(client.configurationRequests.length, before);
  });

  test('disclaimer.pattern: "not financial advice" → an "is not investment advice" article is missing its disclaimer; changing it back clears it', async () => {
    const rel = 'articles/platform-rules.md';
    const uri = uriOf(rel);
    await client.open(uri, readExample(rel));
    assert.deepEqual(await client.pullDiagnostics(uri), []);

    await changeSettings({ disclaimer: { pattern: 'not financial advice' } });
    assert.deepEqual(codes(await client.pullDiagnostics(uri)), ['disclaimer-missing']);
    const symbols = await client.symbols(uri);
    assert.ok(!symbols.some((s) => s.name === 'Disclaimer'), 'no Disclaimer symbol any more');

    await changeSettings({ disclaimer: { pattern: 'is not investment advice' } });
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    await changeSettings({});
    assert.deepEqual(await client.pullDiagnostics(uri), []);
  });

  test('rules: a severity from settings is used', async () => {
    const uri = uriOf(DRAFT);
    await client.open(uri, readExample(DRAFT));
    await changeSettings({ rules: { 'disclaimer-missing': 'warning' } });
    const [d] = await client.pullDiagnostics(uri);
    assert.equal(d.code, 'disclaimer-missing');
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    await changeSettings({ rules: { 'disclaimer-missing': 'info' } });
    assert.equal((await client.pullDiagnostics(uri))[0].severity, DiagnosticSeverity.Information);
    await changeSettings({ rules: { 'disclaimer-missing': 'off' } });
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    await changeSettings({});
    assert.equal((await client.pullDiagnostics(uri))[0].severity, DiagnosticSeverity.Error);
  });

  test('disclaimer.text: the quick fix inserts the configured text', async () => {
    const uri = uriOf('articles/custom-text.md');
    const text = '# Custom\n\nSome analysis.\n';
    await client.open(uri, text);
    const ownText = 'Everything here is not investment advice, just my notes.';
    await changeSettings({ disclaimer: { text: ownText } });
    const diagnostics = await client.pullDiagnostics(uri);
    const fixed = applyEdits(uri, text, fixEdits(await client.codeActions(uri, diagnostics[0].range, diagnostics), uri));
    assert.equal(fixed, `${text}\n${ownText}\n`);
    await client.changeFull(uri, fixed);
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    await changeSettings({});
  });

  test(
    'with only a custom disclaimer.pattern, the fix is not offered (its text would not satisfy the rule) and the mismatch is reported',
    async () => {
      const uri = uriOf('articles/custom-pattern.md');
      const text = '# Custom\n\nSome analysis.\n';
      await client.open(uri, text);
      await changeSettings({ disclaimer: { pattern: 'not financial advice' } });
      try {
        const diagnostics = await client.pullDiagnostics(uri);
        assert.deepEqual(codes(diagnostics), ['disclaimer-missing']);
        const actions = await client.codeActions(uri, diagnostics[0].range, diagnostics);
        assert.deepEqual(actions.filter((a) => a.title === FIX_TITLE), []);
        assert.ok(
          client.shownMessages.some((m) => /disclaimer\.text does not match disclaimer\.pattern/.test(m.message)),
          JSON.stringify(client.shownMessages.map((m) => m.message)),
        );
        await changeSettings({ disclaimer: { pattern: 'not financial advice', text: 'This is not financial advice.' } });
        const again = await client.pullDiagnostics(uri);
        const fixed = applyEdits(uri, text, fixEdits(await client.codeActions(uri, again[0].range, again), uri));
        assert.equal(fixed, `${text}\nThis is not financial advice.\n`);
        await client.changeFull(uri, fixed);
        assert.deepEqual(codes(await client.pullDiagnostics(uri)), []);
      } finally {
        await changeSettings({});
      }
    },
  );

  test(
    'no workspace/diagnostic/refresh for a client that did not declare workspace.diagnostics.refreshSupport',

    async () => {
      const other = await LspClient.start({
        workspaceFolders: [ws],
        configuration: () => ({}),
        capabilities: {
          textDocument: { diagnostic: { dynamicRegistration: false }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
          workspace: { configuration: true, didChangeConfiguration: {} },
        },
      });
      try {
        const uri = uriOf(DRAFT);
        await other.open(uri, readExample(DRAFT));
        await other.pullDiagnostics(uri);
        await other.changeConfiguration();
        // Let the server handle the notification, then make sure no refresh request came.
        await other.symbols(uri);
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(other.refreshRequests, 0);
      } finally {
        await other.dispose();
      }
    },
  );

  describe('invalid settings answers: reported, defaults used, the server keeps answering', () => {
    const invalid: [string, unknown][] = [
      ['{ rules: "everything" }', { rules: 'everything' }],
      ['{ disclaimer: { pattern: "(" } }', { disclaimer: { pattern: '(' } }],
      ['{ rules: { "disclaimer-missing": "loud" } }', { rules: { 'disclaimer-missing': 'loud' } }],
      ['{ disclaimer: "yes" }', { disclaimer: 'yes' }],
      ['{ disclaimer: { pattern: 42, text: [] } }', { disclaimer: { pattern: 42, text: [] } }],
      ['{ articles: 7, library: [] }', { articles: 7, library: [] }],
      ['a string', 'strategy'],
      ['a list', [1, 2, 3]],
    ];
    for (const [name, value] of invalid) {
      test(name, async () => {
        const shownBefore = client.shownMessages.length + client.logMessages.length;
        await changeSettings(value);
        const draft = uriOf(DRAFT);
        const canonical = uriOf(CANONICAL);
        await client.open(draft, readExample(DRAFT));
        await client.open(canonical, readExample(CANONICAL));
        const d = await client.pullDiagnostics(draft);
        assert.deepEqual(codes(d), ['disclaimer-missing'], 'the default rules apply');
        assert.equal(d[0].severity, DiagnosticSeverity.Error);
        assert.deepEqual(await client.pullDiagnostics(canonical), [], 'the default disclaimer pattern applies');
        assert.equal((await client.symbols(canonical)).filter((s) => s.kind === SymbolKind.Namespace).length, 4);
        const messages = [...client.shownMessages, ...client.logMessages].slice(shownBefore).map((m) => m.message);
        assert.ok(
          messages.some((m) => /strategy notes configuration/i.test(m)),
          `the invalid value is reported to the user: ${JSON.stringify(messages)}`,
        );
        assert.ok(client.alive);
        await client.close(draft);
        await client.close(canonical);
      });
    }
    after(async () => {
      await changeSettings({});
    });
  });
});

// ---- Restricted Mode -------------------------------------------------------------------------

describe('an untrusted workspace (VS Code Restricted Mode)', () => {
  let ws: string;
  let client: LspClient;
  before(async () => {
    ws = copyExample();
    writeFileSync(path.join(ws, '.strategy-notes.json'), JSON.stringify({ articles: ['articles/**/*.md'], disclaimer: { pattern: 'not financial advice' } }));
    client = await LspClient.start({ pull: true, workspaceFolders: [ws], initializationOptions: { workspaceTrusted: false } });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  test('the workspace disclaimer pattern applies at once (it runs on RE2, so it cannot stall the server)', async () => {
    const uri = fileUri(path.join(ws, 'articles/netflix-moats.md'));
    await client.open(uri, readFileSync(path.join(ws, 'articles/netflix-moats.md'), 'utf8'));
    assert.deepEqual(codes(await client.pullDiagnostics(uri)), ['disclaimer-missing']);
    assert.ok(!client.shownMessages.some((m) => /trusted/.test(m.message)), 'no message about trust');
  });
});

// ---- .strategy-notes.json ------------------------------------------------------------------

describe('.strategy-notes.json in the workspace', () => {
  let ws: string;
  let client: LspClient;
  let settings: unknown = {};
  const uriOf = (rel: string) => fileUri(path.join(ws, rel));
  const configPath = () => path.join(ws, '.strategy-notes.json');
  const writeConfig = (value: unknown) => writeFileSync(configPath(), typeof value === 'string' ? value : JSON.stringify(value, null, 2));

  before(async () => {
    ws = copyExample();
    writeConfig({ articles: ['articles/**/*.md'], rules: { 'disclaimer-missing': 'off' } });
    client = await LspClient.start({ pull: true, workspaceFolders: [ws], configuration: () => settings });
  });
  after(async () => {
    await client?.dispose();
    removeDir(ws);
  });

  async function configFileChanged(): Promise<void> {
    const refreshed = client.waitForRefresh();
    await client.changeWatchedFiles([{ uri: fileUri(configPath()), type: FileChangeType.Changed }]);
    await refreshed;
  }

  test('"disclaimer-missing": "off" silences the draft', async () => {
    const uri = uriOf(DRAFT);
    await client.open(uri, readExample(DRAFT));
    assert.deepEqual(await client.pullDiagnostics(uri), []);
  });

  test('the file wins over editor settings', async () => {
    settings = { rules: { 'disclaimer-missing': 'error' } };
    const refreshed = client.waitForRefresh();
    await client.changeConfiguration();
    await refreshed;
    const uri = uriOf(DRAFT);
    await client.open(uri, readExample(DRAFT));
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    settings = {};
  });

  test('editing the file (workspace/didChangeWatchedFiles) is followed', async () => {
    const uri = uriOf(DRAFT);
    await client.open(uri, readExample(DRAFT));
    writeConfig({ articles: ['articles/**/*.md'], rules: { 'disclaimer-missing': 'warning' } });
    await configFileChanged();
    const [d] = await client.pullDiagnostics(uri);
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    writeConfig({ articles: ['articles/**/*.md'], rules: { 'disclaimer-missing': 'off' } });
    await configFileChanged();
    assert.deepEqual(await client.pullDiagnostics(uri), []);
  });

  test('files outside the `articles` globs are not linted', async () => {
    const uri = uriOf('notes/todo.md');
    writeConfig({ articles: ['articles/**/*.md'] });
    await configFileChanged();
    await client.open(uri, '# Todo\n\nNo disclaimer here.\n');
    assert.deepEqual(await client.pullDiagnostics(uri), []);
    const article = uriOf('articles/new.md');
    await client.open(article, '# New\n\nNo disclaimer here.\n');
    assert.deepEqual(codes(await client.pullDiagnostics(article)), ['disclaimer-missing']);
  });

  test('a file that is not JSON is reported (a diagnostic in it, a log line) and the defaults are used', async () => {
    writeConfig('{ "rules": ');
    const logBefore = client.logMessages.length;
    await configFileChanged();
    const uri = uriOf(DRAFT);
    await client.open(uri, readExample(DRAFT));
    assert.deepEqual(codes(await client.pullDiagnostics(uri)), ['disclaimer-missing']);
    const messages = client.logMessages.slice(logBefore).map((m) => m.message);
    assert.ok(
      messages.some((m) => m.includes('.strategy-notes.json') && /not valid JSON/i.test(m)),
      JSON.stringify(messages),
    );
    const published = await client.waitForPublish(fileUri(configPath()), { predicate: (p) => p.diagnostics.length > 0 });
    assert.match(String(published.diagnostics[0].message), /^not valid JSON/);
    assert.ok(client.alive);
  });
});

// ---- lifecycle -----------------------------------------------------------------------------

describe('shutdown and exit', () => {
  const clients: LspClient[] = [];
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
  });

  test('shutdown then exit: the process exits with code 0', async () => {
    const client = await LspClient.start({ pull: true });
    clients.push(client);
    const uri = 'untitled:Untitled-2';
    await client.open(uri, '# X\n');
    await client.pullDiagnostics(uri);
    assert.equal(await client.shutdown(), 0);
    assert.equal(client.alive, false);
  });

  test('exit without shutdown: the process exits with code 1', async () => {
    const client = await LspClient.start({ pull: true });
    clients.push(client);
    await client.connection.sendNotification(ExitNotification.type);
    const { code } = await withTimeout(client.exited, 5_000, 'exit');
    assert.equal(code, 1);
  });

  test('the server started without a transport flag talks over stdio', async () => {
    const client = await LspClient.start({ pull: true, args: [] });
    clients.push(client);
    assert.ok(client.initializeResult.capabilities.documentSymbolProvider);
    assert.equal(await client.shutdown(), 0);
  });
});
