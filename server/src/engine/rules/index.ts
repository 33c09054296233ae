// Every rule, in the order the rule table in DIALECT.md lists them.
import { disclaimerMissing } from './disclaimer-missing';
import { pillarCount } from './pillar-count';
import { pillarEmpty } from './pillar-empty';
import { pillarNumbering } from './pillar-numbering';
import type { Rule } from './rule';

export const allRules: readonly Rule[] = [disclaimerMissing, pillarNumbering, pillarCount, pillarEmpty];

/** Rule ids that config may name: the implemented ones and those DIALECT.md defines for later. */
export const knownRuleIds: readonly string[] = [
  ...allRules.map((r) => r.id),
  'unknown-concept',
  'unknown-company',
  'wrong-library',
  'duplicate-tag',
  'unknown-reference',
  'broken-related-link',
];
