// GitHub-style heading anchors, as `[text](other.md#anchor)` links use them.

import GithubSlugger from 'github-slugger';
import type { Heading } from '../dialect/model';
import type { HeadingSummary } from './summary';

/** Each heading with its slug; repeats get `-1`, `-2` … as on GitHub. */
export function headingSlugs(headings: readonly Heading[]): HeadingSummary[] {
  const slugger = new GithubSlugger();
  return headings.map((h) => ({ text: h.text, slug: slugger.slug(plainHeading(h.text)), depth: h.depth, range: h.range }));
}

/** GitHub slugs the rendered text: emphasis, code ticks and link syntax do not count. */
function plainHeading(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]/g, (c, i, s: string) => (c === '_' && /\w/.test(s[i - 1] ?? '') && /\w/.test(s[i + 1] ?? '') ? c : ''));
}
