// Globs from settings and `.strategy-notes.json`, matched in linear time. picomatch (and
// fast-glob, micromatch) compile globs to backtracking JavaScript regular expressions, where
// `**/*a*a*a*a*a*a*a*a*a*a*c.md` against a 40-character name took 26 s; here a glob is
// translated to an RE2 expression (`re2js`) instead, which no glob can make slow. The syntax is
// picomatch's as far as RE2 can express it: `*`, `**`, `?`, `[…]` (with `!`/`^` and POSIX
// classes), `{a,b}`, `@(…)`, `?(…)`, `*(…)`, `+(…)`, `(a|b)`, `\` escapes and a leading `!`.

import { RE2JS } from 're2js';

export const maxGlobLength = 4096;
const maxNesting = 32;

/** A glob that cannot be matched; `reason` completes "… is …". */
export class GlobError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Whether a path matches; `programSize` is the size of the RE2 program behind it (matching
 * costs at most that times the path's length, which is what tests count). */
export type GlobMatcher = ((path: string) => boolean) & { programSize: number };

export interface GlobOptions {
  /** Whether wildcards match names that start with a dot (default false, as picomatch). */
  dot?: boolean;
}

/** A matcher for a list of globs: a path (relative, `/`-separated) matches when one glob does.
 * Throws `GlobError` for a glob that is too long or uses what RE2 cannot express (`!(…)`). */
export function compileGlobs(globs: readonly string[], options: GlobOptions = {}): GlobMatcher {
  const matchers = globs.map((g) => compileGlob(g, options));
  return Object.assign((p: string) => matchers.some((m) => m(p)), { programSize: matchers.reduce((n, m) => n + m.programSize, 0) });
}

export function compileGlob(glob: string, options: GlobOptions = {}): GlobMatcher {
  if (glob.length > maxGlobLength) throw new GlobError(`longer than ${maxGlobLength.toLocaleString('en')} characters`);
  let body = glob;
  let negated = false;
  if (body.startsWith('!') && body[1] !== '(') {
    negated = true;
    body = body.slice(1);
  }
  while (body.startsWith('./')) body = body.slice(2);
  const source = `^(?:${new Translator(body, options.dot ?? false).run()})$`;
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (error) {
    throw new GlobError(`not a glob this server can match (${error instanceof Error ? error.message : String(error)})`);
  }
  // The glob's static folder, when it has one, is a literal start of every path it matches:
  // checked first, it spares the matcher most paths (an entry glob and 2,000 articles).
  // (`a/**` matches `a` itself.)
  const base = globBase(body);
  if (base !== '' && base !== body) {
    const start = `${base}/`;
    return Object.assign((p: string) => (p.startsWith(start) || p === base ? re.test(p) : false) !== negated, { programSize: re.programSize() });
  }
  return Object.assign((p: string) => re.test(p) !== negated, { programSize: re.programSize() });
}

/** The static folder a glob starts with (`library/concepts` for `library/concepts/**\/*.md`);
 * the whole glob when it has no wildcard. */
export function globBase(glob: string): string {
  const parts = glob.replace(/^(?:\.\/)+/, '').split('/');
  const wild = parts.findIndex((p) => /[*?[\]{}()!@+\\]/.test(p));
  return (wild < 0 ? parts : parts.slice(0, wild)).join('/');
}

const posixClasses = new Set(['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit']);

class Translator {
  private i = 0;
  /** A path segment where wildcards may not match a leading dot. */
  private readonly segment: string;
  /** Each `{` that is closed -> its `}` (found in one pass, so many braces stay linear). */
  private readonly closing = new Map<number, number>();

  constructor(
    private readonly glob: string,
    private readonly dot: boolean,
  ) {
    this.segment = dot ? '[^/]+' : '[^/.][^/]*';
    const open: number[] = [];
    for (let j = 0; j < glob.length; j++) {
      if (glob[j] === '\\') j++;
      else if (glob[j] === '{') open.push(j);
      else if (glob[j] === '}' && open.length) this.closing.set(open.pop()!, j);
    }
  }

  run(): string {
    return this.sequence(() => false, 0, true);
  }

  /** Translates up to (not including) a character `stop` accepts at this level. */
  private sequence(stop: (c: string) => boolean, depth: number, segmentStart: boolean): string {
    if (depth > maxNesting) throw new GlobError(`nested more than ${maxNesting} groups deep`);
    const g = this.glob;
    let out = '';
    let atStart = segmentStart;
    let afterSlash = false;
    while (this.i < g.length && !stop(g[this.i])) {
      const c = g[this.i];
      const next = g[this.i + 1];
      const wasAfterSlash = afterSlash;
      afterSlash = false;
      if (c === '\\') {
        out += next === undefined ? '\\\\' : RE2JS.quote(next);
        this.i += 2;
        atStart = false;
      } else if (c === '/') {
        out += '/';
        this.i++;
        atStart = true;
        afterSlash = true;
      } else if ('@?+*!'.includes(c) && next === '(') {
        out += this.extglob(c, depth, atStart);
        atStart = false;
      } else if (c === '(') {
        out += this.extglob('@', depth, atStart, 1);
        atStart = false;
      } else if (c === '*') {
        let end = this.i;
        while (g[end] === '*') end++;
        const globstar = end - this.i >= 2 && atStart && (end === g.length || g[end] === '/' || stop(g[end]));
        if (globstar && g[end] === '/') {
          out += `(?:${this.segment}/)*`;
          this.i = end + 1;
          atStart = true;
          continue;
        }
        this.i = end;
        if (globstar) {
          // `a/**` matches `a` itself too, as in picomatch.
          const any = `${this.segment}(?:/${this.segment})*`;
          out = wasAfterSlash ? `${out.slice(0, -1)}(?:/${any})?` : `${out}(?:${any})?`;
        } else if (atStart && !this.dot) {
          // A name starting with a dot is not matched by a wildcard (`*.md` does not match `.md`).
          out += g[this.i] === '.' ? '[^/.][^/]*' : '(?:[^/.][^/]*)?';
        } else out += '[^/]*';
        atStart = false;
      } else if (c === '?') {
        out += atStart && !this.dot ? '[^/.]' : '[^/]';
        this.i++;
        atStart = false;
      } else if (c === '[') {
        out += this.bracket(atStart);
        atStart = false;
      } else if (c === '{') {
        out += this.braces(depth, atStart);
        atStart = false;
      } else {
        out += RE2JS.quote(c);
        this.i++;
        atStart = false;
      }
    }
    return out;
  }

  /** `@(a|b)` one of, `?(…)` at most one, `*(…)` any number, `+(…)` at least one; `skip`: the
   * characters before the alternatives (2 for `@(`, 1 for a bare `(`). */
  private extglob(kind: string, depth: number, atStart: boolean, skip = 2): string {
    if (kind === '!') throw new GlobError('using !(…), which cannot be matched in linear time (list the names, or use a "!glob" in exclude)');
    this.i += skip;
    const alternatives: string[] = [];
    for (;;) {
      alternatives.push(this.sequence((c) => c === '|' || c === ')', depth + 1, atStart));
      if (this.i >= this.glob.length) throw new GlobError('missing a closing ")"');
      if (this.glob[this.i++] === ')') break;
    }
    const group = `(?:${alternatives.join('|')})`;
    return kind === '@' ? group : `${group}${kind}`;
  }

  private braces(depth: number, atStart: boolean): string {
    if (!this.closing.has(this.i)) {
      this.i++;
      return '\\{';
    }
    const from = ++this.i;
    const alternatives: string[] = [];
    for (;;) {
      alternatives.push(this.sequence((c) => c === ',' || c === '}', depth + 1, atStart));
      if (this.i >= this.glob.length) throw new GlobError('missing a closing "}"');
      if (this.glob[this.i++] === '}') break;
    }
    if (alternatives.length === 1) {
      const range = this.glob.slice(from, this.i - 1);
      if (/^\w+\.\.\w+$/.test(range)) return expandRange(range);
      // `{a}` is the text `{a}`, as in a shell.
      return `\\{${alternatives[0]}\\}`;
    }
    return `(?:${alternatives.join('|')})`;
  }

  /** `[abc]`, `[a-z]`, `[!a]` / `[^a]`, `[[:alpha:]]`; never matches `/`. An unclosed `[` is a literal. */
  private bracket(atStart: boolean): string {
    const g = this.glob;
    let j = this.i + 1;
    const negated = g[j] === '!' || g[j] === '^';
    if (negated) j++;
    let body = '';
    for (let first = true; j < g.length && (first || g[j] !== ']'); first = false) {
      const c = g[j];
      if (c === '[' && g[j + 1] === ':') {
        const close = g.indexOf(':]', j + 2);
        const name = close > 0 ? g.slice(j + 2, close) : '';
        if (posixClasses.has(name)) {
          body += `[:${name}:]`;
          j = close + 2;
          continue;
        }
      }
      if (c === '\\' && j + 1 < g.length) {
        body += classChar(g[j + 1]);
        j += 2;
        continue;
      }
      body += c === '-' ? '-' : classChar(c);
      j++;
    }
    if (j >= g.length) {
      this.i++;
      return '\\[';
    }
    this.i = j + 1;
    if (negated) return `[^/${atStart && !this.dot ? '.' : ''}${body}]`;
    return `[${body}]`;
  }
}

/** `{1..12}` or `{a..f}` (at most 1,000 values), as picomatch. */
function expandRange(range: string): string {
  const [a, b] = range.split('..');
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && Math.abs(Number(a) - Number(b)) <= 1000) {
    const [lo, hi] = [Math.min(Number(a), Number(b)), Math.max(Number(a), Number(b))];
    return `(?:${Array.from({ length: hi - lo + 1 }, (_, k) => String(lo + k)).join('|')})`;
  }
  if (/^[a-zA-Z]$/.test(a) && /^[a-zA-Z]$/.test(b)) return `[${a < b ? a : b}-${a < b ? b : a}]`;
  throw new GlobError(`using the range {${range}}, which this server does not expand (list the values: {a,b,c})`);
}

/** A character inside an RE2 class: ASCII punctuation escaped (RE2 refuses other escapes). */
function classChar(c: string): string {
  return /[!-/:-@[-`{-~]/.test(c) ? `\\${c}` : c;
}
