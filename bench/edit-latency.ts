// Benchmark (not a test): how fast the engine answers after an edit.
// Prints, for a typical article and a generated 2 MB article: full build time, time to an
// up-to-date outline and diagnostics after a one-character edit (median, p95), and the raw
// remark-parse time of the same text, in the same run.   Run: npm run bench
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { ArticleBuilder } from '../server/src/engine/dialect/article';
import { createEngine } from '../server/src/engine';
import { defaultConfig } from '../server/src/engine/config';
import { typicalArticle, largeArticle } from './articles';
import { stats } from './measure';

const config = defaultConfig();
const remark = unified().use(remarkParse);


function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Typing: insert one character inside a random prose line (deterministic positions). */
function editPositions(text: string, count: number): number[] {
  const positions: number[] = [];
  let seed = 42;
  while (positions.length < count) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const at = seed % text.length;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    if (/^[A-Za-z]/.test(text.slice(lineStart, lineStart + 1)) && text[at] !== '\n') positions.push(at);
  }
  return positions;
}

function measure(name: string, text: string, edits: number, fullRuns: number): void {
  const full = stats(Array.from({ length: fullRuns }, () => time(() => new ArticleBuilder().build(text))));
  const remarkTimes = stats(Array.from({ length: fullRuns }, () => time(() => remark.parse(text))));
  const engine = createEngine();
  let version = 1;
  let current = text;
  const first = engine.analyze({ key: 'doc', text: current, version, config, isArticle: true });
  void first.outline;
  void first.diagnostics;
  const samples: number[] = [];
  for (const at of editPositions(text, edits)) {
    current = current.slice(0, at) + 'x' + current.slice(at);
    version++;
    samples.push(
      time(() => {
        const a = engine.analyze({ key: 'doc', text: current, version, config, isArticle: true });
        void a.outline;
        void a.diagnostics;
      }),
    );
  }
  const edit = stats(samples);
  const kb = (text.length / 1024).toFixed(0);
  console.log(`\n${name} (${kb} KB, ${text.split('\n').length} lines)`);
  console.log(`  full build (cold cache)          median ${full.median.toFixed(1)} ms   p95 ${full.p95.toFixed(1)} ms   (${fullRuns} runs)`);
  console.log(`  raw remark-parse, same text      median ${remarkTimes.median.toFixed(1)} ms   p95 ${remarkTimes.p95.toFixed(1)} ms`);
  console.log(`  one-character edit -> outline + diagnostics   median ${edit.median.toFixed(2)} ms   p95 ${edit.p95.toFixed(2)} ms   (${edits} edits)`);
}

console.log(`Node ${process.version}, ${process.arch}`);
// Warm up the JIT on a small text so the first measurement is not compile time.
for (let i = 0; i < 20; i++) new ArticleBuilder().build(typicalArticle());
measure('typical article', typicalArticle(), 300, 30);
measure('generated 2 MB article', largeArticle(2 * 1024 * 1024), 40, 5);
