// Bundles the VS Code client, the language server and the CLI with esbuild
// (the bundling VS Code's extension docs recommend). Type-checking is `tsc`'s job.
import { build } from 'esbuild';
import { chmod, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { standaloneValidatorsModule } from './standalone-validators.mjs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
};

// piscina starts its threads on its own `worker.js`, next to its code: bundled, that is
// dist/summary-worker.js, which holds piscina's worker runtime and the summary handler.
const piscinaWorker = path.join(path.dirname(createRequire(import.meta.url).resolve('piscina')), 'worker.js');
const piscinaThreads = {
  name: 'piscina-threads',
  setup(b) {
    b.onLoad({ filter: /piscina[\\/]dist[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace("resolve)(__dirname, 'worker.js')", "resolve)(__dirname, 'summary-worker.js')");
      if (contents === source) throw new Error(`piscina-threads: no worker.js path in ${args.path} (piscina changed?)`);
      return { contents, loader: 'js' };
    });
  },
};
const summaryWorker = {
  // The runtime only where this file is the thread's main one (piscina's own worker.js may load it, from sources).
  contents: `module.exports = require('./server/src/node/summary-worker.ts');\nif (require.main === module) require(${JSON.stringify(piscinaWorker)});\n`,
  resolveDir: process.cwd(),
  sourcefile: 'summary-worker-entry.js',
  loader: 'js',
};

// The config schema's validators as ajv's standalone code (server/src/engine/config-validators.ts),
// compiled here from config-file.ts's own schemas and options, so a start compiles nothing.
const requireHere = createRequire(import.meta.url);
async function standaloneValidators() {
  const bundled = await build({ ...common, sourcemap: false, minify: false, write: false, logLevel: 'silent', stdin: { contents: "module.exports = require('./server/src/engine/config-file.ts');", resolveDir: process.cwd(), loader: 'js' } });
  const loaded = { exports: {} };
  new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(loaded, loaded.exports, requireHere);
  return standaloneValidatorsModule(loaded.exports);
}
let validatorsCode;
const precompiledValidators = {
  name: 'precompiled-validators',
  setup(b) {
    b.onLoad({ filter: /engine[\\/]config-validators\.ts$/ }, async () => ({ contents: await (validatorsCode ??= standaloneValidators()), loader: 'js', resolveDir: process.cwd() }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' }, plugins: [piscinaThreads, precompiledValidators] }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [piscinaThreads, precompiledValidators] }),
  // The server's worker thread for large documents' models (server/src/node/model-builds.ts).
  build({ ...common, entryPoints: ['server/src/node/model-worker.ts'], outfile: 'dist/model-worker.js', plugins: [precompiledValidators] }),
  // The threads of the cold index's summary pool (server/src/node/summary-pool.ts).
  // (@napi-rs/nice, optional, is only loaded for a niceIncrement, which the pool never sets.)
  build({ ...common, stdin: summaryWorker, outfile: 'dist/summary-worker.js', external: ['@napi-rs/nice'], plugins: [precompiledValidators] }),
]);
await Promise.all(['dist/server.js', 'dist/cli.js'].map((f) => chmod(f, 0o755)));
