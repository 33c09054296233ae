// What an editor is sent of a document's findings: every one up to VS Code's 1,000 per file;
// past that the most severe, in document order, and one note counting the rest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { ArticleDiagnostic } from '../../server/src/engine/features/diagnostics';
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
