// Go to definition: from a tag (plain, `[[x]]` or a link) or an inline reference to the library
// entry it names (its title); from a related-article item to the article (a link's `#slug` to
// that heading; a plain title to the article with that title).

import type { Position } from '../dialect/model';
import type { WorkspaceIndex } from '../workspace/index';
import { headingAt } from '../workspace/slugs';
import { canonicalUri } from '../workspace/uris';
import { entriesAt, entryLocation, locate, startOfFile, summaryOf, type DocumentContext, type Location } from './locate';

export function definition(doc: DocumentContext, position: Position, index: WorkspaceIndex): Location[] {
  const at = locate(doc.summary, position);
  if (!at || at.kind === 'entry') return [];
  if (at.kind === 'related') {
    const item = at.item;
    if (item.form === 'link') {
      if (!item.targetUri) return []; // a web link
      const target = summaryOf(item.targetUri, index, doc);
      if (!target) return [];
      const heading = item.fragment ? headingAt(target.headings, item.fragment) : undefined;
      return [{ uri: target.uri, range: heading?.range ?? startOfFile }];
    }
    const self = canonicalUri(doc.uri);
    return index
      .byTitle(item.name)
      .filter((a) => a.uri !== self)
      .map((a) => ({ uri: a.uri, range: (a.kind === 'article' ? a.titleRange : undefined) ?? startOfFile }));
  }
  const entries = entriesAt(at, index);
  if (entries.length) return entries.map(entryLocation);
  // A link tag to a file that is not a library entry still leads to that file.
  if (at.kind === 'tag' && at.tag.form === 'link' && at.tag.targetUri) {
    const target = summaryOf(at.tag.targetUri, index, doc);
    if (target) return [{ uri: target.uri, range: startOfFile }];
  }
  return [];
}
