// Where a diagnostic's "more about this rule" link points: the rule's page shipped with the
// extension (`docs/rules/<id>.md` beside `dist/`), so it opens offline; the web page when the
// pages are not there (a server installed without them).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { knownRuleIds, repositoryUrl, ruleDocsPath, ruleHelpUri } from '../engine';

let docsRoot: string | null | undefined;

/** The folder holding `docs/rules`, searched upward from this code once: `dist/..` in the
 * bundle, the checkout's root when run from sources. */
export function docsRootFolder(): string | undefined {
  if (docsRoot === undefined) {
    docsRoot = null;
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'docs', 'rules'))) {
        docsRoot = dir;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return docsRoot ?? undefined;
}

/** Model problems (broken front matter, a line read plainly) are described in the dialect page. */
const problemsPage = 'docs/dialect.md';
const problemsAnchor = 'file-problems';

const hrefs = new Map<string, string>();

/** The page about a diagnostic code: a `file:` URI when the pages are shipped, else the web page. */
export function rulePageHref(code: string): string {
  let href = hrefs.get(code);
  if (!href) hrefs.set(code, (href = pageHref(code, docsRootFolder())));
  return href;
}

/** The page about a code with the pages in `root` (a folder holding `docs/`), or on the web. */
export function pageHref(code: string, root: string | undefined): string {
  const isRule = knownRuleIds.includes(code);
  const relative = isRule ? ruleDocsPath(code) : problemsPage;
  const href =
    root && existsSync(path.join(root, relative)) ? pathToFileURL(path.join(root, relative)).href : isRule ? ruleHelpUri(code) : `${repositoryUrl}/blob/main/${problemsPage}`;
  return isRule ? href : `${href}#${problemsAnchor}`;
}
