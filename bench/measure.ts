// What the benchmarks share: the distribution of a set of samples, and the one-character edit
// the LSP benchmarks time (an `x` typed in the middle of a prose line, a different line each
// time, so no answer can come from a cache of the text before).
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import type { LspClient } from '../test/helpers/lsp-client';

export function stats(samples: number[]): { median: number; p95: number; max: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)], max: s[s.length - 1], n: s.length };
}

/** Edit k of the open document `uri` (version k + 2; `lines` is its text, kept up to date):
 * sends the didChange, waits for `ask` (the requests answered after it), and returns the
 * milliseconds from the change to the answers. */
export async function timeProseEdit(client: LspClient, uri: string, lines: string[], k: number, ask: () => Promise<unknown>): Promise<number> {
  const prose = lines.map((l, i) => (/^[A-Za-z]/.test(l) ? i : -1)).filter((i) => i >= 0);
  const line = prose[(k * 7919) % prose.length];
  const character = Math.floor(lines[line].length / 2);
  const start = performance.now();
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: k + 2 },
    contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }],
  });
  await ask();
  const elapsed = performance.now() - start;
  lines[line] = lines[line].slice(0, character) + 'x' + lines[line].slice(character);
  return elapsed;
}

/** `--name N` from the command line, else `fallback`. */
export function numberOption(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
}
