// What every part of the protocol layer shares: the connection, the open documents, the engine,
// what the client said it supports, and the parts that hold state (contexts, projects,
// analyses, diagnostics). `server.ts` builds one and hands it to each feature's `register`.

import { ResponseError, type CancellationToken, type ClientCapabilities, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { canonicalUri } from '../engine/workspace/uris';
import type { Engine } from '../engine';
import type { Analyses } from './analysis';
import type { DocumentContexts } from './context';
import type { Diagnostics } from './diagnostics';
import type { Projects } from './projects';
import type { WorkspaceProblems } from './workspace-diagnostics';

/** The client capabilities the server acts on, read once at `initialize`. */
export interface ClientSupport {
  pullDiagnostics: boolean;
  configuration: boolean;
  workspaceFolderEvents: boolean;
  refreshDiagnostics: boolean;
  watchFiles: boolean;
  workDoneProgress: boolean;
  /** `workspace.workspaceEdit.documentChanges` with the `create` resource operation. */
  createFiles: boolean;
  documentChanges: boolean;
  markdownHover: boolean;
  markdownCompletion: boolean;
  snippets: boolean;
  completionLabelDetails: boolean;
  /** `completionList.itemDefaults` holds `editRange`: one range for the whole list, not one per item. */
  completionEditRangeDefault: boolean;
  /** `textDocument.rename.prepareSupport` (the client asks before renaming). */
  prepareRename: boolean;
  /** `codeAction.resolveSupport` covers `edit` (and `dataSupport`): a large edit can wait until the action is picked. */
  codeActionResolve: boolean;
}

export function readClientSupport(caps: ClientCapabilities): ClientSupport {
  const edit = caps.workspace?.workspaceEdit;
  return {
    pullDiagnostics: !!caps.textDocument?.diagnostic,
    configuration: !!caps.workspace?.configuration,
    workspaceFolderEvents: !!caps.workspace?.workspaceFolders,
    refreshDiagnostics: !!caps.workspace?.diagnostics?.refreshSupport,
    watchFiles: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    workDoneProgress: !!caps.window?.workDoneProgress,
    documentChanges: !!edit?.documentChanges,
    createFiles: !!edit?.documentChanges && !!edit.resourceOperations?.includes('create'),
    markdownHover: (caps.textDocument?.hover?.contentFormat ?? ['markdown']).includes('markdown'),
    markdownCompletion: (caps.textDocument?.completion?.completionItem?.documentationFormat ?? ['markdown']).includes('markdown'),
    snippets: !!caps.textDocument?.completion?.completionItem?.snippetSupport,
    completionLabelDetails: !!caps.textDocument?.completion?.completionItem?.labelDetailsSupport,
    completionEditRangeDefault: !!caps.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange'),
    prepareRename: !!caps.textDocument?.rename?.prepareSupport,
    codeActionResolve: !!caps.textDocument?.codeAction?.dataSupport && !!caps.textDocument.codeAction.resolveSupport?.properties.includes('edit'),
  };
}

export const noSupport: ClientSupport = readClientSupport({});

export interface Session {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly engine: Engine;
  support: ClientSupport;
  readonly contexts: DocumentContexts;
  readonly projects: Projects;
  readonly analyses: Analyses;
  readonly diagnostics: Diagnostics;
  /** Closed files' problems (`workspace/diagnostic`); absent when the client pulls no diagnostics or the option is off. */
  workspaceProblems?: WorkspaceProblems;
}

/** Every handler answers, whatever goes wrong inside: a failure is logged and an empty result returned. */
export function guarded<P, R>(
  connection: Connection,
  name: string,
  empty: R,
  handler: (params: P, token: CancellationToken | undefined) => Promise<R>,
): (params: P, token?: CancellationToken) => Promise<R> {
  return async (params, token) => {
    try {
      return await handler(params, token);
    } catch (error) {
      // A refusal meant for the user (a rename to a taken name), or a cancellation.
      if (error instanceof ResponseError) throw error;
      connection.console.error(`Strategy Notes: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return empty;
    }
  };
}

/** Editors other than VS Code may send every file they open: only Markdown is an article. */
export function isMarkdown(doc: TextDocument): boolean {
  return doc.languageId === 'markdown' || /\.(?:md|markdown)$/i.test(doc.uri);
}

/** The open document with this URI, however the client spells it (index keys are canonical). */
export function openDocument(session: Session, uri: string): TextDocument | undefined {
  const direct = session.documents.get(uri);
  if (direct) return direct;
  const key = canonicalUri(uri);
  return session.documents.all().find((d) => canonicalUri(d.uri) === key);
}
