import { lineRange, type Fix, type Rule } from './rule';

export const pillarNumbering: Rule = {
  id: 'pillar-numbering',
  defaultSeverity: 'warning',
  description: 'Pillars are not numbered 1, 2, 3 … without gaps or repeats.',
  fixable: 'safe',
  check({ model, withFixes }) {
    const wrong = model.pillars.map((p, i) => ({ p, expected: i + 1 })).filter(({ p, expected }) => p.number !== expected);
    if (wrong.length === 0) return [];
    // One fix object for every finding: the code-action layer lists it once.
    const fix: Fix | undefined =
      withFixes === false
        ? undefined
        : {
            title: `Renumber the pillars 1 to ${model.pillars.length}`,
            preferred: true,
            safe: true,
            edits: wrong.map(({ p, expected }) => ({ range: p.numberRange, newText: String(expected) })),
          };
    const uses = new Map<number, number>();
    for (const p of model.pillars) uses.set(p.number, (uses.get(p.number) ?? 0) + 1);
    return wrong.map(({ p, expected }) => ({
      range: lineRange(p.numberRange.start.line, p.numberRange.start.character, p.numberRange.end.character),
      message:
        (uses.get(p.number) ?? 0) > 1
          ? `Pillar number ${p.number} is used more than once; this is pillar ${expected}.`
          : `Pillar ${p.number} should be numbered ${expected}: pillars run 1, 2, 3 … without gaps.`,
      fixes: fix ? [fix] : [],
    }));
  },
};
