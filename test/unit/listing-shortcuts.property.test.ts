// Two shortcuts of the workspace listing, each against the long way on random input: a relative
// path of plain characters becomes the root's URI plus the path (fileUriOf otherwise), and a glob
// with a static folder refuses paths outside it before its matcher runs.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../../server/src/engine';
import { compileGlob } from '../../server/src/engine/workspace/globs';
import { fileUriOf, FsWorkspace } from '../../server/src/node/fs-workspace';

const segment = fc.array(fc.constantFrom('a', 'Z', '0', '.', '-', '_', '~', ' ', '%', '#', '?', 'é', '+', '@', ':', '..'), { minLength: 0, maxLength: 6 }).map((c) => c.join(''));
// Relative: an absolute path is taken as it is by uriOf.
const relative = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/')).filter((rel) => !path.isAbsolute(rel));

describe('listing shortcuts', () => {
  test('uriOf a relative path equals fileUriOf of the joined path, for any characters', () => {
    for (const root of [path.resolve('/tmp/notes'), path.resolve('/tmp/with space/ü'), path.resolve('/')]) {
      const ws = new FsWorkspace(root, defaultConfig());
      fc.assert(
        fc.property(relative, (rel) => {
          assert.equal(ws.uriOf(rel), fileUriOf(path.join(root, rel)), rel);
        }),
        { numRuns: 2000 },
      );
    }
  });

  test('a glob with a static folder matches exactly what its matcher alone matches', () => {
    const globs = ['library/concepts/**/*.md', 'library/concepts/*.md', '!library/**/draft-*.md', 'a/b', 'a/b/**', 'articles/{x,y}/*.md', 'x/*/y.md', '**/*.md', 'lib.rary/c~s/**'];
    const pathArb = fc.array(fc.constantFrom('library', 'concepts', 'companies', 'a', 'b', 'x', 'y', 'draft-1.md', 'n.md', 'y.md', 'lib.rary', 'c~s', 'librar', ''), { minLength: 1, maxLength: 5 }).map((p) => p.join('/'));
    for (const glob of globs) {
      const fast = compileGlob(glob);
      // The matcher alone: the same glob behind a wildcard-free prefix of nothing (no static folder).
      const negated = glob.startsWith('!');
      const slow = compileGlob(`${negated ? '!' : ''}{${negated ? glob.slice(1) : glob},}`);
      fc.assert(
        fc.property(pathArb, (p) => {
          if (p === '') return; // the `{…,}` form also matches the empty path
          assert.equal(fast(p), slow(p), `${glob} on ${p}`);
        }),
        { numRuns: 1000 },
      );
    }
  });
});
