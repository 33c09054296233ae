// A `check --cache` run's report of each file, kept for the next run over the same workspace
// (issue 9: a warm run over an unchanged workspace). What a file's check finds depends on its
// own text and, through the library rules, on every other file of its root: so the reports are
// kept under one fingerprint of the whole root (the engine and config versions, and every listed
// file's URI, role and sha256), and used only when the next run's fingerprint is the same. Then
// no summary is read and nothing is checked: the run takes each file's hash (kept beside the
// reports with the file's stamp: a file whose stamp is unchanged is not read) and reports.
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

/** Each listed file's stamp (FsWorkspace.stampOf) and sha256 when the reports were kept: a file
 * whose stamp is the same now is not read again to take the fingerprint. */
export type KeptHashes = Map<string, { stamp: string; hash: string }>;

/** What a reports file holds, as read (its findings checked only once its fingerprint is the one wanted). */
export interface KeptReportsFile {
  fingerprint: string;
  hashes: KeptHashes;
  files: Record<string, unknown>;
}

/** The root's reports file, or undefined (none, unreadable, or not one for this root). Stamps
 * that do not check out are left out (their files are read and hashed). */
export function readKeptReportsFile(folder: string, rootUri: string): KeptReportsFile | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(reportsFileOf(folder, rootUri), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(data) || data.format !== format || typeof data.fingerprint !== 'string' || data.root !== rootUri || !isObject(data.files)) return undefined;
  const hashes: KeptHashes = new Map();
  if (isObject(data.hashes)) {
    for (const [uri, v] of Object.entries(data.hashes)) {
      if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && v[0] !== '' && typeof v[1] === 'string' && /^[0-9a-f]{64}$/.test(v[1])) hashes.set(uri, { stamp: v[0], hash: v[1] });
    }
  }
  return { fingerprint: data.fingerprint, hashes, files: data.files };
}

/** The reports of a reports file when they were kept under `fingerprint`, or undefined (another
 * fingerprint, or a finding that does not check out). */
export function keptReportsUnder(file: KeptReportsFile | undefined, fingerprint: string): Map<string, KeptFinding[]> | undefined {
  if (!file || file.fingerprint !== fingerprint) return undefined;
  const out = new Map<string, KeptFinding[]>();
  for (const [uri, findings] of Object.entries(file.files)) {
    if (!Array.isArray(findings) || !findings.every(isKeptFinding)) return undefined;
    out.set(uri, findings);
  }
  return out;
}

/** Keeps these reports under `fingerprint` with the files' stamps and hashes (replacing what was
 * kept). Failing is never an error of the run. */
export async function writeKeptReports(folder: string, rootUri: string, fingerprint: string, files: ReadonlyMap<string, KeptFinding[]>, hashes: KeptHashes, log?: (message: string) => void): Promise<void> {
  const file = reportsFileOf(folder, rootUri);
  const stamped = Object.fromEntries([...hashes].map(([uri, h]) => [uri, [h.stamp, h.hash]]));
  const written = await writeAtomically(file, (handle) => handle.writeFile(JSON.stringify({ format, fingerprint, root: rootUri, hashes: stamped, files: Object.fromEntries(files) })));
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
