import { moveTagFix } from './library-fixes';
import { resolvedTags } from './library';
import type { Finding, Rule } from './rule';

export const wrongLibrary: Rule = {
  id: 'wrong-library',
  defaultSeverity: 'warning',
  description: 'A concept tag names a company entry, or a company tag a concept entry.',
  fixable: 'suggestion',
  appliesTo: 'article',
  readsLibrary: true,
  check(context) {
    if (!context.library) return [];
    const out: Finding[] = [];
    for (const section of ['concepts', 'companies'] as const) {
      const [is, not] = section === 'concepts' ? ['company', 'concept'] : ['concept', 'company'];
      for (const tag of resolvedTags(context, section)) {
        if (tag.entries.length === 0 || tag.own.length > 0) continue;
        const fix = context.withFixes === false ? undefined : moveTagFix(context, tag);
        out.push({
          range: tag.item.form === 'link' ? tag.item.range : tag.item.nameRange,
          message: `"${tag.item.name}" is a ${is}, not a ${not}: move it to the ${is} tags.`,
          fixes: fix ? [fix] : [],
        });
      }
    }
    return out;
  },
};
