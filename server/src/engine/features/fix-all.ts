// Fix all: every safe fix of a document at once (fix-all on save, `check --fix`). Fixes whose
// edits do not overlap are applied together; then the fixed text is checked again, since one fix
// can change what another should do (renumbering can make a line a pillar, so the count moves),
// and what is safe to fix then is applied, until nothing is. A document that does not settle
// within a few rounds is left as it was, so fix-all of fix-all's output never changes anything.

import type { ArticleInput, Engine } from '../index';
import type { Fix, TextEdit } from '../rules/rule';
import type { ArticleDiagnostic } from './diagnostics';
import { lineStarts, offsetAt, positionAt } from '../text-offsets';

export interface FixAllResult {
  /** The fixed text; the original when nothing was fixed. */
  text: string;
  /** From the original text to `text`: one edit per changed region, in document order, none
   * overlapping, common prefix and suffix trimmed (untouched text and the cursor stay put). */
  edits: TextEdit[];
  /** The rules whose fixes were applied, in the order first applied. */
  rules: string[];
}

/** More rounds than any document seen needs (renumbering, then the count, then nothing). */
export const fixAllRounds = 8;

export interface SafeFix {
  rule: string;
  fix: Fix;
}

/** The fixes fix-all applies, once each, in document order: marked safe, editing only this
 * document, and not one of several safe fixes a finding offers (that would be a guess). */
export function safeFixes(diagnostics: readonly ArticleDiagnostic[]): SafeFix[] {
  const seen = new Set<Fix>();
  const out: SafeFix[] = [];
  for (const d of diagnostics) {
    const safe = d.fixes.filter((f) => f.safe === true && f.edits.length > 0 && !f.createFiles?.length && !f.otherEdits?.length);
    if (safe.length !== 1 || seen.has(safe[0])) continue;
    seen.add(safe[0]);
    out.push({ rule: d.rule, fix: safe[0] });
  }
  return out;
}

/**
 * Every safe fix of `text`, whose `diagnostics` are given (the analysis at hand); `recheck`
 * checks a fixed text the same way (same config and library). It may throw to stop (cancelled).
 */
export function fixAll(text: string, diagnostics: readonly ArticleDiagnostic[], recheck: (text: string) => readonly ArticleDiagnostic[], maxRounds = fixAllRounds): FixAllResult {
  let current = text;
  let found = diagnostics;
  // The current text as pieces: stretches of the original, or text a fix wrote.
  let pieces: Piece[] = [{ from: 0, to: text.length }];
  const rules: string[] = [];
  for (let round = 0; round < maxRounds; round++) {
    const fixes = safeFixes(found);
    if (fixes.length === 0) return { text: current, edits: editsFrom(text, pieces), rules };
    const edits = compatible(current, fixes, rules);
    pieces = applyToPieces(pieces, edits);
    current = applyEdits(current, edits);
    found = recheck(current);
  }
  if (safeFixes(found).length === 0) return { text: current, edits: editsFrom(text, pieces), rules };
  return { text, edits: [], rules: [] };
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** The edits of the fixes that do not collide with an earlier one (whole fixes only); the rest wait for the next round. */
function compatible(text: string, fixes: SafeFix[], rules: string[]): OffsetEdit[] {
  const lines = lineStarts(text);
  const taken: OffsetEdit[] = [];
  for (const { rule, fix } of fixes) {
    const edits = fix.edits.map((e) => ({ start: offsetAt(lines, text, e.range.start), end: offsetAt(lines, text, e.range.end), newText: e.newText }));
    const clash = (a: OffsetEdit, b: OffsetEdit) => Math.max(a.start, b.start) < Math.min(a.end, b.end) || ((a.start === a.end || b.start === b.end) && Math.max(a.start, b.start) <= Math.min(a.end, b.end));
    if (edits.some((e, i) => e.end < e.start || edits.some((o, j) => j < i && clash(e, o)) || taken.some((t) => clash(e, t)))) continue;
    taken.push(...edits);
    if (!rules.includes(rule)) rules.push(rule);
  }
  return taken.sort((a, b) => a.start - b.start || a.end - b.end);
}

function applyEdits(text: string, sorted: OffsetEdit[]): string {
  let out = '';
  let from = 0;
  for (const e of sorted) {
    out += text.slice(from, e.start) + e.newText;
    from = e.end;
  }
  return out + text.slice(from);
}

/** A stretch of the original text [from, to), or (with `text`) something a fix wrote. */
type Piece = { from: number; to: number; text?: undefined } | { text: string; from?: undefined; to?: undefined };

const pieceLength = (p: Piece) => (p.text !== undefined ? p.text.length : p.to - p.from);

/** The pieces after `edits` (offsets in the text the pieces make up). */
function applyToPieces(pieces: Piece[], edits: OffsetEdit[]): Piece[] {
  const out: Piece[] = [];
  // Cuts a piece to its part [a, b) (offsets within the piece).
  const part = (p: Piece, a: number, b: number): Piece => (p.text !== undefined ? { text: p.text.slice(a, b) } : { from: p.from + a, to: p.from + b });
  const push = (p: Piece) => {
    if (pieceLength(p) > 0) out.push(p);
  };
  let at = 0; // offset of pieces[i]'s start in the current text
  let i = 0;
  let cut = 0; // how much of pieces[i] is already used
  const copyTo = (offset: number) => {
    while (i < pieces.length && at + pieceLength(pieces[i]) <= offset) {
      push(part(pieces[i], cut, pieceLength(pieces[i])));
      at += pieceLength(pieces[i]);
      i++;
      cut = 0;
    }
    if (i < pieces.length && offset > at + cut) {
      push(part(pieces[i], cut, offset - at));
      cut = offset - at;
    }
  };
  const skipTo = (offset: number) => {
    while (i < pieces.length && at + pieceLength(pieces[i]) <= offset) {
      at += pieceLength(pieces[i]);
      i++;
      cut = 0;
    }
    if (i < pieces.length && offset > at + cut) cut = offset - at;
  };
  for (const e of edits) {
    copyTo(e.start);
    push({ text: e.newText });
    skipTo(e.end);
  }
  copyTo(Number.POSITIVE_INFINITY);
  return out;
}

/** One edit per stretch between kept runs of the original, trimmed to what differs. */
function editsFrom(original: string, pieces: Piece[]): TextEdit[] {
  const lines = lineStarts(original);
  const out: TextEdit[] = [];
  let kept = 0; // the original is kept up to here
  let written = '';
  const flush = (until: number) => {
    const was = original.slice(kept, until);
    if (was !== written) {
      let start = kept;
      let end = until;
      let prefix = 0;
      while (prefix < was.length && prefix < written.length && was[prefix] === written[prefix]) prefix++;
      let suffix = 0;
      while (suffix < was.length - prefix && suffix < written.length - prefix && was[was.length - 1 - suffix] === written[written.length - 1 - suffix]) suffix++;
      start += prefix;
      end -= suffix;
      // Never between CR and LF, nor inside a surrogate pair: positions there mean nothing to an editor.
      while (start > kept && splits(original, start)) start--, prefix--;
      while (end < until && splits(original, end)) end++, suffix--;
      out.push({ range: { start: positionAt(lines, start), end: positionAt(lines, end) }, newText: written.slice(prefix, written.length - suffix) });
    }
    written = '';
  };
  for (const p of pieces) {
    if (p.text !== undefined) {
      written += p.text;
      continue;
    }
    if (p.from !== kept || written) flush(p.from);
    kept = p.to;
  }
  flush(original.length);
  return out;
}

function splits(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return (before === 13 && after === 10) || (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
}

/** Fix-all of a document the engine has analyzed (its `diagnostics`): each fixed text is checked
 * as the document is (same config, role and library), under a key of its own, forgotten after.
 * `stop` is asked before each re-check and may throw (a cancelled request). */
export function fixDocument(engine: Engine, input: ArticleInput, diagnostics: readonly ArticleDiagnostic[], stop?: () => void): FixAllResult {
  const key = `${input.key}#fix-all`;
  try {
    return fixAll(input.text, diagnostics, (text) => {
      stop?.();
      return engine.analyze({ ...input, key, text }).diagnostics;
    });
  } finally {
    engine.forget(key);
  }
}
