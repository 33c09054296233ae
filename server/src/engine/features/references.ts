// Find all references: from a tag, an inline reference, or anywhere in a library entry file,
// every tag and reference across the workspace that names the entry — by title, by alias or
// by a link to its file — optionally with the entry's title as the declaration.

import type { Position } from '../dialect/model';
import type { WorkspaceIndex } from '../workspace/index';
import { entriesAt, entryLocation, locate, usagesOf, type DocumentContext, type Location } from './locate';

export interface ReferencesOptions {
  includeDeclaration?: boolean;
}

export function references(doc: DocumentContext, position: Position, index: WorkspaceIndex, options: ReferencesOptions = {}): Location[] {
  const entries = entriesAt(locate(doc.summary, position), index);
  const out: Location[] = [];
  const seen = new Set<string>();
  const add = (l: Location) => {
    const key = `${l.uri}|${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(l);
  };
  for (const entry of entries) {
    if (options.includeDeclaration) add(entryLocation(entry));
    for (const u of usagesOf(entry, index, doc)) add({ uri: u.uri, range: u.nameRange });
  }
  return out;
}
