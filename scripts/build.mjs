// Bundles the VS Code client, the language server and the CLI with esbuild
// (the bundling VS Code's extension docs recommend). Type-checking is `tsc`'s job.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

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

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The server's worker thread for large documents' models (server/src/node/model-builds.ts).
  build({ ...common, entryPoints: ['server/src/node/model-worker.ts'], outfile: 'dist/model-worker.js' }),
]);
await Promise.all(['dist/server.js', 'dist/cli.js'].map((f) => chmod(f, 0o755)));
