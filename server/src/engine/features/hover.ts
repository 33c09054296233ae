// Hover: on a tag or an inline reference, the entry it names — title, kind, aliases, summary
// and how many articles name it; on a tag that names no entry of its library, says so (and
// what it is, when it names an entry of the other one). On a related-article item, the
// article it points at; on an entry's title in its own file, the entry itself.

import type { Position, Range } from '../dialect/model';
import type { WorkspaceIndex } from '../workspace/index';
import type { EntrySummary, FileSummary } from '../workspace/summary';
import { headingAt } from '../workspace/slugs';
import { canonicalUri } from '../workspace/uris';
import { displayPath, entriesAt, kindName, libraryName, locate, sectionKind, summaryOf, usagesOf, type DocumentContext } from './locate';

export interface HoverResult {
  markdown: string;
  range: Range;
}

export interface HoverOptions {
  /** The workspace folder (a URI): paths are shown relative to it. */
  root?: string;
}

export function hover(doc: DocumentContext, position: Position, index: WorkspaceIndex, options: HoverOptions = {}): HoverResult | undefined {
  const at = locate(doc.summary, position);
  if (!at) return undefined;
  const card = (e: EntrySummary) => entryCard(e, index, doc, options);

  if (at.kind === 'tag') {
    const { tag } = at;
    const wanted = sectionKind[tag.section];
    const entries = entriesAt(at, index);
    if (entries.length === 0) {
      const what = tag.form === 'link' && tag.targetUri ? `\`${displayPath(tag.targetUri, { ...options, from: doc.uri })}\`` : `**${escape(tag.name)}**`;
      return { markdown: `${what} names no entry of the ${libraryName[wanted]}.`, range: tag.range };
    }
    const right = entries.filter((e) => e.entryKind === wanted);
    if (right.length === 0) {
      const other = entries[0].entryKind;
      const note = `**${escape(tag.name)}** is a ${kindName[other].toLowerCase()} (an entry of the ${libraryName[other]}), not a ${kindName[wanted].toLowerCase()}: it belongs in the ${other} tags.`;
      return { markdown: [note, ...entries.map(card)].join('\n\n---\n\n'), range: tag.range };
    }
    return { markdown: cards(right, card), range: tag.range };
  }

  if (at.kind === 'reference') {
    const entries = entriesAt(at, index);
    if (entries.length === 0) {
      return { markdown: `**${escape(at.reference.name)}** names no entry of the Concept Library or the Company Library.`, range: at.reference.range };
    }
    return { markdown: cards(entries, card), range: at.reference.range };
  }

  if (at.kind === 'entry') {
    if (at.part !== 'title' || !at.range) return undefined;
    return { markdown: card(at.entry), range: at.range };
  }

  // A related-article item.
  const item = at.item;
  if (item.form === 'link') {
    if (!item.targetUri) return undefined;
    const target = summaryOf(item.targetUri, index, doc);
    const path = `\`${displayPath(item.targetUri, { ...options, from: doc.uri })}\``;
    if (!target) return { markdown: `${path}: no such Markdown file in the workspace.`, range: item.range };
    const heading = item.fragment !== undefined ? headingAt(target.headings, item.fragment) : undefined;
    const lines = [fileCard(target, path)];
    if (item.fragment !== undefined) lines.push(heading ? `Heading: ${escape(heading.text)}` : `No heading \`#${item.fragment}\` in this file.`);
    return { markdown: lines.join('\n\n'), range: item.range };
  }
  const self = canonicalUri(doc.uri);
  const found = index.byTitle(item.name).filter((a) => a.uri !== self);
  if (found.length === 0) return { markdown: `No article in the workspace has the title **${escape(item.name)}**.`, range: item.range };
  return { markdown: found.map((f) => fileCard(f, `\`${displayPath(f.uri, { ...options, from: doc.uri })}\``)).join('\n\n---\n\n'), range: item.range };
}

function cards(entries: EntrySummary[], card: (e: EntrySummary) => string): string {
  const head = entries.length > 1 ? `This name is held by ${entries.length} library entries.\n\n---\n\n` : '';
  return head + entries.map(card).join('\n\n---\n\n');
}

function entryCard(e: EntrySummary, index: WorkspaceIndex, doc: DocumentContext, options: HoverOptions): string {
  const lines = [`**${escape(e.title)}** · ${kindName[e.entryKind]}`];
  if (e.aliases.length) lines.push(`Also: ${e.aliases.map((a) => escape(a.name)).join(', ')}`);
  if (e.summary) lines.push(e.summary);
  const count = new Set(usagesOf(e, index, doc).map((u) => u.uri)).size;
  const named = count === 0 ? 'Named in no article yet' : `Named in ${count} article${count === 1 ? '' : 's'}`;
  lines.push(`${named} · \`${displayPath(e.uri, { ...options, from: doc.uri })}\``);
  return lines.join('\n\n');
}

function fileCard(f: FileSummary, path: string): string {
  const lines = [`**${escape(f.title)}** · ${f.kind === 'article' ? 'Article' : f.kind === 'entry' ? `${kindName[f.entryKind]} entry` : 'Markdown file'} · ${path}`];
  if (f.kind === 'article' && f.pillars.length) lines.push(f.pillars.map((p) => `${p.number}. ${escape(p.title)}`).join('  \n'));
  return lines.join('\n\n');
}

/** Markdown punctuation in a name is shown as written. */
function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}
