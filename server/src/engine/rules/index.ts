// Every rule, in the order the rule table in DIALECT.md lists them.
import { brokenRelatedLink } from './broken-related-link';
import { couldNotCheck } from './could-not-check';
import { disclaimerMissing } from './disclaimer-missing';
import { duplicateEntryName } from './duplicate-entry-name';
import { duplicateTag } from './duplicate-tag';
import { pillarCount } from './pillar-count';
import { pillarEmpty } from './pillar-empty';
import { pillarNumbering } from './pillar-numbering';
import type { Rule } from './rule';
import { unknownCompany } from './unknown-company';
import { unknownConcept } from './unknown-concept';
import { unknownReference } from './unknown-reference';
import { wrongLibrary } from './wrong-library';

export const allRules: readonly Rule[] = [
  disclaimerMissing,
  pillarNumbering,
  pillarCount,
  pillarEmpty,
  unknownConcept,
  unknownCompany,
  wrongLibrary,
  duplicateTag,
  unknownReference,
  brokenRelatedLink,
  duplicateEntryName,
  couldNotCheck,
];

/** Rule ids that config may name. */
export const knownRuleIds: readonly string[] = allRules.map((r) => r.id);

export interface RuleCatalogEntry {
  id: string;
  defaultSeverity: Rule['defaultSeverity'];
  fixable: 'safe' | 'suggestion' | 'none';
  description: string;
  appliesTo: 'article' | 'entry' | 'any';
}

/** Every rule as plain data, in `allRules` order: for rule tables, `strategy-notes rules`, SARIF. */
export function ruleCatalog(): RuleCatalogEntry[] {
  return allRules.map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, fixable: r.fixable ?? 'none', description: r.description, appliesTo: r.appliesTo ?? 'article' }));
}
