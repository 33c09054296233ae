// Grammar tests: tokenize with vscode-textmate exactly as VS Code does, with our injection grammar
// injected into a Markdown host grammar, and check the scopes themes colour.
//
// Hosts: a small stand-in fixture (always), and VS Code's own markdown.tmLanguage.json whenever it
// can be found (the `tm-grammars` package, or STRATEGY_NOTES_MARKDOWN_GRAMMAR=path).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { expandSnippet } from './snippet';
import {
  createTokenizer,
  findThemes,
  findVsCodeMarkdownGrammar,
  fixtureHostPath,
  injectionPath,
  injectionScope,
  root,
  type Token,
  type Tokenizer,
} from './textmate';

const SN = 'strategy-notes';
const PILLAR = `meta.pillar.${SN}`;
const NUMBER = `constant.numeric.pillar-number.${SN}`;
const TITLE = `entity.name.section.pillar-title.${SN}`;
const SUB_POINT = `meta.sub-point.${SN}`;
const SUB_POINT_TEXT = `entity.name.section.sub-point.${SN}`;
const REFERENCE = `markup.underline.link.reference.${SN}`;
const REF_NAME = `entity.name.tag.reference.${SN}`;
const REF_LABEL = `string.other.reference-label.${SN}`;
const DISCLAIMER = `comment.block.disclaimer.${SN}`;
const DISCLAIMER_PHRASE = `markup.bold.disclaimer-phrase.${SN}`;
const THESIS = `meta.thesis.${SN}`;
const HEADING_STYLE = `meta.heading-style.${SN}`;
const THESIS_COUNT = `constant.numeric.pillar-count.${SN}`;
const SECTION_KEYWORD = { concepts: `keyword.other.section.concepts.${SN}`, companies: `keyword.other.section.companies.${SN}`, related: `keyword.other.section.related.${SN}` };
const SECTION_META = { concepts: `meta.section.concepts.${SN}`, companies: `meta.section.companies.${SN}`, related: `meta.section.related.${SN}` };
const ITEM_SCOPE = { concepts: `entity.name.tag.concept.${SN}`, companies: `entity.name.tag.company.${SN}`, related: `string.other.related-article.${SN}` };
type SectionKind = keyof typeof SECTION_KEYWORD;

/** A tokenized document with assertions on the scopes of a piece of text on a line. */
class Doc {
  readonly lines: string[];
  constructor(
    readonly tokens: Token[][],
    text: string,
  ) {
    this.lines = text.split('\n');
  }

  dump(line: number): string {
    return (this.tokens[line] ?? []).map((t) => `  ${JSON.stringify(t.text)}: ${t.scopes.slice(1).join(' ')}`).join('\n');
  }

  /** Scopes of every token overlapping the first occurrence of `piece` on `line` (the whole line if omitted). */
  scopes(line: number, piece?: string): string[][] {
    const text = this.lines[line];
    assert.ok(text !== undefined, `no line ${line}`);
    const start = piece === undefined ? 0 : text.indexOf(piece);
    assert.ok(start >= 0, `${JSON.stringify(piece)} not on line ${line}: ${JSON.stringify(text)}`);
    const end = start + (piece ?? text).length;
    const out: string[][] = [];
    let offset = 0;
    for (const t of this.tokens[line]) {
      const tStart = offset;
      offset += t.text.length;
      if (offset > start && tStart < end) out.push(t.scopes);
    }
    return out;
  }

  has(line: number, piece: string | undefined, scope: string): void {
    const found = this.scopes(line, piece);
    assert.ok(
      found.length > 0 && found.every((s) => s.includes(scope)),
      `expected ${scope} on ${JSON.stringify(piece ?? this.lines[line])} (line ${line})\n${this.dump(line)}`,
    );
  }

  lacks(line: number, piece: string | undefined, scope: string): void {
    const found = this.scopes(line, piece);
    assert.ok(
      found.every((s) => !s.some((x) => x === scope || x.startsWith(`${scope}.`))),
      `expected no ${scope} on ${JSON.stringify(piece ?? this.lines[line])} (line ${line})\n${this.dump(line)}`,
    );
  }

  /** No scope of ours anywhere on the line (the heading-style container aside). */
  clean(line: number): void {
    const ours = this.scopes(line)
      .flat()
      .filter((s) => s.endsWith(`.${SN}`) && s !== HEADING_STYLE);
    assert.deepEqual(ours, [], `expected no ${SN} scope on line ${line} ${JSON.stringify(this.lines[line])}\n${this.dump(line)}`);
  }
}

const pillarLines: { line: string; marker: string; title: string }[] = [
  { line: '1. Re-Igniting Growth in Their Now Re-Organized Ecommerce Biz', marker: '1.', title: 'Re-Igniting Growth in Their Now Re-Organized Ecommerce Biz' },
  { line: '1) Title With a Parenthesis', marker: '1)', title: 'Title With a Parenthesis' },
  { line: '1: Title With a Colon', marker: '1:', title: 'Title With a Colon' },
  { line: '#1: Title With a Hash', marker: '#1:', title: 'Title With a Hash' },
  { line: 'Factor 1: Network Effects', marker: 'Factor 1:', title: 'Network Effects' },
  { line: 'Rule 2: Own the Customer', marker: 'Rule 2:', title: 'Own the Customer' },
  { line: 'Step 3 – Expand Cross-Border', marker: 'Step 3 –', title: 'Expand Cross-Border' },
  { line: 'Step 4 — Em Dash Separator', marker: 'Step 4 —', title: 'Em Dash Separator' },
  { line: 'Step 5 - Hyphen Separator', marker: 'Step 5 -', title: 'Hyphen Separator' },
  { line: 'Factor #6: Label and Hash', marker: 'Factor #6:', title: 'Label and Hash' },
  { line: '7 – Bare Number and Dash', marker: '7 –', title: 'Bare Number and Dash' },
  { line: '12. Two Digits', marker: '12.', title: 'Two Digits' },
  { line: '   3. Indented Up to Three Spaces', marker: '3.', title: 'Indented Up to Three Spaces' },
  { line: '5. Becoming One of the Main Open-Source Ecosystems for GenAI:', marker: '5.', title: 'Becoming One of the Main Open-Source Ecosystems for GenAI' },
];

const pillarHeadings: { line: string; level: number; marker: string; title: string }[] = [
  { line: '## 1. Re-Igniting Growth', level: 2, marker: '1.', title: 'Re-Igniting Growth' },
  { line: '# 2) Top-Level Heading', level: 1, marker: '2)', title: 'Top-Level Heading' },
  { line: '### Step 3 – Expand Cross-Border', level: 3, marker: 'Step 3 –', title: 'Expand Cross-Border' },
  { line: '#### #4: Hash Inside a Heading', level: 4, marker: '#4:', title: 'Hash Inside a Heading' },
  { line: '## Factor 5: Closing Sequence ##', level: 2, marker: 'Factor 5:', title: 'Closing Sequence' },
  { line: '###### 6. Trailing Colon:', level: 6, marker: '6.', title: 'Trailing Colon' },
];

const notPillars = [
  'Revenue grew to 1.5 billion in 2023.',
  '1.5 billion people shop online.',
  'In 2023, they had 5 networks: more are coming.',
  '2024: The Year Everything Changed',
  '10 - 15% growth is expected.',
  '100. A three-digit list item',
  'Top 10 things to watch',
  '    1. Indented code',
  '> 1. A quoted line',
  '- 1. Inside a bullet',
];

const sectionHeaders: { line: string; kind: SectionKind }[] = [
  { line: 'From the Concept Library, concepts for this article are:', kind: 'concepts' },
  { line: 'From the Concept Library, concept for this article is:', kind: 'concepts' },
  { line: 'Concepts for this class:', kind: 'concepts' },
  { line: 'Concept for this class:', kind: 'concepts' },
  { line: 'From the Company Library, companies for this article are:', kind: 'companies' },
  { line: 'From the Company Library, company for this article is:', kind: 'companies' },
  { line: 'Companies for this class:', kind: 'companies' },
  { line: 'Company for this class:', kind: 'companies' },
  { line: 'Related articles:', kind: 'related' },
  { line: 'Related article:', kind: 'related' },
  { line: 'Related articles are:', kind: 'related' },
  { line: 'Related podcasts and articles:', kind: 'related' },
  { line: 'Related podcasts and articles are:', kind: 'related' },
  { line: 'Articles / podcasts cited in this class:', kind: 'related' },
];

function grammarSuite(hostName: string, hostPath: string | undefined, skip: string | false): void {
  describe(`injection grammar on ${hostName}`, { skip }, () => {
    let tk: Tokenizer;
    const doc = (text: string) => new Doc(tk.tokenize(text), text);
    before(async () => {
      tk = await createTokenizer(hostPath!);
    });

    for (const p of pillarLines) {
      test(`pillar line: ${p.line.trim()}`, () => {
        const d = doc(p.line);
        d.has(0, p.line.trim(), PILLAR);
        d.has(0, p.marker, NUMBER);
        d.lacks(0, p.marker, TITLE);
        d.has(0, p.title, TITLE);
        d.lacks(0, p.title, NUMBER);
        if (p.line.endsWith(':')) d.lacks(0, p.line.slice(-1), TITLE);
        d.lacks(0, undefined, SUB_POINT);
      });
    }

    for (const p of pillarHeadings) {
      test(`pillar heading: ${p.line}`, () => {
        const d = doc(p.line);
        d.has(0, p.line, 'markup.heading.markdown');
        d.has(0, p.line, `heading.${p.level}.markdown`);
        d.has(0, p.line, PILLAR);
        d.has(0, '#'.repeat(p.level), 'punctuation.definition.heading.markdown');
        d.has(0, p.marker, NUMBER);
        d.has(0, p.title, TITLE);
        d.has(0, p.title, 'entity.name.section.markdown');
        d.lacks(0, p.marker, TITLE);
        if (p.line.endsWith('##')) d.lacks(0, ' ##', TITLE);
        if (p.line.endsWith(':')) d.lacks(0, ':', TITLE);
      });
    }

    test('heading style: after the first numbered heading, numbered lines are lists, not pillars', () => {
      const d = doc(
        [
          'Here are three things to watch:', // 0
          '', // 1
          '## 1. First Pillar', // 2
          '', // 3
          'A short test, in this order.', // 4
          '', // 5
          '1. The buyer already tracks it.', // 6
          '2) It grows with value.', // 7
          'Factor 3: Not a pillar here', // 8
          '', // 9
          'Leveraging Cainiao for Faster Delivery:', // 10
          '- A bullet with [[Network Effects]].', // 11
          '', // 12
          '## 2. Second Pillar', // 13
          '```', // 14
          '3. Inside a fence', // 15
          '```', // 16
          '***', // 17
          'Related articles:', // 18
          '- Some Title', // 19
          'From the Concept Library, concepts for this article are:', // 20
          '- [[Logistics]]', // 21
          '', // 22
          'This article is not investment advice.', // 23
        ].join('\n'),
      );
      d.has(0, 'three', THESIS_COUNT);
      d.lacks(0, undefined, HEADING_STYLE);
      d.has(2, '1.', NUMBER);
      d.has(2, 'First Pillar', TITLE);
      d.has(2, 'First Pillar', HEADING_STYLE);
      d.has(23, 'This article', HEADING_STYLE);
      for (const line of [4, 6, 7, 8, 15]) d.lacks(line, undefined, PILLAR);
      d.has(6, 'The buyer', 'markup.list.numbered.markdown');
      d.has(7, 'It grows', 'markup.list.numbered.markdown');
      d.clean(8);
      d.has(10, 'Leveraging', SUB_POINT_TEXT);
      d.has(11, 'Network Effects', REF_NAME);
      d.has(13, '2.', NUMBER);
      d.has(13, 'Second Pillar', TITLE);
      assert.equal(d.scopes(13, 'Second')[0].filter((s) => s === HEADING_STYLE).length, 1, 'the heading style does not nest');
      d.clean(15);
      d.has(18, 'Related articles', SECTION_KEYWORD.related);
      d.has(19, 'Some Title', ITEM_SCOPE.related);
      d.has(20, 'concepts for this article', SECTION_KEYWORD.concepts);
      d.has(21, 'Logistics', ITEM_SCOPE.concepts);
      d.has(21, 'Logistics', REF_NAME);
      d.has(23, 'is not investment advice', DISCLAIMER_PHRASE);
    });

    test('a numbered heading in a quote or a fence does not start the heading style', () => {
      const d = doc(['> ## 1. Quoted', '```', '## 2. Fenced', '```', '1. A Line Pillar'].join('\n'));
      for (let i = 0; i < 4; i++) d.clean(i);
      d.lacks(4, undefined, HEADING_STYLE);
      d.has(4, 'A Line Pillar', TITLE);
    });

    test('an unnumbered heading is a plain heading', () => {
      const d = doc('## Why This Matters');
      d.has(0, 'Why This Matters', 'markup.heading.markdown');
      d.clean(0);
    });

    for (const line of notPillars) {
      test(`not a pillar: ${line}`, () => {
        const d = doc(line);
        d.clean(0);
      });
    }

    test('a reference inside a pillar title', () => {
      const d = doc('1. Why [[Cainiao]] Wins');
      d.has(0, 'Why', TITLE);
      d.has(0, 'Cainiao', TITLE);
      d.has(0, 'Cainiao', REF_NAME);
      d.has(0, '[[', `punctuation.definition.reference.begin.${SN}`);
    });

    for (const line of [
      'Leveraging Cainiao for Faster and Cheaper Delivery:',
      'Attracting More Merchants, Especially SMEs:',
      'Rapid expansion of their global network:',
    ]) {
      test(`sub-point: ${line}`, () => {
        const d = doc(`${line}\n- A bullet that follows.`);
        d.has(0, line, SUB_POINT);
        d.has(0, line.slice(0, -1), SUB_POINT_TEXT);
        d.lacks(0, ':', SUB_POINT_TEXT);
        d.has(0, ':', `punctuation.separator.sub-point.${SN}`);
        d.clean(1);
      });
    }

    test('sub-point with a reference in it', () => {
      const d = doc('Why [[Cainiao]] Matters:');
      d.has(0, 'Why', SUB_POINT_TEXT);
      d.has(0, 'Cainiao', REF_NAME);
    });

    for (const line of [
      'Here’s what I’m watching for:',
      "Here's what I think the playbook is:",
      'Here is what I am expecting from Cainiao:',
      'They want to expand with investment. Here’s what I’m expecting:',
      '- Cainiao Post Stations (in China): They have these everywhere.',
      '- A bullet that ends in a colon:',
      '    Indented code that ends in a colon:',
    ]) {
      test(`not a sub-point: ${line.trim()}`, () => {
        const d = doc(line);
        d.lacks(0, undefined, SUB_POINT);
      });
    }

    test('a heading ending in a colon stays a heading', () => {
      const d = doc('## Heading With a Colon:');
      d.has(0, 'Heading', 'markup.heading.markdown');
      d.lacks(0, undefined, SUB_POINT);
    });

    for (const h of sectionHeaders) {
      test(`section header (${h.kind}): ${h.line}`, () => {
        const text = [
          h.line,
          '- First Item',
          '- [[Cainiao]]',
          '1. Numbered Item',
          '',
          '- After a Blank Line',
          'A paragraph ends the section.',
          '- Not an item of the section',
        ].join('\n');
        const d = doc(text);
        d.has(0, h.line.slice(0, -1), SECTION_KEYWORD[h.kind]);
        d.has(0, h.line, SECTION_META[h.kind]);
        d.lacks(0, undefined, SUB_POINT);
        d.has(1, 'First Item', ITEM_SCOPE[h.kind]);
        d.has(1, '-', 'punctuation.definition.list.begin.markdown');
        d.lacks(1, '-', ITEM_SCOPE[h.kind]);
        d.has(2, 'Cainiao', ITEM_SCOPE[h.kind]);
        d.has(2, 'Cainiao', REF_NAME);
        d.has(3, 'Numbered Item', ITEM_SCOPE[h.kind]);
        d.lacks(3, undefined, PILLAR);
        d.has(5, 'After a Blank Line', ITEM_SCOPE[h.kind]);
        d.clean(6);
        d.clean(7);
      });
    }

    test('tags: n/a and Markdown links; the section ends at the next paragraph', () => {
      const d = doc(
        [
          'From the Concept Library, concepts for this article are:',
          '- n/a',
          'From the Company Library, companies for this article are:',
          '- [Cainiao](../library/companies/cainiao.md)',
          '- Tmall and Taobao',
          'This article is not investment advice.',
        ].join('\n'),
      );
      d.has(1, 'n/a', `constant.language.none.${SN}`);
      d.lacks(1, 'n/a', ITEM_SCOPE.concepts);
      d.has(3, 'Cainiao', ITEM_SCOPE.companies);
      d.has(3, 'Cainiao', 'string.other.link.title.markdown');
      d.has(3, '../library/companies/cainiao.md', 'markup.underline.link.markdown');
      d.has(4, 'Tmall and Taobao', ITEM_SCOPE.companies);
      d.lacks(4, undefined, SECTION_META.concepts);
      d.has(5, 'This article', DISCLAIMER);
      d.lacks(5, undefined, SECTION_META.companies);
    });

    test('an empty section followed at once by the next header', () => {
      const d = doc(['Related articles:', 'From the Concept Library, concepts for this article are:', '- Logistics'].join('\n'));
      d.has(0, 'Related articles', SECTION_KEYWORD.related);
      d.has(1, 'concepts for this article', SECTION_KEYWORD.concepts);
      d.lacks(1, undefined, SECTION_META.related);
      d.has(2, 'Logistics', ITEM_SCOPE.concepts);
      d.lacks(2, undefined, SECTION_META.related);
    });

    test('related articles: links and plain titles', () => {
      const d = doc(
        [
          'Related articles:',
          '- [GenAI Playbook](./genai-playbook.md)',
          '- Why ChatGPT Is a Threat to Disney (Tech Strategy – Podcast 150)',
        ].join('\n'),
      );
      d.has(1, 'GenAI Playbook', 'string.other.link.title.markdown');
      d.has(2, 'Why ChatGPT', ITEM_SCOPE.related);
      d.lacks(2, undefined, PILLAR);
    });

    test('reference without a label', () => {
      const d = doc('See [[Network Effects]] for more.');
      d.has(0, '[[Network Effects]]', REFERENCE);
      d.has(0, '[[', `punctuation.definition.reference.begin.${SN}`);
      d.has(0, 'Network Effects', REF_NAME);
      d.has(0, ']]', `punctuation.definition.reference.end.${SN}`);
      d.lacks(0, 'See', REFERENCE);
      d.lacks(0, 'for more.', REFERENCE);
    });

    test('reference with a label', () => {
      const d = doc('Like [[Cainiao|the logistics arm]] does.');
      d.has(0, '[[Cainiao|the logistics arm]]', REFERENCE);
      d.has(0, 'Cainiao', REF_NAME);
      d.lacks(0, 'Cainiao', REF_LABEL);
      d.has(0, '|', `punctuation.separator.reference.${SN}`);
      d.has(0, 'the logistics arm', REF_LABEL);
      d.lacks(0, 'the logistics arm', REF_NAME);
    });

    test('references in headings and list items', () => {
      const d = doc('## Why [[Moats]] Matter\n- It uses [[Platforms|platform]] economics.');
      d.has(0, 'Moats', REF_NAME);
      d.has(0, 'Why', 'markup.heading.markdown');
      d.has(1, 'Platforms', REF_NAME);
      d.has(1, 'platform', REF_LABEL);
      d.has(1, 'It uses', 'markup.list.unnumbered.markdown');
    });

    test('no reference inside inline code', () => {
      const d = doc('Write `[[Name]]` to reference an entry.');
      d.lacks(0, 'Name', REFERENCE);
      d.has(0, 'Name', 'markup.inline.raw.string.markdown');
    });

    for (const line of [
      'This article is not investment, legal or tax advice. Do your own research.',
      'This is not investment advice. Investing is risky.',
      'This content is not investment, legal, or tax advice.',
    ]) {
      test(`disclaimer: ${line}`, () => {
        const d = doc(line);
        d.has(0, line, DISCLAIMER);
        const phrase = /is not investment[^.]*advice/.exec(line)![0];
        d.has(0, phrase, DISCLAIMER_PHRASE);
        d.lacks(0, line.slice(0, line.indexOf(phrase)), DISCLAIMER_PHRASE);
      });
    }

    test('disclaimer: every phrase on the line is highlighted, references too', () => {
      const line = 'This content is not investment, legal or tax advice. See [[Risk]]. This is not investment advice.';
      const d = doc(line);
      d.has(0, 'is not investment, legal or tax advice', DISCLAIMER_PHRASE);
      d.has(0, 'is not investment advice', DISCLAIMER_PHRASE);
      d.has(0, 'Risk', REF_NAME);
      d.lacks(0, 'See', DISCLAIMER_PHRASE);
    });

    test('not a disclaimer', () => {
      const d = doc('This is investment advice you can trust.\n> This is not investment advice.');
      d.clean(0);
      d.clean(1);
    });

    for (const t of [
      { line: 'Based on this, here are five things Alibaba will likely focus on in the near future:', count: 'five' },
      { line: 'Here are the 4 engines:', count: '4' },
      { line: 'Here are my 5 predictions', count: '5' },
      { line: 'I attribute this to five factors:', count: 'five' },
    ]) {
      test(`thesis line: ${t.line}`, () => {
        const d = doc(t.line);
        d.has(0, t.line, THESIS);
        d.has(0, t.count, THESIS_COUNT);
        d.lacks(0, undefined, SUB_POINT);
      });
    }

    const parts = [
      '1. A Pillar Line',
      '## 2. A Pillar Heading',
      'Leveraging Cainiao for Faster Delivery:',
      'Related articles:',
      '- A Related Title',
      'From the Concept Library, concepts for this article are:',
      '- Logistics',
      'See [[Reference]] here.',
      'This is not investment advice.',
      'Here are five things to watch:',
    ];

    for (const fence of ['```', '~~~', '```markdown', '```yaml']) {
      test(`nothing is injected inside a ${fence} fenced code block`, () => {
        const close = fence.slice(0, 3);
        const d = doc([fence, ...parts, close, '3. After the Fence'].join('\n'));
        for (let i = 0; i <= parts.length + 1; i++) d.clean(i);
        d.has(parts.length + 2, 'After the Fence', TITLE);
      });
    }

    test('nothing is injected inside front matter', () => {
      const d = doc(['---', 'title: Here are five things', ...parts.filter((p) => !p.startsWith('-')), '---', '1. First Pillar'].join('\n'));
      for (let i = 0; i < d.lines.length - 1; i++) d.clean(i);
      d.has(d.lines.length - 1, 'First Pillar', TITLE);
    });

    test('nothing is injected inside block quotes', () => {
      const d = doc(parts.map((p) => `> ${p}`).join('\n'));
      for (let i = 0; i < parts.length; i++) d.clean(i);
    });

    test('nothing is injected inside indented code or an HTML comment', () => {
      const d = doc(['    1. Indented Code', '    Related articles:', '', '<!--', ...parts, '-->', '2. A Pillar'].join('\n'));
      for (let i = 0; i < parts.length + 4; i++) d.clean(i);
      d.has(parts.length + 5, 'A Pillar', TITLE);
    });

    test('the pasted example: pillars, sub-points, sections, disclaimer', (t) => {
      // shared/ lies beside the checkout on the project's machines and in CI.
      const example = path.join(root, '../shared/examples/pasted-article.md');
      if (!existsSync(example)) {
        t.skip(`${example} not found`);
        return;
      }
      const text = readFileSync(example, 'utf8');
      const d = doc(text);
      const linesWith = (scope: string) => d.lines.map((_, i) => i).filter((i) => d.scopes(i).some((s) => s.includes(scope)));
      const pillarNumbers = linesWith(PILLAR).map((i) => /^\d+/.exec(d.lines[i])?.[0]);
      assert.deepEqual(pillarNumbers, ['1', '2', '3', '4', '5']);
      assert.equal(linesWith(SUB_POINT).length, 15);
      assert.equal(linesWith(THESIS).length, 1);
      assert.equal(linesWith(SECTION_KEYWORD.related).length, 1);
      assert.equal(linesWith(ITEM_SCOPE.related).length, 3);
      assert.equal(linesWith(ITEM_SCOPE.concepts).length, 4);
      assert.equal(linesWith(ITEM_SCOPE.companies).length, 4);
      assert.equal(linesWith(DISCLAIMER).length, 1);
    });
  });
}

const vscodeMarkdown = findVsCodeMarkdownGrammar();
grammarSuite('the stand-in Markdown host (test/grammar/fixtures)', fixtureHostPath, false);
grammarSuite(
  "VS Code's Markdown grammar",
  vscodeMarkdown,
  vscodeMarkdown ? false : "VS Code's markdown grammar not found: add the `tm-grammars` devDependency or set STRATEGY_NOTES_MARKDOWN_GRAMMAR",
);

describe('injection grammar file', () => {
  test('is a valid injection grammar for text.html.markdown', () => {
    const g = JSON.parse(readFileSync(injectionPath, 'utf8')) as { scopeName: string; injectionSelector: string; patterns: unknown[] };
    assert.equal(g.scopeName, injectionScope);
    assert.match(g.injectionSelector, /^L:text\.html\.markdown /);
    for (const excluded of ['comment', 'markup.fenced_code', 'markup.raw', 'markup.quote', 'meta.embedded.block.frontmatter']) {
      assert.ok(g.injectionSelector.includes(` -${excluded}`), `selector excludes ${excluded}`);
    }
    assert.ok(g.patterns.length > 0);
  });

  test('every scope it assigns ends in .strategy-notes or belongs to markdown', () => {
    const names: string[] = [];
    const walk = (v: unknown, key?: string) => {
      if (Array.isArray(v)) v.forEach((x) => walk(x));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
      else if (typeof v === 'string' && (key === 'name' || key === 'contentName')) names.push(...v.split(' '));
    };
    walk(JSON.parse(readFileSync(injectionPath, 'utf8')).repository);
    const foreign = names.filter((n) => !n.endsWith(`.${SN}`) && !n.endsWith('.markdown'));
    assert.deepEqual(foreign, []);
  });
});

// ---------------------------------------------------------------------------------------------
// Snippets

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}
const snippetsPath = path.join(root, 'snippets/markdown.json');
const DEFAULT_DISCLAIMER =
  "This article is not investment, legal or tax advice. It is the author's analysis and may be wrong; do your own research before making any investment decision.";

function loadSnippets(): Record<string, Snippet> {
  return JSON.parse(readFileSync(snippetsPath, 'utf8')) as Record<string, Snippet>;
}

function snippetByPrefix(prefix: string): Snippet {
  const found = Object.values(loadSnippets()).find((s) => s.prefix === prefix);
  assert.ok(found, `no snippet with prefix ${prefix}`);
  return found;
}

describe('snippets/markdown.json', () => {
  test('every snippet has a sn- prefix, a body and a description, and parses', () => {
    const all = loadSnippets();
    assert.ok(Object.keys(all).length > 0);
    for (const [name, s] of Object.entries(all)) {
      const prefixes = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
      assert.ok(prefixes.length > 0 && prefixes.every((p) => typeof p === 'string' && p.startsWith('sn-')), `${name}: prefix`);
      assert.ok(typeof s.body === 'string' || (Array.isArray(s.body) && s.body.every((l) => typeof l === 'string')), `${name}: body`);
      assert.ok(typeof s.description === 'string' && s.description.length > 0, `${name}: description`);
      const { text, tabstops } = expandSnippet(s.body);
      assert.ok(text.trim().length > 0, `${name}: expands to text`);
      assert.ok(!/\$\{|\$\d/.test(text), `${name}: no snippet syntax left after expansion`);
      if (tabstops.includes(0)) assert.equal(tabstops.filter((t) => t === 0).length, 1);
    }
  });

  test('the prefixes the issue asks for exist and are unique', () => {
    const prefixes = Object.values(loadSnippets()).flatMap((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
    for (const p of ['sn-article', 'sn-pillar', 'sn-subpoint', 'sn-concepts', 'sn-companies', 'sn-related', 'sn-disclaimer']) {
      assert.ok(prefixes.includes(p), `missing ${p}`);
    }
    assert.equal(new Set(prefixes).size, prefixes.length);
  });

  test('the disclaimer snippet is the default wording', () => {
    assert.equal(expandSnippet(snippetByPrefix('sn-disclaimer').body).text, DEFAULT_DISCLAIMER);
  });

  test('the article skeleton expands to a valid article', () => {
    const text = expandSnippet(snippetByPrefix('sn-article').body).text;
    const lines = text.split('\n');
    assert.match(lines[0], /^# \S/, 'title heading first');
    const pillars = lines.filter((l) => /^#{1,6}[ \t]+\d+\.[ \t]+\S/.test(l));
    assert.deepEqual(
      pillars.map((l) => /\d+/.exec(l)![0]),
      ['1', '2', '3'],
    );
    const thesisAt = lines.findIndex((l) => /\bhere are three\b/i.test(l));
    const firstPillarAt = lines.indexOf(pillars[0]);
    assert.ok(thesisAt >= 0 && thesisAt < firstPillarAt, 'thesis line announcing three, before the first pillar');
    const closingAt = lines.indexOf('***');
    assert.ok(closingAt > lines.indexOf(pillars[2]), 'closing rule after the last pillar');
    const related = lines.indexOf('Related articles:');
    const concepts = lines.indexOf('From the Concept Library, concepts for this article are:');
    const companies = lines.indexOf('From the Company Library, companies for this article are:');
    assert.ok(closingAt < related && related < concepts && concepts < companies, 'sections after the closing rule');
    assert.ok(text.includes('is not investment, legal or tax advice'), 'the disclaimer phrase');
    assert.ok(text.includes(DEFAULT_DISCLAIMER));
    // every sub-point line (ends in ':') inside a pillar is followed by a bullet list
    for (let i = firstPillarAt; i < closingAt; i++) {
      if (/^[^#\s-].*:$/.test(lines[i])) {
        const next = lines.slice(i + 1).find((l) => l.trim() !== '');
        assert.match(next ?? '', /^- \S/, `sub-point ${JSON.stringify(lines[i])} is followed by a bullet`);
      }
    }
  });

  describe('snippet bodies tokenize as the parts they stand for', () => {
    let tk: Tokenizer;
    before(async () => {
      tk = await createTokenizer(findVsCodeMarkdownGrammar() ?? fixtureHostPath);
    });
    const doc = (prefix: string) => {
      const text = expandSnippet(snippetByPrefix(prefix).body).text;
      return new Doc(tk.tokenize(text), text);
    };
    const linesWith = (d: Doc, scope: string) => d.lines.map((_, i) => i).filter((i) => d.scopes(i).some((s) => s.includes(scope)));

    test('sn-article', () => {
      const d = doc('sn-article');
      assert.equal(linesWith(d, PILLAR).length, 3);
      assert.equal(linesWith(d, SUB_POINT).length, 3);
      assert.equal(linesWith(d, THESIS).length, 1);
      const thesis = linesWith(d, THESIS)[0];
      d.has(thesis, 'three', THESIS_COUNT);
      assert.equal(linesWith(d, SECTION_KEYWORD.related).length, 1);
      assert.equal(linesWith(d, SECTION_KEYWORD.concepts).length, 1);
      assert.equal(linesWith(d, SECTION_KEYWORD.companies).length, 1);
      assert.equal(linesWith(d, DISCLAIMER).length, 1);
    });

    for (const [prefix, scope] of [
      ['sn-thesis', THESIS_COUNT],
      ['sn-pillar', PILLAR],
      ['sn-pillar-line', PILLAR],
      ['sn-subpoint', SUB_POINT],
      ['sn-concepts', `constant.language.none.${SN}`],
      ['sn-companies', `constant.language.none.${SN}`],
      ['sn-related', ITEM_SCOPE.related],
      ['sn-disclaimer', DISCLAIMER_PHRASE],
    ] as const) {
      test(prefix, () => {
        assert.ok(linesWith(doc(prefix), scope).length > 0, `${prefix} produces ${scope}`);
      });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Colours: the scopes we chose are ones Dark+ and Light+ actually colour.

const themes = findThemes();
describe('Dark+ and Light+ colour every part', { skip: themes ? false : 'themes not found: add the `tm-themes` devDependency or set STRATEGY_NOTES_THEMES_DIR' }, () => {
  const sample = [
    'Here are five things to watch:', // 0
    '1. Re-Igniting Growth', // 1
    'Leveraging Cainiao for Faster Delivery:', // 2
    '- Uses [[Cainiao|the logistics arm]] well.', // 3
    'Related articles:', // 4
    '- Why ChatGPT Is a Threat to Disney', // 5
    'From the Concept Library, concepts for this article are:', // 6
    '- Logistics', // 7
    'From the Company Library, companies for this article are:', // 8
    '- Cainiao', // 9
    '', // 10
    'This article is not investment, legal or tax advice. Do your own research.', // 11
    'A plain paragraph.', // 12
  ].join('\n');
  const pieces: [line: number, piece: string, what: string][] = [
    [0, 'five', 'thesis count'],
    [1, '1.', 'pillar number'],
    [1, 'Re-Igniting Growth', 'pillar title'],
    [2, 'Leveraging Cainiao', 'sub-point'],
    [3, 'Cainiao', 'reference name'],
    [3, 'the logistics arm', 'reference label'],
    [4, 'Related articles', 'related header'],
    [5, 'Why ChatGPT', 'related article'],
    [6, 'From the Concept Library', 'concepts header'],
    [7, 'Logistics', 'concept tag'],
    [8, 'From the Company Library', 'companies header'],
    [9, 'Cainiao', 'company tag'],
    [11, 'This article', 'disclaimer'],
    [11, 'is not investment, legal or tax advice', 'disclaimer phrase'],
  ];

  for (const [label, key] of [
    ['Dark+', 'dark'],
    ['Light+', 'light'],
  ] as const) {
    test(label, async () => {
      const tk = await createTokenizer(findVsCodeMarkdownGrammar() ?? fixtureHostPath, themes![key]);
      const lines = tk.tokenizeThemed(sample);
      const text = sample.split('\n');
      const styleOf = (line: number, piece: string) => {
        const start = text[line].indexOf(piece);
        let offset = 0;
        for (const t of lines[line]) {
          if (offset <= start && start < offset + t.text.length) return t;
          offset += t.text.length;
        }
        throw new Error(`no token for ${piece}`);
      };
      const plain = styleOf(12, 'A plain paragraph.');
      assert.equal(plain.foreground, tk.defaultForeground());
      for (const [line, piece, what] of pieces) {
        const s = styleOf(line, piece);
        assert.ok(s.foreground !== plain.foreground || s.fontStyle !== plain.fontStyle, `${label} colours the ${what} (${piece})`);
      }
      // The parts that sit side by side must look different from each other.
      const differ = (a: [number, string], b: [number, string], what: string) => {
        const x = styleOf(...a);
        const y = styleOf(...b);
        assert.ok(x.foreground !== y.foreground || x.fontStyle !== y.fontStyle, `${label}: ${what}`);
      };
      differ([1, '1.'], [1, 'Re-Igniting'], 'pillar number vs title');
      differ([3, 'Cainiao'], [3, 'the logistics arm'], 'reference name vs label');
      differ([11, 'This article'], [11, 'is not investment'], 'disclaimer vs its phrase');
      differ([6, 'From the Concept Library'], [7, 'Logistics'], 'section header vs tag');
    });
  }
});
