// Fix all on every pillar form of the dialect (headings, and top-level lines with each number
// style and label word), in the canonical and the pasted style: misnumbered pillars, a wrong
// announced count and no disclaimer are all fixed in one go, the form of each pillar line is
// kept, the re-check is clean, and a second fix-all changes nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, fixDocument, type ArticleInput } from '../../server/src/engine';
import { defaultConfig } from '../../server/src/engine/config';
import { applyEdits } from './helpers';

const config = defaultConfig();
const engine = createEngine();
const input = (text: string): ArticleInput => ({ key: 'file:///ws/articles/forms.md', text, version: 1, config, isArticle: true, role: 'article' });
const check = (text: string) => engine.analyze(input(text)).diagnostics;
const fix = (text: string) => fixDocument(engine, input(text), check(text));

/** Each form as a function of the pillar's number (DIALECT.md's pillar row). */
const forms: [string, (n: number, title: string) => string][] = [
  ['## N. Title', (n, t) => `## ${n}. ${t}`],
  ['### N. Title', (n, t) => `### ${n}. ${t}`],
  ['N. Title', (n, t) => `${n}. ${t}`],
  ['N) Title', (n, t) => `${n}) ${t}`],
  ['N: Title', (n, t) => `${n}: ${t}`],
  ['#N: Title', (n, t) => `#${n}: ${t}`],
  ['Factor N: Title', (n, t) => `Factor ${n}: ${t}`],
  ['Rule N: Title', (n, t) => `Rule ${n}: ${t}`],
  ['Step N – Title', (n, t) => `Step ${n} – ${t}`],
  ['N. Title:', (n, t) => `${n}. ${t}:`],
];

const titles = ['Distribution Reach', 'Pricing Power', 'Supplier Leverage', 'Brand Trust'];
const wrongNumbers = [1, 3, 3, 5];

function articleIn(form: (n: number, title: string) => string, pasted: boolean, numbers: number[]): string {
  const gap = pasted ? '\n' : '\n\n';
  const parts = ['# Four Ways Harbor Grows', 'Here are five things Harbor will likely focus on:'];
  numbers.forEach((n, i) => parts.push(form(n, titles[i]), `Why ${titles[i].toLowerCase()} matters for Harbor, in a sentence of its own.`));
  return parts.join(gap) + '\n';
}

describe('fix all on every pillar form', () => {
  for (const [name, form] of forms) {
    for (const pasted of [false, true]) {
      if (pasted && name.startsWith('##')) continue; // headings are the canonical style only
      test(`${name}, ${pasted ? 'pasted (no blank lines)' : 'canonical'}`, () => {
        const text = articleIn(form, pasted, wrongNumbers);
        const before = check(text).map((d) => d.rule);
        assert.ok(before.includes('pillar-numbering') && before.includes('pillar-count') && before.includes('disclaimer-missing'), `the draft has all three findings: ${before.join(', ')}`);
        const result = fix(text);
        assert.deepEqual(result.rules.sort(), ['disclaimer-missing', 'pillar-count', 'pillar-numbering']);
        assert.equal(applyEdits(text, result.edits), result.text, 'the edits rebuild the fixed text');
        const expected = articleIn(form, pasted, [1, 2, 3, 4]).replace('five things', 'four things');
        assert.ok(result.text.startsWith(expected.trimEnd()), `pillar lines keep their form:\n${result.text}`);
        assert.ok(result.text.includes(config.disclaimer.text));
        assert.deepEqual(check(result.text).map((d) => `${d.rule}: ${d.message}`), [], 'clean on re-check');
        assert.deepEqual(fix(result.text).edits, [], 'a second fix-all changes nothing');
      });
    }
  }
});
