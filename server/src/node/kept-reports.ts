// A `check --cache` run's report of each file, kept for the next run over the same workspace
// (issue 9: a warm run over an unchanged workspace). What a file's check finds depends on its
// own text and, through the library rules, on every other file of its root: so the reports are
// kept under one fingerprint of the whole root (the engine and config versions, and every listed
// file's URI, role and sha256), and used only when the next run's fingerprint is the same. Then
// no summary is read and nothing is checked: the run reads and hashes the files, and reports.
// Any change to any file (an entry's alias, a file added or removed), to the config or to the
// engine is another fingerprint, and the run goes the usual way (the summary cache still spares
// it the parsing). One JSON file per root beside the summary cache, `<sha256 of the root
// URI>.reports.json`; each finding is validated when read (one that fails, and the whole file
// is ignored); written to a temporary file renamed over it, so a reader never sees half of one.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileRole } from '../engine';
import { isObject } from './cache-validation';
import { writeAtomically } from './atomic-write';
import { sha256 } from './summary-cache';

/** One finding as a report shows it (1-based lines and columns, as the CLI prints them). */
export interface KeptFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  rule: string;
  message: string;
}

const format = 'strategy-notes-reports';

export function reportsFileOf(folder: string, rootUri: string): string {
  return path.join(folder, `${sha256(rootUri)}.reports.json`);
}

/** The fingerprint of a root: what its files' reports depend on. */
export function workspaceFingerprint(parts: { version: string; config: string; rootUri: string; files: readonly { uri: string; role: FileRole; hash: string }[] }): string {
  const files = [...parts.files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0)).map((f) => [f.uri, f.role, f.hash]);
  return sha256(JSON.stringify([format, parts.version, parts.config, parts.rootUri, files]));
}

/** The reports kept under `fingerprint`, or undefined (none, another fingerprint, or a file that does not check out). */
export function readKeptReports(folder: string, rootUri: string, fingerprint: string): Map<string, KeptFinding[]> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(reportsFileOf(folder, rootUri), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(data) || data.format !== format || data.fingerprint !== fingerprint || data.root !== rootUri || !isObject(data.files)) return undefined;
  const out = new Map<string, KeptFinding[]>();
  for (const [uri, findings] of Object.entries(data.files)) {
    if (!Array.isArray(findings) || !findings.every(isKeptFinding)) return undefined;
    out.set(uri, findings);
  }
  return out;
}

/** Keeps these reports under `fingerprint` (replacing what was kept). Failing is never an error of the run. */
export async function writeKeptReports(folder: string, rootUri: string, fingerprint: string, files: ReadonlyMap<string, KeptFinding[]>, log?: (message: string) => void): Promise<void> {
  const file = reportsFileOf(folder, rootUri);
  const written = await writeAtomically(file, (handle) => handle.writeFile(JSON.stringify({ format, fingerprint, root: rootUri, files: Object.fromEntries(files) })));
  if (written !== true) log?.(`Strategy Notes: the kept reports ${file} were not written: ${written}`);
}

const severities = new Set(['error', 'warning', 'info']);
const position = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;

function isKeptFinding(v: unknown): v is KeptFinding {
  return (
    isObject(v) &&
    position(v.line) &&
    position(v.column) &&
    position(v.endLine) &&
    position(v.endColumn) &&
    typeof v.severity === 'string' &&
    severities.has(v.severity) &&
    typeof v.rule === 'string' &&
    v.rule !== '' &&
    typeof v.message === 'string' &&
    v.message !== ''
  );
}
