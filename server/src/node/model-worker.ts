// The model worker: a thread that builds the models of large documents, so the server's own
// thread keeps answering while a 10 MB article is parsed (see `model-builds.ts`). It keeps its
// own chunk cache, so the next version of a document re-parses only what changed; a build the
// server no longer wants (it writes the build's id into the shared `cancel` cell) stops at its
// next chunk.

import { parentPort, workerData } from 'node:worker_threads';
import { ArticleBuilder, defaultDisclaimerPattern } from '../engine/dialect/article';
import { compileTextPattern, type TextPattern } from '../engine/text-pattern';
import { AbandonableChunkCache, BuildAbandoned } from '../engine/dialect/abandon';
import { ChunkCache } from '../engine/dialect/chunks';
import { splitModel, type FromWorker, type ModelPart, type ColumnPart, type ToWorker } from './model-transfer';
import { warmUpStep, warmUpSteps } from './model-warm-up';

const port = parentPort;
if (!port) throw new Error('model-worker.js runs as a worker thread of the language server');
const cancel = (workerData as { cancel: Int32Array }).cancel;
/** Paced: each warm-up text is followed by twice its time at rest (the server's start needs the cores). */
let paced = (workerData as { paced?: boolean }).paced === true;
const cache = new AbandonableChunkCache();
const builder = new ArticleBuilder(cache);

let textId = -1;
let pieces: string[] = [];
/** The parts of the last model built, not yet asked for. */
let pending: { id: number; parts: (ModelPart | ColumnPart)[] } | undefined;

const post = (message: FromWorker) => port.postMessage(message);

/** The pattern compiled as the server's config compiled it, kept while it stays the same. */
let compiled: TextPattern | undefined;
function pattern(source: string | undefined): TextPattern | undefined {
  if (source === undefined) return undefined;
  if (compiled?.source !== source) {
    try {
      compiled = compileTextPattern(source, defaultDisclaimerPattern);
    } catch {
      compiled = defaultDisclaimerPattern; // resolveConfig compiled it, so this is never reached
    }
  }
  return compiled;
}

// Warm-up: one text a turn, so a build that arrives meanwhile waits for one at most, and none
// once a build has come (the server wants work done, not warm-up; a new cache bound, sent when
// any document closes, is no reason to stop).
let warming = true;
const warmUpStart = performance.now();
const warmUp = (step: number) => {
  if (!warming || step >= warmUpSteps) {
    post({ type: 'warmed', steps: step, of: warmUpSteps, ms: Math.round(performance.now() - warmUpStart) });
    return;
  }
  const start = performance.now();
  try {
    new ArticleBuilder(new ChunkCache()).build(warmUpStep(step), 0);
  } catch {
    return; // never: the builder does not throw; warm-up is only ever a help
  }
  // On two cores, warming up at full speed while the server indexes from its cache took 0.5 s
  // off the server's own thread (a warm restart 1.1 s instead of 0.6 s).
  if (paced) setTimeout(() => warmUp(step + 1), 2 * (performance.now() - start));
  else setImmediate(() => warmUp(step + 1));
};
setImmediate(() => warmUp(0));

port.on('message', (message: ToWorker) => {
  if (message.type === 'pace') {
    paced = message.paced;
    return;
  }
  if (message.type !== 'limit') warming = false;
  switch (message.type) {
    case 'text':
      if (message.id !== textId) {
        textId = message.id;
        pieces = [];
      }
      pieces.push(message.piece);
      return;
    case 'build': {
      const text = message.id === textId ? pieces.join('') : '';
      pieces = [];
      textId = -1;
      pending = undefined;
      cache.limitCharacters(message.cacheCharacters);
      cache.stillWanted = () => Atomics.load(cancel, 0) !== message.id;
      try {
        const model = builder.build(text, message.version, { fileName: message.fileName, disclaimerPattern: pattern(message.patternSource) });
        const { head, parts } = splitModel(model);
        pending = { id: message.id, parts: parts.reverse() };
        post({ type: 'model', id: message.id, head, parts: parts.length });
      } catch (error) {
        if (error instanceof BuildAbandoned) post({ type: 'abandoned', id: message.id });
        else post({ type: 'failed', id: message.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      } finally {
        cache.stillWanted = () => true;
      }
      return;
    }
    case 'next': {
      const part = pending?.id === message.id ? pending.parts.pop() : undefined;
      // A column part's numbers are handed over, not copied.
      if (part) port.postMessage({ type: 'part', id: message.id, part } satisfies FromWorker, 'numbers' in part ? [part.numbers.buffer as ArrayBuffer] : []);
      return;
    }
    case 'limit':
      cache.limitCharacters(message.cacheCharacters);
      return;
  }
});

