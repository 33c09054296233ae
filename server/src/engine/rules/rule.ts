// What a lint rule is: an id, a default severity, a description, a check over the article
// model, and optional fixes. Plain data in and out; the protocol layer turns it into LSP.

import type { ArticleModel, Range } from '../dialect/model';
import type { Config, Severity } from '../config';
import type { WorkspaceIndex } from '../workspace/index';
import type { FileRole } from '../workspace/summary';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Edits to a file other than the one checked (an entry's front matter, say). */
export interface FileEdit {
  uri: string;
  edits: TextEdit[];
}

/** A new file a fix creates; never offered when `uri` exists (the editor is told not to overwrite). */
export interface FileCreate {
  uri: string;
  text: string;
}

export interface Fix {
  title: string;
  /** Edits to the checked document. */
  edits: TextEdit[];
  /** The fix a writer most likely wants (VS Code offers it with Ctrl+. first / Fix All). */
  preferred?: boolean;
  /** Safe to apply without a look (fix-all, `--fix`): one obvious outcome, not a guess among several. */
  safe?: boolean;
  /** Files the fix creates, before any edit is applied. */
  createFiles?: FileCreate[];
  /** Edits to other files. */
  otherEdits?: FileEdit[];
}

export interface Finding {
  range: Range;
  message: string;
  fixes?: Fix[];
}

/** What the library rules read besides the model: the document's URI and the workspace index. */
export interface LibraryContext {
  uri: string;
  role: FileRole;
  index: WorkspaceIndex;
  /** The folder (a URI) `library.concepts` / `library.companies` resolve from: new entries go below it. */
  root?: string;
}

export interface RuleContext {
  model: ArticleModel;
  config: Config;
  /** Absent where there is no workspace (an untitled document, a lone file): library rules do not run. */
  library?: LibraryContext;
  /** False when only the findings are reported (the CLI without --fix): a rule need not make its
   * fixes (those that are costly — suggestions, renumbering — skip them); any it makes are dropped. */
  withFixes?: boolean;
  /** At most this many findings are wanted (the editor's share: it shows 1,000 a document). A
   * rule that can find one per line (a pasted list of 131,000 `1.` lines) makes only the first
   * of them in document order and counts the rest in `more` (see `capped`); others may ignore it. */
  limit?: number;
}

/** A rule's findings; `more`: findings past `RuleContext.limit`, counted, not made. */
export type RuleFindings = Finding[] & { more?: number };

/** Collects findings up to `limit` and counts the rest. */
export function capped(limit = Infinity): { findings: RuleFindings; wanted(): boolean } {
  const findings: RuleFindings = [];
  return {
    findings,
    /** Whether the next finding is to be made (else it is only counted). */
    wanted() {
      if (findings.length < limit) return true;
      findings.more = (findings.more ?? 0) + 1;
      return false;
    },
  };
}

export interface Rule {
  id: string;
  defaultSeverity: Exclude<Severity, 'off'>;
  description: string;
  /** Which files it checks: articles (the default), library entries, or both. */
  appliesTo?: 'article' | 'entry' | 'any';
  /** Reads the workspace index (`context.library`): finds nothing without one, and runs only once
   * the index is built (a split check runs the other rules where the model was built). */
  readsLibrary?: boolean;
  /** Runs on a model that was not analyzed (binary, too large); other rules do not. */
  readsUnanalyzed?: boolean;
  /** What its findings offer: `safe` — at least one fix that fix-all and `check --fix` apply;
   * `suggestion` — fixes a writer picks among (never applied unasked); absent — no fix. */
  fixable?: 'safe' | 'suggestion';
  check(context: RuleContext): RuleFindings;
}

export { lineRange } from '../dialect/text';
