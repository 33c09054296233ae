// Completion from the workspace index (never a file read): library entries in a tag section
// (only that section's library) and after `[[` (both libraries), article titles in a
// related-articles item, heading slugs after `#` in a link destination, and workspace paths
// before it. The cursor's context is read from the document's lines, since a half-typed item
// (`- Net`, `- `) may not be an item in the model yet.

import type { Position, Range } from '../dialect/model';
import { readSectionHeader } from '../dialect/lines';
import { nameKey, type WorkspaceIndex } from '../workspace/index';
import { slugsOf } from '../workspace/slugs';
import type { ArticleFileSummary, EntryKind, EntrySummary, FileSummary, HeadingSummary } from '../workspace/summary';
import { canonicalUri, relativeLink, resolveLink } from '../workspace/uris';
import { displayPath, kindName, libraryName, linesOf, sectionKind, summaryOf, type DocumentContext } from './locate';

export type CompletionKind = 'concept' | 'company' | 'article' | 'heading' | 'path';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  insertText: string;
  /** What the editor filters on: the title and every alias (an alias match inserts the title). */
  filterText: string;
  detail: string;
  /** Markdown. */
  documentation?: string;
  /** The text the item replaces (single line, holding the cursor). */
  replaceRange: Range;
  sortText: string;
  /** An entry's other names, for the label's description. */
  aliases?: string[];
}

export interface CompletionOptions {
  /** The workspace folder (a URI): documentation shows entry paths relative to it. */
  root?: string;
}

type Section = 'concepts' | 'companies' | 'related';

export function completions(doc: DocumentContext, position: Position, index: WorkspaceIndex, options: CompletionOptions = {}): CompletionEntry[] {
  return completionList(doc, position, index, options).entries;
}

/**
 * The completion list at `position`; with `limit`, narrowed to what the writer typed (the text
 * from the start of the replaced range to the cursor) as `narrowCompletions` narrows it, but as
 * it is made: of thousands of library entries or articles only the items kept are made (a
 * keystroke in a tag section of a 4,000-entry library made 2,000 items to keep 100).
 */
export function completionList(doc: DocumentContext, position: Position, index: WorkspaceIndex, options: CompletionOptions = {}, limit?: number): NarrowedCompletions {
  const none = { entries: [], incomplete: false };
  const lines = linesOf(doc);
  const line = lines[position.line];
  if (line === undefined || position.character > line.length) return none;
  if (insideCodeOrFrontMatter(lines, position)) return none;
  const before = line.slice(0, position.character);
  const item = listItemAt(lines, position);
  const typedIn = (r: Range) => (r.start.line === position.line ? line.slice(r.start.character, position.character) : '');
  const narrowing = (r: Range): Narrowing | undefined => (limit === undefined ? undefined : { typed: typedIn(r), limit });
  const entryList = (kind: EntryKind | undefined, replaceRange: Range, tagged: Set<string>, filterPrefix: '' | '[', insertText: (e: EntrySummary) => string) =>
    narrowedList(
      index.entries(kind),
      (e) => (filterPrefix === '[' ? entryFacts(e).bracketSpellings : entryFacts(e).spellings),
      (e) => (tagged.has(e.uri) ? entryFacts(e).laterSortText : entryFacts(e).sortText),
      (e) => entryCompletion(e, { replaceRange, insertText: insertText(e), filterPrefix: filterPrefix || undefined, last: tagged.has(e.uri), doc, options }),
      narrowing(replaceRange),
    );

  const reference = referenceContext(line, position);
  if (reference) {
    // In a tag section, `[[` offers that section's library only: the other one would be a wrong-library tag.
    const kind = item && item.section !== 'related' ? sectionKind[item.section] : undefined;
    const tagged = item && item.section !== 'related' ? taggedIn(doc, item.section, position.line, index) : new Set<string>();
    return entryList(kind, reference.range, tagged, '', (e) => e.title + (reference.close ? ']]' : ''));
  }

  const destination = destinationContext(line, position);
  if (destination) {
    const all = destinationCompletions(doc, destination, item?.section, index);
    return limit === undefined || all.length === 0 ? { entries: all, incomplete: false } : narrowCompletions(all, typedIn(all[0].replaceRange), limit);
  }

  if (!item) return none;
  const typed = line.slice(item.textStart, position.character);
  if (/^\[(?!\[)/.test(typed) || item.section === 'related') {
    // A link being written (`- [Net`), or any related-articles item: a Markdown link to the file.
    if (/\]\(/.test(typed)) return none;
    const replaceRange = range(position.line, item.textStart, Math.max(position.character, trimmedEnd(line)));
    if (item.section === 'related') return articleCompletions(doc, replaceRange, typed.startsWith('['), index, narrowing(replaceRange));
    const tagged = taggedIn(doc, item.section, position.line, index);
    return entryList(sectionKind[item.section], replaceRange, tagged, '[', (e) => `[${e.title}](${relativeLink(doc.uri, e.uri)})`);
  }
  if (before.slice(item.textStart).includes('[[')) return none;
  const replaceRange = range(position.line, item.textStart, Math.max(position.character, trimmedEnd(line)));
  const tagged = taggedIn(doc, item.section, position.line, index);
  return entryList(sectionKind[item.section], replaceRange, tagged, '', (e) => e.title);
}

// ---- the cursor's context --------------------------------------------------------------------

const itemMarker = /^( {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+)/;

/** The list item under a section header that the cursor is in (blank lines and other items may
 * stand between), and where its text starts. */
function listItemAt(lines: readonly string[], position: Position): { section: Section; textStart: number } | undefined {
  const marker = itemMarker.exec(lines[position.line]);
  if (!marker || position.character < marker[1].length) return undefined;
  for (let l = position.line - 1; l >= 0; l--) {
    const text = lines[l];
    if (/^[ \t]*$/.test(text) || itemMarker.test(text) || /^ {0,3}[-*+][ \t]*$/.test(text)) continue;
    const header = readSectionHeader(text);
    return header ? { section: header.kind, textStart: marker[1].length } : undefined;
  }
  return undefined;
}

/** After `[[` with no `]]` or `|` between it and the cursor: the name being typed, and whether a
 * closing `]]` must be inserted. */
function referenceContext(line: string, position: Position): { range: Range; close: boolean } | undefined {
  const before = line.slice(0, position.character);
  const open = before.lastIndexOf('[[');
  if (open < 0) return undefined;
  const typed = before.slice(open + 2);
  if (/[[\]|]/.test(typed)) return undefined;
  const after = line.slice(position.character);
  const closing = /^[^[\]|]*?(\]\]|\||\](?!\]))/.exec(after);
  const start = open + 2;
  if (closing && closing[1] !== ']') return { range: range(position.line, start, position.character + closing[0].length - closing[1].length), close: false };
  // A lone `]` (an editor's auto-closed bracket) is replaced along with the name.
  if (closing) return { range: range(position.line, start, position.character + closing[0].length), close: true };
  return { range: range(position.line, start, position.character), close: true };
}

interface Destination {
  line: number;
  /** The path part as written (before any `#`). */
  path: string;
  /** Set when the cursor is after `#`: the fragment's range. */
  fragment?: Range;
  /** The path part's range. */
  pathRange: Range;
}

/** Inside a link destination (`](path#fragment`), up to the closing `)`. */
function destinationContext(line: string, position: Position): Destination | undefined {
  const before = line.slice(0, position.character);
  const m = /\]\([ \t]*<?([^()\s<>]*)$/.exec(before);
  if (!m) return undefined;
  const typed = m[1];
  if (/^[a-z][a-z0-9+.-]*:/i.test(typed) || typed.startsWith('//')) return undefined; // a web link
  const start = position.character - typed.length;
  const rest = /^[^()\s<>]*/.exec(line.slice(position.character))![0];
  const hash = typed.indexOf('#');
  if (hash >= 0) {
    const end = position.character + rest.length;
    return { line: position.line, path: typed.slice(0, hash), fragment: range(position.line, start + hash + 1, end), pathRange: range(position.line, start, start + hash) };
  }
  const restHash = rest.indexOf('#');
  const end = position.character + (restHash >= 0 ? restHash : rest.length);
  return { line: position.line, path: typed + rest.slice(0, restHash >= 0 ? restHash : rest.length), pathRange: range(position.line, start, end) };
}

/** Fenced code and front matter are never completed in; nor is an inline code span. */
function insideCodeOrFrontMatter(lines: readonly string[], position: Position): boolean {
  let l = 0;
  if (/^---[ \t]*$/.test(lines[0] ?? '')) {
    // Unclosed front matter is read as text, as the model reads it.
    const close = lines.findIndex((text, k) => k > 0 && /^(?:---|\.\.\.)[ \t]*$/.test(text));
    if (close > 0) {
      if (position.line <= close) return true;
      l = close + 1;
    }
  }
  let fence: string | undefined;
  for (; l < position.line; l++) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(lines[l]);
    if (!m) continue;
    if (!fence) fence = m[1];
    else if (m[1][0] === fence[0] && m[1].length >= fence.length && /^ {0,3}[`~]+[ \t]*$/.test(lines[l])) fence = undefined;
  }
  if (fence) return true;
  const ticks = (lines[position.line].slice(0, position.character).match(/`+/g) ?? []).length;
  return ticks % 2 === 1;
}

// ---- the items ---------------------------------------------------------------------------------

/** Entries the section already tags (leaving out the item being edited), sorted last. */
function taggedIn(doc: DocumentContext, section: 'concepts' | 'companies', line: number, index: WorkspaceIndex): Set<string> {
  const out = new Set<string>();
  if (doc.summary.kind !== 'article') return out;
  for (const t of doc.summary.tags) {
    if (t.section !== section || t.range.start.line === line) continue;
    for (const e of index.resolveTag(t)) out.add(e.uri);
  }
  return out;
}

function entryCompletion(
  e: EntrySummary,
  o: { replaceRange: Range; insertText: string; last: boolean; doc: DocumentContext; options: CompletionOptions; filterPrefix?: string },
): CompletionEntry {
  const facts = entryFacts(e);
  const place = o.options.root ?? o.doc.uri;
  let documentation = facts.documentation.get(place);
  if (documentation === undefined) {
    const path = displayPath(e.uri, { root: o.options.root, from: o.doc.uri });
    if (facts.documentation.size > 8) facts.documentation.clear();
    documentation = `${facts.summary}${libraryName[e.entryKind]}: \`${path}\``;
    facts.documentation.set(place, documentation);
  }
  return {
    label: e.title,
    kind: e.entryKind,
    insertText: o.insertText,
    filterText: o.filterPrefix === '[' ? facts.bracketSpellings : (o.filterPrefix ?? '') + facts.spellings,
    detail: o.last ? facts.taggedDetail : facts.detail,
    documentation,
    replaceRange: o.replaceRange,
    sortText: o.last ? facts.laterSortText : facts.sortText,
    aliases: facts.aliases,
  };
}

/** The filter and sort texts of an item named by `names`, sorted by `sortName`. */
interface NameFacts {
  spellings: string;
  /** `[` + spellings (a tag or related article typed as a link). */
  bracketSpellings: string;
  sortText: string;
  /** The sort text of the item sorted after the others (already tagged, already listed). */
  laterSortText: string;
}

function nameFacts(names: readonly string[], sortName: string): NameFacts {
  // The editor compares what was typed with filterText as it stands, so accent-free spellings go in too.
  const spellings = [...new Set([...names, ...names.map(foldAccents)])].join(' ');
  const key = nameKey(sortName);
  return { spellings, bracketSpellings: `[${spellings}`, sortText: `0:${key}`, laterSortText: `1:${key}` };
}

interface EntryFacts extends NameFacts {
  aliases: string[];
  detail: string;
  taggedDetail: string;
  summary: string;
  /** Documentation (with the display path) by the place the path is relative to. */
  documentation: Map<string, string>;
}

/** What every completion of an entry repeats, worked out once per summary (the index swaps in a new one on change). */
const factsOf = new WeakMap<EntrySummary, EntryFacts>();
function entryFacts(e: EntrySummary): EntryFacts {
  let facts = factsOf.get(e);
  if (facts) return facts;
  const aliases = e.aliases.map((a) => a.name);
  const detail = kindName[e.entryKind] + (aliases.length ? ` · also ${aliases.join(', ')}` : '');
  // Every string of an entry's completion is made once, not at every keystroke (4,000 entries).
  facts = {
    ...nameFacts([e.title, ...aliases], e.title),
    aliases,
    detail,
    taggedDetail: `${detail} · already tagged`,
    summary: e.summary ? `${e.summary}\n\n` : '',
    documentation: new Map(),
  };
  factsOf.set(e, facts);
  return facts;
}

function articleCompletions(doc: DocumentContext, replaceRange: Range, bracket: boolean, index: WorkspaceIndex, narrowing: Narrowing | undefined): NarrowedCompletions {
  const self = canonicalUri(doc.uri);
  const listed = new Set<string>();
  if (doc.summary.kind === 'article') {
    for (const r of doc.summary.related) {
      if (r.range.start.line === replaceRange.start.line) continue;
      if (r.targetUri) listed.add(canonicalUri(r.targetUri));
      else for (const a of index.byTitle(r.name)) listed.add(a.uri);
    }
  }
  const others = (function* () {
    for (const a of index.articles()) if (a.uri !== self) yield a;
  })();
  return narrowedList(
    others,
    (a) => (bracket ? articleFacts(a).bracketSpellings : articleFacts(a).spellings),
    (a) => (listed.has(a.uri) ? articleFacts(a).laterSortText : articleFacts(a).sortText),
    (a) => {
      const last = listed.has(a.uri);
      const facts = articleFacts(a);
      return {
        label: a.title,
        kind: 'article',
        insertText: `[${facts.escapedTitle}](${relativeLink(doc.uri, a.uri)})`,
        filterText: bracket ? facts.bracketSpellings : facts.spellings,
        detail: displayPath(a.uri, { from: doc.uri }) + (last ? ' · already listed' : ''),
        documentation: a.pillars.length ? a.pillars.map((p) => `${p.number}. ${p.title}`).join('  \n') : undefined,
        replaceRange,
        sortText: last ? facts.laterSortText : facts.sortText,
      };
    },
    narrowing,
  );
}

interface ArticleFacts extends NameFacts {
  escapedTitle: string;
}

/** What every completion of an article repeats, worked out once per summary. */
const articleFactsOf = new WeakMap<ArticleFileSummary, ArticleFacts>();
function articleFacts(a: ArticleFileSummary): ArticleFacts {
  let facts = articleFactsOf.get(a);
  if (facts) return facts;
  facts = { ...nameFacts([a.title], a.title), escapedTitle: a.title.replace(/[[\]]/g, '\\$&') };
  articleFactsOf.set(a, facts);
  return facts;
}

function destinationCompletions(doc: DocumentContext, d: Destination, section: Section | undefined, index: WorkspaceIndex): CompletionEntry[] {
  if (d.fragment) {
    const target = d.path ? resolveLink(doc.uri, d.path)?.uri : doc.uri;
    const summary = target ? summaryOf(target, index, doc) : undefined;
    const headings = summary?.headings ?? [];
    const slugs = slugsOf(headings);
    return headings.map((h, i) => headingCompletion(h, slugs[i], i, d.fragment!));
  }
  const kind: EntryKind | undefined = section === 'concepts' || section === 'companies' ? sectionKind[section] : undefined;
  const self = canonicalUri(doc.uri);
  const out: CompletionEntry[] = [];
  const files: Iterable<FileSummary> = kind ? index.entries(kind) : section === 'related' ? index.articles() : index.all();
  for (const f of files) {
    if (f.uri === self) continue;
    const path = relativeLink(doc.uri, f.uri);
    const ups = path.split('/').filter((p) => p === '..').length;
    out.push({
      label: displayPath(f.uri, { from: doc.uri }),
      kind: 'path',
      insertText: path,
      filterText: path,
      detail: f.title,
      documentation: f.kind === 'entry' ? `${libraryName[f.entryKind]} entry` : f.kind === 'article' ? 'Article' : undefined,
      replaceRange: d.pathRange,
      sortText: `${String(ups).padStart(2, '0')}:${path}`,
    });
  }
  return out;
}

function headingCompletion(h: HeadingSummary, slug: string, i: number, replaceRange: Range): CompletionEntry {
  return {
    label: slug,
    kind: 'heading',
    insertText: slug,
    filterText: slug,
    detail: `${'#'.repeat(h.depth)} ${h.text}`,
    replaceRange,
    sortText: String(i).padStart(5, '0'),
  };
}

function foldAccents(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').normalize('NFC');
}

function trimmedEnd(line: string): number {
  return line.replace(/[ \t]+$/, '').length;
}

function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

// ---- narrowing a long list ------------------------------------------------------------------------

export interface NarrowedCompletions {
  entries: CompletionEntry[];
  /** True when entries were left out: the editor asks again as the writer types on. */
  incomplete: boolean;
}

/**
 * A library of hundreds of entries makes a list of hundreds of items on every keystroke. What the
 * writer typed (`typed`, the text from the start of the replaced range to the cursor) keeps the
 * items whose filterText holds its letters in order — a superset of what an editor's fuzzy filter
 * shows — and at most `limit` of them, in sort order. A narrowed list is marked incomplete so the
 * editor asks again as the writer types or deletes.
 */
export function narrowCompletions(entries: CompletionEntry[], typed: string, limit = 100): NarrowedCompletions {
  return narrowedList(entries, (e) => e.filterText, (e) => e.sortText, (e) => e, { typed, limit });
}

/** What the writer typed and how many items a list holds at most. */
interface Narrowing {
  typed: string;
  limit: number;
}

/** The items of `items` kept by `narrowing` (all without one), made: the filter and sort texts
 * are read first, and an item is made only if it is kept. */
function narrowedList<T>(items: Iterable<T>, filterOf: (t: T) => string, sortOf: (t: T) => string, make: (t: T) => CompletionEntry, narrowing: Narrowing | undefined): NarrowedCompletions {
  if (!narrowing) return { entries: Array.from(items, make), incomplete: false };
  const wanted = foldForFilter(narrowing.typed.replace(/^\[+/, ''));
  let total = 0;
  let kept: T[] = [];
  for (const t of items) {
    total++;
    if (!wanted || holdsInOrder(foldForFilter(filterOf(t)), wanted)) kept.push(t);
  }
  const narrowed = kept.length < total;
  const all = kept.length;
  if (kept.length > narrowing.limit) kept = firstBy(kept, sortOf, narrowing.limit);
  return { entries: kept.map(make), incomplete: narrowed || kept.length < all };
}

/** The first `limit` entries by sortText, as a stable sort then a slice would give them, in one
 * pass that keeps only those (4,000 entries at every keystroke: no sort of them all). */
export function firstBySortText(entries: readonly CompletionEntry[], limit: number): CompletionEntry[] {
  return firstBy(entries, (e) => e.sortText, limit);
}

function firstBy<T>(items: readonly T[], keyOf: (t: T) => string, limit: number): T[] {
  const top: T[] = [];
  const keys: string[] = [];
  for (const t of items) {
    const key = keyOf(t);
    if (top.length === limit && key >= keys[limit - 1]) continue;
    // After every item with the same key (they came first: a stable order).
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] <= key) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, t);
    keys.splice(lo, 0, key);
    if (top.length > limit) {
      top.pop();
      keys.pop();
    }
  }
  return top;
}

/** Folded filter texts by text: the same entry names are folded at every keystroke otherwise
 * (4,000 entries: most of a completion's time). Bounded: cleared when it grows past this. */
const folded = new Map<string, string>();
const maxFolded = 50_000;

function foldForFilter(text: string): string {
  let key = folded.get(text);
  if (key === undefined) {
    if (folded.size >= maxFolded) folded.clear();
    key = nameKey(text).replace(/\s+/g, '');
    folded.set(text, key);
  }
  return key;
}

function holdsInOrder(haystack: string, needle: string): boolean {
  let at = 0;
  for (const c of needle) {
    at = haystack.indexOf(c, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}
