// Document symbols (the pillar outline) and folding ranges: the model alone, no index needed.

import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver/node';
import { toSymbol } from './convert';
import { guarded, type Session } from './session';

export function registerOutline(session: Session): void {
  const { connection, analyses } = session;
  connection.onDocumentSymbol(
    guarded(connection, 'outline', [] as DocumentSymbol[], async (params, token) => {
      const found = await analyses.of(params.textDocument.uri, token);
      return found ? found.analysis.outline.map(toSymbol) : [];
    }),
  );
  connection.onFoldingRanges(
    guarded(connection, 'folding', [] as FoldingRange[], async (params, token) => {
      const found = await analyses.of(params.textDocument.uri, token);
      return found ? found.analysis.folding.map((r) => ({ startLine: r.startLine, endLine: r.endLine, kind: 'region' })) : [];
    }),
  );
}
