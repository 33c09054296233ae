// What an editor is sent of a document's findings: every one up to VS Code's 1,000 per file;
// past that the most severe, in document order, and one note counting the rest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import fc from 'fast-check';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { defaultConfig } from '../../server/src/engine/config';
import { checkDocument, firstDiagnostics, type ArticleDiagnostic } from '../../server/src/engine/features/diagnostics';
import { pillarLimit } from '../../server/src/engine/dialect/lines';
import { pillarEmpty } from '../../server/src/engine/rules/pillar-empty';
import { WorkspaceIndexer } from '../../server/src/engine/workspace/indexer';
import { InMemoryWorkspace } from '../../server/src/engine/workspace/workspace';
import { shownDiagnostics, shownDiagnosticsLimit } from '../../server/src/lsp/convert';

const finding = (line: number, severity: ArticleDiagnostic['severity']): ArticleDiagnostic => ({
  rule: `rule-${severity}`,
  severity,
  message: `at ${line}`,
  range: { start: { line, character: 0 }, end: { line, character: 1 } },
  fixes: [],
});

test('up to the limit every finding is sent as it is', () => {
  const findings = Array.from({ length: shownDiagnosticsLimit }, (_, i) => finding(i, i % 2 ? 'warning' : 'info'));
  const shown = shownDiagnostics(findings);
  assert.equal(shown.length, shownDiagnosticsLimit);
  assert.deepEqual(shown.map((d) => d.message), findings.map((f) => f.message));
});

test('past the limit: errors first, then warnings, in document order, and a note counting the rest at the first left out', () => {
  // 1,500 findings: every third an error (500), the rest warnings (600) and infos (400).
  const findings = Array.from({ length: 1500 }, (_, i) => finding(i, i % 3 === 0 ? 'error' : i % 5 === 1 ? 'info' : 'warning'));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const shown = shownDiagnostics(findings);
  assert.equal(shown.length, shownDiagnosticsLimit);
  const note = shown.at(-1)!;
  const sent = shown.slice(0, -1);
  assert.equal(sent.filter((d) => d.severity === DiagnosticSeverity.Error).length, errors);
  assert.equal(sent.filter((d) => d.severity === DiagnosticSeverity.Warning).length, Math.min(warnings, shownDiagnosticsLimit - 1 - errors));
  assert.equal(sent.filter((d) => d.severity === DiagnosticSeverity.Information).length, 0);
  const lines = sent.map((d) => d.range.start.line);
  assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'document order');
  const leftOut = findings.length - sent.length;
  assert.equal(note.severity, DiagnosticSeverity.Information);
  assert.equal(note.code, undefined);
  assert.match(String(note.message), new RegExp(`^Not showing ${leftOut} further findings`));
  const firstLeftOut = findings.findIndex((_, i) => !lines.includes(i));
  assert.equal(note.range.start.line, firstLeftOut);
});

// The editor's findings come from a check that stops making each rule's findings at the limit
// (`firstDiagnostics`) and counts the rest: what it sends must be what the whole check gives.
const lineVocabulary = [
  '1. Alpha', '2. Beta', '1. Alpha again', '4. Delta', '## 3. Gamma', '## 1. Heading pillar', 'Body text.', '', '- a sub-point', '[[Unknown Name]]',
  '<!-- strategy-notes-disable pillar-empty -->', '<!-- strategy-notes-enable pillar-empty -->', '<!-- strategy-notes-disable-next-line -->',
  '<!-- strategy-notes-disable-line pillar-numbering -->', '<!-- strategy-notes-disable -->', '<!-- strategy-notes-enable -->', 'Here are three things:',
  '---', 'Not investment advice.', '```', '# Title',
];
const severities = fc.constantFrom('error', 'warning', 'info', 'off', undefined);

test('the first findings of each rule, counted past the limit, show exactly what the whole check shows', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...lineVocabulary), { maxLength: 60 }).map((lines) => lines.join('\n')),
      fc.record({ 'pillar-empty': severities, 'pillar-numbering': severities, 'disclaimer-missing': severities, 'pillar-count': severities }),
      fc.integer({ min: 1, max: 8 }),
      (text, chosen, limit) => {
        const config = defaultConfig();
        for (const [rule, severity] of Object.entries(chosen)) if (severity) config.rules[rule] = severity;
        const model = new ArticleBuilder().build(text, 1);
        const whole = checkDocument(model, config, 'article');
        const first = firstDiagnostics(model, config, 'article', undefined, limit);
        const uncounted = first.more.error + first.more.warning + first.more.info;
        assert.equal(first.diagnostics.length + uncounted, whole.length, 'every finding is made or counted');
        assert.deepEqual(shownDiagnostics(first.diagnostics, uncounted, limit), shownDiagnostics(whole, 0, limit));
        for (const severity of ['error', 'warning', 'info'] as const) {
          assert.equal(first.diagnostics.filter((d) => d.severity === severity).length + first.more[severity], whole.filter((d) => d.severity === severity).length, severity);
        }
      },
    ),
    { numRuns: 1500 },
  );
});

test('131,072 `1. Item` lines: 999 pillars (the limit) and their findings, no more; every finding is shown', () => {
  const model = new ArticleBuilder().build('1. Item\n'.repeat(131_072), 1);
  assert.equal(model.pillars.length, pillarLimit);
  const config = defaultConfig();
  const made = pillarEmpty.check({ model, config, limit: shownDiagnosticsLimit });
  // The last pillar's body is every numbered line after it: it is not empty.
  assert.equal(made.length, pillarLimit - 1);
  assert.equal(made.more ?? 0, 0);
  const first = firstDiagnostics(model, config, 'article', undefined, shownDiagnosticsLimit);
  const uncounted = first.more.error + first.more.warning + first.more.info;
  assert.equal(uncounted, 0);
  // pillar-empty and pillar-numbering 998 each, the disclaimer, the file problem of the limit.
  assert.equal(first.diagnostics.length, 2 * (pillarLimit - 1) + 2);
  assert.equal(first.diagnostics.filter((d) => d.rule === 'pillar-limit').length, 1);
});

test('131,072 references to no entry (131,073 findings): 999 are shown and a note counts 130,074 more', async () => {
  const ws = new InMemoryWorkspace('file:///ws', { 'library/concepts/moats.md': '# Economic Moats\n\nText.\n' }, defaultConfig());
  const indexer = new WorkspaceIndexer(ws, async () => {});
  await indexer.build();
  const text = Array.from({ length: 131_072 }, (_, i) => `See [[Missing ${i}]].`).join('\n') + '\n';
  const model = new ArticleBuilder().build(text, 1);
  const library = { uri: 'file:///ws/articles/a.md', role: 'article' as const, index: indexer.index };
  const first = firstDiagnostics(model, defaultConfig(), 'article', library, shownDiagnosticsLimit);
  assert.ok(first.diagnostics.length <= 3 * shownDiagnosticsLimit, `${first.diagnostics.length} findings made`);
  const uncounted = first.more.error + first.more.warning + first.more.info;
  assert.equal(first.diagnostics.length + uncounted, 131_073);
  const shown = shownDiagnostics(first.diagnostics, uncounted);
  assert.equal(shown.length, shownDiagnosticsLimit);
  assert.match(String(shown.at(-1)!.message), /^Not showing 130,074 further findings/);
});
