// Navigation from the index: definition, references, hover, rename (with prepareRename),
// document links and workspace symbols. Each a translation: LSP params -> engine -> LSP result.
// Documents without a project (outside every workspace folder, untitled) get empty answers.

import {
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  SymbolKind,
  TextDocumentEdit,
  type DocumentLink,
  type Hover,
  type Location,
  type PrepareRenameResult,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import {
  definition,
  documentLinks,
  hover,
  prepareRename,
  references,
  rename,
  workspaceSymbols,
  type WorkspaceSymbolKind,
} from '../engine';
import type { FileEdit } from '../engine/rules/rule';
import { featureDocument } from './analysis';
import { guarded, openDocument, type Session } from './session';

const symbolKindOf: Record<WorkspaceSymbolKind, SymbolKind> = {
  article: SymbolKind.File,
  pillar: SymbolKind.Namespace,
  concept: SymbolKind.Interface,
  company: SymbolKind.Class,
};

export function registerNavigation(session: Session): void {
  const { connection } = session;

  connection.onDefinition(
    guarded(connection, 'definition', [] as Location[], async (params, token) => {
      const found = await featureDocument(session, params.textDocument.uri, token);
      if (!found) return [];
      return definition(found.doc, params.position, found.project.index).map((l) => ({ uri: l.uri, range: l.range }));
    }),
  );

  connection.onReferences(
    guarded(connection, 'references', [] as Location[], async (params, token) => {
      const found = await featureDocument(session, params.textDocument.uri, token);
      if (!found) return [];
      return references(found.doc, params.position, found.project.index, { includeDeclaration: params.context.includeDeclaration }).map((l) => ({ uri: l.uri, range: l.range }));
    }),
  );

  connection.onHover(
    guarded(connection, 'hover', null as Hover | null, async (params, token) => {
      const found = await featureDocument(session, params.textDocument.uri, token);
      if (!found) return null;
      const result = hover(found.doc, params.position, found.project.index, { root: found.project.rootUri });
      if (!result) return null;
      return { contents: { kind: session.support.markdownHover ? MarkupKind.Markdown : MarkupKind.PlainText, value: result.markdown }, range: result.range };
    }),
  );

  connection.onPrepareRename(
    guarded(connection, 'prepare rename', null as PrepareRenameResult | null, async (params, token) => {
      const found = await featureDocument(session, params.textDocument.uri, token);
      if (!found) return null;
      const result = prepareRename(found.doc, params.position, found.project.index);
      if ('error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
      return { range: result.range, placeholder: result.placeholder };
    }),
  );

  connection.onRenameRequest(
    guarded(connection, 'rename', null as WorkspaceEdit | null, async (params, token) => {
      const found = await featureDocument(session, params.textDocument.uri, token);
      if (!found) throw new ResponseError(LSPErrorCodes.RequestFailed, 'Library entries can be renamed only in a document of a workspace folder.');
      const result = rename(found.doc, params.position, params.newName, found.project.index, { root: found.project.rootUri });
      if ('error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
      return fileEditsToWorkspaceEdit(session, result.edits);
    }),
  );

  connection.onDocumentLinks(
    guarded(connection, 'document links', [] as DocumentLink[], async (params, token) => {
      const found = await featureDocument(session, params.textDocument.uri, token);
      if (!found) return [];
      return documentLinks(found.doc, found.project.index, { root: found.project.rootUri }).map((l) => ({
        range: l.range,
        // `#L<line>,<column>` (1-based) lands on the line, as VS Code opens file links.
        target: l.targetRange && (l.targetRange.start.line > 0 || l.targetRange.start.character > 0) ? `${l.target}#L${l.targetRange.start.line + 1},${l.targetRange.start.character + 1}` : l.target,
        tooltip: l.tooltip,
      }));
    }),
  );

  connection.onWorkspaceSymbol(
    guarded(connection, 'workspace symbols', [] as SymbolInformation[], async (params) => {
      await session.projects.settled();
      const projects = session.projects.all();
      await Promise.all(projects.map((p) => p.librariesReady));
      const limit = 500;
      const out: SymbolInformation[] = [];
      for (const project of projects) {
        if (project.disposed) continue;
        for (const s of workspaceSymbols(params.query, project.index, { limit: limit - out.length })) {
          out.push({ name: s.name, kind: symbolKindOf[s.kind], location: { uri: s.uri, range: s.range }, containerName: s.containerName });
        }
        if (out.length >= limit) break;
      }
      return out;
    }),
  );
}

/** Edits to several files as one WorkspaceEdit: versioned `documentChanges` where the client takes them. */
export function fileEditsToWorkspaceEdit(session: Session, edits: readonly FileEdit[]): WorkspaceEdit {
  const merged = new Map<string, TextEdit[]>();
  for (const e of edits) {
    if (e.edits.length === 0) continue;
    const open = openDocument(session, e.uri);
    const uri = open?.uri ?? e.uri;
    const list = merged.get(uri) ?? [];
    list.push(...e.edits);
    merged.set(uri, list);
  }
  if (session.support.documentChanges) {
    // An open document's edits carry its version (the editor checks them against it); others null.
    return { documentChanges: [...merged].map(([uri, list]) => TextDocumentEdit.create({ uri, version: openDocument(session, uri)?.version ?? null }, list)) };
  }
  return { changes: Object.fromEntries(merged) };
}
