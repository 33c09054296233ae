// What the library rules share: the tags of a section resolved against the workspace index
// (a few map lookups per tag), and the writer's names for the libraries.

import type { SectionItem } from '../dialect/model';
import type { EntryKind, EntrySummary } from '../workspace/summary';
import { canonicalUri, resolveLink } from '../workspace/uris';
import type { LibraryContext, RuleContext } from './rule';

export type TagSection = 'concepts' | 'companies';

export const kindOfSection: Record<TagSection, EntryKind> = { concepts: 'concept', companies: 'company' };
export const sectionOfKind: Record<EntryKind, TagSection> = { concept: 'concepts', company: 'companies' };
export const libraryName: Record<EntryKind, string> = { concept: 'Concept Library', company: 'Company Library' };

export interface ResolvedTag {
  item: SectionItem;
  section: TagSection;
  /** For a link item: the file it points at. */
  targetUri?: string;
  /** Every entry the tag names, of either library. */
  entries: EntrySummary[];
  /** Those of the section's own library. */
  own: EntrySummary[];
}

/** The section's tags with the entries they name: a link by its file, anything else by its name. */
export function resolvedTags(context: RuleContext, section: TagSection): ResolvedTag[] {
  const library = context.library;
  const items = context.model[section]?.items;
  if (!library || !items) return [];
  const kind = kindOfSection[section];
  return items
    .filter((item) => item.name)
    .map((item) => {
      const targetUri = linkTarget(library, item);
      const entries = library.index.resolveTag({ name: item.name, form: item.form, targetUri });
      return { item, section, targetUri, entries, own: entries.filter((e) => e.entryKind === kind) };
    });
}

export function linkTarget(library: LibraryContext, item: SectionItem): string | undefined {
  return item.form === 'link' && item.target ? resolveLink(library.uri, item.target)?.uri : undefined;
}

/** A file's path below the workspace root, as a writer reads it (`library/companies/x.md`). */
export function workspacePath(library: LibraryContext, uri: string): string {
  const u = canonicalUri(uri);
  const root = library.root ? canonicalUri(library.root).replace(/\/$/, '') + '/' : undefined;
  if (root && u.startsWith(root)) return safeDecode(u.slice(root.length));
  return safeDecode(u.replace(/^.*\//, ''));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
