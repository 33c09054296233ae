import { URI } from 'vscode-uri';
import { headingAt } from '../workspace/slugs';
import { canonicalUri, resolveLink } from '../workspace/uris';
import type { Finding, Rule } from './rule';

export const brokenRelatedLink: Rule = {
  id: 'broken-related-link',
  defaultSeverity: 'warning',
  description: 'A related-article link points at a Markdown file or a heading that does not exist.',
  appliesTo: 'article',
  readsLibrary: true,
  check({ model, library }) {
    if (!library || !model.related) return [];
    const out: Finding[] = [];
    for (const item of model.related.items) {
      if (item.form !== 'link' || !item.target) continue;
      const link = resolveLink(library.uri, item.target);
      // Web links and links to other kinds of files are not checked; plain titles never are.
      if (!link || !/\.(?:md|markdown)$/i.test(URI.parse(link.uri).path)) continue;
      const range = item.targetRange ?? item.range;
      const self = canonicalUri(link.uri) === canonicalUri(library.uri);
      const target = self ? undefined : library.index.get(link.uri);
      if (!self && !target) {
        out.push({ range, message: `"${item.name}" links to ${item.target.replace(/#.*$/, '')}, which is not a file in this workspace.` });
        continue;
      }
      if (!link.fragment) continue;
      const fragment = link.fragment;
      if (headingAt(self ? model.headings : target!.headings, fragment)) continue;
      out.push({ range, message: `"${item.name}" links to the heading #${fragment}, which ${self ? 'this article' : item.target.replace(/#.*$/, '')} does not have.` });
    }
    return out;
  },
};
