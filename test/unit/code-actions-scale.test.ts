// Code actions grow with the document, not with its square: a fix several findings share (the
// renumbering of every pillar) is one quick fix listing its findings, not one per finding each
// carrying every edit. Counted (edits, findings, bytes), never timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../server/src/engine/config';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { pillarLimit } from '../../server/src/engine/dialect/lines';
import { checkDocument } from '../../server/src/engine/features/diagnostics';
import { quickFixes } from '../../server/src/engine/features/code-actions';
import type { TextEdit } from '../../server/src/engine/rules/rule';
import { disclaimer } from './helpers';

/** Shapes with one numbering problem per pillar (or most): `lines` pillars each. */
const shapes: { name: string; make: (pillars: number) => string }[] = [
  { name: '`1. Item` lines', make: (n) => '1. Item\n'.repeat(n) },
  {
    name: 'a pasted article numbered out of order',
    make: (n) => `Here are ${Math.min(n, 20)} things:\n` + Array.from({ length: n }, (_, i) => `${(i * 7) % 13 + 1}. Pillar Title ${i}\nA line of body text for it.\n`).join('') + disclaimer + '\n',
  },
];

function measure(text: string) {
  const diagnostics = checkDocument(new ArticleBuilder().build(text, 1), defaultConfig(), 'article');
  const whole = quickFixes(diagnostics, { start: { line: 0, character: 0 }, end: { line: 1e9, character: 0 } });
  const numbering = diagnostics.filter((d) => d.rule === 'pillar-numbering');
  const cursor = quickFixes(diagnostics, numbering[numbering.length >> 1].range);
  const count = (fixes: typeof whole) => ({
    actions: fixes.length,
    edits: fixes.reduce((n, f) => n + f.edits.length, 0),
    findings: fixes.reduce((n, f) => n + f.diagnostics.length, 0),
    // As the protocol layer sends them: a finding without its fixes.
    bytes: JSON.stringify(fixes.map((f) => ({ title: f.title, edits: f.edits, diagnostics: f.diagnostics.map(({ rule, range, message }) => ({ rule, range, message })) }))).length,
  });
  return { findings: numbering.length, whole: count(whole), cursor: count(cursor), fixes: whole, text };
}

for (const shape of shapes) {
  test(`code actions on ${shape.name}: at most linear growth as the document doubles`, () => {
    const sizes = [200, 400, 800];
    const runs = sizes.map((n) => measure(shape.make(n)));
    for (const [k, run] of runs.entries()) {
      assert.ok(run.findings > 0.8 * sizes[k], `${run.findings} numbering findings`);
      // One renumbering fix for all of them (beside the disclaimer's and the count's), each
      // edit sent once, each finding listed once.
      assert.equal(run.fixes.filter((f) => f.title.startsWith('Renumber')).length, 1);
      assert.ok(run.whole.actions <= 3, `${run.whole.actions} actions`);
      assert.ok(run.whole.edits <= run.findings + 2, `${run.whole.edits} edits for ${run.findings} findings`);
      assert.ok(run.whole.findings <= run.findings + 2);
      assert.ok(run.cursor.actions === 1 && run.cursor.edits === run.findings && run.cursor.findings === 1);
      if (k === 0) continue;
      const before = runs[k - 1];
      for (const what of ['edits', 'findings', 'bytes'] as const) {
        const growth = run.whole[what] / before.whole[what];
        assert.ok(growth <= 2.2, `${what} of a whole-document request grew ${growth.toFixed(2)}× (${before.whole[what]} → ${run.whole[what]})`);
        const cursorGrowth = run.cursor[what] / before.cursor[what];
        assert.ok(cursorGrowth <= 2.2, `${what} of a one-line request grew ${cursorGrowth.toFixed(2)}×`);
      }
    }
  });
}

test('past the pillar limit the code actions stop growing: the numbered lines after pillar 999 are its body', () => {
  const runs = [4000, 8000].map((n) => measure(shapes[1].make(n)));
  for (const run of runs) {
    assert.ok(run.findings <= pillarLimit, `${run.findings} numbering findings`);
    assert.ok(run.whole.edits <= pillarLimit + 2, `${run.whole.edits} edits`);
  }
  assert.equal(runs[1].whole.edits, runs[0].whole.edits);
  assert.equal(runs[1].whole.findings, runs[0].whole.findings);
});

test('a check makes no renumbering edits: they are made once, when the fix is first read', () => {
  const diagnostics = checkDocument(new ArticleBuilder().build(shapes[0].make(500), 1), defaultConfig(), 'article');
  const fix = diagnostics.find((d) => d.rule === 'pillar-numbering')!.fixes[0];
  const edits = Object.getOwnPropertyDescriptor(fix, 'edits');
  assert.equal(typeof edits?.get, 'function', 'edits are read through a getter, not made with the check');
  assert.equal(fix.edits.length, 499);
  assert.equal(fix.edits, fix.edits, 'made once');
  assert.deepEqual(fix.edits[0], { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, newText: '2' });
});

test('the shared renumbering, applied once, leaves no numbering finding', () => {
  const { fixes, text } = measure(shapes[1].make(500));
  const fix = fixes.find((f) => f.title.startsWith('Renumber'));
  assert.ok(fix);
  const fixed = apply(text, fix.edits);
  assert.deepEqual(checkDocument(new ArticleBuilder().build(fixed, 2), defaultConfig(), 'article').filter((d) => d.rule === 'pillar-numbering'), []);
});

function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  const offset = (p: TextEdit['range']['start']) => starts[p.line] + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}
