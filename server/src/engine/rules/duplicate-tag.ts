import { deleteLine } from './library-fixes';
import { resolvedTags, type ResolvedTag } from './library';
import type { Finding, Rule } from './rule';

export const duplicateTag: Rule = {
  id: 'duplicate-tag',
  defaultSeverity: 'warning',
  description: 'One section tags the same library entry twice (by title, alias or link).',
  fixable: 'safe',
  appliesTo: 'article',
  readsLibrary: true,
  check(context) {
    if (!context.library) return [];
    const out: Finding[] = [];
    for (const section of ['concepts', 'companies'] as const) {
      // entry URI -> the first tag naming it; later tags naming it are the duplicates.
      const first = new Map<string, ResolvedTag>();
      for (const tag of resolvedTags(context, section)) {
        const earlier = tag.own.map((e) => first.get(e.uri)).find((t) => t !== undefined);
        if (!earlier) {
          for (const e of tag.own) first.set(e.uri, tag);
          continue;
        }
        const line = earlier.item.range.start.line + 1;
        const also = earlier.item.name === tag.item.name ? `also on line ${line}` : `also as "${earlier.item.name}" on line ${line}`;
        out.push({
          range: tag.item.form === 'link' ? tag.item.range : tag.item.nameRange,
          message: `"${tag.item.name}" is tagged twice (${also}).`,
          fixes: context.withFixes === false ? [] : [{ title: `Remove the duplicate tag "${tag.item.name}"`, edits: [deleteLine(context.model, tag.item.range.start.line)], preferred: true, safe: true }],
        });
      }
    }
    return out;
  },
};
