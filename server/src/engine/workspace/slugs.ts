// GitHub-style heading anchors, as `[text](other.md#anchor)` links use them. Computed when a
// link with a fragment asks, not with every summary: github-slugger spends ~10 µs a heading
// (an article of 50,000 setext headings paid half a second per version for slugs nobody read).

import GithubSlugger from 'github-slugger';

interface Titled {
  text: string;
}

const memo = new WeakMap<readonly Titled[], readonly string[]>();

/** The slug of each heading, in order; repeats get `-1`, `-2` … as on GitHub. Memoized per
 * headings array (summaries and models never change once made). */
export function slugsOf(headings: readonly Titled[]): readonly string[] {
  let slugs = memo.get(headings);
  if (!slugs) {
    const slugger = new GithubSlugger();
    slugs = headings.map((h) => slugger.slug(plainHeading(h.text)));
    memo.set(headings, slugs);
  }
  return slugs;
}

/** The heading a `#fragment` points at (exactly, or in lower case as GitHub also accepts). */
export function headingAt<H extends Titled>(headings: readonly H[], fragment: string): H | undefined {
  const slugs = slugsOf(headings);
  const i = slugs.indexOf(fragment);
  if (i >= 0) return headings[i];
  const lower = slugs.indexOf(fragment.toLowerCase());
  return lower >= 0 ? headings[lower] : undefined;
}

/** GitHub slugs the rendered text: emphasis, code ticks and link syntax do not count. */
function plainHeading(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]/g, (c, i, s: string) => (c === '_' && /\w/.test(s[i - 1] ?? '') && /\w/.test(s[i + 1] ?? '') ? c : ''));
}
