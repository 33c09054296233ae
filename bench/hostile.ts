// Benchmark (not a test): hostile inputs. For every shape of issue 7's table and its family
// (many HTML blocks and directives, long lines of every character class, long runs of one
// construct, deep nesting, many references), prints the time from opening the text to its
// model (a fresh `ArticleBuilder`, cold chunk cache) at 1×, 2× and 4× the size with the growth
// ratio, and a raw remark-parse of the same text beside it (in a worker, given up after a few
// seconds) as the reference, and the ratio of each time to it. The `LSP 1×` column is the same
// text end to end through the built server over stdio (didOpen → pull diagnostics answered), in
// a fresh server per shape once its model worker has warmed up, so no shape pays for the
// garbage of the one before it. Target: every shape at 1 MB in ≤ 200 ms.
//   Run: npm run bench:hostile   (HOSTILE_SIZE=262144 for a quicker run, HOSTILE_ONLY=setext|quote,
//   HOSTILE_LSP=0 to leave the server out; it needs `node scripts/build.mjs` first)
// test/unit/linear.test.ts counts the work on the same shapes.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ArticleBuilder } from '../server/src/engine/dialect/article';
import { assertBuilt, LspClient } from '../test/helpers/lsp-client';

export interface HostileShape {
  name: string;
  /** A text of about `size` characters (at least `size`). */
  make(size: number): string;
}

/** Repeats `piece(i)` until the text holds `size` characters. */
function repeat(size: number, piece: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const p = piece(i);
    parts.push(p);
    length += p.length;
  }
  return parts.join('');
}

/** One line: `head`, then `fill` repeated, then `tail`. */
function line(head: string, fill: string, tail: string): HostileShape['make'] {
  return (size) => head + fill.repeat(Math.max(1, Math.ceil((size - head.length - tail.length) / fill.length))) + tail;
}

/** The shapes of issue 7's table are named `issue: …`; the others are their family (numbered
 * variants are all different chunks, so the chunk cache cannot answer for remark). */
export const hostileShapes: HostileShape[] = [
  // Many HTML blocks and comments (chunks whose last block is HTML).
  { name: 'issue: `Para\\n<!-- note -->\\n\\n` ×n', make: (s) => repeat(s, () => 'Para\n<!-- note -->\n\n') },
  { name: 'numbered notes in comments', make: (s) => repeat(s, (i) => `Para ${i}\n<!-- note ${i} -->\n\n`) },
  { name: 'issue: disable/enable comments', make: (s) => repeat(s, () => '<!-- strategy-notes-disable pillar-numbering -->\nText here.\n<!-- strategy-notes-enable pillar-numbering -->\n') },
  { name: 'numbered disable/enable directives', make: (s) => repeat(s, (i) => `<!-- strategy-notes-disable pillar-numbering -->\nText ${i} here.\n<!-- strategy-notes-enable pillar-numbering -->\n\n`) },
  { name: 'directives, no blank lines', make: (s) => repeat(s, (i) => `<!-- strategy-notes-disable-next-line pillar-empty -->\n${i + 1}. Pillar ${i}\n`) },
  { name: 'HTML blocks <div>…</div>', make: (s) => repeat(s, (i) => `<div>\ntext ${i}\n</div>\n\n`) },
  { name: 'one-line HTML blocks, no blank lines', make: (s) => repeat(s, (i) => `<!-- x ${i} -->\n`) },
  { name: 'comment never closed', make: (s) => '<!--\n' + repeat(s, (i) => `line ${i} of a note\n`) },
  { name: '<div> with no blank line after', make: (s) => '<div>\n' + repeat(s, (i) => `text ${i}\n`) },
  // Long lines of one character class.
  { name: 'issue: `# a` + spaces + `b`', make: line('# a', ' ', 'b') },
  { name: '`1. a` + spaces + `b`', make: line('1. a', ' ', 'b') },
  { name: 'prose + spaces + `:` + spaces', make: line('Related articles', ' ', ':' + ' '.repeat(1000) + 'x') },
  { name: 'line of `*`', make: line('', '*', '') },
  { name: 'line of `*a`', make: line('', '*a', '') },
  { name: 'line of `_a`', make: line('', '_a', '') },
  { name: 'line of `[`', make: line('', '[', '') },
  { name: 'line of `](`', make: line('[a', '](', '') },
  { name: 'line of backticks', make: line('', '`', '') },
  { name: 'line of `<`', make: line('', '<a', '') },
  { name: 'line of `\\`', make: line('', '\\', '') },
  { name: 'line of `-`', make: line('', '-', 'x') },
  { name: 'line of digits', make: line('', '1', '. x') },
  { name: 'line of letters', make: line('', 'a', ':') },
  { name: 'line of `#`', make: line('', '#', ' x') },
  { name: 'line of `[[a|`', make: line('', '[[a|', '') },
  { name: 'bold title run `**…**`', make: line('1. ', '**', 'Title**') },
  // Long runs of one construct.
  { name: 'issue: `1. Item` ×n (12,000 at 157 KB)', make: (s) => repeat(s, () => '1. Item\n') },
  { name: 'numbered items `N. Item N`', make: (s) => repeat(s, (i) => `${(i % 999) + 1}. Item ${i}\n`) },
  { name: 'issue: lines of `[[`', make: (s) => repeat(s, () => '[[\n') },
  { name: 'references `[[Name N]]`', make: (s) => repeat(s, (i) => `See [[Name ${i}]] and [[Other|shown ${i}]] here.\n`) },
  { name: 'quote lines', make: (s) => repeat(s, (i) => `> quoted line ${i}\n`) },
  { name: 'list items, no blank lines', make: (s) => repeat(s, (i) => `- item ${i}\n`) },
  { name: 'setext headings', make: (s) => repeat(s, (i) => `Heading ${i}\n===\n`) },
  { name: 'setext `---` headings', make: (s) => repeat(s, (i) => `Heading ${i}\n---\n`) },
  { name: 'fence never closed', make: (s) => '```\n' + repeat(s, (i) => `code ${i}\n`) },
  { name: 'closed fences, no blank lines', make: (s) => repeat(s, (i) => '```\ncode ' + i + '\n```\n') },
  { name: 'pasted paragraph (letters)', make: (s) => repeat(s, (i) => `Word ${i} and more words of a pasted paragraph\n`) },
  { name: 'pasted paragraph (punctuation)', make: (s) => repeat(s, (i) => `(${i}) — “a line” that starts with punctuation\n`) },
  { name: 'emphasis on every line', make: (s) => repeat(s, (i) => `*a ${i}* and _b_ and **c**\n`) },
  { name: 'inline code on every line', make: (s) => repeat(s, (i) => `Text with \`code ${i}\` in it\n`) },
  { name: 'sub-points and bullets', make: (s) => repeat(s, (i) => `Sub-point ${i}:\n- bullet\n`) },
  { name: 'thesis-like lines', make: (s) => repeat(s, (i) => `Here are ${(i % 20) + 1} things:\n`) },
  // Deep nesting.
  { name: 'quotes nested 40 deep', make: (s) => repeat(s, (i) => '>'.repeat(40) + ` q ${i}\n`) },
  { name: 'lists nested ever deeper', make: (s) => repeat(s, (i) => '  '.repeat(i % 60) + `- x ${i}\n`) },
  { name: 'quote in list in quote', make: (s) => repeat(s, (i) => `> - > - ${i}\n`) },
];

/** A raw remark parse of `text` in a worker, abandoned after `limitMs`. */
function rawRemark(text: string, limitMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       import('unified').then(async ({ unified }) => {
         const { default: remarkParse } = await import('remark-parse');
         const remark = unified().use(remarkParse);
         remark.parse('# warm\\n\\n- a\\n');
         const t = performance.now();
         remark.parse(workerData);
         parentPort.postMessage(performance.now() - t);
       });`,
      { eval: true, workerData: text },
    );
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(undefined);
    }, limitMs);
    worker.once('message', (ms: number) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(ms);
    });
    worker.once('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

function buildTime(text: string): number {
  const t = performance.now();
  new ArticleBuilder().build(text);
  return performance.now() - t;
}

/** Open → pull diagnostics answered, through the real server; the document is closed after. */
async function lspTime(client: LspClient, uri: string, text: string): Promise<number> {
  const t = performance.now();
  await client.open(uri, text);
  await client.pullDiagnostics(uri, 120_000);
  const elapsed = performance.now() - t;
  await client.close(uri);
  return elapsed;
}

async function main(): Promise<void> {
  const base = Number(process.env.HOSTILE_SIZE ?? 1024 * 1024);
  const only = process.env.HOSTILE_ONLY;
  const remarkLimit = Number(process.env.HOSTILE_REMARK_LIMIT_MS ?? 5000);
  const withLsp = process.env.HOSTILE_LSP !== '0';
  const target = 200;
  console.log(`Node ${process.version}, ${process.arch}. Open → model (fresh ArticleBuilder), best of 3; 1× = ${(base / 1024).toFixed(0)} KB; target ≤ ${target} ms at 1 MB`);
  for (let i = 0; i < 20; i++) new ArticleBuilder().build('# Warm up\n\nHere are two things:\n\n1. One\n\nText.\n\n2. Two\n\n- a\n\n> q\n');
  if (withLsp) assertBuilt();
  // A fresh server per shape, once its model worker has warmed up (it logs that), as a writer's
  // server is a moment after it started.
  const freshServer = async (): Promise<LspClient> => {
    const client = await LspClient.start({ pull: true, env: { STRATEGY_NOTES_LOG_BUILDS: '1' } });
    const started = performance.now();
    while (!client.logMessages.some((m) => m.message.includes('model worker warmed up')) && performance.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 20));
    return client;
  };
  const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
  const ms = (v: number | undefined) => (v === undefined ? `> ${(remarkLimit / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`);
  // The time as a share of remark's parse of the same text (an upper bound where remark gave up).
  const ratio = (v: number, r: number | undefined) => (r === undefined ? `<${(v / remarkLimit).toFixed(3)}` : (v / r).toFixed(3));
  console.log(
    `${pad('shape', 44)} ${pad('1×', 9)} ${pad('2×', 9)} ${pad('4×', 9)} ${pad('growth', 11)} ${pad('target', 7)} ${withLsp ? pad('LSP 1×', 9) + ' ' : ''}${pad('raw remark 1× / 2× / 4×', 30)} ${withLsp ? 'engine, LSP ÷ remark 1×' : 'engine ÷ remark 1×'}`,
  );
  let misses = 0;
  for (const [index, shape] of hostileShapes.entries()) {
    if (only && !only.split('|').some((part) => shape.name.includes(part))) continue;
    const times: number[] = [];
    const raw: (number | undefined)[] = [];
    let remarkGaveUp = false;
    let lsp: number | undefined;
    for (const k of [1, 2, 4]) {
      const text = shape.make(base * k);
      times.push(Math.min(buildTime(text), buildTime(text), buildTime(text)));
      if (k === 1 && withLsp) {
        const client = await freshServer();
        try {
          lsp = await lspTime(client, `untitled:hostile-${index}`, text);
        } finally {
          await client.shutdown();
          await client.dispose();
        }
      }
      if (remarkGaveUp) raw.push(undefined);
      else {
        const r = await rawRemark(text, remarkLimit);
        raw.push(r);
        remarkGaveUp = r === undefined;
      }
    }
    const growth = `${(times[1] / times[0]).toFixed(2)} ${(times[2] / times[1]).toFixed(2)}`;
    const slowest = Math.max(times[0], lsp ?? 0);
    const ok = base === 1024 * 1024 ? (slowest <= target ? 'ok' : 'MISS') : '-';
    if (ok === 'MISS') misses++;
    const ratios = [ratio(times[0], raw[0]), ...(lsp === undefined ? [] : [ratio(lsp, raw[0])])].join(', ');
    console.log(
      `${pad(shape.name, 44)} ${pad(ms(times[0]), 9)} ${pad(ms(times[1]), 9)} ${pad(ms(times[2]), 9)} ${pad(growth, 11)} ${pad(ok, 7)} ${lsp === undefined ? '' : pad(ms(lsp), 9) + ' '}${pad(raw.map(ms).join(' / '), 30)} ${ratios}`,
    );
  }
  if (base === 1024 * 1024) console.log(misses ? `${misses} shape(s) over ${target} ms at 1 MB (engine or LSP)` : `every shape at 1 MB within ${target} ms (engine and LSP)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
