// What stands at a position of a document, read from its file summary: a tag, an inline
// reference, a related-article item (its name, its path or its `#fragment`), or — in a
// library entry file — the entry's title, one of its aliases, or the rest of the entry.
// Shared by definition, references, hover and rename, with the helpers they all need.

import { URI } from 'vscode-uri';
import type { Position, Range } from '../dialect/model';
import { splitLines } from '../dialect/text';
import { nameKey, type Usage, type WorkspaceIndex } from '../workspace/index';
import type { ArticleFileSummary, EntryKind, EntrySummary, FileSummary, ReferenceSummary, RelatedSummary, TagSummary } from '../workspace/summary';
import { canonicalUri, relativeLink } from '../workspace/uris';

/** The open document a feature answers for: its summary (from `Analysis.summary`) and, where
 * the cursor's context needs more than the summary keeps (a half-typed item), its text. */
export interface DocumentContext {
  uri: string;
  summary: FileSummary;
  text?: string;
  lines?: readonly string[];
}

/** A place in a file. */
export interface Location {
  uri: string;
  range: Range;
}

export type Located =
  | { kind: 'tag'; tag: TagSummary; part: 'name' | 'target' | 'item' }
  | { kind: 'reference'; reference: ReferenceSummary }
  | { kind: 'related'; item: RelatedSummary; part: 'name' | 'path' | 'fragment' | 'item'; fragmentRange?: Range }
  | { kind: 'entry'; entry: EntrySummary; part: 'title' | 'alias' | 'body'; range?: Range; alias?: string };

/** What stands at `position`; undefined where nothing of the dialect does. */
export function locate(summary: FileSummary, position: Position): Located | undefined {
  if (summary.kind === 'article') return locateInArticle(summary, position);
  if (summary.kind === 'entry') {
    const title = summary.titleRanges.find((r) => contains(r, position));
    if (title) return { kind: 'entry', entry: summary, part: 'title', range: title };
    const alias = summary.aliases.find((a) => a.range && contains(a.range, position));
    if (alias) return { kind: 'entry', entry: summary, part: 'alias', range: alias.range, alias: alias.name };
    return { kind: 'entry', entry: summary, part: 'body' };
  }
  return undefined;
}

function locateInArticle(a: ArticleFileSummary, position: Position): Located | undefined {
  for (const tag of a.tags) {
    if (position.line !== tag.range.start.line || !contains(tag.range, position)) continue;
    const part = contains(tag.nameRange, position) ? 'name' : tag.form === 'link' && position.character > tag.nameRange.end.character ? 'target' : 'item';
    return { kind: 'tag', tag, part };
  }
  for (const reference of a.references) {
    if (contains(reference.range, position)) return { kind: 'reference', reference };
  }
  for (const item of a.related) {
    if (!contains(item.range, position)) continue;
    if (item.targetRange && contains(item.targetRange, position)) {
      const hash = item.target?.indexOf('#') ?? -1;
      if (hash >= 0) {
        const start = item.targetRange.start.character + hash + 1;
        const fragmentRange = { start: { line: item.targetRange.start.line, character: start }, end: item.targetRange.end };
        if (position.character >= start) return { kind: 'related', item, part: 'fragment', fragmentRange };
      }
      return { kind: 'related', item, part: 'path' };
    }
    return { kind: 'related', item, part: contains(item.nameRange, position) ? 'name' : 'item' };
  }
  return undefined;
}

/** The entries a located tag, reference or entry file names (more than one: a name two entries share). */
export function entriesAt(located: Located | undefined, index: WorkspaceIndex): EntrySummary[] {
  if (!located) return [];
  if (located.kind === 'tag') return index.resolveTag(located.tag);
  if (located.kind === 'reference') return index.lookup(located.reference.name);
  if (located.kind === 'entry') return [located.entry];
  return [];
}

/** Every tag and reference naming `entry`, with the open document's own usages read from its
 * current summary rather than from what the index last heard. */
export function usagesOf(entry: EntrySummary, index: WorkspaceIndex, doc?: DocumentContext): Usage[] {
  const docUri = doc ? canonicalUri(doc.uri) : undefined;
  const out = index.usages(entry).filter((u) => u.uri !== docUri);
  if (doc && docUri && doc.summary.kind === 'article') {
    const keys = new Set([entry.title, ...entry.aliases.map((a) => a.name)].map(nameKey));
    const entryUri = canonicalUri(entry.uri);
    for (const t of doc.summary.tags) {
      const named = t.form === 'link' && t.targetUri ? canonicalUri(t.targetUri) === entryUri : keys.has(nameKey(t.name));
      if (named) out.push({ uri: docUri, kind: 'tag', section: t.section, name: t.name, range: t.range, nameRange: t.nameRange, form: t.form });
    }
    for (const r of doc.summary.references) {
      if (keys.has(nameKey(r.name))) out.push({ uri: docUri, kind: 'reference', name: r.name, range: r.range, nameRange: r.nameRange });
    }
  }
  return out.sort((x, y) => (x.uri < y.uri ? -1 : x.uri > y.uri ? 1 : comparePositions(x.range.start, y.range.start)));
}

/** The open document's own summary when `uri` is that document, else the index's. */
export function summaryOf(uri: string, index: WorkspaceIndex, doc?: DocumentContext): FileSummary | undefined {
  if (doc && canonicalUri(doc.uri) === canonicalUri(uri)) return doc.summary;
  return index.get(uri);
}

/** Where an entry is declared: its title (front matter or heading), else the top of its file. */
export function entryLocation(entry: EntrySummary): Location {
  return { uri: entry.uri, range: entry.titleRanges[0] ?? startOfFile };
}

export const startOfFile: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export const libraryName: Record<EntryKind, string> = { concept: 'Concept Library', company: 'Company Library' };
export const kindName: Record<EntryKind, string> = { concept: 'Concept', company: 'Company' };
export const sectionKind: Record<TagSummary['section'], EntryKind> = { concepts: 'concept', companies: 'company' };

/** A file's path for people: relative to the workspace root when given and the file is below
 * it, else relative to the document `from`, else the URI's path. */
export function displayPath(uri: string, options: { root?: string; from?: string } = {}): string {
  const path = URI.parse(uri).path;
  if (options.root) {
    const rootPath = URI.parse(options.root).path.replace(/\/$/, '') + '/';
    if (path.startsWith(rootPath)) return path.slice(rootPath.length);
  }
  if (options.from) return safeDecode(relativeLink(options.from, uri));
  return path;
}

export function linesOf(doc: DocumentContext): readonly string[] {
  return doc.lines ?? splitLines(doc.text ?? '');
}

export function contains(range: Range, p: Position): boolean {
  return comparePositions(range.start, p) <= 0 && comparePositions(p, range.end) <= 0;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
