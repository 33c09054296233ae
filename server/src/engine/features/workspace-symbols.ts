// Workspace symbols (Ctrl+T), answered from the index summaries: articles by title, their
// pillars ("Article title — 3. Pillar title") and library entries, filtered by the query
// (accents and case folded; a substring or the query's letters in order) and bounded.

import type { Range } from '../dialect/model';
import type { WorkspaceIndex } from '../workspace/index';
import type { EntryKind, FileSummary } from '../workspace/summary';
import { libraryName, startOfFile } from './locate';

export type WorkspaceSymbolKind = 'article' | 'pillar' | EntryKind;

export interface WorkspaceSymbolEntry {
  name: string;
  kind: WorkspaceSymbolKind;
  uri: string;
  range: Range;
  /** The article a pillar belongs to; the library of an entry. */
  containerName?: string;
}

export interface WorkspaceSymbolOptions {
  /** At most this many symbols (default 500), the best matches first. */
  limit?: number;
}

export function workspaceSymbols(query: string, index: WorkspaceIndex, options: WorkspaceSymbolOptions = {}): WorkspaceSymbolEntry[] {
  const limit = options.limit ?? 500;
  const q = fold(query).replace(/\s+/g, ' ').trim();
  // Buckets by score and kind, so only the buckets that reach the limit are sorted.
  const buckets: WorkspaceSymbolEntry[][] = [];
  for (const file of index.all()) {
    for (const candidate of candidatesOf(file)) {
      const score = matchScore(q, candidate.folded);
      if (score === undefined) continue;
      const b = score * 3 + kindOrder[candidate.symbol.kind];
      (buckets[b] ??= []).push(candidate.symbol);
    }
  }
  const out: WorkspaceSymbolEntry[] = [];
  for (const bucket of buckets) {
    if (!bucket) continue;
    bucket.sort((x, y) => compare(x.name, y.name) || compare(x.uri, y.uri));
    for (const symbol of bucket) {
      if (out.length >= limit) return out;
      out.push(symbol);
    }
  }
  return out;
}

const kindOrder: Record<WorkspaceSymbolKind, number> = { concept: 0, company: 0, article: 1, pillar: 2 };

interface Candidate {
  symbol: WorkspaceSymbolEntry;
  folded: string;
}

/** A file's symbols with their folded names, made once per summary (the index swaps in a new one on change). */
const candidates = new WeakMap<FileSummary, Candidate[]>();
function candidatesOf(file: FileSummary): Candidate[] {
  let list = candidates.get(file);
  if (list) return list;
  const symbols: WorkspaceSymbolEntry[] = [];
  if (file.kind === 'entry') {
    symbols.push({ name: file.title, kind: file.entryKind, uri: file.uri, range: file.titleRanges[0] ?? startOfFile, containerName: libraryName[file.entryKind] });
  } else if (file.kind === 'article') {
    symbols.push({ name: file.title, kind: 'article', uri: file.uri, range: file.titleRange ?? startOfFile });
    for (const p of file.pillars) symbols.push({ name: `${file.title} — ${p.number}. ${p.title}`, kind: 'pillar', uri: file.uri, range: p.range, containerName: file.title });
  }
  list = symbols.map((symbol) => ({ symbol, folded: fold(symbol.name) }));
  candidates.set(file, list);
  return list;
}

/** Lower is better: 0 the whole name, 1 a prefix, 2 a word's start, 3 a substring, 4 the letters in order; undefined: no match. */
function matchScore(q: string, name: string): number | undefined {
  if (!q) return 4;
  if (name === q) return 0;
  const at = name.indexOf(q);
  if (at === 0) return 1;
  if (at > 0) return /[\p{L}\p{N}]/u.test(name[at - 1]) ? 3 : 2;
  const letters = q.replace(/ /g, '');
  let i = 0;
  for (let k = 0; k < name.length && i < letters.length; k++) if (name[k] === letters[i]) i++;
  return i === letters.length ? 4 : undefined;
}

function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
