// What a lint rule is: an id, a default severity, a description, a check over the article
// model, and optional fixes. Plain data in and out; the protocol layer turns it into LSP.

import type { ArticleModel, Range } from '../dialect/model';
import type { Config, Severity } from '../config';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a writer most likely wants (VS Code offers it with Ctrl+. first / Fix All). */
  preferred?: boolean;
}

export interface Finding {
  range: Range;
  message: string;
  fixes?: Fix[];
}

export interface RuleContext {
  model: ArticleModel;
  config: Config;
}

export interface Rule {
  id: string;
  defaultSeverity: Exclude<Severity, 'off'>;
  description: string;
  check(context: RuleContext): Finding[];
}

export { lineRange } from '../dialect/text';
