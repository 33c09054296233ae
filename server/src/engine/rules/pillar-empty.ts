import { capped, type Rule } from './rule';

export const pillarEmpty: Rule = {
  id: 'pillar-empty',
  defaultSeverity: 'warning',
  description: 'A pillar has no body.',
  check({ model, limit }) {
    // One pass (a pasted list of 100,000 `1.` lines is 100,000 findings, made up to the limit).
    const { findings, wanted } = capped(limit);
    for (const p of model.pillars) if (p.bodyLineCount === 0 && wanted()) findings.push({ range: p.selectionRange, message: `Pillar ${p.number} ("${p.title}") has no body yet.` });
    return findings;
  },
};
