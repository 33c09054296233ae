// Runs the integration suite (test/e2e/*.test.ts, mocha) inside a real VS Code extension host.
//
//   node scripts/e2e/run.mjs            code-server (VS Code in a headless Chromium, Node
//                                       extension host); installed on demand, see setup-code-server.mjs
//   STRATEGY_NOTES_E2E=electron ...     VS Code desktop through @vscode/test-electron
//                                       (VSCODE_EXECUTABLE_PATH to use an installed one)
//
// Other knobs: STRATEGY_NOTES_E2E_GREP=<regexp> runs matching tests only;
// STRATEGY_NOTES_E2E_TIMEOUT_MS (default 5 min) caps a run (installing excluded);
// STRATEGY_NOTES_E2E_DEBUG=1 also prints the workbench log, browser console and code-server log;
// STRATEGY_NOTES_E2E_KEEP=1 keeps the temporary folder; STRATEGY_NOTES_E2E_EXTENSION=<dir>
// tests another extension folder instead of the repository root.
//
// The suite runs in two windows of one code-server (or two VS Code runs), one after the other,
// each on fresh temporary copies (tests may edit files):
//   1. multi-root: a .code-workspace with a copy of example/ and test/e2e/fixtures/second-root
//      (whose .strategy-notes.json turns disclaimer-missing off); test/e2e/*.multiroot.test.ts;
//   2. single-folder: another copy of example/ opened as the folder; every other test/e2e/*.test.ts
//      (except the screenshot tour, *.tour.test.ts).
// (test/e2e/index.ts picks the files from what the window has open.)
//
// Requests from the suite to the runner (code-server only; see test/e2e/runner.ts): a test logs
// `STRATEGY_NOTES_E2E_REQUEST {"id", "action", …}`; the runner does it on the page and answers in
// $STRATEGY_NOTES_E2E_ACK_DIR/<id>.json. Actions: `text` (what the workbench shows for a CSS
// selector, e.g. our status bar item), `click`, and `screenshot`.
//
// Screenshots: STRATEGY_NOTES_E2E_SCREENSHOTS=<dir> runs only the tour (test/e2e/*.tour.test.ts)
// in one single-folder window (1400×900, dark colour scheme so VS Code's default dark theme) and
// writes the PNGs it asks for into <dir> as <name>.png.
//
// The last line printed is `e2e: N passed, M failed` (both windows summed), or `e2e: error:
// <reason>` when the suite could not run; the exit code is non-zero unless every test passed.
// Nothing is ever skipped silently.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { SetupError, ensureCodeServer } from './setup-code-server.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const mode = process.env.STRATEGY_NOTES_E2E || 'code-server';
const extensionPath = resolve(process.env.STRATEGY_NOTES_E2E_EXTENSION || root);
const timeoutMs = Number(process.env.STRATEGY_NOTES_E2E_TIMEOUT_MS) || 10 * 60_000;
const debug = !!process.env.STRATEGY_NOTES_E2E_DEBUG;
// From opening the workbench to the first line of test output (a cold start here takes ~5 s).
const START_TIMEOUT_MS = 120_000;
const testsOut = join(root, 'dist', 'test', 'e2e');
const RESULT_MARKER = 'STRATEGY_NOTES_E2E_RESULT'; // printed by test/e2e/index.ts
const REQUEST_MARKER = 'STRATEGY_NOTES_E2E_REQUEST '; // printed by test/e2e/runner.ts
const screenshotsDir = process.env.STRATEGY_NOTES_E2E_SCREENSHOTS ? resolve(process.env.STRATEGY_NOTES_E2E_SCREENSHOTS) : undefined;
const grep = process.env.STRATEGY_NOTES_E2E_GREP;
// The workbench's size in Chromium (and so in the screenshots).
const VIEWPORT = { width: 1400, height: 900 };
const LOG_TAG = 'strategy-notes-e2e| '; // test/e2e/log.ts prefixes the suite's output lines with it

/** A reason the suite could not run; reported as `e2e: error: <message>`. */
class RunError extends Error {}

// Things to undo however the run ends (server, browser, temp dir), last registered first.
const cleanups = [];
async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (e) {
      console.error(`e2e: cleanup: ${e?.message ?? e}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.log(`e2e: error: interrupted by ${signal}`);
    cleanup().finally(() => process.exit(1));
  });
}

/** Bundles test/e2e into dist/test/e2e: index.js (with mocha inside) and one file per *.test.ts. */
async function bundleTests() {
  const { build } = await import('esbuild');
  const srcDir = join(root, 'test', 'e2e');
  const tests = readdirSync(srcDir).filter((f) => f.endsWith('.test.ts'));
  if (tests.length === 0) throw new RunError(`no *.test.ts files in ${srcDir}`);
  rmSync(testsOut, { recursive: true, force: true }); // no stale tests from deleted sources
  try {
    await build({
      entryPoints: ['index.ts', ...tests].map((f) => join(srcDir, f)),
      outdir: testsOut,
      outbase: srcDir,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['vscode'], // provided by the extension host
      sourcemap: 'inline', // for debuggers; the extension host's own prepareStackTrace ignores it
      logLevel: 'error',
    });
  } catch (e) {
    throw new RunError(`bundling the e2e tests failed: ${e.message.split('\n')[0]}`);
  }
}

/**
 * Makes the temporary folder and what each window opens. Returns { tmp, resultFile, ackDir, windows },
 * windows being [{ label, folder } | { label, workspaceFile }].
 */
function prepareWorkspaces() {
  const example = join(root, 'example');
  if (!existsSync(example)) throw new RunError(`example workspace ${example} is missing`);
  const secondRoot = join(root, 'test', 'e2e', 'fixtures', 'second-root');
  if (!existsSync(secondRoot)) throw new RunError(`the multi-root fixture ${secondRoot} is missing`);
  const tmp = mkdtempSync(join(tmpdir(), 'strategy-notes-e2e-'));
  cleanups.push(() => (process.env.STRATEGY_NOTES_E2E_KEEP ? undefined : rmSync(tmp, { recursive: true, force: true })));
  const workspace = join(tmp, 'workspace');
  cpSync(example, workspace, { recursive: true });
  const windows = [];
  if (!screenshotsDir) {
    const multi = join(tmp, 'multi-root');
    cpSync(example, join(multi, 'example'), { recursive: true });
    cpSync(secondRoot, join(multi, 'second'), { recursive: true });
    const workspaceFile = join(multi, 'strategy-notes.code-workspace');
    const folders = [
      { path: 'example', name: 'example' },
      { path: 'second', name: 'second' },
    ];
    writeFileSync(workspaceFile, JSON.stringify({ folders, settings: {} }, null, 2));
    // First: opened after another window of the same code-server, a .code-workspace often came
    // up with no folders at all (the workbench kept its empty cached copy of the file); opened
    // first, it did not once in many runs. test/e2e/index.ts fails clearly if it happens anyway.
    windows.push({ label: 'multi-root', workspaceFile });
  }
  windows.push({ label: screenshotsDir ? 'screenshot tour' : 'single folder', folder: workspace });
  const ackDir = join(tmp, 'runner-answers');
  mkdirSync(ackDir);
  return { tmp, resultFile: join(tmp, 'result.json'), ackDir, windows };
}

/** User settings that keep VS Code from reaching the network or showing first-run UI. */
const quietSettings = {
  'telemetry.telemetryLevel': 'off',
  'telemetry.feedback.enabled': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  // code-server defaults to saving after a delay: an edit a test leaves unsaved would reach the
  // example copy on disk and change what later tests read.
  'files.autoSave': 'off',
  'git.enabled': false,
  'git.autofetch': false,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  // A clean workbench (also for the screenshots): no chat side bar or chat buttons.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
};

function writeUserSettings(userDataDir) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  // Screenshots in VS Code's default dark theme: follow the page's colour scheme (dark, see runWindow).
  // No highlighted occurrences of the word under the cursor (they would read as part of the
  // colours) and no minimap (noise that makes the PNGs large).
  const screenshotSettings = { 'window.autoDetectColorScheme': true, 'editor.occurrencesHighlight': 'off', 'editor.minimap.enabled': false };
  const settings = screenshotsDir ? { ...quietSettings, ...screenshotSettings } : quietSettings;
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Kills a whole process group (the server spawned `detached` leads its own), TERM then KILL. */
async function killGroup(pid) {
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {}
  for (let i = 0; i < 50 && alive(); i++) await sleep(100);
  if (alive()) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
    for (let i = 0; i < 50 && alive(); i++) await sleep(100);
  }
}

/** Starts code-server on a free local port; resolves once it answers /healthz. */
async function startCodeServer(cs, tmp, env) {
  const port = await freePort();
  const userDataDir = join(tmp, 'user-data');
  writeUserSettings(userDataDir);
  // Our own config file, so code-server does not create ~/.config/code-server/config.yaml.
  const config = join(tmp, 'code-server.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const logFile = join(tmp, 'code-server.log');
  const logFd = openSync(logFile, 'a');
  const args = [
    cs.entry,
    '--config', config,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', userDataDir,
    '--extensions-dir', join(tmp, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    // Without this the built workbench ignores the extension-test payload in the URL.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  // detached: the server leads a new process group holding its extension host and our language
  // server, so one kill(-pid) ends them all.
  const server = spawn(cs.node, args, { cwd: tmp, env, detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  cleanups.push(async () => {
    await killGroup(server.pid);
    if (debug) console.log(`--- code-server log ---\n${tail(logFile, 200)}\n---`);
  });
  let exited;
  server.on('exit', (code, signal) => (exited = code ?? signal));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) throw new RunError(`code-server exited (${exited}) while starting:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new RunError(`code-server did not answer on ${url} within 60 s:\n${tail(logFile)}`);
    await sleep(200);
  }
  return { url, authority: `127.0.0.1:${port}`, logFile, server };
}

/**
 * Starts code-server and Chromium once, then runs each window in its own page.
 * Returns [{ win, exitCode, output, diagnostics, result }] in window order.
 */
async function runInCodeServer(cs, { tmp, resultFile, ackDir, windows }) {
  const env = {
    ...process.env,
    EXTENSIONS_GALLERY: '{}', // no marketplace: nothing to query over the network
    STRATEGY_NOTES_E2E_RESULT: resultFile, // inherited by the extension host (see test/e2e/index.ts)
    STRATEGY_NOTES_E2E_LOG_TAG: LOG_TAG,
    // VS Code's server and built-in extensions leave sockets and folders in the temp dir
    // (vscode-ipc-*.sock, vscode-git-*.sock, vscode-typescript*): keep them in ours.
    TMPDIR: tmp,
    XDG_DATA_HOME: join(tmp, 'xdg-data'),
    XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
  };
  env.STRATEGY_NOTES_E2E_ACK_DIR = ackDir; // test/e2e/runner.ts: the runner can answer requests
  if (screenshotsDir) env.STRATEGY_NOTES_E2E_TOUR = '1'; // test/e2e/index.ts then runs the tour only
  const server = await startCodeServer(cs, tmp, env);

  const { chromium } = await import('playwright-core');
  const browser = await chromium
    .launch({
      executablePath: cs.chromium,
      headless: true,
      // Our own signal handlers close the browser and the server in order (see cleanup()).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [
        '--no-sandbox', // we run as root in CI
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    .catch((e) => {
      throw new RunError(`could not start Chromium (${cs.chromium}): ${e.message.split('\n')[0]}`);
    });
  cleanups.push(() => browser.close()); // playwright launches a fresh profile and deletes it on close

  const runs = [];
  for (const win of windows) {
    rmSync(resultFile, { force: true });
    const run = await runWindow(browser, server, win, ackDir);
    runs.push({ win, ...run, result: readResult(resultFile, run.output) });
  }
  return runs;
}

/** Opens one workbench window (a page) on `win`, runs the suite in it, closes the page. */
async function runWindow(browser, { url, authority, logFile, server }, win, ackDir) {
  const page = await browser.newPage({ viewport: VIEWPORT, colorScheme: screenshotsDir ? 'dark' : 'light' });

  // The workbench, started with the smoke-test driver, reports through these two globals.
  // They must exist before the page loads.
  const output = [];
  let exitCode;
  let settle;
  const done = new Promise((resolve, reject) => (settle = { resolve, reject }));
  await page.exposeFunction('codeAutomationExit', (code) => {
    exitCode = code;
    settle.resolve();
  });
  // Requests from the suite (test/e2e/runner.ts), one at a time, each answered by a file in ackDir.
  let requests = Promise.resolve();
  const handleRequest = (json) => {
    requests = requests.then(async () => {
      let id;
      let answer;
      try {
        const request = JSON.parse(json);
        id = request.id;
        if (typeof id !== 'string' || !/^[\w-]+$/.test(id)) throw new Error(`bad request id in ${json}`);
        answer = { ok: true, value: await performRequest(page, request) };
      } catch (e) {
        answer = { ok: false, error: e?.message?.split('\n')[0] ?? String(e) };
      }
      if (!id) return console.error(`e2e: unanswerable request ${json}: ${answer.error}`);
      // Written whole, then renamed, so the suite never reads half an answer.
      const file = join(ackDir, `${id}.json`);
      writeFileSync(`${file}.tmp`, JSON.stringify(answer));
      renameSync(`${file}.tmp`, file);
    });
  };
  // The workbench log and the extension host's console arrive mixed; index.ts tags the suite's
  // lines. Untagged lines are shown with STRATEGY_NOTES_E2E_DEBUG, or the last few when no result came.
  const workbenchLog = [];
  const fullLog = []; // everything, written to <tmp>/workbench-<window>.log (kept with STRATEGY_NOTES_E2E_KEEP=1)
  let suiteStarted = false;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    fullLog.push(`[${new Date().toISOString()} ${type}] ${text}`);
    if (!text.startsWith(LOG_TAG)) {
      workbenchLog.push(text);
      if (workbenchLog.length > 40) workbenchLog.shift();
      if (debug) console.log(`[workbench ${type}] ${text}`);
      return;
    }
    const line = text.slice(LOG_TAG.length);
    suiteStarted = true;
    output.push(line);
    if (line.startsWith(REQUEST_MARKER)) handleRequest(line.slice(REQUEST_MARKER.length));
    else if (!line.startsWith(RESULT_MARKER)) (type === 'error' ? console.error : console.log)(line);
  });
  if (debug) {
    page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => console.log(`[browser pageerror] ${e.message}`));
  }
  // Fail fast, with the reason, instead of waiting for the overall timeout.
  page.on('crash', () => settle.reject(new RunError(`the workbench page crashed in Chromium (${win.label} window)`)));
  const onServerExit = (code, signal) =>
    settle.reject(new RunError(`code-server exited (${code ?? signal}) during the run:\n${tail(logFile)}`));
  server.on('exit', onServerExit);

  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(join(testsOut, 'index.js'))],
    ['skipWelcome', 'true'],
  ];
  const open = win.workspaceFile ? `workspace=${encodeURIComponent(win.workspaceFile)}` : `folder=${encodeURIComponent(win.folder)}`;
  const target = `${url}/?${open}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  console.log(`e2e: ${win.label} window`);
  try {
    await page.goto(target, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  } catch (e) {
    throw new RunError(`could not open the workbench at ${url}: ${e.message.split('\n')[0]}\n${tail(logFile)}`);
  }
  const watchdog = setTimeout(() => {
    if (!suiteStarted) {
      const last = workbenchLog.slice(-15).join('\n');
      settle.reject(new RunError(`the extension host did not start the tests within ${START_TIMEOUT_MS / 1000} s (${win.label} window):\n${last}`));
    }
  }, START_TIMEOUT_MS);
  try {
    await done;
    await requests;
  } finally {
    clearTimeout(watchdog);
    server.off('exit', onServerExit);
  }
  await page.close().catch(() => {});
  writeFileSync(join(dirname(logFile), `workbench-${win.label.replace(/\W+/g, '-')}.log`), fullLog.join('\n'));
  return { exitCode, output, diagnostics: workbenchLog };
}

/** Does what a test asked the runner for (see test/e2e/runner.ts) on the workbench page. */
async function performRequest(page, request) {
  switch (request.action) {
    case 'text': {
      // For each element matching the selector: its visible text, aria-label and visibility.
      return page.locator(request.selector).evaluateAll((elements) =>
        elements.map((e) => ({
          text: e.innerText,
          ariaLabel: e.getAttribute('aria-label'),
          visible: !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length),
        })),
      );
    }
    case 'click':
      await page.locator(request.selector).first().click({ timeout: 5_000 });
      return true;
    case 'screenshot': {
      const name = String(request.name);
      if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`bad screenshot name ${JSON.stringify(name)}`);
      if (!screenshotsDir) throw new Error('not in screenshot mode (STRATEGY_NOTES_E2E_SCREENSHOTS is not set)');
      mkdirSync(screenshotsDir, { recursive: true });
      const file = join(screenshotsDir, `${name}.png`);
      const png = await page.screenshot({ path: file, type: 'png' });
      console.log(`e2e: screenshot ${file} (${Math.round(png.length / 1024)} KB)`);
      return file;
    }
    default:
      throw new Error(`unknown request action ${JSON.stringify(request.action)}`);
  }
}

/** Runs each window in VS Code desktop via @vscode/test-electron. Returns runs as runInCodeServer does. */
async function runInElectron({ tmp, resultFile, windows }) {
  if (screenshotsDir) throw new RunError('screenshots need the code-server mode (STRATEGY_NOTES_E2E=code-server)');
  const { runTests, TestRunFailedError } = await import('@vscode/test-electron');
  const userDataDir = join(tmp, 'user-data');
  writeUserSettings(userDataDir);
  // runTests does not expose the VS Code process; on a timeout or signal, end our children.
  cleanups.push(() => {
    const r = spawnSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' });
    for (const pid of (r.stdout ?? '').split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGTERM');
      } catch {}
    }
  });
  const runs = [];
  for (const win of windows) {
    rmSync(resultFile, { force: true });
    console.log(`e2e: ${win.label} window`);
    let exitCode;
    try {
      exitCode = await runTests({
        vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
        version: process.env.STRATEGY_NOTES_E2E_VSCODE_VERSION || undefined,
        extensionDevelopmentPath: extensionPath,
        extensionTestsPath: join(testsOut, 'index.js'),
        extensionTestsEnv: { STRATEGY_NOTES_E2E_RESULT: resultFile },
        launchArgs: [
          win.workspaceFile ?? win.folder,
          '--disable-extensions', // other installed extensions stay out of the way
          '--user-data-dir', userDataDir,
          '--extensions-dir', join(tmp, 'extensions'),
          // test-electron adds --disable-workspace-trust, --skip-welcome, --disable-updates itself.
        ],
      });
    } catch (e) {
      if (e instanceof TestRunFailedError) exitCode = e.code ?? 1;
      else throw new RunError(`could not run VS Code desktop: ${e?.message ?? e}`);
    }
    // test-electron already streamed the output to our stdout.
    runs.push({ win, exitCode, output: [], result: readResult(resultFile, []) });
  }
  return runs;
}

/** Pass/fail counts written by test/e2e/index.ts (file first, then the log line). */
function readResult(resultFile, output) {
  try {
    return JSON.parse(readFileSync(resultFile, 'utf8'));
  } catch {}
  const line = [...output].reverse().find((l) => l.startsWith(RESULT_MARKER));
  return line ? JSON.parse(line.slice(RESULT_MARKER.length)) : undefined;
}

async function main() {
  if (mode !== 'code-server' && mode !== 'electron') {
    throw new RunError(`STRATEGY_NOTES_E2E=${mode}: expected "code-server" (default) or "electron"`);
  }
  const manifest = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8'));
  const main = manifest.main && resolve(extensionPath, manifest.main);
  if (main && !existsSync(main) && !existsSync(`${main}.js`)) {
    throw new RunError(`${main} is missing: build the extension first (npm run build)`);
  }
  // Installing (minutes, once) is not part of the timed run.
  let cs;
  if (mode === 'code-server') {
    try {
      cs = ensureCodeServer();
    } catch (e) {
      throw new RunError(e instanceof SetupError ? e.message : `setting up code-server failed: ${e?.message ?? e}`);
    }
  }
  await bundleTests();
  const ctx = prepareWorkspaces();
  const started = Date.now();
  console.log(`e2e: running in ${mode === 'electron' ? 'VS Code desktop (@vscode/test-electron)' : 'code-server'}`);

  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new RunError(`timed out after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  let runs;
  try {
    runs = await Promise.race([mode === 'electron' ? runInElectron(ctx) : runInCodeServer(cs, ctx), timeout]);
  } finally {
    clearTimeout(timer);
  }
  const total = { passed: 0, failed: 0, pending: 0 };
  let ok = true;
  for (const run of runs) {
    const { win, result } = run;
    if (!result) {
      if (run.diagnostics?.length) console.error(`--- last workbench log lines (${win.label} window) ---\n${run.diagnostics.join('\n')}\n---`);
      throw new RunError(
        `the test runner reported no result in the ${win.label} window (extension host exit code ${run.exitCode}); is extensionTestsPath loadable?`,
      );
    }
    total.passed += result.passed;
    total.failed += result.failed;
    total.pending += result.pending ?? 0;
    // With a grep, a window may have nothing to run (index.ts then reports 0/0 and exits 1): fine.
    const emptyByGrep = grep && result.passed === 0 && result.failed === 0;
    const skipped = result.pending ? `, ${result.pending} skipped` : '';
    if (runs.length > 1) console.log(`e2e: ${win.label} window: ${result.passed} passed, ${result.failed} failed${skipped}${emptyByGrep ? ' (nothing matched the grep)' : ''}`);
    if (result.failed > 0) ok = false;
    else if (run.exitCode !== 0 && !emptyByGrep) {
      console.log(`e2e: the extension host exited with code ${run.exitCode} in the ${win.label} window although no test failed`);
      ok = false;
    }
    if (result.passed === 0 && result.failed === 0 && !grep) {
      console.log(`e2e: no test ran in the ${win.label} window`);
      ok = false;
    }
  }
  // Skipped (pending) tests are listed by mocha and their reason logged by the test; say how many.
  if (total.pending) console.log(`e2e: ${total.pending} test(s) skipped on purpose (see the "(skipped: …)" lines above)`);
  console.log(`e2e: finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (total.passed === 0 && total.failed === 0) {
    console.log('e2e: no test ran');
    ok = false;
  }
  return { result: total, ok };
}

let exitCode = 1;
let summary;
try {
  const { result, ok } = await main();
  summary = `e2e: ${result.passed} passed, ${result.failed} failed`;
  exitCode = ok ? 0 : 1;
} catch (e) {
  const msg = e instanceof RunError ? e.message : e?.stack ?? String(e);
  // Details (log tails) go first; the reason itself is the one last line.
  const [first, ...rest] = msg.split('\n');
  if (rest.length) console.error(rest.join('\n'));
  summary = `e2e: error: ${first}`;
}
await cleanup();
console.log(summary);
process.exit(exitCode);
