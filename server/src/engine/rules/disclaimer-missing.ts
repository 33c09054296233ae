import type { ArticleModel } from '../dialect/model';
import { disclaimerFixes } from '../config';
import { lineRange, type Fix, type Rule } from './rule';

export const disclaimerMissing: Rule = {
  id: 'disclaimer-missing',
  defaultSeverity: 'error',
  description: 'The article has no investment disclaimer paragraph.',
  check({ model, config }) {
    if (model.disclaimer) return [];
    return [
      {
        range: lineRange(Math.max(model.lastTextLine, 0), 0, model.lastTextLineLength),
        message: 'This article has no investment disclaimer (a paragraph saying it "is not investment, legal or tax advice").',
        fixes: disclaimerFixes(config) ? [appendDisclaimer(model, config.disclaimer.text)] : [],
      },
    ];
  },
};

/** Appends the disclaimer as its own paragraph at the end, after exactly the blank line it needs.
 * It only inserts: no character of the writer's text is replaced. */
export function appendDisclaimer(model: ArticleModel, text: string): Fix {
  const eol = model.eol;
  const endLine = model.end.line;
  let prefix: string;
  if (model.lastTextLine < 0) prefix = '';
  else if (model.lastTextLine === endLine) prefix = eol + eol;
  else if (model.end.character > 0) prefix = eol; // the last line holds only spaces: end it, it becomes the blank line
  else prefix = endLine - model.lastTextLine - 1 >= 1 ? '' : eol;
  return {
    title: 'Add the investment disclaimer',
    preferred: true,
    safe: true,
    edits: [{ range: { start: model.end, end: model.end }, newText: prefix + text + eol }],
  };
}
