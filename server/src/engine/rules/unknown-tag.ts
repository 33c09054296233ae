// The check `unknown-concept` and `unknown-company` share: a tag that names no entry of either
// library (one that names an entry of the other library is `wrong-library`'s).

import { addAliasFix, closestEntries, createEntryFix, maxSuggestedFindings, replaceFixes } from './library-fixes';
import { kindOfSection, libraryName, resolvedTags, type TagSection } from './library';
import type { Finding, Fix, RuleContext } from './rule';

export function unknownTags(context: RuleContext, section: TagSection): Finding[] {
  const library = context.library;
  if (!library) return [];
  const kind = kindOfSection[section];
  return resolvedTags(context, section)
    .filter((t) => t.entries.length === 0)
    .map(({ item, targetUri }, n) => {
      // A link resolves by its file: a new alias would not make it resolve, a file at its target would.
      const byFile = item.form === 'link' && targetUri !== undefined;
      const fixes: Fix[] = [];
      if (context.withFixes !== false && n < maxSuggestedFindings) {
        const candidates = closestEntries(library.index, item.name, [kind]);
        fixes.push(...replaceFixes(library, item, candidates));
        const alias = !byFile && candidates[0] ? addAliasFix(candidates[0].entry, item.name, library) : undefined;
        const create = createEntryFix(context, kind, item.name, byFile ? targetUri : undefined);
        for (const fix of [alias, create]) if (fix) fixes.push(fix);
      }
      return {
        range: byFile ? item.range : item.nameRange,
        message: byFile
          ? `"${item.name}" links to ${item.target}, which is not an entry of the ${libraryName[kind]}.`
          : `"${item.name}" is not in the ${libraryName[kind]}.`,
        fixes,
      };
    });
}
