// ajv's standalone code of the config schema's validators, as the module that replaces
// server/src/engine/config-validators.ts in the build. `config` is what config-file.ts exports:
// the schemas, the compiler's options and the annotation keywords (one source for both).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function standaloneValidatorsModule({ schemaAnnotations, validatorOptions, validatorSchemas }) {
  const Ajv = require('ajv').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const parts = Object.entries(validatorSchemas).map(([name, schema]) => {
    const ajv = new Ajv({ ...validatorOptions, code: { source: true } });
    ajv.addVocabulary(schemaAnnotations);
    const code = standaloneCode(ajv, ajv.compile(schema));
    return `  ${JSON.stringify(name)}: (() => {\n    const module = { exports: {} };\n    const exports = module.exports;\n${code}\n    return module.exports;\n  })()`;
  });
  return `export const precompiled = {\n${parts.join(',\n')}\n};\n`;
}
