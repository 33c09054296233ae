// The built server and CLI check configs with ajv's standalone code of the schema's validators
// (scripts/standalone-validators.mjs, put in place of engine/config-validators.ts by the build);
// from sources they are compiled at first use. Both must find the same errors, word for word, in
// every kind of broken value: here the standalone module is made as the build makes it and run
// beside a compiled one.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { ValidateFunction } from 'ajv';
import * as configFile from '../../server/src/engine/config-file';
import { precompiled } from '../../server/src/engine/config-validators';

const root = path.resolve(__dirname, '../..');

/** The module the build bundles, evaluated here (its `export` made a return value). */
async function standalone(): Promise<{ file: ValidateFunction; settings: ValidateFunction }> {
  const { standaloneValidatorsModule } = (await import(path.join(root, 'scripts/standalone-validators.mjs'))) as { standaloneValidatorsModule: (c: typeof configFile) => string };
  const code = standaloneValidatorsModule(configFile).replace(/^export const precompiled = /m, 'return ');
  return new Function('require', code)(createRequire(path.join(root, 'package.json'))) as { file: ValidateFunction; settings: ValidateFunction };
}

const values: unknown[] = [
  {},
  7,
  'rules',
  null,
  [],
  { rules: { 'pillar-empty': 'loud', nope: 'off' } },
  { rules: 3 },
  { disclaimer: { pattern: 3, text: [] } },
  { disclaimer: 'not advice' },
  { library: { concepts: [1, 'a/**'], companies: {} } },
  { articles: 5, exclude: [null] },
  { articles: ['posts/*.md'], exclude: 'drafts/**' },
  { extra: true, trace: 'verbose', newArticle: { folder: 1 } },
  { $schema: 'x', rules: { 'disclaimer-missing': 'error' } },
];

describe('precompiled config validators', () => {
  test('from sources there are none: config-file.ts compiles them', () => {
    assert.deepEqual(precompiled, {});
  });

  test('the standalone ones find what the compiled ones find, for files and settings', async () => {
    const built = await standalone();
    const Ajv = (await import('ajv')).default;
    for (const which of ['file', 'settings'] as const) {
      const ajv = new Ajv(configFile.validatorOptions);
      ajv.addVocabulary(configFile.schemaAnnotations);
      const compiled = ajv.compile(configFile.validatorSchemas[which]);
      for (const value of values) {
        const ok = compiled(value);
        assert.equal(built[which](value), ok, `${which}: ${JSON.stringify(value)}`);
        assert.deepEqual(built[which].errors ?? null, compiled.errors ?? null, `${which}: ${JSON.stringify(value)}`);
      }
    }
  });
});
