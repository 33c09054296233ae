import type { Rule } from './rule';
import { unknownTags } from './unknown-tag';

export const unknownConcept: Rule = {
  id: 'unknown-concept',
  defaultSeverity: 'warning',
  description: 'A concept tag names no entry of the Concept Library.',
  fixable: 'suggestion',
  appliesTo: 'article',
  readsLibrary: true,
  check: (context) => unknownTags(context, 'concepts'),
};
