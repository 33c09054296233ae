// How much still reaches remark: of the chunks (and characters) the dialect cuts a document into,
// the share that the remark-free readers (plain-*.ts) cannot read, per style of article, and the
// constructs that send them there (the first line of each such chunk that does: its shape, letters
// as `a`, digits as `9`). Counts from the engine's work counters (work.ts), never the clock.
//
//   node --import tsx bench/remark-share.ts [CORPUS_DIR]   (default /tmp/corpus-pl, generated if missing:
//                                                           300 articles, 100 entries, seed 1)

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ArticleBuilder } from '../server/src/engine/dialect/article';
import { ChunkCache, parseChunk } from '../server/src/engine/dialect/chunks';
import { resetWorkCounters, workCounters } from '../server/src/engine/dialect/work';
import { largeArticle, typicalArticle } from './articles';
import { generateWorkspace } from './workspace-generator';

interface Tally {
  files: number;
  chunks: number;
  chars: number;
  remarkChunks: number;
  remarkChars: number;
  culprits: Map<string, { n: number; example: string }>;
}

const newTally = (): Tally => ({ files: 0, chunks: 0, chars: 0, remarkChunks: 0, remarkChars: 0, culprits: new Map() });

/** Did parsing this chunk call remark? */
function reachesRemark(text: string, startsDocument: boolean): boolean {
  const before = workCounters.remarkCalls;
  parseChunk(text, startsDocument);
  return workCounters.remarkCalls > before;
}

/** The first line whose addition makes the chunk's prefix go to remark (the construct to blame). */
function culprit(lines: string[], startsDocument: boolean): string {
  for (let n = 1; n <= lines.length; n++) if (reachesRemark(lines.slice(0, n).join('\n'), startsDocument)) return lines[n - 1];
  return '(only the whole chunk)';
}

function shape(line: string): string {
  return line.replace(/\p{L}+/gu, 'a').replace(/\d+/g, '9').replace(/(a )+a/g, 'a…').slice(0, 48);
}

/** A chunk cache that tells, for each chunk parsed, whether remark was called for it. */
class Recording extends ChunkCache {
  tally = newTally();
  get(text: string, startsDocument: boolean, viaRemark = false) {
    const before = workCounters.remarkCalls;
    const facts = super.get(text, startsDocument, viaRemark);
    const t = this.tally;
    t.chunks++;
    t.chars += text.length;
    if (workCounters.remarkCalls > before) {
      t.remarkChunks++;
      t.remarkChars += text.length;
      const line = culprit(text.split('\n'), startsDocument);
      const key = shape(line);
      const c = t.culprits.get(key) ?? { n: 0, example: line.slice(0, 72) };
      c.n++;
      t.culprits.set(key, c);
    }
    return facts;
  }
}

function measure(tally: Tally, texts: Iterable<string>): void {
  for (const text of texts) {
    // A fresh cache per file: every chunk is parsed (a cache hit would hide the chunk's reader).
    const cache = new Recording();
    cache.tally = tally;
    new ArticleBuilder(cache).build(text);
    tally.files++;
  }
}

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...markdownFiles(p));
    else if (name.endsWith('.md')) out.push(p);
  }
  return out.sort();
}

/** Pasted text has (almost) no blank lines between its blocks. */
const isPasted = (text: string) => {
  const lines = text.split('\n');
  return lines.filter((l) => l.trim() === '').length < lines.length * 0.1;
};

function report(name: string, t: Tally, top = 8): void {
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
  console.log(`${name}: ${t.files} files, ${t.chunks} chunks, ${t.chars} chars; to remark: ${t.remarkChunks} chunks (${pct(t.remarkChunks, t.chunks)}), ${t.remarkChars} chars (${pct(t.remarkChars, t.chars)})`);
  const ranked = [...t.culprits].sort((a, b) => b[1].n - a[1].n).slice(0, top);
  for (const [key, c] of ranked) console.log(`    ${String(c.n).padStart(5)}  ${JSON.stringify(key)}  e.g. ${JSON.stringify(c.example)}`);
}

function main(): void {
  const dir = path.resolve(process.argv[2] ?? '/tmp/corpus-pl');
  if (!existsSync(path.join(dir, '.strategy-notes.json'))) generateWorkspace(dir, { articles: 300, entries: 100, seed: 1 });
  resetWorkCounters();
  const files = markdownFiles(dir).map((f) => ({ rel: path.relative(dir, f), text: readFileSync(f, 'utf8') }));
  const articles = files.filter((f) => f.rel.startsWith('articles'));
  const entries = files.filter((f) => !f.rel.startsWith('articles'));
  const styles: [string, string[]][] = [
    ['corpus: heading-style articles', articles.filter((f) => !isPasted(f.text)).map((f) => f.text)],
    ['corpus: pasted articles', articles.filter((f) => isPasted(f.text)).map((f) => f.text)],
    ['corpus: library entries', entries.map((f) => f.text)],
    ['bench/articles.ts typical (mixed) + large', [typicalArticle(), largeArticle(200_000)]],
  ];
  const all = newTally();
  for (const [name, texts] of styles) {
    const t = newTally();
    measure(t, texts);
    report(name, t);
    all.files += t.files;
    all.chunks += t.chunks;
    all.chars += t.chars;
    all.remarkChunks += t.remarkChunks;
    all.remarkChars += t.remarkChars;
    for (const [k, c] of t.culprits) {
      const a = all.culprits.get(k) ?? { n: 0, example: c.example };
      a.n += c.n;
      all.culprits.set(k, a);
    }
  }
  report('all', all, 12);
}

main();
