import type { Range } from '../dialect/model';
import { nameKey } from '../workspace/index';
import { canonicalUri } from '../workspace/uris';
import { workspacePath } from './library';
import { lineRange, type Finding, type Rule, type RuleContext } from './rule';

export const duplicateEntryName: Rule = {
  id: 'duplicate-entry-name',
  defaultSeverity: 'warning',
  description: 'Two library entries share a title or alias (reported on both entry files).',
  appliesTo: 'entry',
  readsLibrary: true,
  check(context) {
    const library = context.library;
    if (!library) return [];
    const self = canonicalUri(library.uri);
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const { name, range } of entryNames(context)) {
      const key = nameKey(name);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const others = library.index.lookup(name).filter((e) => canonicalUri(e.uri) !== self);
      if (others.length === 0) continue;
      const files = others.map((e) => workspacePath(library, e.uri));
      const list = files.length === 1 ? files[0] : `${files.slice(0, -1).join(', ')} and ${files[files.length - 1]}`;
      out.push({ range, message: `"${name}" is also a name of ${list}: a tag or reference with it cannot tell the entries apart.` });
    }
    return out;
  },
};

/** The entry's title and aliases as this version of the file has them (the model), each at
 * the range the index's summary gives it when that summary is of the same text. */
function entryNames(context: RuleContext): { name: string; range: Range }[] {
  const { model, library } = context;
  const data = model.frontMatter?.data ?? {};
  const h1 = model.headings.find((h) => h.depth === 1);
  const stored = library!.index.entry(library!.uri);
  const current = stored && stored.lineCount === model.lineCount ? stored : undefined;
  const top = lineRange(0, 0, model.frontMatter ? 3 : 0);

  let title: string;
  let titleRange: Range | undefined;
  if (typeof data.title === 'string' && data.title.trim()) title = data.title.trim();
  else if (h1) [title, titleRange] = [h1.text, h1.range];
  else [title, titleRange] = [model.title.text, model.title.range];
  if (current?.title === title && current.titleRanges[0]) titleRange = current.titleRanges[0];
  else if (!titleRange && h1 && nameKey(h1.text) === nameKey(title)) titleRange = h1.range;

  const raw = data.aliases;
  const aliases = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [])
    .filter((v): v is string | number => (typeof v === 'string' || typeof v === 'number') && String(v).trim() !== '')
    .map((v) => String(v).trim());
  return [
    { name: title, range: titleRange ?? top },
    ...aliases.map((name) => ({ name, range: current?.aliases.find((a) => a.name === name)?.range ?? top })),
  ];
}
