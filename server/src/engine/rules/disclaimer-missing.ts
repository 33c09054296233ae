import type { ArticleModel, OpenAtEnd } from '../dialect/model';
import { disclaimerFixes } from '../config';
import { lineRange, type Fix, type Rule } from './rule';

export const disclaimerMissing: Rule = {
  id: 'disclaimer-missing',
  defaultSeverity: 'error',
  description: 'The article has no investment disclaimer paragraph.',
  fixable: 'safe',
  check({ model, config }) {
    if (model.disclaimer) return [];
    const open = model.openAtEnd;
    return [
      {
        range: lineRange(Math.max(model.lastTextLine, 0), 0, model.lastTextLineLength),
        message:
          'This article has no investment disclaimer (a paragraph saying it "is not investment, legal or tax advice").' +
          (open ? ` The article ends inside ${describe(open)} opened on line ${open.line + 1}, which is never closed; a disclaimer there would not count.` : ''),
        fixes: disclaimerFixes(config) ? [appendDisclaimer(model, config.disclaimer.text)] : [],
      },
    ];
  },
};

function describe(open: OpenAtEnd): string {
  return open.construct === 'fence' ? 'a code block' : open.construct === 'comment' ? 'an HTML comment' : 'an HTML block';
}

/** Appends the disclaimer as its own paragraph at the end, after exactly the blank line it needs.
 * A code block or HTML block still open at the end is closed first (its closer on a line of its
 * own), or the disclaimer would be part of it. It only inserts: no character of the writer's
 * text is replaced. */
export function appendDisclaimer(model: ArticleModel, text: string): Fix {
  const eol = model.eol;
  const endLine = model.end.line;
  const open = model.openAtEnd;
  // The last line holds something (text, or spaces): end it, so what follows starts a line.
  const lead = model.end.character > 0 ? eol : '';
  let prefix: string;
  if (open) prefix = lead + open.closer + eol + eol;
  else if (model.lastTextLine < 0) prefix = lead; // only blank lines: four spaces before the text would make it code
  else if (model.lastTextLine === endLine) prefix = eol + eol;
  else if (lead) prefix = eol; // the last line holds only spaces: ended, it becomes the blank line
  else prefix = endLine - model.lastTextLine - 1 >= 1 ? '' : eol;
  return {
    title: open ? `Close the ${describe(open).replace(/^an? /, '')}, then add the investment disclaimer` : 'Add the investment disclaimer',
    preferred: true,
    safe: true,
    edits: [{ range: { start: model.end, end: model.end }, newText: prefix + text + eol }],
  };
}
