// Benchmark (not a test): one document never holds up another. A small article is edited (a
// one-character didChange) and its outline asked for, again and again: first with nothing else
// open (the reference), then while a 10 MB article that was just opened is analyzed. Prints the
// small article's latency in both cases side by side, and their ratio (target: ≤ 50 ms while the
// big one is analyzed). The first request after the big didOpen is shown apart: it waits for
// the server to read that 10 MB message.
//
//   npm run bench:responsiveness   (builds first; `-- --size 4000000` for a smaller big article)

import { DocumentSymbolRequest } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../test/helpers/lsp-client';
import { distinctArticle, typicalArticle } from './articles';
import { stats, timeProseEdit } from './measure';

const sizeArg = process.argv.indexOf('--size');
const bigSize = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 10_000_000;
const gapMs = 20;


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One edit of the small article and its outline, answered: milliseconds. */
function editAndAsk(client: LspClient, uri: string, lines: string[], k: number): Promise<number> {
  return timeProseEdit(client, uri, lines, k, () => client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }));
}

async function main(): Promise<void> {
  const client = await LspClient.start();
  const small = 'untitled:small-article';
  const big = 'untitled:big-article';
  try {
    const text = typicalArticle();
    const lines = text.split('\n');
    await client.open(small, text);
    let k = 0;
    for (; k < 20; k++) await editAndAsk(client, small, lines, k); // warm-up
    const reference: number[] = [];
    for (let i = 0; i < 60; i++) {
      reference.push(await editAndAsk(client, small, lines, k++));
      await sleep(gapMs);
    }

    const bigText = distinctArticle(bigSize);
    const opened = performance.now();
    await client.open(big, bigText);
    const published = client.waitForPublish(big, { ms: 600_000 });
    let done = false;
    void published.then(() => (done = true));
    // The first request waits for the server to read the 10 MB didOpen itself (JSON, ~50 ms
    // here), which no analysis design avoids: shown on its own line.
    const first = await editAndAsk(client, small, lines, k++);
    const during: number[] = [];
    while (!done) {
      during.push(await editAndAsk(client, small, lines, k++));
      await sleep(gapMs);
    }
    const bigMs = performance.now() - opened;

    const r = stats(reference);
    const d = stats(during);
    const row = (name: string, s: { median: number; p95: number; max: number }, n: number) =>
      `  ${name.padEnd(44)} median ${s.median.toFixed(1).padStart(7)} ms   p95 ${s.p95.toFixed(1).padStart(7)} ms   max ${s.max.toFixed(1).padStart(7)} ms   (${n} requests)`;
    console.log(`\nA small article (${(text.length / 1024).toFixed(0)} KB): one-character didChange -> documentSymbol answered`);
    console.log(row('nothing else open (reference)', r, reference.length));
    console.log(row(`while a ${(bigText.length / 1e6).toFixed(1)} MB article is analyzed`, d, during.length));
    console.log(`  the first request after the 10 MB didOpen (the server reads that message first)   ${first.toFixed(1)} ms`);
    console.log(`  ratio (while / reference)                    median ${(d.median / r.median).toFixed(2)}×   p95 ${(d.p95 / r.p95).toFixed(2)}×   max ${(d.max / r.max).toFixed(2)}×`);
    console.log(`  the big article: open -> diagnostics published in ${(bigMs / 1000).toFixed(1)} s; target for the small one: ≤ 50 ms meanwhile`);
  } finally {
    await client.shutdown();
    await client.dispose();
  }
}

void main();
