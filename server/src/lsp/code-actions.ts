// Quick fixes: the engine's fixes for the diagnostics under the cursor, as workspace edits.
// A fix that creates files or edits other files becomes `documentChanges` (CreateFile, then
// TextDocumentEdits) where the client can apply them; a fix that must create a file is not
// offered to a client that cannot, nor when the file already exists on disk.

import { existsSync } from 'node:fs';
import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  type CodeAction,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { quickFixes } from '../engine';
import type { Fix } from '../engine/rules/rule';
import { pathOfUri } from '../node/fs-workspace';
import { toDiagnostic } from './convert';
import { guarded, openDocument, type Session } from './session';

export function registerCodeActions(session: Session): void {
  const { connection, analyses } = session;
  connection.onCodeAction(
    guarded(connection, 'code actions', [] as CodeAction[], async (params) => {
      if (params.context.only && !params.context.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k))) return [];
      const found = await analyses.of(params.textDocument.uri);
      if (!found) return [];
      const uri = params.textDocument.uri;
      const actions: CodeAction[] = [];
      for (const fix of quickFixes(found.analysis.diagnostics, params.range)) {
        const edit = workspaceEditOf(session, fix, uri, found.analysis.model.version);
        if (!edit) continue;
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, isPreferred: fix.preferred, diagnostics: [toDiagnostic(fix.diagnostic)], edit });
      }
      return actions;
    }),
  );
}

/** The fix as one WorkspaceEdit the client can apply; undefined when it cannot be offered. */
export function workspaceEditOf(session: Session, fix: Fix, uri: string, version: number): WorkspaceEdit | undefined {
  const creates = fix.createFiles ?? [];
  const others = (fix.otherEdits ?? []).filter((o) => o.edits.length);
  if (creates.length === 0 && others.length === 0) return { changes: { [uri]: fix.edits } };
  if (creates.length) {
    if (!session.support.createFiles) return undefined;
    // The engine checks its index; a file the index leaves out (ignored, excluded) may still be there.
    if (creates.some((c) => existsOnDisk(c.uri))) return undefined;
  }
  if (session.support.documentChanges) {
    const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
    for (const c of creates) {
      documentChanges.push(CreateFile.create(c.uri, { overwrite: false, ignoreIfExists: true }));
      if (c.text) documentChanges.push(TextDocumentEdit.create({ uri: c.uri, version: null }, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.text }]));
    }
    if (fix.edits.length) documentChanges.push(TextDocumentEdit.create({ uri, version }, fix.edits));
    for (const o of others) {
      const open = openDocument(session, o.uri);
      documentChanges.push(TextDocumentEdit.create({ uri: open?.uri ?? o.uri, version: open?.version ?? null }, o.edits));
    }
    return { documentChanges };
  }
  const changes: Record<string, TextEdit[]> = {};
  if (fix.edits.length) changes[uri] = [...fix.edits];
  for (const o of others) (changes[openDocument(session, o.uri)?.uri ?? o.uri] ??= []).push(...o.edits);
  return { changes };
}


function existsOnDisk(uri: string): boolean {
  const file = pathOfUri(uri);
  return file !== undefined && existsSync(file);
}
