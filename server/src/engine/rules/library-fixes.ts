// The library rules' quick fixes: replace with the closest entries, add the written name as an
// alias, create the missing entry, move a tag to the other section, remove a line. Each is a
// plain Fix whose edits apply cleanly, touch nothing else and do not overlap.

import { distance } from 'fastest-levenshtein';
import { slug } from 'github-slugger';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { isNone } from '../dialect/lines';
import type { ArticleModel, Position, Range, SectionItem } from '../dialect/model';
import { nameKey, type WorkspaceIndex } from '../workspace/index';
import type { EntryKind, EntrySummary } from '../workspace/summary';
import { canonicalUri, joinUri, relativeLink } from '../workspace/uris';
import { globBase } from '../workspace/globs';
import { roleByGlobs } from '../workspace/workspace';
import { kindOfSection, libraryName, linkTarget, type ResolvedTag, type TagSection, workspacePath } from './library';
import type { Fix, LibraryContext, RuleContext, TextEdit } from './rule';

// ---- the closest entries ------------------------------------------------------------------

/** Suggestions (the closest entries, a new alias, a new entry) are made for this many findings of a
 * rule in one document, the first ones: each costs a search of the library and an entry's text,
 * and an editor shows no more findings than this anyway (the LSP layer's shownDiagnosticsLimit).
 * A pasted document with 40,000 unknown references stays one quick check. */
export const maxSuggestedFindings = 1000;

export interface Candidate {
  entry: EntrySummary;
  distance: number;
}

/** Up to `max` entries of these kinds whose title or an alias is close to `name` by edit
 * distance (at most max(2, 40% of the name's length)), closest first. Only for unknown names:
 * it reads every entry of the libraries. */
export function closestEntries(index: WorkspaceIndex, name: string, kinds: readonly EntryKind[], max = 3): Candidate[] {
  const key = nameKey(name);
  if (!key) return [];
  // The same unknown name recurs across articles (a misspelt company in every one that names
  // it): its candidates are looked for once per version of the index, not once per tag.
  let memo = closestMemo.get(index);
  if (!memo || memo.generation !== index.generation) closestMemo.set(index, (memo = { generation: index.generation, found: new Map() }));
  const memoKey = `${kinds.join(',')}\0${max}\0${key}`;
  let candidates = memo.found.get(memoKey);
  if (!candidates) memo.found.set(memoKey, (candidates = findClosest(index, key, kinds, max)));
  return candidates;
}

/** Candidates found, per index, for the index's version they were found in. */
const closestMemo = new WeakMap<WorkspaceIndex, { generation: number; found: Map<string, Candidate[]> }>();

function findClosest(index: WorkspaceIndex, key: string, kinds: readonly EntryKind[], max: number): Candidate[] {
  const limit = Math.max(2, Math.floor(key.length * 0.4));
  const found: Candidate[] = [];
  for (const kind of kinds) {
    for (const entry of index.entries(kind)) {
      let best = Infinity;
      for (const k of nameKeysOf(entry)) {
        if (Math.abs(k.length - key.length) > limit) continue;
        best = Math.min(best, distance(key, k));
      }
      if (best <= limit) found.push({ entry, distance: best });
    }
  }
  found.sort((a, b) => a.distance - b.distance || a.entry.title.localeCompare(b.entry.title) || (a.entry.uri < b.entry.uri ? -1 : 1));
  // One candidate per title: replacing with the title cannot tell two entries of one name apart.
  const seen = new Set<string>();
  return found.filter((c) => !seen.has(nameKey(c.entry.title)) && seen.add(nameKey(c.entry.title))).slice(0, max);
}

/** An entry's title and aliases as name keys, made once per summary (a summary is replaced, never changed). */
const entryKeys = new WeakMap<EntrySummary, string[]>();
function nameKeysOf(entry: EntrySummary): string[] {
  let keys = entryKeys.get(entry);
  if (!keys) entryKeys.set(entry, (keys = [entry.title, ...entry.aliases.map((a) => a.name)].map(nameKey)));
  return keys;
}

/** "Change to …" for each candidate; the best is preferred only when no other is as close. */
export function replaceFixes(library: LibraryContext, item: Pick<SectionItem, 'form' | 'range' | 'nameRange'>, candidates: Candidate[]): Fix[] {
  const unique = candidates.length > 0 && (candidates.length === 1 || candidates[1].distance > candidates[0].distance);
  return candidates.map((c, i) => {
    // A link item is replaced by a link to the entry's file; any other keeps its form around the name.
    const edit: TextEdit =
      item.form === 'link'
        ? { range: item.range, newText: `[${c.entry.title}](${relativeLink(library.uri, c.entry.uri)})` }
        : { range: item.nameRange, newText: c.entry.title };
    return { title: `Change to "${c.entry.title}"`, edits: [edit], preferred: i === 0 && unique ? true : undefined, safe: false };
  });
}

// ---- add an alias -------------------------------------------------------------------------

/** Adds `name` to the entry's `aliases:` in its front matter (creating the key, or the front
 * matter, when there is none). Undefined when the aliases are written in a way an edit of one
 * line cannot extend safely (a flow sequence over several lines, a block scalar). */
export function addAliasFix(entry: EntrySummary, name: string, library: LibraryContext): Fix | undefined {
  const eol = entry.eol;
  const spot = entry.aliasSpot;
  const at = (line: number, character = 0): Range => ({ start: { line, character }, end: { line, character } });
  let edit: TextEdit;
  switch (spot.form) {
    case 'list':
      edit = { range: at(spot.lastItemLine + 1), newText: `${spot.indent}- ${blockScalar(name)}${eol}` };
      break;
    case 'inline': {
      if (entry.aliases.some((a) => a.range?.start.line !== spot.keyLine)) return undefined;
      const empty = spot.valueRange.start.character === spot.valueRange.end.character;
      edit = { range: spot.valueRange, newText: (empty ? ' ' : '') + flowSequence([...entry.aliases.map((a) => a.name), name]) };
      break;
    }
    case 'none':
      edit = { range: at(spot.closingLine), newText: `aliases:${eol}  - ${blockScalar(name)}${eol}` };
      break;
    case 'no-front-matter':
      edit = { range: at(0), newText: `---${eol}aliases:${eol}  - ${blockScalar(name)}${eol}---${eol}` };
      break;
  }
  return {
    title: `Add "${name}" as an alias of "${entry.title}" (${workspacePath(library, entry.uri)})`,
    edits: [],
    otherEdits: [{ uri: entry.uri, edits: [edit] }],
    safe: false,
  };
}

/** A YAML scalar for a block context (`- name`, `title: name`), quoted when it must be. */
export function blockScalar(value: string): string {
  const text = stringifyYaml(value, { lineWidth: 0 }).replace(/\r?\n$/, '');
  return roundTrips(`- ${text}`, [value]) ? text : JSON.stringify(value);
}

function flowSequence(values: string[]): string {
  const text = stringifyYaml(values, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).replace(/\r?\n$/, '');
  return roundTrips(text, values) ? text : `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function roundTrips(yaml: string, values: string[]): boolean {
  try {
    const parsed: unknown = parseYaml(yaml);
    return Array.isArray(parsed) && parsed.length === values.length && parsed.every((v, i) => v === values[i]);
  } catch {
    return false;
  }
}

// ---- create the entry ---------------------------------------------------------------------

const roleOfKind = { concept: 'concept-entry', company: 'company-entry' } as const;

/** Creates the missing entry from a template: in the library's folder (the static part of its
 * first glob, below the root) under a slug of the name, or at `at` (a link's missing target).
 * Undefined without a root, or when the new file would not count as an entry of that library. */
export function createEntryFix(context: RuleContext, kind: EntryKind, name: string, at?: string): Fix | undefined {
  const library = context.library;
  if (!library?.root) return undefined;
  const globs = kind === 'concept' ? context.config.library.concepts : context.config.library.companies;
  const root = canonicalUri(library.root).replace(/\/$/, '');
  let uri: string | undefined;
  if (at) {
    const target = canonicalUri(at);
    if (!target.startsWith(root + '/') || library.index.get(target)) return undefined;
    if (roleByGlobs(workspacePath(library, target), context.config) !== roleOfKind[kind]) return undefined;
    uri = target;
  } else {
    if (!globs.length) return undefined;
    const base = globBase(globs[0]).replace(/\/$/, '');
    const stem = fileSlug(name);
    for (let n = 1; !uri && n < 1000; n++) {
      const rel = `${base ? base + '/' : ''}${stem}${n > 1 ? `-${n}` : ''}.md`;
      if (n === 1 && roleByGlobs(rel, context.config) !== roleOfKind[kind]) return undefined;
      const candidate = canonicalUri(joinUri(root, ...rel.split('/')));
      if (!library.index.get(candidate)) uri = candidate;
    }
    if (!uri) return undefined;
  }
  return {
    title: `Create the ${libraryName[kind]} entry "${name}" (${workspacePath(library, uri)})`,
    edits: [],
    createFiles: [{ uri, text: entryTemplate(kind, name, context.model.eol) }],
    safe: false,
  };
}

/** A file name for an entry: lower case, accents folded, words joined by `-` (`multi-homing`). */
export function fileSlug(name: string): string {
  const s = slug(name.normalize('NFKD').replace(/\p{M}+/gu, ''))
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return s || 'entry';
}

export function entryTemplate(kind: EntryKind, name: string, eol: string): string {
  const what = kind === 'concept' ? 'what the concept means' : 'what the company does';
  return [
    '---',
    `title: ${blockScalar(name)}`,
    'summary:',
    '---',
    '',
    `# ${name}`,
    '',
    `Describe ${what} in a paragraph; hovers on its tags show it until the summary above is filled in.`,
    '',
  ].join(eol);
}

// ---- move a tag, remove a line ------------------------------------------------------------

/** Deletes a whole line, its line break included (the last line: its text). */
export function deleteLine(model: ArticleModel, line: number): TextEdit {
  const end: Position = line < model.end.line ? { line: line + 1, character: 0 } : model.end;
  return { range: { start: { line, character: 0 }, end }, newText: '' };
}

const sectionHeaders: Record<TagSection, string> = {
  concepts: 'From the Concept Library, concepts for this article are:',
  companies: 'From the Company Library, companies for this article are:',
};

/** Moves a wrong-library tag to the other section: its line leaves this section and the item is
 * appended to the other one (replacing an `n/a`), or the other section is created right after
 * this one. When the other section already names the entry, the tag is only removed. */
export function moveTagFix(context: RuleContext, tag: ResolvedTag): Fix | undefined {
  const { model, library } = context;
  const from = model[tag.section];
  if (!library || !from) return undefined;
  const to: TagSection = tag.section === 'concepts' ? 'companies' : 'concepts';
  const target = model[to];
  const eol = model.eol;
  const line = tag.item.range.start.line;
  const toWords = to === 'companies' ? 'company' : 'concept';
  const entry = tag.entries.find((e) => e.entryKind === kindOfSection[to]);
  const already = entry && target?.items.some((i) => library.index.resolveTag({ name: i.name, form: i.form, targetUri: linkTarget(library, i) }).some((e) => e.uri === entry.uri));
  if (already) {
    return { title: `Remove "${tag.item.name}" (already among the ${toWords} tags)`, edits: [deleteLine(model, line)], preferred: true };
  }
  const itemLine = markerFor(context, to) + tag.item.text;
  const edits: TextEdit[] = [];
  if (target) {
    const header = target.headerRange.start.line;
    const last = target.range.end.line;
    const lastLength = target.range.end.character;
    const naItem = target.none && last > header && !target.items.some((i) => i.range.start.line === last);
    const colon = target.header.lastIndexOf(':');
    const naOnHeader = target.none && last === header && colon >= 0 && isNone(target.header.slice(colon + 1));
    if (naItem) edits.push({ range: { start: { line: last, character: 0 }, end: { line: last, character: lastLength } }, newText: itemLine });
    else if (naOnHeader) {
      const start = target.headerRange.start.character + colon + 1;
      edits.push({ range: { start: { line: header, character: start }, end: { line: header, character: lastLength } }, newText: eol + itemLine });
    } else edits.push({ range: point(last, lastLength), newText: eol + itemLine });
    edits.push(deleteLine(model, line));
  } else if (line === from.range.end.line) {
    // The tag is this section's last line: the new section's header goes in above it, and the
    // item itself stays where it is, now under the new header.
    edits.push({ range: point(line, 0), newText: eol + sectionHeaders[to] + eol });
  } else {
    edits.push(deleteLine(model, line));
    edits.push({ range: point(from.range.end.line, from.range.end.character), newText: eol + eol + sectionHeaders[to] + eol + itemLine });
  }
  return { title: `Move "${tag.item.name}" to the ${toWords} tags`, edits, preferred: true };
}

/** The list marker a section's items use (from the document's summary in the index, when it
 * is of this version), else `- `. */
function markerFor(context: RuleContext, section: TagSection): string {
  const library = context.library!;
  const summary = library.index.article(library.uri);
  const model = context.model;
  if (summary && summary.lineCount === model.lineCount) {
    for (const s of [section, section === 'concepts' ? 'companies' : 'concepts'] as const) {
      const spot = summary.sections[s];
      const m = model[s];
      if (spot && m && spot.headerLine === m.headerRange.start.line && m.items.length) return spot.marker;
    }
  }
  return '- ';
}

function point(line: number, character: number): Range {
  return { start: { line, character }, end: { line, character } };
}
