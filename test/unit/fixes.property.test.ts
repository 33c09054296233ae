// Fixes always land: for random and hostile documents with a finding, every fix offered is
// applied and the document checked again. The finding of that rule at that place is gone (for
// the article rules: the rule reports nothing at all), and no text of the writer's was dropped:
// what the fix replaces lies on its findings' lines and is at most that line; the rest of the
// original is kept, in order. Hostile endings: unclosed fences, comments and HTML blocks,
// indented code, lazy lines, unclosed front matter, no final newline, CRLF, a BOM.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createEngine } from '../../server/src/engine';
import { defaultConfig, type Config } from '../../server/src/engine/config';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import type { Position } from '../../server/src/engine/dialect/model';
import { checkDocument, type ArticleDiagnostic } from '../../server/src/engine/features/diagnostics';
import { quickFixes } from '../../server/src/engine/features/code-actions';
import { appendDisclaimer } from '../../server/src/engine/rules/disclaimer-missing';
import type { Fix, TextEdit } from '../../server/src/engine/rules/rule';
import { WorkspaceIndexer } from '../../server/src/engine/workspace/indexer';
import { InMemoryWorkspace } from '../../server/src/engine/workspace/workspace';

// ---- applying edits, and what they keep -------------------------------------------------------

/** Line starts (offsets) of a text, with LF, CRLF and CR ending lines, as the engine splits them. */
function lineStarts(text: string): { starts: number[]; ends: number[] } {
  const starts = [0];
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      ends.push(i);
      if (c === '\r' && text[i + 1] === '\n') i++;
      starts.push(i + 1);
    }
  }
  ends.push(text.length);
  return { starts, ends };
}

function offsetOf(text: string, p: Position, lines = lineStarts(text)): number {
  assert.ok(p.line >= 0 && p.line < lines.starts.length, `line ${p.line} is in the text (${lines.starts.length} lines)`);
  const length = lines.ends[p.line] - lines.starts[p.line];
  assert.ok(p.character >= 0 && p.character <= length, `position ${p.line}:${p.character} is within its line (${length})`);
  return lines.starts[p.line] + p.character;
}

function positionOf(text: string, offset: number, lines = lineStarts(text)): Position {
  let lo = 0;
  let hi = lines.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: Math.min(offset, lines.ends[lo]) - lines.starts[lo] };
}

interface Applied {
  text: string;
  /** Maps an offset of the original to the result (inside a replaced range: its start). */
  map: (offset: number) => number;
  /** The replaced stretches of the original, as offsets. */
  replaced: { start: number; end: number }[];
}

/** Applies edits as an editor does (all against the original, none overlapping). */
function apply(text: string, edits: TextEdit[]): Applied {
  const lines = lineStarts(text);
  const sorted = edits
    .map((e) => ({ e, start: offsetOf(text, e.range.start, lines), end: offsetOf(text, e.range.end, lines) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (const s of sorted) assert.ok(s.start <= s.end, 'an edit range runs forwards');
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].start >= sorted[i - 1].end, 'edits do not overlap');
  let out = '';
  let from = 0;
  for (const s of sorted) {
    out += text.slice(from, s.start) + s.e.newText;
    from = s.end;
  }
  out += text.slice(from);
  const map = (offset: number) => {
    let shift = 0;
    for (const s of sorted) {
      if (s.end <= offset && !(s.start === s.end && s.start === offset)) shift += s.e.newText.length - (s.end - s.start);
      else if (s.start < offset) return s.start + shift;
    }
    return offset + shift;
  };
  return { text: out, map, replaced: sorted.filter((s) => s.end > s.start).map(({ start, end }) => ({ start, end })) };
}

function isSubsequence(small: string, big: string): boolean {
  let j = 0;
  for (let i = 0; i < small.length; i++) {
    j = big.indexOf(small[i], j);
    if (j < 0) return false;
    j++;
  }
  return true;
}

/** What the writer wrote is kept: outside the replaced ranges every character survives in order,
 * and each replaced range lies on one of the fix's findings' lines (at most that line and its break). */
function assertKeepsTheWritersText(original: string, fix: Fix, diagnostics: ArticleDiagnostic[], applied: Applied, where: string): void {
  let kept = '';
  let from = 0;
  for (const r of applied.replaced) {
    kept += original.slice(from, r.start);
    from = r.end;
  }
  kept += original.slice(from);
  assert.ok(isSubsequence(kept, applied.text), `${where}: "${fix.title}" dropped text of the writer's`);
  const findingLines = new Set(diagnostics.flatMap((d) => range(d.range.start.line, d.range.end.line)));
  for (const r of applied.replaced) {
    const start = positionOf(original, r.start);
    const body = original.slice(r.start, r.end);
    const breakAt = body.search(/\r\n|\r|\n/);
    // Besides its findings' lines, a fix may replace an `n/a` (a tag moved into a section that had
    // none), and renumbering renumbers every pillar (also one whose finding a directive silences).
    const placeholder = /^[ \t]*(?:[-*+][ \t]+)?(?:n\/a|none)\.?[ \t]*$/i.test(body.replace(/\r?\n$|\r$/, ''));
    const pillarNumber = diagnostics[0].rule === 'pillar-numbering' && /^\d{1,3}$/.test(body);
    assert.ok(findingLines.has(start.line) || placeholder || pillarNumber, `${where}: "${fix.title}" replaces ${JSON.stringify(body)} on line ${start.line}, which holds none of its findings`);
    assert.ok(breakAt < 0 || /^(?:\r\n|\r|\n)$/.test(body.slice(breakAt)), `${where}: "${fix.title}" replaces more than one line: ${JSON.stringify(body)}`);
  }
}

/** None of the fix's findings is reported again where it was (mapped through the edits: a
 * finding whose text was replaced moves to the edit's start), with the same message. */
function assertGoneFromItsPlace(original: string, diagnostics: ArticleDiagnostic[], applied: Applied, again: ArticleDiagnostic[], where: string): void {
  for (const d of diagnostics) {
    const at = positionOf(applied.text, applied.map(offsetOf(original, d.range.start)));
    const still = again.find((x) => x.range.start.line === at.line && x.range.start.character === at.character && x.message === d.message);
    assert.equal(still, undefined, `${where}: still reported at ${at.line}:${at.character} (${d.message}) → ${JSON.stringify(applied.text)}`);
  }
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

// ---- documents -----------------------------------------------------------------------------

// Lines that exercise chunk boundaries and the dialect (as in linear.test.ts), and the parts
// the fixes are about: thesis counts in words and digits, pillars numbered out of order.
const vocabulary = [
  '', '', '', 'Plain prose line.', 'Another line of prose', 'Here are three things to watch:', 'Sub-point Title:',
  '1. First Pillar', '2. Second Pillar', '3) Third Pillar', '#4: Fourth Pillar', 'Factor 5: Fifth', 'Step 6 – Sixth',
  '- bullet item', '* star item', '  - nested bullet', '    indented four', '  two spaces', '1. They have built the thing.',
  '```', '~~~', '```js', '    ```', '> quoted line', '> 2. quoted pillar', '<div>', '</div>', '<!-- comment', '-->', '<!-- strategy-notes-disable pillar-numbering -->',
  '<span>inline</span>', '***', '---', '___', '===', '——', '# Heading One', '## 1. Heading Pillar', '## 3. Heading Pillar', '### Sub heading', 'Setext title',
  'Related articles:', 'From the Concept Library, concepts for this article are:', 'Companies for this class:', 'n/a', '- [[Network Effects]]',
  'Text with [[Reference|shown]] and `[[code]]`.', '[def]: http://example.com', '\t- tab bullet', '| a | b |',
  'x `a [[Foo]]', 'b` y [[Bar]]', '`', 'a <!-- c', 'd --> e', '<a', '[link', '> > nested quote', '>', '> ```', 'lazy line', '<!-->', '<?x', '?>',
  '<!DOCTYPE', ']]>', '<pre>', '</pre>', '<script>', '</style>', '1. Item', '2. Item', '-', '- ', '  continued', '*emph line*', '__bold__',
  '#hashtag', '   # three spaces', '1.5 billion', '   ', '- - -',
  'Here are 5 things Alibaba will likely focus on:', 'here are twelve engines:', 'I attribute this to FIVE factors:', 'Here are my 99 predictions:',
  'Here are 150 ideas:', '7. Seventh Pillar', '7. Seventh Again', '12: Twelfth', 'Rule 9: Ninth', '**1. Bold Pillar**', 'This is not investment advice.',
];

/** Endings that leave something open, or end oddly. */
const endings = [
  '', '', '```\ncode', '~~~~\ncode\n', '```js\n', '<!-- a note', '<!-- a -->\n<!--', '<pre>\nx', '<script>', '<style>\n\ny', '<textarea>', '<div>\nx',
  '<?php\nx', '<!DOCTYPE x', '<![CDATA[\nx', '    code', '    code\n    ', '> quote\nlazy', '- item\nlazy', '- a\n\n  ```\n  code', '1. x\n   <!--\n   y',
  '> ```\n> code', '```\n```\n```', '<div>\n```\ncode', '   ', '\t', '\n\n', '- ```\n  x\n  ```\n  ```',
];

interface Shape {
  lines: string[];
  ending: string;
  crlf: boolean;
  bom: boolean;
  finalNewline: boolean;
  frontMatter: 'none' | 'closed' | 'open';
}

const shape = fc.record({
  lines: fc.array(fc.constantFrom(...vocabulary), { maxLength: 40 }),
  ending: fc.constantFrom(...endings),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  frontMatter: fc.constantFrom('none', 'none', 'closed', 'open'),
});

function textOf(s: Shape, lines = s.lines): string {
  const head = s.frontMatter === 'closed' ? ['---', 'title: A', '---'] : s.frontMatter === 'open' ? ['---', 'title: A'] : [];
  let text = [...head, ...lines, ...(s.ending ? [s.ending] : [])].join('\n');
  if (s.finalNewline) text += '\n';
  if (s.crlf) text = text.replace(/\r?\n/g, '\r\n');
  return (s.bom ? '\uFEFF' : '') + text;
}

const articleRules = ['disclaimer-missing', 'pillar-numbering', 'pillar-count'];

// ---- the article rules ---------------------------------------------------------------------

describe('article rules: every fix, applied, makes its rule clean', () => {
  const config = defaultConfig();
  const check = (text: string) => checkDocument(new ArticleBuilder().build(text, 1), config, 'article');

  test('random and hostile documents', () => {
    let applied = 0;
    fc.assert(
      fc.property(shape, (s) => {
        const text = textOf(s);
        const diagnostics = check(text);
        for (const fix of quickFixes(diagnostics, { start: { line: 0, character: 0 }, end: positionOf(text, text.length) })) {
          const rule = fix.diagnostics[0].rule;
          if (!articleRules.includes(rule)) continue;
          const where = `${JSON.stringify(text)}: ${rule}`;
          const result = apply(text, fix.edits);
          assertKeepsTheWritersText(text, fix, fix.diagnostics, result, where);
          const again = check(result.text).filter((d) => d.rule === rule);
          // Renumbering can make another line a pillar (`1.` interrupts a paragraph, `3.` does
          // not): that is a new finding elsewhere. The disclaimer and the count leave none.
          if (rule === 'pillar-numbering') assertGoneFromItsPlace(text, fix.diagnostics, result, again, where);
          else assert.deepEqual(again.map((d) => d.message), [], `${where}: still reported after "${fix.title}" → ${JSON.stringify(result.text)}`);
          applied++;
        }
      }),
      { numRuns: 600, includeErrorInReport: true },
    );
    assert.ok(applied > 300, `only ${applied} fixes were applied`);
  });

  test('the disclaimer lands after every hostile ending, closing what is open and inserting only', () => {
    for (const ending of endings) {
      for (const crlf of [false, true]) {
        for (const finalNewline of [false, true]) {
          for (const bom of [false, true]) {
            const text = textOf({ lines: ['# Draft', '', 'Here are two things:', '', '1. One', '', 'Body.', ''], ending, crlf, bom, finalNewline, frontMatter: 'none' });
            const model = new ArticleBuilder().build(text, 1);
            if (model.disclaimer) continue;
            const fix = appendDisclaimer(model, config.disclaimer.text);
            const result = apply(text, fix.edits);
            assert.ok(result.text.startsWith(text), `${JSON.stringify(text)}: the writer's text is kept as it was`);
            assert.deepEqual(check(result.text).filter((d) => d.rule === 'disclaimer-missing'), [], `${JSON.stringify(result.text)}: still no disclaimer`);
            assert.ok(!result.text.slice(text.length).includes(crlf ? '\n\n' : '\r'), `${JSON.stringify(result.text)}: the document's line ending`);
          }
        }
      }
    }
  });

  test('the message says when the article ends inside a block, and the fix says it closes it', () => {
    const text = 'Here are two things:\n\n1. One\n\nBody.\n\n<!-- a draft note\nstill in it';
    const [d] = check(text).filter((x) => x.rule === 'disclaimer-missing');
    assert.match(d.message, /ends inside an HTML comment opened on line 7, which is never closed/);
    assert.equal(d.fixes[0].title, 'Close the HTML comment, then add the investment disclaimer');
    assert.equal(apply(text, d.fixes[0].edits).text, `${text}\n-->\n\n${config.disclaimer.text}\n`);
    const fenced = '```\ncode';
    const [f] = check(fenced).filter((x) => x.rule === 'disclaimer-missing');
    assert.equal(f.fixes[0].title, 'Close the code block, then add the investment disclaimer');
    assert.equal(apply(fenced, f.fixes[0].edits).text, `\`\`\`\ncode\n\`\`\`\n\n${config.disclaimer.text}\n`);
  });

  test('pillar-count: the reader reads every count the fix writes, in digits and in words', () => {
    for (const n of [1, 5, 19, 20, 21, 99, 100, 150, 999]) {
      for (const written of ['three', 'Three', 'THREE', '3']) {
        const pillars = Array.from({ length: n }, (_, i) => `## ${i + 1}. Pillar\n\nBody.\n`).join('\n');
        const text = `# A\n\nHere are ${written} things:\n\n${pillars}\n${config.disclaimer.text}\n`;
        if (n === 3) continue;
        const [d] = check(text).filter((x) => x.rule === 'pillar-count');
        assert.ok(d, `${n} pillars, "${written}" announced: reported`);
        assert.equal(d.fixes.length, 1);
        const result = apply(text, d.fixes[0].edits).text;
        assert.deepEqual(check(result).filter((x) => x.rule === 'pillar-count'), [], `${n} pillars: the fix wrote ${JSON.stringify(d.fixes[0].edits[0].newText)}`);
      }
    }
  });

  test('pillar-count: an article has no more pillars than a thesis line counts, so there is always a fix', () => {
    const pillars = Array.from({ length: 1000 }, (_, i) => `${(i % 999) + 1}. Pillar ${i}\n\nBody.\n`).join('\n');
    const text = `Here are 5 things:\n\n${pillars}\n${config.disclaimer.text}\n`;
    const [d] = check(text).filter((x) => x.rule === 'pillar-count');
    assert.ok(d);
    assert.match(d.message, /announces 5 pillars, but the article has 999\./);
    assert.equal(d.fixes.length, 1);
    assert.deepEqual(check(apply(text, d.fixes[0].edits).text).filter((x) => x.rule === 'pillar-count'), []);
  });
});

// ---- the library rules, on an in-memory workspace ----------------------------------------------

const root = 'file:///ws';
const library: Record<string, string> = {
  'library/concepts/network-effects.md': '---\ntitle: Network Effects\naliases:\n  - Network Effect\n---\n\n# Network Effects\n\nText.\n',
  'library/concepts/switching-costs.md': '---\ntitle: Switching Costs\naliases: [Lock-in]\n---\n\nText.\n',
  'library/concepts/platforms.md': '# Platform Business Models\n\nText.\n',
  'library/companies/streamvale.md': '---\ntitle: Streamvale\n---\n\nText.\n',
  'library/companies/netflix.md': '---\ntitle: Netflix\naliases: NFLX\n---\n\nText.\n',
  'library/companies/nestle.md': '---\ntitle: Nestlé\n---\n\nText.\n',
  'articles/other.md': '# Other Article\n\n## Why It Matters\n\nText.\n',
};
const libraryRules = ['unknown-concept', 'unknown-company', 'wrong-library', 'duplicate-tag', 'unknown-reference', 'broken-related-link'];

const tagNames = ['Network Effects', 'Network Efects', 'network effect', 'Switching Costs', 'Switching Cost', 'Lock-in', 'Netflix', 'Netflx', 'NFLX', 'Nestle', 'Streamvale', 'Streamvail', 'Platforms', 'Brand New Idea', 'n/a', '[[Netflix]]', '[[Netflx]]', '[Netflix](../library/companies/netflix.md)', '[Gone](../library/companies/gone.md)'];
const relatedItems = ['[Other Article](other.md)', '[Other](other.md#why-it-matters)', '[Other](other.md#nowhere)', '[Gone](gone.md)', 'Other Article', 'Some Unknown Title'];
const proseLines = ['See [[Network Efects]] here.', 'And [[Netflix|the streamer]].', 'Also [[Nowhere At All]].', 'Plain prose.', ''];

const libraryShape = fc.record({
  before: fc.array(fc.constantFrom(...proseLines, ...vocabulary.slice(0, 20)), { maxLength: 6 }),
  concepts: fc.option(fc.array(fc.constantFrom(...tagNames), { maxLength: 4 }), { nil: undefined }),
  companies: fc.option(fc.array(fc.constantFrom(...tagNames), { maxLength: 4 }), { nil: undefined }),
  related: fc.option(fc.array(fc.constantFrom(...relatedItems), { maxLength: 3 }), { nil: undefined }),
  blankAfterHeaders: fc.boolean(),
  ending: fc.constantFrom(...endings),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
});

function libraryArticle(s: typeof libraryShape extends fc.Arbitrary<infer T> ? T : never): string {
  const lines = ['# Test Article', '', 'Here are two things:', '', '## 1. One', '', 'Body.', '', '## 2. Two', '', ...s.before, ''];
  const section = (header: string, items: string[] | undefined) => {
    if (!items) return;
    lines.push(header, ...(s.blankAfterHeaders ? [''] : []), ...items.map((i) => `- ${i}`), '');
  };
  section('Related articles:', s.related);
  section('From the Concept Library, concepts for this article are:', s.concepts);
  section('From the Company Library, companies for this article are:', s.companies);
  return textOf({ lines, ending: s.ending, crlf: s.crlf, bom: s.bom, finalNewline: s.finalNewline, frontMatter: 'none' });
}

async function workspaceWith(article: string, config: Config) {
  const ws = new InMemoryWorkspace(root, { ...library, 'articles/a.md': article }, config);
  const indexer = new WorkspaceIndexer(ws, async () => {});
  await indexer.build();
  const engine = createEngine();
  const uri = ws.uriOf('articles/a.md');
  const relOf = (u: string) => decodeURIComponent(u.slice(root.length + 1));
  return {
    async check(): Promise<{ text: string; diagnostics: ArticleDiagnostic[] }> {
      const text = (await ws.readFile(uri))!;
      const analysis = engine.analyze({ key: uri, text, version: Math.random(), config, isArticle: true, role: 'article', library: { index: indexer.index, root } });
      return { text, diagnostics: analysis.diagnostics };
    },
    /** Applies a fix as the editor would (created files first), and lets the index take the changes. */
    async apply(fix: Fix): Promise<Applied> {
      const updates: Record<string, string> = {};
      for (const c of fix.createFiles ?? []) {
        assert.equal(await ws.readFile(c.uri), undefined, `${c.uri} does not exist yet`);
        updates[relOf(c.uri)] = c.text;
      }
      for (const o of fix.otherEdits ?? []) {
        const before = (await ws.readFile(o.uri))!;
        updates[relOf(o.uri)] = apply(before, o.edits).text;
      }
      const result = apply((await ws.readFile(uri))!, fix.edits);
      updates['articles/a.md'] = result.text;
      await indexer.applyChanges(ws.write(updates));
      return result;
    },
  };
}

describe('library rules: every fix, applied, clears its finding', () => {
  const config = defaultConfig();

  test('random and hostile articles on an in-memory workspace', async () => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(libraryShape, async (s) => {
        const text = libraryArticle(s);
        const first = await (await workspaceWith(text, config)).check();
        const fixes = quickFixes(first.diagnostics, { start: { line: 0, character: 0 }, end: positionOf(text, text.length) }).filter((f) => libraryRules.includes(f.diagnostics[0].rule));
        for (const fix of fixes) {
          const ws = await workspaceWith(text, config);
          const rule = fix.diagnostics[0].rule;
          const where = `${JSON.stringify(text)}: ${rule} "${fix.title}"`;
          const result = await ws.apply(fix);
          assertKeepsTheWritersText(text, fix, fix.diagnostics, result, where);
          const again = (await ws.check()).diagnostics.filter((d) => d.rule === rule);
          assertGoneFromItsPlace(text, fix.diagnostics, result, again, where);
          applied++;
        }
      }),
      { numRuns: 150, includeErrorInReport: true },
    );
    assert.ok(applied > 100, `only ${applied} fixes were applied`);
  });
});
