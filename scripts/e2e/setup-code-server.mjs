// Installs what the code-server e2e path needs, on demand, outside the extension's own
// dependencies:
//   - Debian packages: `chromium` (the browser that hosts the workbench) and `libkrb5-dev`
//     (only to build code-server's native `kerberos` module), via apt-get when we are root;
//   - Node 24 (code-server 4.139 refuses other majors) from the npm package `node-linux-<arch>`;
//   - code-server itself, installed with that Node, into .vscode-test/code-server/ (gitignored).
// A marker file records the versions; a matching install is reused as is.
//
// Usable on its own (`node scripts/e2e/setup-code-server.mjs`) or imported by run.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1'; // bundles VS Code 1.139.1
export const NODE_VERSION = '24.21.0';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const installRoot = join(root, '.vscode-test', 'code-server');
const markerFile = join(installRoot, 'installed.json');
const wantedMarker = { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION, arch: process.arch };

/** Thrown for anything that prevents the suite from running; run.mjs prints the message as one line. */
export class SetupError extends Error {}

function log(msg) {
  console.log(`[e2e setup] ${msg}`);
}

/** Runs a command with inherited output; throws SetupError with `what` if it fails. */
function run(cmd, args, what, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.error) throw new SetupError(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new SetupError(`${what}: \`${cmd} ${args.join(' ')}\` exited with ${r.status ?? r.signal}`);
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Installs missing Debian packages. `missing` maps package name -> why it is needed.
 * Without root (a developer's machine) we do not sudo behind their back: we fail and say what to install.
 */
function aptInstall(missing) {
  const names = Object.keys(missing);
  if (names.length === 0) return;
  if (!isRoot() || !existsSync('/usr/bin/apt-get')) {
    const why = names.map((n) => `${n} (${missing[n]})`).join(', ');
    throw new SetupError(`missing system packages: ${why}; install them (e.g. \`sudo apt-get install -y ${names.join(' ')}\`)`);
  }
  log(`installing Debian packages: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['-qq', 'update'], 'apt-get update failed', { env });
  run('apt-get', ['install', '-y', '-q', ...names], `apt-get install ${names.join(' ')} failed`, { env });
}

const dpkgInstalled = (pkg) =>
  spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.includes('install ok installed') ?? false;

/** Path of the Chromium binary to drive (override with CHROMIUM_PATH). */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(markerFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function paths(dir) {
  return {
    node: join(dir, 'node', 'bin', 'node'),
    nodeDir: join(dir, 'node'),
    entry: join(dir, 'app', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

function isInstalled() {
  const m = readMarker();
  const p = paths(installRoot);
  return (
    m !== undefined &&
    Object.entries(wantedMarker).every(([k, v]) => m[k] === v) &&
    existsSync(p.node) &&
    existsSync(p.entry)
  );
}

/**
 * Environment for the nested npm commands. Under `npm test`, npm exports its configuration as
 * npm_config_* variables, among them npm_config_local_prefix=<the repo>: inherited, it would make
 * the nested `npm install` install into the extension's own node_modules and package.json.
 * So all npm_* variables go.
 */
function cleanNpmEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

/** Downloads Node and code-server into a fresh staging dir `dir`. */
function installInto(dir) {
  const p = paths(dir);
  mkdirSync(p.nodeDir, { recursive: true });

  // 1. Node 24: the npm package node-linux-<arch> is the official binary plus headers
  //    (headers matter: native modules are built against them via npm_config_nodedir).
  const nodePkg = `node-linux-${process.arch}@${NODE_VERSION}`;
  log(`fetching ${nodePkg}`);
  run('npm', ['pack', nodePkg, '--silent', '--pack-destination', dir], `npm pack ${nodePkg} failed`, {
    cwd: dir,
    env: cleanNpmEnv(),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new SetupError(`npm pack ${nodePkg} produced no tarball`);
  run('tar', ['xzf', join(dir, tgz), '-C', p.nodeDir, '--strip-components=1'], 'unpacking Node failed');
  rmSync(join(dir, tgz));

  // 2. code-server, installed by npm running under Node 24 (first on PATH). Its own package.json
  //    makes `app/` the npm prefix, so npm never touches the extension's package.json.
  const app = join(dir, 'app');
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'e2e-code-server', private: true }, null, 2));
  log(`installing code-server@${CODE_SERVER_VERSION} (takes a few minutes)`);
  const env = cleanNpmEnv({
    PATH: `${join(p.nodeDir, 'bin')}:${process.env.PATH}`,
    // The machine's npm config may point native builds at other headers (nodedir=/usr → Node 20).
    npm_config_nodedir: p.nodeDir,
  });
  run(
    'npm',
    ['install', '--no-save', '--omit=dev', '--no-package-lock', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
    'installing code-server failed',
    { cwd: app, env },
  );
  if (!existsSync(p.entry)) throw new SetupError(`code-server installed but ${p.entry} is missing`);
  writeFileSync(join(dir, 'installed.json'), JSON.stringify(wantedMarker, null, 2) + '\n');
}

/**
 * Makes sure Chromium and code-server are available; installs them if not.
 * Returns { node, entry, chromium }: the Node 24 binary, code-server's entry script, the browser.
 */
export function ensureCodeServer() {
  const missing = {};
  if (!process.env.CHROMIUM_PATH && !existsSync(chromiumPath())) missing.chromium = 'browser for the workbench';
  const needInstall = !isInstalled();
  if (needInstall && !dpkgInstalled('libkrb5-dev')) missing['libkrb5-dev'] = "to build code-server's kerberos module";
  aptInstall(missing);
  if (!existsSync(chromiumPath())) throw new SetupError(`Chromium not found at ${chromiumPath()}`);

  if (needInstall) {
    const started = Date.now();
    // Install into a staging dir and rename it into place at the end, so an interrupted
    // install never looks complete.
    const staging = `${installRoot}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    try {
      installInto(staging);
      rmSync(installRoot, { recursive: true, force: true });
      renameSync(staging, installRoot);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    log(`code-server ${CODE_SERVER_VERSION} ready in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  return { ...paths(installRoot), chromium: chromiumPath() };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const r = ensureCodeServer();
    log(`ok: ${r.entry} (node ${r.node}), browser ${r.chromium}`);
  } catch (e) {
    console.error(`e2e setup: ${e instanceof SetupError ? e.message : e?.stack ?? e}`);
    process.exit(1);
  }
}
