// Completion: library entries in tag items and after `[[`, article titles in related items,
// heading slugs after `#` and paths in link destinations — all from the index.

import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type Range } from 'vscode-languageserver/node';
import { completionList, type CompletionEntry, type CompletionKind } from '../engine';
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

/** The last few lists' entries: an item's documentation is sent when the editor shows it
 * (`completionItem/resolve`), so a list of 800 entries stays small. */
const recent = new Map<number, CompletionEntry[]>();
let lastId = 0;

export function registerCompletion(session: Session): void {
  const { connection } = session;
  connection.onCompletion(
    guarded(connection, 'completion', null as CompletionList | null, async (params, token) => {
      const found = await featureDocument(session, params.textDocument.uri, token);
      if (!found) return null;
      const { entries, incomplete } = completionList(found.doc, params.position, found.project.index, { root: found.project.rootUri }, 100);
      const id = ++lastId;
      recent.set(id, entries);
      recent.delete(id - 4);
      const items = entries.map((e, i) => toCompletionItem(session, e, { id, i }));
      // Library lists run to hundreds of entries that share one range: say it once where the client lets us.
      const range = entries[0]?.replaceRange;
      const shared = session.support.completionEditRangeDefault && range && entries.every((e) => sameRange(e.replaceRange, range));
      if (!shared) return { isIncomplete: incomplete, items };
      for (const item of items) {
        // Without textEditText the label is the text (mostly it is: an entry's title).
        const text = (item.textEdit as { newText: string }).newText;
        if (text !== item.label) item.textEditText = text;
        delete item.textEdit;
      }
      return { isIncomplete: incomplete, itemDefaults: { editRange: range }, items };
    }),
  );
  connection.onCompletionResolve(
    guarded(connection, 'completion resolve', null as unknown as CompletionItem, async (item) => {
      const data = item.data as { id?: number; i?: number } | undefined;
      const entry = data?.id !== undefined && data.i !== undefined ? recent.get(data.id)?.[data.i] : undefined;
      if (entry?.documentation) item.documentation = session.support.markdownCompletion ? { kind: MarkupKind.Markdown, value: entry.documentation } : entry.documentation;
      return item;
    }),
  );
}

function toCompletionItem(session: Session, e: CompletionEntry, data: { id: number; i: number }): CompletionItem {
  return {
    label: e.label,
    kind: kindOf[e.kind],
    detail: e.detail,
    // "Concept" / "Company" beside the label, where the client shows label details.
    ...(session.support.completionLabelDetails && (e.kind === 'concept' || e.kind === 'company') ? { labelDetails: { description: e.kind === 'concept' ? 'Concept' : 'Company' } } : {}),
    data,
    filterText: e.filterText,
    sortText: e.sortText,
    // (Plain text is what a client assumes without an insertTextFormat.)
    textEdit: { range: e.replaceRange, newText: e.insertText },
  };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
