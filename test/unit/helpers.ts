// In-memory articles for engine tests. `md` strips the common indentation of a template
// literal; `marked` finds `‸` cursor markers and returns their positions with the text.
import { ArticleBuilder, type ArticleOptions } from '../../server/src/engine/dialect/article';
import type { ArticleModel, Position } from '../../server/src/engine/dialect/model';

export function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

export function article(text: string, options: ArticleOptions = {}): ArticleModel {
  return new ArticleBuilder().build(text, 1, options);
}

/** Removes every `‸` marker from the text and returns the markers' positions, in order. */
export function marked(text: string): { text: string; cursors: Position[] } {
  const cursors: Position[] = [];
  const lines = text.split('\n').map((line, lineNo) => {
    let out = '';
    for (const ch of line) {
      if (ch === '‸') cursors.push({ line: lineNo, character: out.length });
      else out += ch;
    }
    return out;
  });
  return { text: lines.join('\n'), cursors };
}

export const disclaimer = 'This article is not investment, legal or tax advice.';
