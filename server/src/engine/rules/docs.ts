// Where a rule's page lives: in the repository (and the packaged extension) and on the web.

/** The repository the pages are published from (package.json `repository`). */
export const repositoryUrl = 'https://github.com/strategy-notes/strategy-notes';

/** The rule's page, relative to the repository root. */
export function ruleDocsPath(id: string): string {
  return `docs/rules/${id}.md`;
}

/** The rule's page on the web. */
export function ruleHelpUri(id: string): string {
  return `${repositoryUrl}/blob/main/${ruleDocsPath(id)}`;
}
