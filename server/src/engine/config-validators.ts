// The config schema's two validators (a `.strategy-notes.json` file; the editor's settings
// section), compiled ahead of time: the build (scripts/build.mjs) replaces this module with ajv's
// standalone code of both, so a start of the server or the CLI neither loads ajv's compiler nor
// compiles the schema (~60 ms of each start). Run from sources (the tests of the engine), there are
// none here and config-file.ts compiles them when first needed; the built server and CLI, which
// the LSP and CLI tests run, use these.

import type { ValidateFunction } from 'ajv';

export const precompiled: { file?: ValidateFunction; settings?: ValidateFunction } = {};
