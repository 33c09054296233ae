// `check --fix` and `--fix-dry-run`: the editor's fix-all, written to disk. The engine sees the
// text as the editor does (no BOM; line endings as they are, so the positions are the editor's
// and every inserted line takes the file's own ending); the BOM goes back on when written. A file
// is only written when it was fully analyzed and read as valid UTF-8 (so its bytes round-trip),
// through a temporary file in its folder renamed over it, with its mode, and never when its
// bytes changed since they were read.

import { chmodSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { fixDocument, type ArticleInput, type Engine } from '../engine';
import { startsWithBom, withoutBom } from '../engine/dialect/bom';
import { surelyTooLarge } from '../engine/dialect/checkable';

export type FixMode = 'fix' | 'dry-run';

export type FixOutcome =
  | { kind: 'fixed' | 'would-fix'; rules: string[] }
  /** Nothing safe to fix. */
  | { kind: 'unchanged' }
  /** Not touched: why (the re-check reports a file that could not be checked as such). */
  | { kind: 'skipped'; reason: string };

export interface FixTarget {
  file: string;
  /** What the file is shown as in the diff and in messages. */
  shownAs: string;
  /** The engine input for the file, all but its text and version. */
  input: Omit<ArticleInput, 'text' | 'version'>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Fixes one file (or, in a dry run, prints the diff of what would be written). */
export function fixFile(engine: Engine, target: FixTarget, mode: FixMode, print: (text: string) => void): FixOutcome {
  let file: string;
  let bytes: Buffer;
  let fileMode: number;
  try {
    // Through a symbolic link, the file it points at is the one rewritten (the link stays).
    file = realpathSync(target.file);
    const stat = statSync(file);
    if (!stat.isFile() || surelyTooLarge(stat.size)) return { kind: 'skipped', reason: 'not checked' };
    fileMode = stat.mode & 0o7777;
    bytes = readFileSync(file);
  } catch {
    return { kind: 'skipped', reason: 'unreadable' };
  }
  let decoded: string;
  try {
    decoded = utf8.decode(bytes);
  } catch {
    return { kind: 'skipped', reason: 'not valid UTF-8' };
  }
  const bom = startsWithBom(decoded);
  const text = withoutBom(decoded);
  const input: ArticleInput = { ...target.input, text, version: 0 };
  const key = input.key;
  let result;
  try {
    const analysis = engine.analyze(input);
    if (!analysis.model.analyzed) return { kind: 'skipped', reason: 'not checked' };
    result = fixDocument(engine, input, analysis.diagnostics);
  } finally {
    engine.forget(key);
  }
  if (result.edits.length === 0) return { kind: 'unchanged' };
  if (mode === 'dry-run') {
    print(createTwoFilesPatch(`a/${target.shownAs}`, `b/${target.shownAs}`, text, result.text));
    return { kind: 'would-fix', rules: result.rules };
  }
  const written = Buffer.from((bom ? '\uFEFF' : '') + result.text, 'utf8');
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.strategy-notes-fix`);
  try {
    writeFileSync(temporary, written, { flag: 'wx', mode: fileMode });
    chmodSync(temporary, fileMode); // the umask may have taken bits off
    // Someone (an editor, another run) wrote the file meanwhile: theirs stays.
    if (!readFileSync(file).equals(bytes)) {
      unlinkSync(temporary);
      return { kind: 'skipped', reason: 'changed while it was fixed' };
    }
    renameSync(temporary, file);
    // The index reads the fixed file from now on (renumbered headings have other anchors).
    if (input.library) input.library.index.set(engine.analyze({ ...input, text: result.text }).summary);
    engine.forget(key);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      /* never written */
    }
    return { kind: 'skipped', reason: `could not be written (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  return { kind: 'fixed', rules: result.rules };
}

/** Fixes one file and tells on stderr what was fixed, or why a file that needed it was not;
 * a dry run's diff goes to `out`. (A file that could not be checked is reported by the re-check.) */
export function fixAndTell(engine: Engine, target: FixTarget, mode: FixMode, out: (text: string) => void): FixOutcome {
  const outcome = fixFile(engine, target, mode, out);
  if (outcome.kind === 'fixed') process.stderr.write(`${target.shownAs}: fixed ${outcome.rules.join(', ')}\n`);
  else if (outcome.kind === 'skipped' && outcome.reason !== 'not checked' && outcome.reason !== 'unreadable') process.stderr.write(`${target.shownAs}: not fixed: ${outcome.reason}\n`);
  return outcome;
}
