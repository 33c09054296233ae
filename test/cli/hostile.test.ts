// The CLI on hostile input: a UTF-8 BOM changes nothing (the editor strips it, so must CI), a
// reader that goes away (`check | head -1`) ends the run quietly with the exit code it would have
// had, and a file it could not check (binary, over 10 MiB) fails the run unless configured not to.
// Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertBuilt, cliPath, removeDir, tempDir } from '../helpers/lsp-client';
import { cli, parseJson, type Row } from '../helpers/cli';

const BOM = '\uFEFF';
const DISCLAIMER = 'This article is not investment, legal or tax advice.';
const TEXT_LINE = /^(?<file>[^:\n]+):(?<line>\d+):(?<column>\d+) (?<severity>error|warning|info) (?<rule>[a-z]+(?:-[a-z]+)*) (?<message>\S.*)$/;

/** A workspace of the given files (relative path -> text or bytes) with an `articles/**` config. */
function workspace(files: Record<string, string | Buffer>, rules: Record<string, string> = {}): string {
  const dir = tempDir('sn-cli-hostile-');
  writeFileSync(path.join(dir, '.strategy-notes.json'), JSON.stringify({ articles: ['articles/**/*.md'], rules }));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const noStackTrace = (stderr: string) => assert.doesNotMatch(stderr, /EPIPE|Error|\n\s+at /, `no stack trace: ${JSON.stringify(stderr.slice(0, 400))}`);
const strip = (rows: Row[], file: string) => rows.filter((r) => r.file.endsWith(file)).map(({ file: _f, ...rest }) => rest);

describe('strategy-notes check on hostile input', { concurrency: true }, () => {
  before(() => assertBuilt());

  describe('a UTF-8 BOM', () => {
    // Front matter on the first line, a pillar heading on the first line, a reference on the first line.
    const articles: Record<string, string> = {
      'front-matter.md': `---\ntitle: Fronted\n---\nHere are the 2 moves:\n\n## 1. One\n\nBody.\n\n## 3. Three\n`,
      'first-pillar.md': `## 1. First [[Nowhere]]\n\n## 2. Second\n\nBody.\n\n${DISCLAIMER}\n`,
      'pasted.md': `1. Scale [[Nowhere]]\nBody.\n3) Habit\nMore.\n`,
    };
    let dir: string;
    before(() => {
      const files: Record<string, string> = {};
      for (const [name, text] of Object.entries(articles)) {
        files[`articles/plain/${name}`] = text;
        files[`articles/bom/${name}`] = BOM + text;
      }
      dir = workspace(files);
    });
    after(() => removeDir(dir));

    test('same findings at the same line:column as without it (JSON and text)', async () => {
      const run = await cli(['check', '--format', 'json', 'articles'], dir);
      const rows = parseJson(run);
      for (const name of Object.keys(articles)) {
        const plain = strip(rows, `plain${path.sep}${name}`);
        assert.ok(plain.length > 0, `${name} has findings`);
        assert.deepEqual(strip(rows, `bom${path.sep}${name}`), plain, name);
      }
      const text = await cli(['check', 'articles'], dir);
      const lines = text.stdout.trimEnd().split('\n');
      const of = (folder: string) => lines.filter((l) => l.includes(`${folder}${path.sep}`)).map((l) => l.replace(`${folder}${path.sep}`, ''));
      assert.deepEqual(of('bom'), of('plain'));
      assert.equal(text.code, run.code);
    });

    test('front matter is found and a first-line pillar counts', async () => {
      const rows = parseJson(await cli(['check', '--format', 'json', 'articles/bom'], dir));
      const fm = strip(rows, 'front-matter.md');
      // Front matter found: no pillar is read into it, the thesis counts 2, the pillars are 1 and 3.
      assert.ok(fm.some((r) => r.rule === 'pillar-numbering'), JSON.stringify(fm));
      assert.ok(!fm.some((r) => r.rule.startsWith('front-matter')), JSON.stringify(fm));
      const first = strip(rows, 'first-pillar.md');
      assert.deepEqual(first.map((r) => [r.rule, r.line, r.column]), [['pillar-empty', 1, 1], ['unknown-reference', 1, 15]], 'on line 1, columns as VS Code counts them');
    });

    test('the outline of a BOM file is the outline without it', async () => {
      const [a, b] = await Promise.all([cli(['outline', '--format', 'json', 'articles/plain/first-pillar.md'], dir), cli(['outline', '--format', 'json', 'articles/bom/first-pillar.md'], dir)]);
      assert.deepEqual(JSON.parse(b.stdout), JSON.parse(a.stdout));
      assert.equal((JSON.parse(b.stdout) as unknown[]).length, 2);
    });
  });

  describe('a reader that goes away', () => {
    let dir: string;
    before(() => {
      // Far more output than a pipe holds (64 KiB): 150 drafts, each with 30 empty pillars and no disclaimer.
      const files: Record<string, string> = {};
      const draft = Array.from({ length: 30 }, (_, i) => `${i + 1}. Pillar number ${i + 1} with a long enough title`).join('\n') + '\n';
      for (let i = 0; i < 150; i++) files[`articles/draft-${String(i).padStart(3, '0')}.md`] = draft;
      dir = workspace(files);
    });
    after(() => removeDir(dir));

    test('`check | head -1`: one line, the exit code of the whole run, no stack trace', async () => {
      for (const format of ['text', 'json']) {
        const run = await shell(`set -o pipefail; node ${JSON.stringify(cliPath)} check --format ${format} | head -1`, dir);
        noStackTrace(run.stderr);
        assert.equal(run.code, 1, `${format}: errors were found: ${run.stderr}`);
        assert.equal(run.stdout.split('\n').filter(Boolean).length, 1);
      }
    });

    test('closing the reading end: the run stops quietly, exit code 1', async () => {
      const child = spawn(process.execPath, [cliPath, 'check'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      let first = '';
      child.stdout.once('data', (d: Buffer) => {
        first = d.toString().split('\n')[0];
        child.stdout.destroy();
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      assert.match(first, TEXT_LINE);
      noStackTrace(stderr);
      assert.equal(stderr, '', 'nothing more is said (no summary of a run cut short)');
      assert.equal(code, 1);
    });

    test('stderr closed too (`2>&1 | head -1`): the same', async () => {
      const run = await shell(`set -o pipefail; node ${JSON.stringify(cliPath)} check 2>&1 | head -1`, dir);
      assert.equal(run.code, 1);
      assert.match(run.stdout.trim(), TEXT_LINE);
      noStackTrace(run.stderr);
    });

    test('a clean run whose reader goes away still exits 0', async () => {
      const clean = workspace(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`articles/a-${i}.md`, `# A ${i}\n\n${'1. Empty\n'.repeat(60)}\n${DISCLAIMER}\n`])), { 'pillar-empty': 'info', 'pillar-numbering': 'info' });
      try {
        const run = await shell(`set -o pipefail; node ${JSON.stringify(cliPath)} check | head -1`, clean);
        noStackTrace(run.stderr);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout.trim(), / info /);
      } finally {
        removeDir(clean);
      }
    });
  });

  describe('a file that could not be checked', () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
    // 11 MiB of ordinary text: too long to analyze.
    const large = ('A line of prose that goes on for a while, as prose does.\n'.repeat(20_000) + '\n').repeat(10).padEnd(11 * 1024 * 1024, 'x');
    const files = { 'articles/image.md': binary, 'articles/huge.md': large, 'articles/fine.md': `# Fine\n\n${DISCLAIMER}\n` };

    test('fails the run by default, in every format', async () => {
      const dir = workspace(files);
      try {
        const json = await cli(['check', '--format', 'json', '.'], dir);
        assert.equal(json.code, 1);
        assert.deepEqual(
          parseJson(json).map((r) => [path.basename(r.file), r.rule, r.severity, r.line, r.column]),
          [['huge.md', 'could-not-check', 'error', 1, 1], ['image.md', 'could-not-check', 'error', 1, 1]],
        );
        const text = await cli(['check', '.'], dir);
        assert.equal(text.code, 1);
        const lines = text.stdout.trimEnd().split('\n');
        assert.equal(lines.length, 2);
        for (const l of lines) assert.equal(TEXT_LINE.exec(l)?.groups?.rule, 'could-not-check', l);
        assert.match(text.stderr, /2 errors/);
        // Named on the command line, the same.
        const named = await cli(['check', 'articles/huge.md'], dir);
        assert.equal(named.code, 1);
        assert.match(named.stdout, /huge\.md:1:1 error could-not-check .*characters/);
      } finally {
        removeDir(dir);
      }
    });

    // Root reads every file whatever its mode: this one runs as an ordinary user only.
    test('an unreadable file is could-not-check too, not an I/O failure', { skip: process.getuid?.() === 0 && 'running as root' }, async () => {
      const dir = workspace({ 'articles/locked.md': `# Locked\n\n${DISCLAIMER}\n` });
      try {
        chmodSync(path.join(dir, 'articles/locked.md'), 0o000);
        const run = await cli(['check', '--format', 'json', '.'], dir);
        assert.equal(run.code, 1, run.stderr);
        assert.deepEqual(parseJson(run).map((r) => [path.basename(r.file), r.rule, r.severity]), [['locked.md', 'could-not-check', 'error']]);
      } finally {
        chmodSync(path.join(dir, 'articles/locked.md'), 0o644);
        removeDir(dir);
      }
    });

    for (const severity of ['warning', 'off']) {
      test(`passes with the rule set to ${severity}`, async () => {
        const dir = workspace(files, { 'could-not-check': severity });
        try {
          const run = await cli(['check', '--format', 'json', '.'], dir);
          assert.equal(run.code, 0, run.stderr);
          assert.doesNotMatch(run.stderr, /warning: .*could-not-check/, 'the rule id is known to config');
          const rows = parseJson(run).map((r) => [path.basename(r.file), r.rule, r.severity]);
          assert.deepEqual(rows, severity === 'off' ? [] : [['huge.md', 'could-not-check', 'warning'], ['image.md', 'could-not-check', 'warning']]);
        } finally {
          removeDir(dir);
        }
      });
    }
  });
});

function shell(command: string, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
