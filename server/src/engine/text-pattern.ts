// Regular expressions written by people (the disclaimer pattern) run on RE2 (`re2js`): matching
// is linear in the text whatever the expression, so no pattern from a setting or a workspace can
// stall the server. What RE2 cannot run (backreferences, lookahead) is refused with a reason.

import { RE2JS } from 're2js';

/** A compiled, case-insensitive pattern. */
export interface TextPattern {
  /** As written (a JavaScript-style regular expression). */
  readonly source: string;
  /** Whether the pattern occurs anywhere in `text` (the fast path: RE2's DFA, no positions). */
  test(text: string): boolean;
  /** The first (leftmost) occurrence in `text`, as UTF-16 offsets. */
  find(text: string): { start: number; end: number } | undefined;
}

/** A pattern that RE2 cannot compile or that is too large; `reason` completes "… is …". */
export class PatternError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Longer patterns are refused: matching costs the text's length times the program's size. */
export const maxPatternLength = 2000;
const maxProgramSize = 400;

/** JavaScript's `\s` also holds these, RE2's does not (NBSP is common in pasted text). */
const jsOnlySpaces = '\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** Compiles a JavaScript-style regular expression, case-insensitively. Throws `PatternError`.
 * Should matching itself ever fail, `fallback` (the default pattern) answers instead; without
 * one, the error is thrown. */
export function compileTextPattern(source: string, fallback?: TextPattern): TextPattern {
  if (source.length > maxPatternLength) throw new PatternError(`longer than ${maxPatternLength.toLocaleString('en')} characters`);
  const rewritten = forRe2(source);
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(rewritten), RE2JS.CASE_INSENSITIVE | RE2JS.LOOKBEHINDS);
  } catch (error) {
    throw new PatternError(describeSyntaxError(error));
  }
  if (re.programSize() > maxProgramSize) throw new PatternError(`too complex (its program has ${re.programSize()} instructions, at most ${maxProgramSize} are allowed)`);
  return {
    source,
    test(text) {
      try {
        return re.test(text);
      } catch (error) {
        if (!fallback) throw error;
        return fallback.test(text);
      }
    },
    find(text) {
      try {
        // Positions need the NFA, which is slower than `test`: only asked for once `test` holds.
        if (!re.test(text)) return undefined;
        const m = re.matcher(text);
        return m.find() ? { start: m.start(), end: m.end() } : undefined;
      } catch (error) {
        if (!fallback) throw error;
        return fallback.find(text);
      }
    },
  };
}

/** Refuses what RE2 cannot mean (and what `translateRegExp` would silently change, such as
 * `\k<name>`), and widens `\s`/`\S` to JavaScript's set. One pass over the source. */
function forRe2(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) throw new PatternError(`uses a backreference (\\${next}), which the linear-time pattern engine (RE2) cannot run`);
      if (!inClass && next === 'k') throw new PatternError('uses a named backreference (\\k<…>), which the linear-time pattern engine (RE2) cannot run');
      if (next === 's') out += inClass ? `\\s${jsOnlySpaces}` : `[\\s${jsOnlySpaces}]`;
      else if (next === 'S' && !inClass) out += `[^\\s${jsOnlySpaces}]`;
      else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      // A `]` right after `[` or `[^` is RE2's literal `]`; JavaScript's `[]` is an empty class
      // (never matches), which RE2 rejects below anyway.
      if (source[i + 1] === '^') {
        out += '[^';
        i++;
      } else out += c;
      continue;
    } else if (c === '(' && source[i + 1] === '?' && (source[i + 2] === '=' || source[i + 2] === '!')) {
      throw new PatternError(`uses a lookahead (${source.slice(i, i + 3)}…), which the linear-time pattern engine (RE2) cannot run`);
    }
    out += c;
  }
  return out;
}

function describeSyntaxError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/nests too deeply/.test(message)) return 'nested too deeply to compile (at most 1,000 levels of groups)';
  if (/capture in lookbehind/.test(message)) return 'uses a capturing group inside a lookbehind, which the linear-time pattern engine (RE2) cannot run (write (?:…) instead)';
  return `not a valid regular expression (${message.replace(/^error parsing regexp: /, '')})`;
}
