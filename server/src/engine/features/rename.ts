// Rename a library entry (from a tag, an inline reference or the entry's own title): one edit
// set that changes the entry's title where it is written (front matter `title:` and the
// matching `# ` heading) and every tag and reference that names it by its title, in whatever
// case. Tags and references written with an alias stay as they are; `[[Title|shown text]]`
// keeps its shown text; a link tag's text changes only when it is the title.

import { parse as parseYaml } from 'yaml';
import { isNone } from '../dialect/lines';
import type { Position, Range } from '../dialect/model';
import type { FileEdit, TextEdit } from '../rules/rule';
import { nameKey, type WorkspaceIndex } from '../workspace/index';
import type { EntrySummary } from '../workspace/summary';
import { canonicalUri } from '../workspace/uris';
import { displayPath, entriesAt, kindName, locate, summaryOf, usagesOf, type DocumentContext, type Located } from './locate';

export type PrepareRenameResult = { range: Range; placeholder: string } | { error: string };
export type RenameResult = { edits: FileEdit[] } | { error: string };

export interface RenameOptions {
  /** The workspace folder (a URI), for paths in messages. */
  root?: string;
}

const notHere = 'Only library entries can be renamed here: put the cursor on a concept or company tag, an inline [[reference]], or the title of an entry in its own file.';

/** What would be renamed at `position`: the range the editor selects and the entry's title. */
export function prepareRename(doc: DocumentContext, position: Position, index: WorkspaceIndex): PrepareRenameResult {
  const target = renameTarget(doc, position, index);
  if ('error' in target) return target;
  return { range: target.range, placeholder: target.entry.title };
}

export function rename(doc: DocumentContext, position: Position, newName: string, index: WorkspaceIndex, options: RenameOptions = {}): RenameResult {
  const target = renameTarget(doc, position, index);
  if ('error' in target) return target;
  const entry = target.entry;
  const name = newName.trim();
  const invalid = invalidName(name);
  if (invalid) return { error: invalid };
  const holder = index.lookup(name).find((e) => canonicalUri(e.uri) !== canonicalUri(entry.uri));
  if (holder) {
    const as = nameKey(holder.title) === nameKey(name) ? 'the title' : 'an alias';
    return { error: `“${name}” is already ${as} of the ${kindName[holder.entryKind].toLowerCase()} “${holder.title}” (${displayPath(holder.uri, { root: options.root, from: doc.uri })}); an entry's name must be its own.` };
  }
  if (name === entry.title) return { edits: [] };

  const byFile = new Map<string, TextEdit[]>();
  const add = (uri: string, edit: TextEdit) => {
    const key = canonicalUri(uri);
    let list = byFile.get(key);
    if (!list) byFile.set(key, (list = []));
    list.push(edit);
  };

  const titleEdits = entryTitleEdits(entry, name);
  if ('error' in titleEdits) return titleEdits;
  for (const e of titleEdits) add(entry.uri, e);

  const titleKey = nameKey(entry.title);
  for (const u of usagesOf(entry, index, doc)) {
    if (nameKey(u.name) === titleKey) add(u.uri, { range: u.nameRange, newText: name });
  }

  const edits: FileEdit[] = [...byFile].map(([uri, list]) => ({ uri, edits: dedupe(list) }));
  return { edits };
}

type Target = { entry: EntrySummary; range: Range } | { error: string };

function renameTarget(doc: DocumentContext, position: Position, index: WorkspaceIndex): Target {
  const at: Located | undefined = locate(doc.summary, position);
  if (!at || at.kind === 'related') return { error: notHere };
  if (at.kind === 'entry') {
    if (at.part !== 'title' || !at.range) return { error: notHere };
    return { entry: at.entry, range: at.range };
  }
  const entries = entriesAt(at, index);
  const written = at.kind === 'tag' ? at.tag.name : at.reference.name;
  if (entries.length === 0) return { error: `“${written}” names no library entry, so there is nothing to rename.` };
  if (entries.length > 1) return { error: `“${written}” is a name of ${entries.length} library entries (${entries.map((e) => e.title).join(', ')}); rename the one you mean from its own file.` };
  // The entry as its open document says, when it is the open one.
  const own = summaryOf(entries[0].uri, index, doc);
  const entry = own?.kind === 'entry' ? own : entries[0];
  return { entry, range: at.kind === 'tag' ? at.tag.nameRange : at.reference.nameRange };
}

function invalidName(name: string): string | undefined {
  if (!name) return 'A library entry needs a name: the new name is empty.';
  if (/[\r\n]/.test(name)) return 'An entry name is one line.';
  if (/[[\]|]/.test(name)) return 'An entry name cannot hold `[`, `]` or `|`: tags and [[references]] could not be written with it.';
  if (isNone(name)) return `“${name}” means “no tags” in a tag section; choose another name.`;
  return undefined;
}

/** The new title where the entry writes its title; an entry titled by its file name gets a front matter `title:`. */
function entryTitleEdits(entry: EntrySummary, name: string): TextEdit[] | { error: string } {
  const eol = entry.eol;
  if (entry.titleSource === 'file-name') {
    const top = { line: 0, character: 0 };
    if (entry.aliasSpot.form === 'no-front-matter') return [{ range: { start: top, end: top }, newText: `---${eol}title: ${yamlValue(name)}${eol}---${eol}${eol}` }];
    const afterOpening = { line: 1, character: 0 };
    return [{ range: { start: afterOpening, end: afterOpening }, newText: `title: ${yamlValue(name)}${eol}` }];
  }
  if (entry.titleRanges.length === 0 || (entry.titleSource === 'front-matter' && !entry.frontMatterTitle)) return { error: `The title of “${entry.title}” could not be found in its file; change it there.` };
  const fm = entry.frontMatterTitle;
  return entry.titleRanges.map((range) => {
    const frontMatter = fm && fm.range.start.line === range.start.line && fm.range.start.character === range.start.character;
    return { range, newText: frontMatter ? yamlText(name, fm.quote) : name };
  });
}

/** The name as it must be written between the quotes the title already has (or as a YAML value when it has none). */
function yamlText(name: string, quote: '"' | "'" | undefined): string {
  if (quote === '"') return JSON.stringify(name).slice(1, -1);
  if (quote === "'") return name.replace(/'/g, "''");
  return yamlValue(name);
}

/** A plain YAML scalar when it reads back as the same string, else a double-quoted one. */
function yamlValue(name: string): string {
  try {
    const parsed = parseYaml(`title: ${name}`) as { title?: unknown } | null;
    if (parsed?.title === name) return name;
  } catch {
    // not plain-safe
  }
  return JSON.stringify(name);
}

function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits
    .filter((e) => {
      const key = `${e.range.start.line}:${e.range.start.character}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
