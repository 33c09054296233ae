// Writes README.md's rule table from the rule modules, between
// `<!-- rules-table:start -->` and `<!-- rules-table:end -->`.
//   node scripts/rules-table.mjs          rewrites README.md
//   node scripts/rules-table.mjs --check  exits 1 when README.md's table is not what the code gives
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const readmePath = path.join(path.dirname(self), '..', 'README.md');
const start = '<!-- rules-table:start -->';
const end = '<!-- rules-table:end -->';

// The rule modules are TypeScript: run again under tsx when started without it.
if (!process.execArgv.some((a) => a.includes('tsx'))) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', self, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

const { ruleCatalog } = await import('../server/src/engine/rules/index.ts');
const { ruleDocsPath } = await import('../server/src/engine/rules/docs.ts');

const cell = (s) => s.replace(/\|/g, '\\|');
const rows = ruleCatalog().map((r) => `| [\`${r.id}\`](${ruleDocsPath(r.id)}) | ${r.defaultSeverity} | ${r.fixable} | ${cell(r.description)} |`);
const table = ['| rule | default | fix | reports |', '|---|---|---|---|', ...rows].join('\n');

const readme = readFileSync(readmePath, 'utf8');
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < from) {
  console.error(`README.md has no ${start} … ${end} region.`);
  process.exit(1);
}
const wanted = readme.slice(0, from + start.length) + '\n' + table + '\n' + readme.slice(to);
if (process.argv.includes('--check')) {
  if (wanted !== readme) {
    console.error('The rule table in README.md is not what the rule modules say: run `node scripts/rules-table.mjs`.');
    process.exit(1);
  }
} else if (wanted !== readme) {
  writeFileSync(readmePath, wanted);
  console.log('README.md: rule table updated.');
}
