// Document links (Ctrl+click): each tag and inline reference that names a library entry links
// to the entry's file; each related-article item that resolves links to its article (a link
// with `#slug` to that heading, a plain title to the article with that title).

import type { Range } from '../dialect/model';
import type { WorkspaceIndex } from '../workspace/index';
import { headingAt } from '../workspace/slugs';
import { canonicalUri } from '../workspace/uris';
import { displayPath, kindName, summaryOf, type DocumentContext } from './locate';

export interface DocumentLinkEntry {
  /** The linked text: the tag's or reference's name, the related item's title. */
  range: Range;
  /** The file linked to. */
  target: string;
  /** Where in the target to land (an entry's title, a heading), when not its top. */
  targetRange?: Range;
  tooltip: string;
}

export interface LinksOptions {
  /** The workspace folder (a URI): tooltips show paths relative to it. */
  root?: string;
}

export function documentLinks(doc: DocumentContext, index: WorkspaceIndex, options: LinksOptions = {}): DocumentLinkEntry[] {
  const a = doc.summary;
  if (a.kind !== 'article') return [];
  const out: DocumentLinkEntry[] = [];
  const path = (uri: string) => displayPath(uri, { root: options.root, from: doc.uri });
  const named = [...a.tags.map((t) => ({ range: t.nameRange, entries: index.resolveTag(t) })), ...a.references.map((r) => ({ range: r.nameRange, entries: index.lookup(r.name) }))];
  for (const { range, entries } of named) {
    // A name two entries share links nowhere: neither is the one meant.
    if (entries.length !== 1) continue;
    const e = entries[0];
    out.push({ range, target: e.uri, targetRange: e.titleRanges[0], tooltip: `${kindName[e.entryKind]}: ${e.title} (${path(e.uri)})` });
  }
  const self = canonicalUri(doc.uri);
  for (const r of a.related) {
    if (r.form === 'link') {
      if (!r.targetUri) continue;
      const target = summaryOf(r.targetUri, index, doc);
      if (!target) continue;
      const heading = r.fragment !== undefined ? headingAt(target.headings, r.fragment) : undefined;
      if (r.fragment !== undefined && !heading) continue;
      out.push({ range: r.nameRange, target: target.uri, targetRange: heading?.range, tooltip: `${target.title}${heading ? ` — ${heading.text}` : ''} (${path(target.uri)})` });
    } else {
      const found = index.byTitle(r.name).filter((f) => f.uri !== self);
      if (found.length !== 1) continue;
      const f = found[0];
      out.push({ range: r.nameRange, target: f.uri, targetRange: f.kind === 'article' ? f.titleRange : undefined, tooltip: `${f.title} (${path(f.uri)})` });
    }
  }
  return out;
}
