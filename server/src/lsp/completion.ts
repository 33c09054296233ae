// Completion: library entries in tag items and after `[[`, article titles in related items,
// heading slugs after `#` and paths in link destinations — all from the index.

import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver/node';
import { completions, type CompletionEntry, type CompletionKind } from '../engine';
import { featureDocument } from './analysis';
import { guarded, type Session } from './session';

export const completionTriggers = ['[', '#', '(', '/', ' '];

const kindOf: Record<CompletionKind, CompletionItemKind> = {
  concept: CompletionItemKind.Interface,
  company: CompletionItemKind.Class,
  article: CompletionItemKind.File,
  heading: CompletionItemKind.Field,
  path: CompletionItemKind.File,
};

export function registerCompletion(session: Session): void {
  const { connection } = session;
  connection.onCompletion(
    guarded(connection, 'completion', null as CompletionList | null, async (params) => {
      const found = await featureDocument(session, params.textDocument.uri);
      if (!found) return null;
      const items = completions(found.doc, params.position, found.project.index, { root: found.project.rootUri }).map((e) => toCompletionItem(session, e));
      return { isIncomplete: false, items };
    }),
  );
}

function toCompletionItem(session: Session, e: CompletionEntry): CompletionItem {
  const markdown = session.support.markdownCompletion;
  return {
    label: e.label,
    kind: kindOf[e.kind],
    detail: e.detail,
    // "Concept" / "Company" beside the label, where the client shows label details.
    ...(session.support.completionLabelDetails && (e.kind === 'concept' || e.kind === 'company') ? { labelDetails: { description: e.kind === 'concept' ? 'Concept' : 'Company' } } : {}),
    documentation: e.documentation ? (markdown ? { kind: MarkupKind.Markdown, value: e.documentation } : e.documentation) : undefined,
    filterText: e.filterText,
    sortText: e.sortText,
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: { range: e.replaceRange, newText: e.insertText },
  };
}
