// The workspace index: every file's summary, and the maps every library feature reads —
// names -> entries, names -> the articles that write them, link targets -> the articles that
// link to them, titles -> articles. A summary swapped in or out updates only its own
// contributions and says which names and files changed, so callers re-check in proportion.

import { normalizeName } from '../dialect/text';
import type { Range } from '../dialect/model';
import type { ArticleFileSummary, EntryKind, EntrySummary, FileSummary, OtherFileSummary } from './summary';
import { canonicalUri } from './uris';

/** What one update changed: callers re-check the articles that depend on it (`dependents`). */
export interface IndexChange {
  /** Name keys (normalized) whose entries changed: added, removed, retitled, re-aliased, re-kinded or re-summarized. */
  names: Set<string>;
  /** Files whose existence, title or headings changed (related-link targets). */
  files: Set<string>;
}

export function emptyChange(): IndexChange {
  return { names: new Set(), files: new Set() };
}

export function mergeChange(into: IndexChange, from: IndexChange): IndexChange {
  for (const n of from.names) into.names.add(n);
  for (const f of from.files) into.files.add(f);
  return into;
}

/** A tag or inline reference in an article that names an entry. */
export interface Usage {
  uri: string;
  kind: 'tag' | 'reference';
  section?: 'concepts' | 'companies';
  name: string;
  range: Range;
  nameRange: Range;
  form?: 'plain' | 'reference' | 'link';
}

/** Normalized lookup key of a name (case, white space, curly quotes, accents). */
export const nameKey = normalizeName;

export class WorkspaceIndex {
  private readonly files = new Map<string, FileSummary>();
  private readonly entryList = new Map<string, EntrySummary>();
  /** name key -> entry URIs holding that name (title or alias). */
  private readonly entryNames = new Map<string, Set<string>>();
  /** name key -> article URIs whose tags or references write that name. */
  private readonly namers = new Map<string, Set<string>>();
  /** target URI -> article URIs whose tag or related links point at it. */
  private readonly linkers = new Map<string, Set<string>>();
  /** title key -> article (and other file) URIs with that title. */
  private readonly titles = new Map<string, Set<string>>();
  /** Bumped by every change, so callers can tell whether what they computed is still current. */
  generation = 0;

  get size(): number {
    return this.files.size;
  }

  get(uri: string): FileSummary | undefined {
    return this.files.get(canonicalUri(uri));
  }

  entry(uri: string): EntrySummary | undefined {
    return this.entryList.get(canonicalUri(uri));
  }

  article(uri: string): ArticleFileSummary | undefined {
    const s = this.get(uri);
    return s?.kind === 'article' ? s : undefined;
  }

  *entries(kind?: EntryKind): IterableIterator<EntrySummary> {
    for (const e of this.entryList.values()) if (!kind || e.entryKind === kind) yield e;
  }

  *articles(): IterableIterator<ArticleFileSummary> {
    for (const s of this.files.values()) if (s.kind === 'article') yield s;
  }

  *all(): IterableIterator<FileSummary> {
    yield* this.files.values();
  }

  /** Puts a file's summary in (replacing what the index had for its URI). */
  set(summary: FileSummary): IndexChange {
    const uri = canonicalUri(summary.uri);
    const stored = uri === summary.uri ? summary : { ...summary, uri };
    const old = this.files.get(uri);
    // The summary it holds already (a document opened as it is on disk, then closed again).
    if (old === stored) return emptyChange();
    const change = this.withdraw(old);
    this.files.set(uri, stored);
    this.contribute(stored);
    const entryChanged = !sameEntry(old, stored);
    if (old?.kind === 'entry' && entryChanged) for (const k of entryKeys(old)) change.names.add(k);
    if (stored.kind === 'entry' && entryChanged) for (const k of entryKeys(stored)) change.names.add(k);
    if (!old || old.kind !== stored.kind || old.title !== stored.title || !sameHeadings(old, stored)) change.files.add(uri);
    if (entryChanged || change.files.size) this.generation++;
    return change;
  }

  delete(uri: string): IndexChange {
    const key = canonicalUri(uri);
    const old = this.files.get(key);
    if (!old) return emptyChange();
    const change = this.withdraw(old);
    this.files.delete(key);
    if (old.kind === 'entry') for (const k of entryKeys(old)) change.names.add(k);
    change.files.add(key);
    this.generation++;
    return change;
  }

  /** Entries holding this name (title or alias), in URI order; more than one is a duplicate name. */
  lookup(name: string): EntrySummary[] {
    const uris = this.entryNames.get(nameKey(name));
    if (!uris) return [];
    return [...uris].sort().map((u) => this.entryList.get(u)!);
  }

  /** The entries a tag names: a link item by the file it points at, any other item by its name. */
  resolveTag(tag: { name: string; form?: string; targetUri?: string }): EntrySummary[] {
    if (tag.form === 'link' && tag.targetUri) {
      const entry = this.entryList.get(canonicalUri(tag.targetUri));
      if (entry) return [entry];
      return [];
    }
    return this.lookup(tag.name);
  }

  /** Every tag and reference in the workspace naming this entry, by title, alias or link. */
  usages(entry: EntrySummary): Usage[] {
    const keys = new Set(entryKeys(entry));
    const articles = new Set<string>();
    for (const k of keys) for (const a of this.namers.get(k) ?? []) articles.add(a);
    for (const a of this.linkers.get(entry.uri) ?? []) articles.add(a);
    const out: Usage[] = [];
    for (const uri of [...articles].sort()) {
      const a = this.files.get(uri);
      if (a?.kind !== 'article') continue;
      for (const t of a.tags) {
        const named = t.form === 'link' && t.targetUri ? canonicalUri(t.targetUri) === entry.uri : keys.has(nameKey(t.name));
        if (named) out.push({ uri, kind: 'tag', section: t.section, name: t.name, range: t.range, nameRange: t.nameRange, form: t.form });
      }
      for (const r of a.references) {
        if (keys.has(nameKey(r.name))) out.push({ uri, kind: 'reference', name: r.name, range: r.range, nameRange: r.nameRange });
      }
    }
    return out;
  }

  /** How many articles name this entry. */
  articleCount(entry: EntrySummary): number {
    return new Set(this.usages(entry).map((u) => u.uri)).size;
  }

  /** Articles (and other Markdown files) with this title. */
  byTitle(title: string): (ArticleFileSummary | OtherFileSummary)[] {
    const uris = this.titles.get(nameKey(title));
    if (!uris) return [];
    return [...uris].sort().map((u) => this.files.get(u) as ArticleFileSummary | OtherFileSummary);
  }

  /** For each name of this entry that another entry also holds: the name and the other entries. */
  duplicateNames(entry: EntrySummary): { name: string; others: EntrySummary[] }[] {
    const out: { name: string; others: EntrySummary[] }[] = [];
    const seen = new Set<string>();
    for (const name of [entry.title, ...entry.aliases.map((a) => a.name)]) {
      const key = nameKey(name);
      if (seen.has(key)) continue;
      seen.add(key);
      const others = this.lookup(name).filter((e) => e.uri !== entry.uri);
      if (others.length) out.push({ name, others });
    }
    return out;
  }

  /** Articles whose library diagnostics may differ after `change`: those naming a changed name
   * or linking to a changed file; and the entries that share a changed name. */
  dependents(change: IndexChange): Set<string> {
    const out = new Set<string>();
    for (const k of change.names) {
      for (const a of this.namers.get(k) ?? []) out.add(a);
      for (const e of this.entryNames.get(k) ?? []) out.add(e);
    }
    for (const f of change.files) {
      for (const a of this.linkers.get(f) ?? []) out.add(a);
      out.add(f);
    }
    return out;
  }

  private withdraw(old: FileSummary | undefined): IndexChange {
    const change = emptyChange();
    if (!old) return change;
    const uri = old.uri;
    if (old.kind === 'entry') {
      this.entryList.delete(uri);
      for (const k of entryKeys(old)) removeFrom(this.entryNames, k, uri);
    } else {
      removeFrom(this.titles, nameKey(old.title), uri);
      if (old.kind === 'article') {
        for (const k of articleNameKeys(old)) removeFrom(this.namers, k, uri);
        for (const t of articleTargets(old)) removeFrom(this.linkers, t, uri);
      }
    }
    return change;
  }

  private contribute(s: FileSummary): void {
    if (s.kind === 'entry') {
      this.entryList.set(s.uri, s);
      for (const k of entryKeys(s)) addTo(this.entryNames, k, s.uri);
      return;
    }
    addTo(this.titles, nameKey(s.title), s.uri);
    if (s.kind === 'article') {
      for (const k of articleNameKeys(s)) addTo(this.namers, k, s.uri);
      for (const t of articleTargets(s)) addTo(this.linkers, t, s.uri);
    }
  }
}

function entryKeys(e: EntrySummary): string[] {
  return [...new Set([e.title, ...e.aliases.map((a) => a.name)].map(nameKey))];
}

function articleNameKeys(a: ArticleFileSummary): Set<string> {
  const keys = new Set<string>();
  for (const t of a.tags) keys.add(nameKey(t.name));
  for (const r of a.references) keys.add(nameKey(r.name));
  return keys;
}

function articleTargets(a: ArticleFileSummary): Set<string> {
  const targets = new Set<string>();
  for (const t of a.tags) if (t.targetUri) targets.add(canonicalUri(t.targetUri));
  for (const r of a.related) if (r.targetUri) targets.add(canonicalUri(r.targetUri));
  return targets;
}

function sameEntry(a: FileSummary | undefined, b: FileSummary | undefined): boolean {
  if (a?.kind !== 'entry' || b?.kind !== 'entry') return a?.kind !== 'entry' && b?.kind !== 'entry';
  return (
    a.entryKind === b.entryKind &&
    a.title === b.title &&
    a.summary === b.summary &&
    a.aliases.length === b.aliases.length &&
    a.aliases.every((x, i) => x.name === b.aliases[i].name)
  );
}

function sameHeadings(a: FileSummary, b: FileSummary): boolean {
  return a.headings.length === b.headings.length && a.headings.every((h, i) => h.text === b.headings[i].text && h.depth === b.headings[i].depth);
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
