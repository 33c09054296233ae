import { addAliasFix, closestEntries, createEntryFix, maxSuggestedFindings, replaceFixes } from './library-fixes';
import type { Fix, Rule } from './rule';

export const unknownReference: Rule = {
  id: 'unknown-reference',
  defaultSeverity: 'warning',
  description: 'An inline [[reference]] names no entry of the Concept or Company Library.',
  fixable: 'suggestion',
  appliesTo: 'article',
  readsLibrary: true,
  check(context) {
    const library = context.library;
    if (!library) return [];
    return context.model.references
      .filter((r) => library.index.lookup(r.name).length === 0)
      .map((r, n) => {
        const message = `"${r.name}" is not in the Concept Library or the Company Library.`;
        if (context.withFixes === false || n >= maxSuggestedFindings) return { range: r.nameRange, message };
        const candidates = closestEntries(library.index, r.name, ['concept', 'company']);
        const fixes: Fix[] = replaceFixes(library, { form: 'reference', range: r.range, nameRange: r.nameRange }, candidates);
        const more = [
          candidates[0] ? addAliasFix(candidates[0].entry, r.name, library) : undefined,
          createEntryFix(context, 'concept', r.name),
          createEntryFix(context, 'company', r.name),
        ];
        for (const fix of more) if (fix) fixes.push(fix);
        return { range: r.nameRange, message, fixes };
      });
  },
};
