// `check --fix` and `--fix-dry-run` on temporary workspaces: safe fixes written, each fixed rule
// clean on re-check, everything else byte for byte as it was (CRLF, a BOM, the file mode, binary
// and non-UTF-8 files, articles with nothing safe to fix); a dry run prints the diff and writes
// nothing; a second --fix changes nothing. Needs a build first (`node scripts/build.mjs`).
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createEngine, defaultConfig, type Engine } from '../../server/src/engine';
import { fixFile } from '../../server/src/cli/fix';
import { fileUriOf } from '../../server/src/node/fs-workspace';
import { cli, parseJson } from '../helpers/cli';
import { assertBuilt, copyExample, removeDir, tempDir } from '../helpers/lsp-client';

assertBuilt();

/** Every file below a folder: its bytes and mode. */
function snapshot(dir: string): Map<string, { bytes: Buffer; mode: number }> {
  const out = new Map<string, { bytes: Buffer; mode: number }>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), { bytes: readFileSync(p), mode: statSync(p).mode });
    }
  };
  walk(dir);
  return out;
}

function changedFiles(a: ReturnType<typeof snapshot>, b: ReturnType<typeof snapshot>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((n) => !a.get(n) || !b.get(n) || !a.get(n)!.bytes.equals(b.get(n)!.bytes) || a.get(n)!.mode !== b.get(n)!.mode).sort();
}

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));
const example = () => {
  const dir = copyExample('sn-fix-');
  dirs.push(dir);
  return dir;
};

const disclaimer = 'This article is not investment, legal or tax advice.';

describe('check --fix', () => {
  test('the example workspace: the disclaimer and the duplicate tag fixed, nothing else touched; a second run changes nothing', async () => {
    const ws = example();
    const before = snapshot(ws);
    const rowsBefore = parseJson(await cli(['check', '--format', 'json'], ws));
    const run = await cli(['check', '--fix'], ws);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /cloud-pricing-draft\.md: fixed disclaimer-missing/);
    assert.match(run.stderr, /library-problems\.md: fixed duplicate-tag/);
    assert.doesNotMatch(run.stdout, /disclaimer-missing|duplicate-tag/, 'the re-check reports what remains');
    const fixed = snapshot(ws);
    assert.deepEqual(changedFiles(before, fixed), ['articles/drafts/cloud-pricing-draft.md', 'articles/drafts/library-problems.md'].map((p) => p.split('/').join(path.sep)));
    const rowsAfter = parseJson(await cli(['check', '--format', 'json'], ws));
    const fixedRules = ['disclaimer-missing', 'duplicate-tag'];
    assert.deepEqual(rowsAfter.filter((r) => fixedRules.includes(r.rule)), []);
    assert.deepEqual(rowsAfter.map((r) => `${r.file} ${r.rule}`), rowsBefore.filter((r) => !fixedRules.includes(r.rule)).map((r) => `${r.file} ${r.rule}`), 'the suggestions stay');
    const again = await cli(['check', '--fix'], ws);
    assert.equal(again.code, 0);
    assert.doesNotMatch(again.stderr, /fixed/);
    assert.deepEqual(changedFiles(fixed, snapshot(ws)), []);
  });

  test('--fix-dry-run prints the diff and changes no byte', async () => {
    const ws = example();
    const before = snapshot(ws);
    const run = await cli(['check', '--fix-dry-run'], ws);
    assert.equal(run.code, 1, 'the error is still there');
    assert.match(run.stdout, /^--- a\/articles\/drafts\/library-problems\.md$/m);
    assert.match(run.stdout, /^\+\+\+ b\/articles\/drafts\/library-problems\.md$/m);
    assert.match(run.stdout, /^-- Northwind$/m);
    assert.match(run.stdout, /^\+This article is not investment, legal or tax advice\./m);
    assert.match(run.stdout, /disclaimer-missing/, 'and the findings as they are');
    assert.deepEqual(changedFiles(before, snapshot(ws)), []);
  });

  test('CRLF stays CRLF, a BOM and the file mode stay; binary, non-UTF-8 and unfixable files are left byte for byte', async () => {
    const ws = tempDir('sn-fix-files-');
    dirs.push(ws);
    const crlf = ['# Draft', '', 'Here are three things:', '', '1. One', '', 'Body.', '', '3. Two', '', 'Body.', '', disclaimer, ''].join('\r\n');
    writeFileSync(path.join(ws, 'crlf.md'), '\uFEFF' + crlf);
    chmodSync(path.join(ws, 'crlf.md'), 0o640);
    writeFileSync(path.join(ws, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0x31, 0x2e, 0x20, 0x0a, 0x33, 0x2e, 0x20, 0x0a]));
    writeFileSync(path.join(ws, 'latin1.md'), Buffer.from(`# Caf\xe9\n\n1. One\n\nBody.\n\n3. Two\n\nBody.\n\n${disclaimer}\n`, 'latin1'));
    writeFileSync(path.join(ws, 'unfixable.md'), `# A\n\nHere are 2 things:\n\n1. One\n\n2. Two\n\nBody.\n\n${disclaimer}\n`);
    const before = snapshot(ws);
    const run = await cli(['check', '--fix', '.'], ws);
    assert.match(run.stderr, /crlf\.md: fixed pillar-numbering, pillar-count|crlf\.md: fixed pillar-count, pillar-numbering/);
    assert.match(run.stderr, /latin1\.md: not fixed: not valid UTF-8/);
    assert.deepEqual(changedFiles(before, snapshot(ws)), ['crlf.md']);
    const fixed = readFileSync(path.join(ws, 'crlf.md'), 'utf8');
    assert.equal(fixed, '\uFEFF' + crlf.replace('three', 'two').replace('3. Two', '2. Two'));
    assert.equal(statSync(path.join(ws, 'crlf.md')).mode & 0o777, 0o640);
    assert.match(run.stdout, /binary\.md:1:1 \w+ could-not-check/, 'the binary file is reported, not fixed');
    assert.match(run.stdout, /unfixable\.md:\d+:\d+ warning pillar-empty/);
    assert.doesNotMatch(run.stdout, /crlf\.md/, 'the fixed file is clean');
    assert.deepEqual(readdirSync(ws).sort(), ['binary.md', 'crlf.md', 'latin1.md', 'unfixable.md'], 'no temporary file left');
  });

  test('--fix with standard input is a usage error', async () => {
    const run = await cli(['check', '--fix', '-'], tempDir('sn-fix-stdin-'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /not with - \(standard input\)/);
  });
});

describe('fixFile', () => {
  test('a file whose bytes changed since it was read is not written', () => {
    const ws = tempDir('sn-fix-race-');
    dirs.push(ws);
    const file = path.join(ws, 'a.md');
    writeFileSync(file, `1. One\n\nBody.\n\n3. Two\n\nBody.\n\n${disclaimer}\n`);
    const real = createEngine();
    let writes = 0;
    // Someone saves the file while the fixes are worked out.
    const engine: Engine = {
      ...real,
      analyze(input) {
        if (writes++ === 1) writeFileSync(file, 'the writer saved this meanwhile\n');
        return real.analyze(input);
      },
    };
    const outcome = fixFile(engine, { file, shownAs: 'a.md', input: { key: fileUriOf(file), config: defaultConfig(), fileName: 'a.md', isArticle: true, role: 'article' } }, 'fix', () => {});
    assert.deepEqual(outcome, { kind: 'skipped', reason: 'changed while it was fixed' });
    assert.equal(readFileSync(file, 'utf8'), 'the writer saved this meanwhile\n');
    assert.deepEqual(readdirSync(ws), ['a.md'], 'no temporary file left');
  });
});
