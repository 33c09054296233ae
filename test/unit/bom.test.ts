// A UTF-8 byte order mark is not text: the model, the diagnostics, the outline and the summary of a
// text with a BOM are those of the text without it, with positions that point into the text as
// handed over (line 0 one character further). The text at every range is the same either way.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine } from '../../server/src/engine';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { shiftFirstLine, withoutBom } from '../../server/src/engine/dialect/bom';
import type { Range } from '../../server/src/engine/dialect/model';
import { defaultConfig } from '../../server/src/engine/config';
import { hover } from '../../server/src/engine/features/hover';
import { WorkspaceIndexer, summarizeText } from '../../server/src/engine/workspace/indexer';
import { InMemoryWorkspace } from '../../server/src/engine/workspace/workspace';
import { disclaimer, md } from './helpers';

const BOM = '\uFEFF';

/** Documents whose first line matters: front matter, a pillar heading, a pasted pillar, a reference, a title. */
const documents: Record<string, string> = {
  'front matter': md`
    ---
    title: From the Front Matter
    ---
    Here are two things:
    ## 1. First
    Body.
    ## 3. Third
    ${disclaimer}
  `,
  'a pillar heading on the first line': md`
    ## 1. Scale
    Body.
    ## 2. Habit
  `,
  'a pasted pillar on the first line': '1. Scale matters [[Netflix]]\nBody.\n2) Habit\nMore.\n',
  'a reference and a title on the first line': `# Moats of [[Netflix]] and [[Nowhere]]\n\n${disclaimer}\n`,
  'a disclaimer on the only line': disclaimer,
  'CRLF line endings': '## 1. One\r\n\r\nBody.\r\n## 2. Two\r\n',
  'one line without a disclaimer': '# Just a Title',
  'empty': '',
  'a thematic break first': '---\n1. After the break\n',
};

/** The text a range covers. */
function textAt(text: string, range: Range): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [lines[range.start.line].slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), lines[range.end.line].slice(0, range.end.character)].join('\n');
}

/** Every range in plain data (diagnostics, outline items, the model). */
function rangesIn(value: unknown, out: Range[] = []): Range[] {
  if (Array.isArray(value)) for (const v of value) rangesIn(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.start && o.end && typeof (o.start as { line?: unknown }).line === 'number') out.push(o as unknown as Range);
    else for (const v of Object.values(o)) rangesIn(v, out);
  }
  return out;
}

describe('a UTF-8 BOM', () => {
  test('the model is the model of the text without it, line 0 one character further', () => {
    const builder = new ArticleBuilder();
    for (const [name, text] of Object.entries(documents)) {
      const plain = builder.build(text, 1, { fileName: 'a.md' });
      const withBom = builder.build(BOM + text, 1, { fileName: 'a.md' });
      assert.deepEqual(withBom, shiftFirstLine(plain, 1), name);
      // Every range covers the same text in its own text.
      const a = rangesIn(plain);
      const b = rangesIn(withBom);
      assert.equal(a.length, b.length, name);
      a.forEach((r, i) => assert.equal(textAt(BOM + text, b[i]), textAt(text, r), `${name}: ${JSON.stringify(r)}`));
    }
  });

  test('front matter and a first-line pillar are found (the issue\'s cases)', () => {
    const fm = new ArticleBuilder().build(BOM + documents['front matter']);
    assert.equal(fm.title.text, 'From the Front Matter');
    assert.ok(fm.frontMatter, 'front matter found');
    assert.deepEqual(fm.frontMatter.range.start, { line: 0, character: 1 });
    const pillars = new ArticleBuilder().build(BOM + documents['a pillar heading on the first line']).pillars;
    assert.deepEqual(pillars.map((p) => p.number), [1, 2]);
    assert.deepEqual(pillars[0].selectionRange.start, { line: 0, character: 1 }, 'starts after the BOM');
    assert.equal(textAt(BOM + documents['a pillar heading on the first line'], pillars[0].titleRange), 'Scale');
  });

  test('diagnostics (with their fixes) and the outline match, in the coordinates of each text', () => {
    const config = defaultConfig();
    for (const [name, text] of Object.entries(documents)) {
      const engine = createEngine();
      const plain = engine.analyze({ key: 'a', text, version: 1, config, isArticle: true });
      const withBom = engine.analyze({ key: 'b', text: BOM + text, version: 1, config, isArticle: true });
      // Back to the text without the BOM: line 0 one character back (a rule's "start of the line",
      // character 0, is the start of the line in either text).
      const unshifted = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(unshifted);
        if (!value || typeof value !== 'object') return value;
        const o = value as Record<string, unknown>;
        if (o.line === 0 && typeof o.character === 'number') return { ...o, character: Math.max(0, o.character - 1) };
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unshifted(v)]));
      };
      const noFixes = (ds: typeof plain.diagnostics) => ds.map((d) => ({ ...d, fixes: [] }));
      // A text that is only a BOM ends one character into line 0: the disclaimer fix then starts a
      // new line after the BOM instead of writing on line 0 (both land; checked below).
      if (text === '') assert.deepEqual(unshifted(noFixes(withBom.diagnostics)), noFixes(plain.diagnostics), name);
      else assert.deepEqual(unshifted(withBom.diagnostics), plain.diagnostics, name);
      assert.deepEqual(unshifted(withBom.outline), plain.outline, name);
      assert.deepEqual(withBom.folding, plain.folding, name);
      assert.deepEqual(withBom.diagnostics.map((d) => [d.rule, withoutBom(textAt(BOM + text, d.range))]), plain.diagnostics.map((d) => [d.rule, textAt(text, d.range)]), name);
      assert.deepEqual(rangesIn(withBom.outline).map((r) => withoutBom(textAt(BOM + text, r))), rangesIn(plain.outline).map((r) => textAt(text, r)), name);
    }
  });

  test('a fix applied to the text with the BOM leaves the BOM first and is clean on re-check', () => {
    const engine = createEngine();
    const config = defaultConfig();
    for (const text of [BOM + '## 1. One\n\nBody.\n\n## 3. Three\n\nBody.\n', BOM]) {
    const before = engine.analyze({ key: 'a', text, version: 1, config, isArticle: true });
    assert.ok(before.diagnostics.some((d) => d.fixes.length > 0));
    for (const d of before.diagnostics) {
      for (const fix of d.fixes) {
        const after = applyEdits(text, fix.edits);
        assert.ok(after.startsWith(text.slice(0, 6)), `${fix.title}: ${JSON.stringify(after.slice(0, 10))}`);
        const again = engine.analyze({ key: 'a', text: after, version: 2, config, isArticle: true });
        assert.ok(!again.diagnostics.some((x) => x.rule === d.rule), `${d.rule} clean after "${fix.title}"`);
      }
    }
    }
  });

  test('a file summary on disk is the summary of the text an editor shows (no BOM)', () => {
    const builder = new ArticleBuilder();
    for (const [name, text] of Object.entries(documents)) {
      for (const role of ['article', 'concept-entry'] as const) {
        assert.deepEqual(summarizeText('file:///ws/a.md', role, BOM + text, builder), summarizeText('file:///ws/a.md', role, text, builder), `${name} as ${role}`);
      }
    }
    assert.equal(withoutBom(BOM + 'x'), 'x');
    assert.equal(withoutBom('x' + BOM), 'x' + BOM, 'only a leading BOM');
  });

  test('a position on line 0 of a text with the BOM finds what is written there', async () => {
    const config = { ...defaultConfig(), articles: ['articles/**/*.md'] };
    const workspace = new InMemoryWorkspace('file:///ws', { 'library/companies/netflix.md': '# Netflix\n\nA streaming company.\n' }, config);
    const indexer = new WorkspaceIndexer(workspace, () => Promise.resolve());
    await indexer.build();
    const text = BOM + documents['a reference and a title on the first line'];
    const uri = 'file:///ws/articles/moats.md';
    const analysis = createEngine().analyze({ key: uri, text, version: 1, config, isArticle: true, library: { index: indexer.index, root: 'file:///ws' } });
    const doc = { uri, summary: analysis.summary, text };
    const at = text.indexOf('Netflix]]'); // line 0: the offset is the character
    const found = hover(doc, { line: 0, character: at }, indexer.index);
    assert.ok(found?.markdown.includes('Netflix'), JSON.stringify(found));
    assert.equal(textAt(text, found!.range!), '[[Netflix]]');
    const unknown = analysis.diagnostics.find((d) => d.rule === 'unknown-reference');
    assert.equal(unknown && textAt(text, unknown.range), 'Nowhere');
  });
});

function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: Range['start']) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}
