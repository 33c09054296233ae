// Packed ranges in the cache files (node/compact-ranges.ts): summaries and checks of the example
// workspace, and random values, written packed and read back are what was written; only values
// under range keys are packed or unpacked; a file written before (ranges as objects) reads the same.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import { resolveConfig } from '../../server/src/engine/config';
import { summarizeAndCheck } from '../../server/src/engine/features/split-check';
import { packRanges, unpackRanges } from '../../server/src/node/compact-ranges';
import { FsWorkspace } from '../../server/src/node/fs-workspace';

const exampleRoot = path.resolve(__dirname, '../../example');
const config = resolveConfig([{ origin: 'example/.strategy-notes.json', text: readFileSync(path.join(exampleRoot, '.strategy-notes.json'), 'utf8') }]).config;

const roundTrip = (value: unknown) => {
  const text = JSON.stringify(packRanges(value));
  const back = JSON.parse(text) as unknown;
  unpackRanges(back);
  return { text, back };
};

describe('packed ranges', () => {
  test('summaries and checks of the example workspace read back as written, in fewer bytes', async () => {
    const ws = new FsWorkspace(exampleRoot, config);
    const builder = new ArticleBuilder();
    let plainBytes = 0;
    let packedBytes = 0;
    for (const f of await ws.listFiles()) {
      const made = JSON.parse(JSON.stringify(summarizeAndCheck(f.uri, f.role, (await ws.readFile(f.uri))!, builder, config, false))) as unknown;
      const { text, back } = roundTrip(made);
      assert.deepStrictEqual(back, made, f.uri);
      assert.ok(!text.includes('"start":{"line"'), `${f.uri}: every range packed`);
      // Written before: ranges as objects read back unchanged.
      const old = JSON.parse(JSON.stringify(made)) as unknown;
      unpackRanges(old);
      assert.deepStrictEqual(old, made);
      plainBytes += JSON.stringify(made).length;
      packedBytes += text.length;
    }
    assert.ok(packedBytes < plainBytes * 0.8, `${packedBytes} of ${plainBytes} bytes`);
  });

  test('only values under range keys are packed, and only those are unpacked', () => {
    const range = { start: { line: 1, character: 2 }, end: { line: 3, character: 4 } };
    const value = {
      range,
      nameRange: range,
      titleRanges: [range, range],
      numbers: [1, 2, 3, 4],
      where: range,
      rangeLike: [5, 6, 7, 8],
      headerRange: [9, 9, 9],
      withMore: { range: { ...range, kind: 'x' } },
      end: { line: 5, character: 0 },
    };
    const text = JSON.stringify(packRanges(value));
    assert.deepEqual(JSON.parse(text), { ...value, range: [1, 2, 3, 4], nameRange: [1, 2, 3, 4], titleRanges: [[1, 2, 3, 4], [1, 2, 3, 4]] });
    const back = JSON.parse(text) as unknown;
    unpackRanges(back);
    assert.deepStrictEqual(back, value);
    // A four-number array under a range key is read as a range (and then validated as one).
    const read = { range: [0, 1, 0, 2], items: [{ targetRange: [1, 0, 1, 5] }] };
    unpackRanges(read);
    assert.deepStrictEqual(read, { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, items: [{ targetRange: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } } }] });
  });

  test('property: random values read back as written', () => {
    const position = fc.record({ line: fc.nat(), character: fc.nat() });
    const range = fc.record({ start: position, end: position });
    const key = fc.constantFrom('range', 'nameRange', 'titleRanges', 'items', 'text', 'end', 'numbers');
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, range, position, fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), fc.string(), fc.integer(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 4, noNullPrototype: true })),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        // (Arrays of four numbers are what a packed range is: no summary field holds one.)
        const { back } = roundTrip(v);
        assert.deepStrictEqual(back, JSON.parse(JSON.stringify(v)), JSON.stringify(v));
      }),
      { numRuns: 400 },
    );
  });
});
