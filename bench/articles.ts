// Generated articles for the benchmark: a typical ~15 KB article and a long one, mixing the
// canonical style (blank lines) with pasted text (none), as writers' drafts do.

import { Rng } from './workspace-generator';

const words = 'platform scale logistics cloud merchants growth network pricing margin strategy customers data delivery advantage market'.split(' ');

function sentence(seed: number, length = 18): string {
  const out: string[] = [];
  for (let i = 0; i < length; i++) out.push(words[(seed * 7 + i * 13 + (seed >> 3)) % words.length]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return out.join(' ') + '.';
}

function pillar(n: number, pasted: boolean, seed: number): string {
  const gap = pasted ? '\n' : '\n\n';
  const parts = [`${n}. Pillar Number ${n} About ${words[n % words.length]} Strategy`];
  for (let s = 0; s < 3; s++) {
    parts.push(`${sentence(seed + s)} ${sentence(seed + s + 1)} ${sentence(seed + s + 2)}`);
    parts.push(`Sub-point ${s + 1} on ${words[(seed + s) % words.length]}:`);
    parts.push([0, 1, 2].map((b) => `- ${sentence(seed + s + b, 16)} ${sentence(seed + b, 10)}`).join('\n'));
  }
  return parts.join(gap);
}

function ending(): string {
  return [
    '***',
    'Cheers.',
    'Related articles:\n- [Another article](./other.md)\n- Why Platforms Win (Podcast 12)',
    'From the Concept Library, concepts for this article are:\n- Network Effects\n- [[Logistics]]',
    'From the Company Library, companies for this article are:\n- Brightmart',
    'This content is not investment, legal or tax advice. Do your own research.',
  ].join('\n\n');
}

export function typicalArticle(): string {
  const pillars = [1, 2, 3, 4, 5].map((n) => pillar(n, n % 2 === 0, n * 11));
  return ['# A Typical Article', sentence(1), 'Here are five things to watch:', ...pillars, ending()].join('\n\n') + '\n';
}

export function largeArticle(size: number): string {
  const parts = ['# A Very Long Draft', 'Here are many things to watch:'];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const p = pillar((i % 99) + 1, i % 2 === 0, i);
    parts.push(p);
    length += p.length + 2;
  }
  parts.push(ending());
  return parts.join('\n\n') + '\n';
}

/** A long article whose text never repeats (every sentence drawn from a seeded PRNG), so no
 * chunk of it is in the cache before it is parsed: what a real 10 MB draft costs the first time.
 * Stays under `size` characters when `size` is below the 10 MiB the server analyzes at most. */
export function distinctArticle(size: number, seed = 1): string {
  const rng = new Rng(seed, 'distinct-article');
  const pool = [...words, ...'retail payments advertising subscription supply chain moat brand loyalty partners regulators investors capital revenue pricing power'.split(' ')];
  const say = (length: number) => {
    const out: string[] = [];
    for (let i = 0; i < length; i++) out.push(rng.pick(pool));
    out[0] = out[0][0].toUpperCase() + out[0].slice(1);
    return out.join(' ') + '.';
  };
  const head = ['# A Very Long Distinct Draft', 'Here are many things to watch:'];
  const end = ending();
  const parts: string[] = [];
  let length = head.join('\n\n').length + end.length + 4;
  for (let i = 0; ; i++) {
    const n = (i % 99) + 1;
    const gap = i % 2 === 0 ? '\n' : '\n\n';
    const p = [`${n}. Pillar ${n} About ${rng.pick(pool)} and ${rng.pick(pool)}`];
    for (let s = 0; s < 3; s++) {
      p.push(`${say(18)} ${say(14)} ${say(16)}`);
      p.push(`Sub-point ${s + 1} on ${rng.pick(pool)} ${rng.pick(pool)}:`);
      p.push([0, 1, 2].map(() => `- ${say(16)} ${say(10)}`).join('\n'));
    }
    const text = p.join(gap);
    if (length + text.length + 2 > size) break;
    parts.push(text);
    length += text.length + 2;
  }
  return [...head, ...parts, end].join('\n\n') + '\n';
}
