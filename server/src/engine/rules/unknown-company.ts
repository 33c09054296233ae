import type { Rule } from './rule';
import { unknownTags } from './unknown-tag';

export const unknownCompany: Rule = {
  id: 'unknown-company',
  defaultSeverity: 'warning',
  description: 'A company tag names no entry of the Company Library.',
  fixable: 'suggestion',
  appliesTo: 'article',
  readsLibrary: true,
  check: (context) => unknownTags(context, 'companies'),
};
