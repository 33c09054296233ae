// Engine data -> LSP types, shared by the feature files. Positions and ranges are already LSP's
// (0-based lines, UTF-16 characters), so they pass through unchanged.

import { DiagnosticSeverity, SymbolKind, type Diagnostic, type DocumentSymbol, type Location } from 'vscode-languageserver/node';
import type { ArticleDiagnostic, OutlineItem } from '../engine';

const severityOf = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toDiagnostic(d: ArticleDiagnostic): Diagnostic {
  return { range: d.range, severity: severityOf[d.severity], code: d.rule, source: 'strategy-notes', message: d.message };
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
