// Inline disable comments: the silencer answers as reading every directive above the line in
// order would (the markdownlint way), now by binary search over each rule's switches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { silencer } from '../../server/src/engine/features/diagnostics';
import type { RuleDirective } from '../../server/src/engine/dialect/model';

/** The definition, read directive by directive (quadratic, for comparison only). */
function reference(directives: RuleDirective[], rule: string, line: number): boolean {
  const names = (d: RuleDirective) => d.rules.length === 0 || d.rules.includes(rule);
  let disabled = false;
  for (const d of [...directives].sort((a, b) => a.line - b.line)) {
    if (d.line > line) break;
    if (d.kind === 'disable' && names(d)) disabled = true;
    else if (d.kind === 'enable' && names(d)) disabled = false;
    else if (d.kind === 'disable-next-line' && d.line === line - 1 && names(d)) return true;
    else if (d.kind === 'disable-line' && d.line === line && names(d)) return true;
  }
  return disabled;
}

const rules = ['pillar-empty', 'pillar-numbering', 'disclaimer-missing'];
const directive = fc.record({
  kind: fc.constantFrom<RuleDirective['kind']>('disable', 'enable', 'disable-next-line', 'disable-line'),
  rules: fc.subarray(rules),
  line: fc.nat({ max: 40 }),
});

test('the silencer answers as the directives read in order do, for every rule and line', () => {
  fc.assert(
    fc.property(fc.array(directive, { maxLength: 25 }), (directives) => {
      const silenced = silencer(directives);
      for (const rule of rules) for (let line = 0; line <= 42; line++) assert.equal(silenced(rule, line), reference(directives, rule, line), `${rule} line ${line}`);
    }),
    { numRuns: 2000 },
  );
});

test('20,000 disable/enable switches: answers right at both ends, the middle and past the last', () => {
  const directives: RuleDirective[] = [];
  for (let i = 0; i < 20000; i++) directives.push({ kind: i % 2 ? 'enable' : 'disable', rules: ['pillar-empty'], line: 2 * i });
  const silenced = silencer(directives);
  for (const line of [0, 1, 2, 3, 19999, 20000, 20001, 39998, 39999, 50000]) assert.equal(silenced('pillar-empty', line), reference(directives, 'pillar-empty', line), `line ${line}`);
  assert.equal(silenced('pillar-numbering', 10), false);
});
