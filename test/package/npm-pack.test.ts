// The npm package is for CI and other editors (`npx strategy-notes check`,
// `strategy-notes-language-server --stdio`): the bundles the two bins run, docs, README,
// licence and manifest, and no runtime dependency — esbuild bundled them all. Installing the
// packed tarball needs no network and no build: `prepare` (esbuild, a devDependency) does not
// run for a tarball install. Packs the current build.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Files below a folder of the checkout, as package paths. */
function walk(dir: string): string[] {
  const full = path.join(root, dir);
  try { statSync(full); } catch { return []; }
  return readdirSync(full).flatMap((name) => {
    const rel = `${dir}/${name}`;
    return statSync(path.join(root, rel)).isDirectory() ? walk(rel) : [rel];
  });
}

let dir = '';
let env: NodeJS.ProcessEnv = {};

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sn-npm-'));
  // A cache of its own, so the test neither reads nor fills the user's npm cache.
  env = { ...process.env, npm_config_cache: path.join(dir, 'cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('npm pack holds the bundles the bins run, docs, README, licence and manifest only', () => {
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
  const files = pack.files.map((f) => f.path).sort();
  const docs = walk('docs').filter((f) => !f.startsWith('docs/screenshots/')); // the screenshots are the extension page's
  const expected = ['LICENSE', 'README.md', 'package.json', 'dist/cli.js', 'dist/server.js', 'dist/model-worker.js', 'dist/summary-worker.js', ...docs].sort();
  assert.deepEqual(files, expected);
  for (const bin of Object.values(manifest.bin as Record<string, string>)) assert.ok(files.includes(bin.replace(/^\.\//, '')), `the bin ${bin} is packed`);
});

test('the package has no runtime dependencies (esbuild bundled them)', () => {
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies']) {
    assert.deepEqual(Object.keys(manifest[field] ?? {}), [], `package.json ${field}`);
  }
});

test('the packed tarball installs offline and its bins run: --version, check', () => {
  const tarballs = path.join(dir, 'pack');
  mkdirSync(tarballs);
  const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballs], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const tarball = path.join(tarballs, (JSON.parse(out) as { filename: string }[])[0].filename);

  const project = path.join(dir, 'project');
  mkdirSync(path.join(project, 'articles'), { recursive: true });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-articles', private: true }));
  // --offline: no registry is asked, so a dependency would fail the install.
  execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, env, stdio: 'pipe' });
  assert.deepEqual(readdirSync(path.join(project, 'node_modules')).filter((n) => !n.startsWith('.')), ['strategy-notes'], 'nothing but the package is installed');

  const npx = (args: string[]) => spawnSync(npm, ['exec', '--offline', '--no', '--', ...args], { cwd: project, env, encoding: 'utf8' });
  const version = npx(['strategy-notes', '--version']);
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), `strategy-notes ${manifest.version}`);
  const serverVersion = npx(['strategy-notes-language-server', '--version']);
  assert.equal(serverVersion.status, 0, serverVersion.stderr);
  assert.equal(serverVersion.stdout.trim(), `strategy-notes-language-server ${manifest.version}`);

  writeFileSync(path.join(project, '.strategy-notes.json'), JSON.stringify({ articles: ['articles/**/*.md'] }));
  writeFileSync(path.join(project, 'articles', 'draft.md'), '# Draft\n\nHere are two things:\n\n1. One\n\nFirst.\n\n2. Two\n\nSecond.\n');
  const failing = npx(['strategy-notes', 'check', 'articles']);
  assert.equal(failing.status, 1, `check exits 1 on a missing disclaimer\n${failing.stdout}${failing.stderr}`);
  assert.match(failing.stdout, /articles\/draft\.md:\d+:\d+ error disclaimer-missing /);

  writeFileSync(path.join(project, 'articles', 'draft.md'), '# Draft\n\nHere are two things:\n\n1. One\n\nFirst.\n\n2. Two\n\nSecond.\n\nThis article is not investment advice.\n');
  const passing = npx(['strategy-notes', 'check', 'articles']);
  assert.equal(passing.status, 0, `check passes once the disclaimer is there\n${passing.stdout}${passing.stderr}`);
});
