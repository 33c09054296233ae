import { capped, type Fix, type Rule } from './rule';

export const pillarNumbering: Rule = {
  id: 'pillar-numbering',
  defaultSeverity: 'warning',
  description: 'Pillars are not numbered 1, 2, 3 … without gaps or repeats.',
  fixable: 'safe',
  check({ model, withFixes, limit }) {
    const pillars = model.pillars;
    const first = pillars.findIndex((p, i) => p.number !== i + 1);
    if (first < 0) return [];
    // One fix object for every finding: the code-action layer lists it once. Its edits are made
    // when first read (a quick fix or fix-all applied), not with each check: a pasted list of
    // 100,000 `1.` lines is 100,000 findings, and would be 100,000 edits per keystroke.
    let edits: Fix['edits'] | undefined;
    const renumbering = (): Fix['edits'] => {
      const made: Fix['edits'] = [];
      for (let i = first; i < pillars.length; i++) if (pillars[i].number !== i + 1) made.push({ range: pillars[i].numberRange, newText: String(i + 1) });
      return made;
    };
    const fixes: Fix[] =
      withFixes === false
        ? []
        : [
            {
              title: `Renumber the pillars 1 to ${pillars.length}`,
              preferred: true,
              safe: true,
              get edits() {
                return (edits ??= renumbering());
              },
            },
          ];
    const uses = new Map<number, number>();
    for (const p of pillars) uses.set(p.number, (uses.get(p.number) ?? 0) + 1);
    const { findings, wanted } = capped(limit);
    for (let i = first; i < pillars.length; i++) {
      const p = pillars[i];
      const expected = i + 1;
      if (p.number === expected || !wanted()) continue;
      findings.push({
        // The model's own range (the fix's edit shares it too): nothing changes a model's ranges.
        range: p.numberRange,
        message:
          (uses.get(p.number) ?? 0) > 1
            ? `Pillar number ${p.number} is used more than once; this is pillar ${expected}.`
            : `Pillar ${p.number} should be numbered ${expected}: pillars run 1, 2, 3 … without gaps.`,
        fixes,
      });
    }
    return findings;
  },
};
