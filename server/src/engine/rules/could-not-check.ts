import { couldNotCheckCode } from '../dialect/checkable';
import type { Rule } from './rule';

/** A file the model builder would not analyze (binary, too large) or the CLI could not read: an
 * error by default, so a check run never passes on an article nobody checked. */
export const couldNotCheck: Rule = {
  id: couldNotCheckCode,
  defaultSeverity: 'error',
  description: 'A file could not be checked (binary, over 10 MiB, unreadable), so nothing in it was.',
  appliesTo: 'any',
  readsUnanalyzed: true,
  check({ model }) {
    return model.problems.filter((p) => p.code === couldNotCheckCode).map((p) => ({ range: p.range, message: p.message }));
  },
};
