import { lineRange, type Rule } from './rule';

export const pillarNumbering: Rule = {
  id: 'pillar-numbering',
  defaultSeverity: 'warning',
  description: 'Pillars are not numbered 1, 2, 3 … without gaps or repeats.',
  check({ model }) {
    const wrong = model.pillars.map((p, i) => ({ p, expected: i + 1 })).filter(({ p, expected }) => p.number !== expected);
    if (wrong.length === 0) return [];
    const fix = {
      title: `Renumber the pillars 1 to ${model.pillars.length}`,
      preferred: true,
      safe: true,
      edits: wrong.map(({ p, expected }) => ({ range: p.numberRange, newText: String(expected) })),
    };
    return wrong.map(({ p, expected }) => {
      const seen = model.pillars.filter((q) => q.number === p.number).length > 1;
      return {
        range: lineRange(p.numberRange.start.line, p.numberRange.start.character, p.numberRange.end.character),
        message: seen
          ? `Pillar number ${p.number} is used more than once; this is pillar ${expected}.`
          : `Pillar ${p.number} should be numbered ${expected}: pillars run 1, 2, 3 … without gaps.`,
        fixes: [fix],
      };
    });
  },
};
