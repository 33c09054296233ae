// The built model worker (dist/model-worker.js) warms up on every text of model-warm-up.ts when it
// starts, and only a build stops that: a new cache bound (sent whenever a document closes) does
// not. Before, the first document closed after start-up ended the warm-up, and a 1 MB article
// of setext headings was then built by cold code in ~280 ms instead of ~80 ms. Counts only,
// never the clock. Needs a build first (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from '../../server/src/node/model-transfer';
import { warmUpSteps } from '../../server/src/node/model-warm-up';
import { assertBuilt, LspClient, serverPath, withTimeout } from '../helpers/lsp-client';

const workerPath = path.join(path.dirname(serverPath), 'model-worker.js');

/** Starts the built worker, posts `messages` at once, and collects what it says until `done`. */
async function talk(messages: ToWorker[], done: (received: FromWorker[]) => boolean): Promise<FromWorker[]> {
  assertBuilt();
  const worker = new Worker(workerPath, { workerData: { cancel: new Int32Array(new SharedArrayBuffer(4)) } });
  const received: FromWorker[] = [];
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        worker.on('message', (message: FromWorker) => {
          received.push(message);
          if (message.type === 'model') worker.postMessage({ type: 'next', id: message.id } satisfies ToWorker);
          if (done(received)) resolve();
        });
        worker.on('error', reject);
        for (const message of messages) worker.postMessage(message);
      }),
      60_000,
      'the model worker',
    );
  } finally {
    await worker.terminate();
  }
  return received;
}

test('a new cache bound does not stop the warm-up: every text is built', async () => {
  const limits: ToWorker[] = [1, 2, 3].map((k) => ({ type: 'limit', cacheCharacters: k * 256 * 1024 }));
  const received = await talk(limits, (r) => r.some((m) => m.type === 'warmed'));
  const warmed = received.find((m) => m.type === 'warmed');
  assert.deepEqual(warmed && { type: warmed.type, steps: warmed.steps }, { type: 'warmed', steps: warmUpSteps });
});

test('a build stops the warm-up, and is built', async () => {
  const text = '# A\n\nHere are two things:\n\n1. One\n\nBody.\n\n2. Two\n\nBody.\n';
  const received = await talk(
    [
      { type: 'text', id: 1, piece: text },
      { type: 'build', id: 1, version: 7, cacheCharacters: 256 * 1024 },
    ],
    (r) => r.some((m) => m.type === 'warmed') && r.some((m) => m.type === 'model'),
  );
  const warmed = received.find((m) => m.type === 'warmed');
  assert.ok(warmed?.type === 'warmed' && warmed.steps < warmUpSteps, `stopped after ${warmed?.type === 'warmed' ? warmed.steps : '?'} of ${warmUpSteps} texts`);
  const model = received.find((m) => m.type === 'model');
  assert.ok(model?.type === 'model' && model.head.version === 7 && model.head.title.text === 'A');
});

test('the server starts the worker and it warms up on every text, documents closing meanwhile', async () => {
  const client = await LspClient.start({ env: { STRATEGY_NOTES_LOG_BUILDS: '1' } });
  try {
    for (let k = 0; k < 5; k++) {
      await client.open(`untitled:note-${k}`, `# Note ${k}\n\nText.\n`);
      await client.close(`untitled:note-${k}`);
    }
    const warmedUp = () => client.logMessages.find((m) => m.message.includes('model worker warmed up'))?.message;
    await withTimeout(
      (async () => {
        while (!warmedUp()) await new Promise((resolve) => setTimeout(resolve, 20));
      })(),
      60_000,
      'the warm-up log line',
    );
    assert.match(warmedUp()!, new RegExp(`warmed up on ${warmUpSteps} of ${warmUpSteps} texts`));
  } finally {
    await client.shutdown();
    await client.dispose();
  }
});
