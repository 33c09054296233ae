// The .vsix holds what VS Code runs and nothing else: bundles, manifest, grammar, snippets,
// README, licence, the README's screenshots, the rule and dialect pages — no sources, tests, maps or node_modules. Packages the current build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { knownRuleIds } from '../../server/src/engine/rules';

const root = path.resolve(import.meta.dirname, '../..');

/** File names from a zip's central directory (enough of the format to list entries). */
function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'not a zip file');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory record');
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
  }
  return names.sort();
}

test('npm run package makes a small .vsix with only what VS Code runs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sn-vsix-'));
  try {
    const out = path.join(dir, 'strategy-notes.vsix');
    execFileSync(path.join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: root, stdio: 'pipe' });
    const size = statSync(out).size;
    // About 0.4 MB of code and 0.9 MB of screenshots (PNG, already compressed).
    assert.ok(size < 2 * 1024 * 1024, `the .vsix is ${size} bytes; expected under 2 MiB`);
    const entries = zipEntries(readFileSync(out));
    assert.deepEqual(entries, [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/dist/client.js',
      'extension/dist/model-worker.js',
      'extension/dist/server.js',
      'extension/dist/summary-worker.js',
      'extension/docs/dialect.md',
      ...[...knownRuleIds].sort().map((id) => `extension/docs/rules/${id}.md`),
      'extension/docs/screenshots/disclaimer-quick-fix.png',
      'extension/docs/screenshots/grammar-canonical.png',
      'extension/docs/screenshots/grammar-pasted.png',
      'extension/docs/screenshots/outline-pasted.png',
      'extension/package.json',
      'extension/readme.md',
      'extension/schemas/strategy-notes.schema.json',
      'extension/snippets/markdown.json',
      'extension/syntaxes/strategy-notes.injection.tmLanguage.json',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
