import type { Finding, Rule } from './rule';

export const pillarEmpty: Rule = {
  id: 'pillar-empty',
  defaultSeverity: 'warning',
  description: 'A pillar has no body.',
  check({ model }) {
    // One pass (a pasted list of 100,000 `1.` lines is 100,000 findings).
    const findings: Finding[] = [];
    for (const p of model.pillars) if (p.bodyLineCount === 0) findings.push({ range: p.selectionRange, message: `Pillar ${p.number} ("${p.title}") has no body yet.` });
    return findings;
  },
};
