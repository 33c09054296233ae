// Benchmark (not a test): hostile inputs. For every shape of issue 7's table and its family
// (many HTML blocks and directives, long lines of every character class, long runs of one
// construct, deep nesting, many references), prints the time from opening the text to its
// model (a fresh `ArticleBuilder`, cold chunk cache) at 1×, 2× and 4× the size with the growth
// ratio, and a raw remark-parse of the same text beside it (in a worker, given up after a few
// seconds) as the reference. Target: every shape at 1 MB in ≤ 200 ms.
//   Run: npm run bench:hostile   (HOSTILE_SIZE=262144 for a quicker run, HOSTILE_ONLY=setext)
// test/unit/linear.test.ts counts the work on the same shapes.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ArticleBuilder } from '../server/src/engine/dialect/article';

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

async function main(): Promise<void> {
  const base = Number(process.env.HOSTILE_SIZE ?? 1024 * 1024);
  const only = process.env.HOSTILE_ONLY;
  const remarkLimit = Number(process.env.HOSTILE_REMARK_LIMIT_MS ?? 5000);
  const target = 200;
  console.log(`Node ${process.version}, ${process.arch}. Open → model (fresh ArticleBuilder), best of 3; 1× = ${(base / 1024).toFixed(0)} KB; target ≤ ${target} ms at 1 MB`);
  for (let i = 0; i < 20; i++) new ArticleBuilder().build('# Warm up\n\nHere are two things:\n\n1. One\n\nText.\n\n2. Two\n\n- a\n\n> q\n');
  const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
  const ms = (v: number | undefined) => (v === undefined ? `> ${(remarkLimit / 1000).toFixed(0)} s` : `${v.toFixed(0)} ms`);
  console.log(`${pad('shape', 44)} ${pad('1×', 9)} ${pad('2×', 9)} ${pad('4×', 9)} ${pad('growth', 11)} ${pad('target', 7)} raw remark 1× / 2× / 4×`);
  let misses = 0;
  for (const shape of hostileShapes) {
    if (only && !shape.name.includes(only)) continue;
    const times: number[] = [];
    const raw: (number | undefined)[] = [];
    let remarkGaveUp = false;
    for (const k of [1, 2, 4]) {
      const text = shape.make(base * k);
      times.push(Math.min(buildTime(text), buildTime(text), buildTime(text)));
      if (remarkGaveUp) raw.push(undefined);
      else {
        const r = await rawRemark(text, remarkLimit);
        raw.push(r);
        remarkGaveUp = r === undefined;
      }
    }
    const growth = `${(times[1] / times[0]).toFixed(2)} ${(times[2] / times[1]).toFixed(2)}`;
    const ok = base === 1024 * 1024 ? (times[0] <= target ? 'ok' : 'MISS') : '-';
    if (ok === 'MISS') misses++;
    console.log(`${pad(shape.name, 44)} ${pad(ms(times[0]), 9)} ${pad(ms(times[1]), 9)} ${pad(ms(times[2]), 9)} ${pad(growth, 11)} ${pad(ok, 7)} ${raw.map(ms).join(' / ')}`);
  }
  if (base === 1024 * 1024) console.log(misses ? `${misses} shape(s) over ${target} ms at 1 MB` : `every shape at 1 MB within ${target} ms`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
