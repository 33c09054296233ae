// Lines that start with a link (`[Name](path)`, the related-article and tag items a writer types)
// are read without remark (`opensNoDefinition` in chunks.ts: such a `[` cannot open a link
// reference definition) and must give exactly what remark gives: random texts mixing them with
// definitions and near misses (`[a]: /u`, `[a] (u)`, `[a\]b](u)`, `[a[b]](u)`, a label left open),
// as paragraphs, list items at any indentation, quotes and lazy lines, with and without backticks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sameAsRemark } from './helpers';
import { opensNoDefinition } from '../../server/src/engine/dialect/chunks';

const starts = [
  '[Moonworks](../../library/companies/moonworks.md)',
  '[Two-Sided Markets](../concepts/two-sided-markets.md#why)',
  '[Title (Part 2): More](../2023/title.md)',
  '[a](u) and more text',
  '[a](<u v>)',
  '[a]( u )',
  '[a](u "title")',
  '[a](u',
  '[a]()',
  '[](u)',
  '[a `b](c)`',
  '[a](x`y`)',
  '[[Wiki Name]]',
  '[[Wiki|shown]] text',
];
const nearMisses = ['[a]: /u', '[a]:/u "t"', '[a] (u)', '[a\\]b](u)', '[a[b]](u)', '[a', '[a]', '[a][b]', '[a]:', '[A]: <x>', '[a]\n: /u'];
const prose = ['text', 'More prose here.', 'Related articles:', 'From the Concept Library, concepts for this article are:', '# Heading', '---', '***', '', '', '> quoted', '`code`', 'a [link](u) inside'];

const indent = fc.constantFrom('', '', '', ' ', '  ', '   ', '    ');
const container = fc.constantFrom('', '', '- ', '- ', '* ', '1. ', '> ', '> - ', '  - ');
const linkLine = fc.tuple(indent, container, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...starts) }, { weight: 1, arbitrary: fc.constantFrom(...nearMisses) })).map(([i, c, t]) => i + c + t);
const proseLine = fc.tuple(container, fc.constantFrom(...prose)).map(([c, t]) => c + t);
const text = fc.array(fc.oneof({ weight: 3, arbitrary: linkLine }, { weight: 2, arbitrary: proseLine }), { minLength: 1, maxLength: 16 }).map((ls) => ls.join('\n'));

test('lines starting with a link read without remark give exactly what remark gives', () => {
  let runs = 0;
  let plainWithLinks = 0;
  const linkStart = /^(?: {0,3}(?:[-*] |1\. |> )?)+\[[^\[]/m;
  fc.assert(
    fc.property(text, fc.boolean(), (t, startsDocument) => {
      runs++;
      if (sameAsRemark(t, startsDocument) && linkStart.test(t)) plainWithLinks++;
    }),
    { numRuns: 5000 },
  );
  // The generator is no use if the plain path gives up on the texts it is about (many mix in quotes
  // and indentation the plain readers leave to remark).
  assert.ok(plainWithLinks > runs / 20, `plain path read ${plainWithLinks} of ${runs} texts with a line starting with a link`);
});

test('the closing sections writers type are read without remark', () => {
  const sections = [
    'Related articles:\n- [How Kitegrid Wins](../2024/how-kitegrid-wins.md)\n- [Falconly and Multi-Homing](falconly.md)\n- A plain title (Podcast 42)',
    'From the Company Library, companies for this article are:\n- [Moonworks](../../library/companies/moonworks.md)\n- Birchyard Cloud\n- [[Quillspark]]',
    '**Related articles:**\n\n- [Pricing More Gamers](../2018/pricing.md)\n\n- [The Attention Playbook](../2019/attention.md)',
  ];
  for (const s of sections) assert.equal(sameAsRemark(s, false), true, s);
});

test('opensNoDefinition: only a label closed by `](` with no bracket or backslash inside, or `[[`', () => {
  for (const yes of ['[a](u)', '[Name with: colon](x)', '[[x]]', '[](u)']) assert.equal(opensNoDefinition(yes, 0), true, yes);
  for (const no of ['[a]: u', '[a] (u)', '[a\\]](u)', '[a[b]](u)', '[a', '[a]', '[a][b]']) assert.equal(opensNoDefinition(no, 0), false, no);
  assert.equal(opensNoDefinition('  - [a](u)', 4), true);
});

// ---- front matter, then plain blocks (`plainAfterFrontMatter` in chunks.ts) ------------------

const fence = fc.constantFrom('---', '---', '---', '--- ', '---\t', '...', '----', ' ---');
const yamlLine = fc.constantFrom('title: Moats', 'title: "Barriers (Step 6): How X Builds"', 'aliases: [a, b]', 'aliases:', '  - network effect', 'date: 2016-12-04', '# not a heading', '- not an item', '', '> no quote', 'summary: `code` here', '<!-- x -->');
const afterLine = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('', '# Moats', 'Prose right after.', '- [Link](u.md)', '- item', '---', '***', '===', 'Setext', '> quote', '<!-- note -->', '```', 'code', '```', '1. one', '    indented', '[a]: /u') },
  { weight: 2, arbitrary: linkLine },
  { weight: 2, arbitrary: proseLine },
);
const withFrontMatter = fc
  .tuple(fence, fc.array(yamlLine, { maxLength: 6 }), fence, fc.array(afterLine, { maxLength: 12 }), fc.boolean())
  .map(([open, body, close, after, newline]) => [open, ...body, close, ...after].join('\n') + (newline ? '\n' : ''));

test('front matter followed by plain blocks, read without remark, gives exactly what remark gives', () => {
  let runs = 0;
  let plain = 0;
  fc.assert(
    fc.property(withFrontMatter, (t) => {
      runs++;
      if (sameAsRemark(t, true)) plain++;
    }),
    { numRuns: 5000 },
  );
  assert.ok(plain > runs / 10, `plain path read ${plain} of ${runs} texts`);
});

test('a library entry and an article with front matter are read without remark', () => {
  const entry = '---\ntitle: Network effects\naliases: [network effect, "Metcalfe"]\nsummary: Each user adds value.\n---\n\n# Network effects\n\nEach user adds value for the others.\n';
  const article = '---\ntitle: "Barriers to Entry Playbook (Step 6)"\ndate: 2016-12-04\n---\nWatch how landlords standardize a search engine.\n\n## 1. Pricing\n\nText.\n';
  for (const t of [entry, article, '---\n---\n', '---\ntitle: x\n---']) assert.equal(sameAsRemark(t, true), true, t);
  // Not front matter where the document does not start the text, or where it is not closed: remark decides.
  assert.equal(sameAsRemark('---\ntitle: x\n', true), false);
});
