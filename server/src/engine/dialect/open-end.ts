// What is still open at the end of an article: a fenced code block or an HTML block that only
// its end marker closes (CommonMark kinds 1–5: `<!--`, `<pre>`/`<script>`/`<style>`/`<textarea>`,
// `<?`, `<!X`, `<![CDATA[`). Text appended after a blank line lands inside such a block; every
// other construct (indented code, block quotes, lists and their lazy lines, HTML blocks that a
// blank line ends, front matter never closed, which is read as text) is closed by a blank line
// and a line at column 0, which is how fixes append.
//
// Read from the line facts: the stretch of code, HTML and blank lines the text ends in is
// walked from its first line with CommonMark's opening and closing rules, the facts having the
// last word on which lines are in which block. A closer is written with its opener's
// indentation, so it stays in the opener's list item when there is one (where a stray closer
// is harmless: a list item's blocks all close at the column-0 line). Linear in that stretch.

import type { LineFacts } from './chunks';
import { fenceOpen, htmlBlockCloses, htmlBlockKind, type HtmlBlockEnd } from './chunks';
import type { OpenAtEnd } from './model';
import { isBlank } from './text';

type State =
  | { kind: 'none' }
  /** In a paragraph (the stretch starts on a lazy line): only blocks that interrupt one start. */
  | { kind: 'paragraph' }
  | { kind: 'fence'; line: number; indent: string; marker: string }
  | { kind: 'html'; line: number; indent: string; ends: Exclude<HtmlBlockEnd, 'blank'>; tag?: string }
  /** An HTML block that the next blank line ends (CommonMark kinds 6 and 7). */
  | { kind: 'html-until-blank' };

// CommonMark's kind 6: these tags start an HTML block even inside a paragraph; any other
// complete tag alone on its line (kind 7) only where no paragraph goes on.
const blockTags = new Set(
  'address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead title tr track ul'.split(' '),
);
const interruptsParagraph = (line: string): boolean => {
  const m = /^ {0,3}<\/?([A-Za-z][A-Za-z0-9-]*)(?:[ \t>]|\/>|$)/.exec(line);
  return !!m && blockTags.has(m[1].toLowerCase());
};

const fenceCloses = (line: string, marker: string): boolean => {
  const m = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
  return !!m && m[1][0] === marker[0] && m[1].length >= marker.length;
};

const endMarkers: Record<Exclude<HtmlBlockEnd, 'blank' | 'raw'>, string> = { comment: '-->', instruction: '?>', declaration: '>', cdata: ']]>' };

/** The construct open at the end of `lines`, with the line that closes it; undefined when none is. */
export function openAtEnd(lines: string[], facts: LineFacts[]): OpenAtEnd | undefined {
  let last = lines.length - 1;
  while (last >= 0 && isBlank(lines[last])) last--;
  const inBlock = (l: number) => facts[l]?.kind === 'excluded' && (facts[l].excludedBy === 'code' || facts[l].excludedBy === 'html');
  if (last < 0 || !inBlock(last)) return undefined;
  let first = last;
  while (first > 0 && (inBlock(first - 1) || facts[first - 1]?.kind === 'blank')) first--;
  while (!inBlock(first)) first++;
  // Text just before the stretch is a paragraph it may be the lazy continuation of.
  const before = facts[first - 1];
  let state: State = before && (before.kind === 'text' || before.excludedBy === 'block-quote') ? { kind: 'paragraph' } : { kind: 'none' };
  for (let l = first; l <= last; l++) {
    // A BOM is not part of the first line (editors drop it; CommonMark reads past it).
    const line = l === 0 && lines[0].charCodeAt(0) === 0xfeff ? lines[0].slice(1) : lines[l];
    const by = facts[l].kind === 'excluded' ? facts[l].excludedBy : undefined;
    const blank = isBlank(line);
    // Where the parse says a line is not in the block, it is not (the parse has the last word).
    if (!blank && ((state.kind === 'fence' && by !== 'code') || ((state.kind === 'html' || state.kind === 'html-until-blank') && by !== 'html'))) state = { kind: 'none' };
    if (state.kind === 'fence') {
      if (fenceCloses(line, state.marker)) state = { kind: 'none' };
      continue;
    }
    if (state.kind === 'html') {
      if (htmlBlockCloses(line, state.ends, 0)) state = { kind: 'none' };
      continue;
    }
    if (blank) {
      state = { kind: 'none' };
      continue;
    }
    if (state.kind === 'html-until-blank') continue;
    // An opener counts where the parse put the line in a block of that kind.
    const fence = by === 'code' ? fenceOpen.exec(line) : null;
    if (fence && !(fence[1][0] === '`' && fence[2].includes('`'))) {
      state = { kind: 'fence', line: l, indent: line.slice(0, line.length - fence[1].length - fence[2].length), marker: fence[1] };
      continue;
    }
    if (by === 'html' && /^ {0,3}</.test(line)) {
      const { ends, openerEnd } = htmlBlockKind(line);
      const indent = line.slice(0, line.indexOf('<'));
      if (ends === 'blank') {
        // Inline HTML on a paragraph's line is read as `html` too: a block only where one starts.
        if (state.kind === 'none' || interruptsParagraph(line)) state = { kind: 'html-until-blank' };
      } else if (!htmlBlockCloses(line, ends, openerEnd, true)) {
        state = { kind: 'html', line: l, indent, ends, tag: ends === 'raw' ? line.slice(indent.length + 1, openerEnd).toLowerCase() : undefined };
      } else state = { kind: 'none' };
      continue;
    }
    // Anything else (indented code, a list item's line) is closed by what follows a blank line.
    if (state.kind !== 'paragraph') state = { kind: 'none' };
  }
  if (state.kind === 'fence') return { construct: 'fence', line: state.line, closer: state.indent + state.marker };
  if (state.kind === 'html') {
    const marker = state.ends === 'raw' ? `</${state.tag}>` : endMarkers[state.ends];
    return { construct: state.ends === 'comment' ? 'comment' : 'html', line: state.line, closer: state.indent + marker };
  }
  return undefined;
}
