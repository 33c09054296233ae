// In-memory articles for engine tests. `md` strips the common indentation of a template
// literal; `marked` finds `‸` cursor markers and returns their positions with the text.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { summarizeText, type FileRole, type Summarizer } from '../../server/src/engine';
import type { TextEdit } from '../../server/src/engine/rules/rule';
import { ArticleBuilder, type ArticleOptions } from '../../server/src/engine/dialect/article';
import { parseChunk } from '../../server/src/engine/dialect/chunks';
import { resetWorkCounters, workCounters } from '../../server/src/engine/dialect/work';
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

/** Lines that exercise every construct chunk boundaries must respect (the chunking property tests). */
export const boundaryVocabulary: readonly string[] = [
  '', '', '', 'Plain prose line.', 'Another line of prose', 'Here are three things to watch:', 'Sub-point Title:',
  '1. First Pillar', '2. Second Pillar', '3) Third Pillar', '#4: Fourth Pillar', 'Factor 5: Fifth', 'Step 6 – Sixth',
  '- bullet item', '* star item', '+ plus item', '  - nested bullet', '    indented four', '  two spaces', '1. They have built the thing.',
  '```', '~~~', '```js', '    ```', '> quoted line', '> 2. quoted pillar', '<div>', '</div>', '<!-- comment', '-->', '<!-- strategy-notes-disable pillar-numbering -->',
  '<span>inline</span>', '***', '---', '___', '===', '——', '# Heading One', '## 1. Heading Pillar', '### Sub heading', 'Setext title',
  'Related articles:', 'From the Concept Library, concepts for this article are:', 'Companies for this class:', 'n/a', '- [[Network Effects]]',
  '- [Cainiao](../library/companies/cainiao.md)', 'Text with [[Reference|shown]] and `[[code]]`.', 'This is not investment advice.',
  '[def]: http://example.com', '\t- tab bullet', '| a | b |',
];

/** The value after a JSON round trip (how models and chunk facts are compared: plain data). */
export const comparable = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** Asserts that a chunk's facts by the remark-free path equal remark's (`parseChunk(…, true)`);
 * true when the remark-free path read it (remark was handed nothing). */
export function sameAsRemark(text: string, startsDocument: boolean): boolean {
  resetWorkCounters();
  const fast = parseChunk(text, startsDocument);
  const withoutRemark = workCounters.remarkChars === 0;
  assert.deepEqual(comparable(fast), comparable(parseChunk(text, startsDocument, true)), JSON.stringify(text));
  return withoutRemark;
}

/** Applies edits (non-overlapping, against the original) as an editor would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  const offset = (p: TextEdit['range']['start']) => lines.slice(0, p.line).reduce((n, l) => n + l.length, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(a.range.start) - offset(b.range.start));
  for (let i = 1; i < sorted.length; i++) assert.ok(offset(sorted[i].range.start) >= offset(sorted[i - 1].range.end), 'edits do not overlap');
  return [...sorted].reverse().reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

/** A summarizer on this thread that records the files it was asked to summarize. */
export class CountingSummarizer implements Summarizer {
  calls: string[] = [];
  private builder = new ArticleBuilder();
  summarize(uri: string, role: FileRole, text: string) {
    this.calls.push(uri);
    return summarizeText(uri, role, text, this.builder);
  }
}

/** Makes temporary folders (`prefix` + random), all removed once the test file's tests end. */
export function temporaryFolders(prefix: string): () => string {
  const made: string[] = [];
  after(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(path.join(tmpdir(), prefix));
    made.push(d);
    return d;
  };
}
