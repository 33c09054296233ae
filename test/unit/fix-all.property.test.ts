// Fix all never drops the writer's text, for random and hostile documents (unclosed blocks,
// lazy lines, CRLF, a BOM, no final newline, duplicate tags): line by line, the output keeps
// every line of the original except the ones a safe fix rewrites (a pillar number, the thesis
// count: the same line with another number) or removes (a duplicate tag's item), and adds lines
// only at the end (the disclaimer). Fix-all of its own output changes nothing, and every rule it
// fixed is clean on re-check.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffArrays } from 'diff';
import { createEngine, fixDocument, type ArticleInput, type FixAllResult } from '../../server/src/engine';
import { defaultConfig } from '../../server/src/engine/config';
import type { TextEdit } from '../../server/src/engine/rules/rule';
import { WorkspaceIndexer } from '../../server/src/engine/workspace/indexer';
import { InMemoryWorkspace } from '../../server/src/engine/workspace/workspace';
import { applyEdits, boundaryVocabulary } from './helpers';

const vocabulary = [
  ...boundaryVocabulary,
  'Here are 5 things Alibaba will likely focus on:', 'here are twelve engines:', 'I attribute this to FIVE factors:', 'Here are my 9 predictions:',
  '7. Seventh Pillar', '7. Seventh Again', '12: Twelfth', 'Rule 9: Ninth', '**1. Bold Pillar**', '## 3. Heading Pillar', '1. Item', '2. Item',
  'Companies for this class:', '- Netflix', '- NFLX', '- [[Netflix]]', '- Network Effects', '- Network Effect', '- Network Efects', 'lazy line',
];

const endings = [
  '', '', '```\ncode', '~~~~\ncode\n', '<!-- a note', '<pre>\nx', '<script>', '<div>\nx', '    code', '> quote\nlazy', '- item\nlazy',
  '- a\n\n  ```\n  code', '> ```\n> code', '```\n```\n```', '   ', '\t', '\n\n', '- NFLX', '- Netflix\n- Netflix',
];

const shape = fc.record({
  lines: fc.array(fc.constantFrom(...vocabulary), { maxLength: 40 }),
  ending: fc.constantFrom(...endings),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  frontMatter: fc.constantFrom('none', 'none', 'closed', 'open'),
});

function textOf(s: typeof shape extends fc.Arbitrary<infer T> ? T : never): string {
  const head = s.frontMatter === 'closed' ? ['---', 'title: A', '---'] : s.frontMatter === 'open' ? ['---', 'title: A'] : [];
  let text = [...head, ...s.lines, ...(s.ending ? [s.ending] : [])].join('\n');
  if (s.finalNewline) text += '\n';
  if (s.crlf) text = text.replace(/\r?\n/g, '\r\n');
  return (s.bom ? '\uFEFF' : '') + text;
}

const numberToken = /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\b/gi;
const sameButNumbers = (a: string, b: string) => a.replace(numberToken, '#') === b.replace(numberToken, '#');
const tagItem = /^\s*(?:[-*+]|\d+[.)])(?:\s|$)/;

/** The line-by-line account of what changed: only rewritten numbers, removed tag items, lines added at the end. */
function assertKeepsTheWritersLines(original: string, fixed: string, where: string): void {
  // Lines that differ only in their numbers count as kept (renumbered, recounted).
  const changes = diffArrays(original.split(/\r\n|\r|\n/), fixed.split(/\r\n|\r|\n/), { comparator: sameButNumbers });
  for (let i = 0; i < changes.length; i++) {
    if (!changes[i].added && !changes[i].removed) continue;
    const removed: string[] = [];
    const added: string[] = [];
    for (; i < changes.length && (changes[i].added || changes[i].removed); i++) (changes[i].added ? added : removed).push(...changes[i].value);
    // Appended lines: after them, at most the original's blank lines (the diff may match those either side).
    const atEnd = changes.slice(i).every((c) => c.added || c.value.every((l) => l.trim() === ''));
    for (const line of removed) assert.ok(tagItem.test(line), `${where}: the line ${JSON.stringify(line)} was dropped or rewritten → ${JSON.stringify(fixed)}`);
    assert.ok(added.length === 0 || atEnd, `${where}: lines added before the end: ${JSON.stringify(added)} → ${JSON.stringify(fixed)}`);
  }
}

function assertEditsLand(original: string, result: FixAllResult, where: string): void {
  assert.equal(applyEdits(original, result.edits), result.text, `${where}: the edits make the fixed text`);
  const lines = original.split(/(?<=\r\n|\r(?!\n)|\n)/);
  const offset = (p: TextEdit['range']['start']) => lines.slice(0, p.line).reduce((n, l) => n + l.length, 0) + p.character;
  for (const e of result.edits) {
    const was = original.slice(offset(e.range.start), offset(e.range.end));
    assert.notEqual(was, e.newText, `${where}: an edit that changes nothing`);
    assert.ok(e.range.start.character <= (lines[e.range.start.line] ?? '').replace(/\r?\n$|\r$/, '').length, `${where}: an edit starts within its line`);
  }
}

const root = 'file:///ws';
const library: Record<string, string> = {
  'library/concepts/network-effects.md': '---\ntitle: Network Effects\naliases: [Network Effect]\n---\n\nText.\n',
  'library/companies/netflix.md': '---\ntitle: Netflix\naliases: NFLX\n---\n\nText.\n',
};

describe('fix all keeps the writer\'s text, settles, and leaves what it fixed clean', () => {
  const config = defaultConfig();

  async function run(numRuns: number, withLibrary: boolean): Promise<number> {
    const ws = new InMemoryWorkspace(root, library, config);
    const indexer = new WorkspaceIndexer(ws, async () => {});
    await indexer.build();
    const engine = createEngine();
    let version = 0;
    const input = (text: string): ArticleInput => ({ key: `${root}/articles/a.md`, text, version: ++version, config, isArticle: true, role: 'article', library: withLibrary ? { index: indexer.index, root } : undefined });
    const check = (text: string) => engine.analyze(input(text)).diagnostics;
    const fix = (text: string) => fixDocument(engine, input(text), check(text));
    let fixed = 0;
    fc.assert(
      fc.property(shape, (s) => {
        const text = textOf(s);
        const where = JSON.stringify(text);
        const result = fix(text);
        assertEditsLand(text, result, where);
        assertKeepsTheWritersLines(text, result.text, where);
        if (/\r\n/.test(text) && !/(?<!\r)\n|\r(?!\n)/.test(text)) assert.ok(!/(?<!\r)\n|\r(?!\n)/.test(result.text), `${where}: CRLF stays CRLF → ${JSON.stringify(result.text)}`);
        if (text.startsWith('\uFEFF')) assert.ok(result.text.startsWith('\uFEFF'), `${where}: the BOM stays`);
        const again = fix(result.text);
        assert.deepEqual(again.edits, [], `${where}: fix-all of its own output changes ${JSON.stringify(again.edits)} → ${JSON.stringify(result.text)}`);
        const left = check(result.text).filter((d) => result.rules.includes(d.rule));
        assert.deepEqual(left.map((d) => `${d.rule}: ${d.message}`), [], `${where}: still reported after fix-all → ${JSON.stringify(result.text)}`);
        if (result.edits.length) fixed++;
      }),
      { numRuns, includeErrorInReport: true },
    );
    return fixed;
  }

  test('random and hostile articles, without a workspace', async () => {
    const fixed = await run(500, false);
    assert.ok(fixed > 250, `only ${fixed} documents had something fixed`);
  });

  test('random and hostile articles with tag sections, on an in-memory workspace', async () => {
    const fixed = await run(300, true);
    assert.ok(fixed > 150, `only ${fixed} documents had something fixed`);
  });
});
