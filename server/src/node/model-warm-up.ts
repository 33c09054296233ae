// Texts the model worker builds once when it starts (at `initialized`), before any document
// arrives: V8 compiles the dialect's code for the shapes it meets, so the first large article a
// writer opens is not read by cold code. Mixed texts with every construct the readers handle
// come first, then a long run of each construct (long runs take their own paths: a 1 MB article
// of setext headings, comments or references was first built in ~170 ms after the mixed texts
// alone, in ~60-80 ms after the runs too). Numbers differ from step to step; each step is built
// with its own chunk cache, dropped afterwards, so nothing of it is kept or reused.

const pieces: ((i: number) => string)[] = [
  (i) => `## ${(i % 9) + 1}. Pillar title ${i}\n\nBody text for pillar ${i}, with [[Concept ${i % 7}]] and a \`code ${i}\` span.\n\n`,
  (i) => `${(i % 9) + 1}. Line pillar ${i}\nSub-point ${i}:\n- bullet ${i}\n  - nested ${i}\n    - deeper ${i}\n\n`,
  (i) => `> Quoted line ${i}\n> > nested quote ${i}\nlazy line ${i}\n\n`,
  (i) => `Para ${i}\n<!-- note ${i} -->\n\n<!-- strategy-notes-disable-next-line pillar-empty -->\n`,
  (i) => `Heading ${i}\n===\n\nSub ${i}\n---\n\n`,
  (i) => '```\ncode ' + i + '\n```\n\n',
  (i) => `<div>\ntext ${i}\n</div>\n\n`,
  (i) => `Here are ${(i % 5) + 2} things the company will do:\n*emphasis ${i}* and _more_ and **bold**\n`,
  (i) => `Pasted line ${i} without a blank line\nSee [[Other|shown ${i}]] and [link ${i}](other-${i}.md#part).\n`,
  (i) => `${(i % 9) + 1}. Item ${i}\n`,
  (i) => `See [[Name ${i}]] and [[${i}\n`,
];

/** About `size` characters numbered from `seed`: of every construct in turn, or (`run`) of one
 * construct only, as long runs of one construct take paths (long lists, many chunks alike) that
 * mixed text does not. */
export function warmUpText(seed: number, size = 64 * 1024, run?: number): string {
  const out: string[] = ['# Warm-up article\n\n'];
  let length = 0;
  for (let i = seed; length < size; i++) {
    const piece = pieces[run ?? i % pieces.length](i);
    out.push(piece);
    length += piece.length;
  }
  out.push('\n---\n\nThis article is not investment advice.\n');
  return out.join('');
}

/** Mixed texts built first, then one run of each construct. */
export const mixedWarmUpSteps = 6;

/** How many texts are built (each a little different). */
export const warmUpSteps = mixedWarmUpSteps + pieces.length;

/** The text of warm-up step `step`. */
export function warmUpStep(step: number): string {
  return step < mixedWarmUpSteps ? warmUpText(step * 1000) : warmUpText(step * 1000, 64 * 1024, step - mixedWarmUpSteps);
}
