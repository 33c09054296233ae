import type { Rule } from './rule';

export const pillarEmpty: Rule = {
  id: 'pillar-empty',
  defaultSeverity: 'warning',
  description: 'A pillar has no body.',
  check({ model }) {
    return model.pillars
      .filter((p) => p.bodyLineCount === 0)
      .map((p) => ({ range: p.selectionRange, message: `Pillar ${p.number} ("${p.title}") has no body yet.` }));
  },
};
