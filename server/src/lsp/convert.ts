// Engine data -> LSP types, shared by the feature files. Positions and ranges are already LSP's
// (0-based lines, UTF-16 characters), so they pass through unchanged.

import { DiagnosticSeverity, SymbolKind, type Diagnostic, type DocumentSymbol, type Location } from 'vscode-languageserver/node';
import type { Analysis, ArticleDiagnostic, FirstDiagnostics, OutlineItem } from '../engine';
import { rulePageHref } from '../node/rule-pages';

const severityOf = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toDiagnostic(d: ArticleDiagnostic): Diagnostic {
  return { range: d.range, severity: severityOf[d.severity], code: d.rule, codeDescription: { href: rulePageHref(d.rule) }, source: 'strategy-notes', message: d.message };
}

/** VS Code shows at most this many diagnostics of one source per file: its extension host keeps
 * the most severe and drops the rest with a note. More would only cost encoding and transfer
 * (262,144 findings on 1 MB of `1. Item` lines: 2.5 s of JSON). The CLI reports every one. */
export const shownDiagnosticsLimit = 1000;

/** The findings an editor is shown from (each rule's first 1,000, the rest counted): what its
 * diagnostics, quick fixes and status-bar counts read. */
export function editorFindings(analysis: Analysis): FirstDiagnostics {
  return analysis.firstDiagnostics(shownDiagnosticsLimit);
}

/** What an analysis shows in an editor. */
export function editorDiagnostics(analysis: Analysis): Diagnostic[] {
  const { diagnostics, more } = editorFindings(analysis);
  return shownDiagnostics(diagnostics, more.error + more.warning + more.info);
}

/** The findings a client is sent: all of them up to the limit; past it, the most severe in
 * document order and one note saying how many more there are, at the first one left out.
 * `uncounted`: findings a check counted past its limit but did not make (`firstDiagnostics`). */
export function shownDiagnostics(findings: readonly ArticleDiagnostic[], uncounted = 0, limit = shownDiagnosticsLimit): Diagnostic[] {
  if (findings.length + uncounted <= limit) return findings.map(toDiagnostic);
  const room = limit - 1;
  const picked = new Uint8Array(findings.length);
  let count = 0;
  for (const severity of ['error', 'warning', 'info'] as const) {
    for (let i = 0; i < findings.length && count < room; i++) {
      if (findings[i].severity === severity) {
        picked[i] = 1;
        count++;
      }
    }
  }
  const shown: Diagnostic[] = [];
  let firstLeftOut: ArticleDiagnostic | undefined;
  findings.forEach((f, i) => {
    if (picked[i]) shown.push(toDiagnostic(f));
    else firstLeftOut ??= f;
  });
  const more = findings.length + uncounted - count;
  shown.push({
    range: firstLeftOut!.range,
    severity: DiagnosticSeverity.Information,
    source: 'strategy-notes',
    message: `Not showing ${more.toLocaleString('en-US')} further findings in this document (an editor shows at most ${limit.toLocaleString('en-US')}); \`strategy-notes check\` lists them all.`,
  });
  return shown;
}

const symbolKindOf: Record<OutlineItem['kind'], SymbolKind> = {
  pillar: SymbolKind.Namespace,
  'sub-point': SymbolKind.Field,
  related: SymbolKind.Array,
  concepts: SymbolKind.Array,
  companies: SymbolKind.Array,
  disclaimer: SymbolKind.String,
};

export function toSymbol(item: OutlineItem): DocumentSymbol {
  return { name: item.name, detail: item.detail, kind: symbolKindOf[item.kind], range: item.range, selectionRange: item.selectionRange, children: item.children.map(toSymbol) };
}

export function toLocation(l: { uri: string; range: Location['range'] }): Location {
  return { uri: l.uri, range: l.range };
}
