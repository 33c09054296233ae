// Quick fixes: the engine's fixes for the diagnostics under the cursor, as workspace edits.
// A fix that creates files or edits other files becomes `documentChanges` (CreateFile, then
// TextDocumentEdits) where the client can apply them; a fix that must create a file is not
// offered to a client that cannot, nor when the file already exists on disk. A fix several
// findings share is one action (the engine lists it once); one with many edits goes to a client
// that resolves actions without them, and `codeAction/resolve` computes them when it is picked.
// Fix all (`source.fixAll.strategyNotes`, for `editor.codeActionsOnSave`): every safe fix of the
// document as one versioned edit of that document only.

import { existsSync } from 'node:fs';
import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  type CodeAction,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { fixDocument, quickFixes, safeFixes } from '../engine';
import type { Fix } from '../engine/rules/rule';
import { pathOfUri } from '../node/fs-workspace';
import { editorFindings, shownDiagnosticsLimit, toDiagnostic } from './convert';
import { throwIfCancelled } from './analysis';
import type { DocumentAnalysis } from './analysis';
import { guarded, openDocument, type Session } from './session';

/** The kind of the fix-all action, declared in the server's capabilities. */
export const fixAllKind = `${CodeActionKind.SourceFixAll}.strategyNotes`;
const fixAllTitle = 'Fix all safely fixable problems (Strategy Notes)';

/** Whether a request's `only` asks for this kind: it or a kind it refines (`source`, `source.fixAll`). */
function asked(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => k === kind || kind.startsWith(k + '.'));
}

/** A fix with more edits than this is sent without them to a client that can resolve actions:
 * its edit is computed when the writer picks it (the lightbulb asks on every cursor move). */
export const eagerEditLimit = 64;

/** What a deferred action carries to find its fix again on `codeAction/resolve`. */
interface ActionData {
  uri: string;
  version: number;
  range: Range;
  /** Its place among the quick fixes for that range. */
  index: number;
  title: string;
}

/** What a deferred fix-all action carries. */
interface FixAllData {
  fixAll: true;
  uri: string;
  version: number;
}

export function registerCodeActions(session: Session): void {
  const { connection, analyses } = session;
  connection.onCodeAction(
    guarded(connection, 'code actions', [] as CodeAction[], async (params, token) => {
      const only = params.context.only;
      const wantsQuickFixes = asked(only, CodeActionKind.QuickFix);
      const wantsFixAll = asked(only, fixAllKind);
      if (!wantsQuickFixes && !wantsFixAll) return [];
      // The lightbulb asks at every cursor move: a request the editor gave up on is not answered.
      const found = await analyses.of(params.textDocument.uri, token);
      throwIfCancelled(token);
      if (!found) return [];
      const uri = params.textDocument.uri;
      const version = found.analysis.model.version;
      const actions: CodeAction[] = [];
      // Quick fixes for what the editor shows (each rule's first findings); fix-all reads them all.
      const fixes = wantsQuickFixes ? quickFixes(editorFindings(found.analysis).diagnostics, params.range) : [];
      fixes.forEach((fix, index) => {
        const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, isPreferred: fix.preferred, diagnostics: fix.diagnostics.slice(0, shownDiagnosticsLimit).map(toDiagnostic) };
        if (session.support.codeActionResolve && fix.edits.length > eagerEditLimit && !fix.createFiles?.length && !fix.otherEdits?.length) {
          action.data = { uri, version, range: params.range, index, title: fix.title } satisfies ActionData;
        } else {
          const edit = workspaceEditOf(session, fix, uri, version);
          if (!edit) return;
          action.edit = edit;
        }
        actions.push(action);
      });
      // Asked for by kind (on save, the Source Action menu): whenever something is safe to fix.
      // Listed with all actions (`only` absent): beside a quick fix that fix-all would apply, and
      // computed when picked where the client can (the lightbulb asks at each cursor move).
      const offered = only ? safeFixes(found.analysis.diagnostics).length > 0 : fixes.some((f) => f.safe === true && !f.createFiles?.length && !f.otherEdits?.length);
      if (wantsFixAll && offered) {
        if (!only && session.support.codeActionResolve) actions.push({ title: fixAllTitle, kind: fixAllKind, data: { fixAll: true, uri, version } satisfies FixAllData });
        else {
          const edit = fixAllEdit(session, uri, found, () => throwIfCancelled(token));
          if (edit) actions.push({ title: fixAllTitle, kind: fixAllKind, edit });
        }
      }
      return actions;
    }),
  );
  const resolve = guarded(connection, 'code action resolve', undefined as CodeAction | undefined, async (action: CodeAction, token) => {
    const data = action.data as ActionData | FixAllData | undefined;
    if (action.edit || !data || typeof data.uri !== 'string') return action;
    const found = await analyses.of(data.uri, token);
    throwIfCancelled(token);
    // A newer version has other fixes: the action is left without an edit (nothing is applied).
    if (!found || found.analysis.model.version !== data.version) return action;
    if ('fixAll' in data) {
      const edit = fixAllEdit(session, data.uri, found, () => throwIfCancelled(token));
      return { ...action, edit: edit ?? { changes: {} } };
    }
    const fix = quickFixes(editorFindings(found.analysis).diagnostics, data.range)[data.index];
    if (!fix || fix.title !== data.title) return action;
    const edit = workspaceEditOf(session, fix, data.uri, data.version);
    return edit ? { ...action, edit } : action;
  });
  // Whatever fails, the action comes back as it was sent.
  connection.onCodeActionResolve(async (action, token) => (await resolve(action, token)) ?? action);
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

/** Every safe fix of the analyzed document, as one edit of it (versioned where the client can
 * check the version); undefined when nothing changes. `stop` throws once the request is cancelled. */
export function fixAllEdit(session: Session, uri: string, found: DocumentAnalysis, stop: () => void): WorkspaceEdit | undefined {
  const { analysis, input } = found;
  const { edits } = fixDocument(session.engine, input, analysis.diagnostics, stop);
  if (edits.length === 0) return undefined;
  if (session.support.documentChanges) return { documentChanges: [TextDocumentEdit.create({ uri, version: input.version }, edits)] };
  return { changes: { [uri]: edits } };
}

function existsOnDisk(uri: string): boolean {
  const file = pathOfUri(uri);
  return file !== undefined && existsSync(file);
}
