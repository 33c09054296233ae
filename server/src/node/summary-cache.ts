// The persistent cache of file summaries (issue 9: never parse twice across restarts): a
// Summarizer in front of another (the worker pool, or this thread), so a file whose text, URI and
// role are those of a cached summary is not parsed again, and one whose stamp (size, times,
// inode: FsWorkspace.stampOf) is the one its text was read under is not even read. One JSON file
// per workspace root, `<folder>/<sha256 of the root URI>.json`, read once; it holds only
// summaries (what the index keeps: no article text) under the sha256 of each file's text, and
// for the CLI each file's local check (its findings without fixes, and the little the library rules
// read that the summary does not hold: split-check.ts `LibraryRest`), so an
// unchanged file is neither parsed nor checked again; the server's workspace diagnostics keep the
// checks in a file of their own (`checks.apart`), read once its index is built. A file written by another
// version (summaryFormatVersion, package.json's version) or under other config values
// (summaryConfigFingerprint) is ignored, and so is one that does not parse or fails validation:
// a cache is never trusted, only used when it checks out; each summary is validated again when
// it is used (one that fails is a miss), and so is each kept check (cache-validation.ts). Writes go to a temporary file in the same folder that is
// then renamed over the cache file: a reader sees the old file or the new one, never half of one,
// and of two runs writing at once the last one wins. Failing to read or write a cache is never an
// error of the run: the files are summarized as if there were none.

import { createHash } from 'node:crypto';
import { isAscii } from 'node:buffer';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { sweepLeftTemporaries, writeAtomically } from './atomic-write';
import { version as packageVersion } from '../../../package.json';
import { checkedKind, type LocalCheck } from '../engine/features/split-check';
import type { Summarizer } from '../engine/workspace/indexer';
import type { SharedValues } from '../engine/workspace/shared-values';
import { summaryFormatVersion, type FileRole, type FileSummary } from '../engine/workspace/summary';
import { isObject, isSummary, localCheckOf, roles } from './cache-validation';
import { packRanges, unpackRanges } from './compact-ranges';

/** A summary read back with more items than this (tags, references, headings …) is left as it
 * came, not shared: walking it in one go would hold up the server's requests (the summary pool
 * leaves files over 1 MiB alone for the same reason). */
const maxSharedItems = 20_000;

function itemCount(summary: FileSummary): number {
  let n = 0;
  for (const v of Object.values(summary)) if (Array.isArray(v)) n += v.length;
  return n;
}

/** What the cache file says it is (checked first: anything else is not a summary cache). */
const format = 'strategy-notes-summaries';

/** The engine version a cache is valid for: the summary format and the package's version. */
export const cacheVersion = `${summaryFormatVersion}+${packageVersion}`;

export interface SummaryCacheOptions {
  /** The folder the cache files are in (made when first written). */
  folder: string;
  /** The workspace root the cache is for (its URI names the file). */
  rootUri: string;
  /** summaryConfigFingerprint(config): a cache written under other values is ignored. */
  fingerprint?: string;
  /** Default `cacheVersion` (tests change it). */
  version?: string;
  /** Whether a file is still in the workspace (its index holds it): others are dropped when the cache is written. */
  isLive?: (uri: string) => boolean;
  /** After the first `flush`, changes are written this long after the last one (ms). */
  debounceMs?: number;
  log?: (message: string) => void;
  /** A whole-workspace check (the CLI): each file's local check (split-check.ts) is kept beside its
   * summary, under `key` (checkConfigFingerprint), and handed to `found` on a hit; a hit without a
   * check under that key is a miss, so the summarizer behind makes one (and reports it to `checked`). */
  checks?: {
    key: string;
    found: (uri: string, check: LocalCheck) => void;
    /** The checks are kept in a file of their own beside the cache (`<…>.checks.json`), read only
     * by `loadChecks` (the server's workspace diagnostics, once its index is built: a warm start's
     * index does not wait for them); a kept summary is a hit with or without its check. */
    apart?: boolean;
  };
  /** Where the summaries and checks read back keep their repeated values (as the pool's do), a
   * while after the last read (`shareDelayMs`, default 2000). */
  shared?: SharedValues;
  shareDelayMs?: number;
}

interface Entry {
  /** sha256 of the text, hex. */
  hash: string;
  role: FileRole;
  summary: FileSummary;
  /** The workspace's stamp of the file when this text was read (FsWorkspace.stampOf): while the
   * file's stamp is this one, the summary is used without reading the file. */
  stamp?: string;
  /** The file's local check without fixes, under the config `key` (sha256 of `checks.key`) names; checked when used (localCheckOf). */
  check?: { key: string; local: unknown; rest: unknown };
}

interface CacheFile {
  format: typeof format;
  version: string;
  fingerprint: string;
  root: string;
  entries: Record<string, Entry>;
}

/** The file of the checks kept apart (`checks.apart`): the summaries' file's head, the checks'
 * config key, and each file's check under the hash of the text it was made from. */
const checksFormat = 'strategy-notes-checks';

interface ChecksFile extends Omit<CacheFile, 'format' | 'entries'> {
  format: typeof checksFormat;
  key: string;
  checks: Record<string, { hash: string; check: Entry['check'] }>;
}

export function cacheFileOf(folder: string, rootUri: string): string {
  return path.join(folder, `${sha256(rootUri)}.json`);
}

export function checksFileOf(cacheFile: string): string {
  return cacheFile.replace(/\.json$/, '.checks.json');
}

export class SummaryCache implements Summarizer {
  readonly file: string;
  hits = 0;
  misses = 0;
  /** Why the cache file was not used, when it was there and was not (for logs and tests). */
  rejected: string | undefined;
  private entries = new Map<string, Entry>();
  /** Checks the summarizer behind made for files it is summarizing now (`checked`). */
  private made = new Map<string, LocalCheck>();
  private loading: Promise<void> | undefined;
  /** The checks kept apart, once read (`loadChecks`). */
  private loadingChecks: Promise<void> | undefined;
  /** The cache file has been read (or found missing or unusable). */
  private loaded = false;
  /** Entries read back whose values are not shared yet (`options.shared`): shared in small
   * batches once reads have been quiet for `shareDelayMs`, so a warm start does not wait for it
   * (sharing as each was read added ~250 ms to a warm index of 2,800 files). */
  private unshared = new Set<Entry>();
  private shareTimer: NodeJS.Timeout | undefined;
  private lastRead = 0;
  private dirty = false;
  /** After the first flush (the end of a cold build), changes schedule a write of their own. */
  private autoFlush = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly version: string;
  private readonly fingerprint: string;
  /** sha256 of `checks.key`, as each kept check stores it (the key itself is a long JSON text). */
  private readonly checkKey: string | undefined;

  constructor(
    private readonly inner: Summarizer,
    private readonly options: SummaryCacheOptions,
  ) {
    this.file = cacheFileOf(options.folder, options.rootUri);
    this.version = options.version ?? cacheVersion;
    this.fingerprint = options.fingerprint ?? '';
    this.checkKey = options.checks && sha256(options.checks.key);
  }

  /** The kept summary when the file's stamp is the one it was read under (nothing is read or hashed). */
  async known(uri: string, role: FileRole, stamp: string): Promise<FileSummary | undefined> {
    await this.ready();
    const kept = this.entries.get(uri);
    return kept && kept.stamp === stamp ? this.hit(uri, role, kept) : undefined;
  }

  private ready(): Promise<void> {
    return (this.loading ??= this.load().finally(() => {
      this.loaded = true;
    }));
  }

  /** The kept summary when `text` hashes to what it was made from, once the cache is read (before that, undefined). */
  sameText(uri: string, role: FileRole, text: string): FileSummary | undefined {
    if (!this.loaded) return undefined;
    const kept = this.entries.get(uri);
    return kept && kept.hash === sha256(text) ? this.hit(uri, role, kept) : undefined;
  }

  async summarize(uri: string, role: FileRole, text: string, stamp?: string): Promise<FileSummary> {
    await this.ready();
    const hash = sha256(text);
    const kept = this.entries.get(uri);
    // Entries were checked when the file was loaded (isEntry), or made here.
    const summary = kept && kept.hash === hash ? this.hit(uri, role, kept) : undefined;
    if (summary) {
      // The same text under a new stamp (touched, copied back): the next run need not read it.
      if (kept!.stamp !== stamp) {
        kept!.stamp = stamp;
        this.changed();
      }
      return summary;
    }
    this.misses++;
    const made = await this.inner.summarize(uri, role, text);
    const check = this.made.get(uri);
    this.made.delete(uri);
    const key = this.checkKey;
    this.entries.set(uri, { hash, role, summary: made, stamp, check: check && key !== undefined ? keptCheck(key, check) : undefined });
    this.changed();
    return made;
  }

  /** The kept summary if it serves this role (and, for a run that keeps checks with the
   * summaries, has its check). */
  private hit(uri: string, role: FileRole, kept: Entry): FileSummary | undefined {
    if (kept.role !== role) return undefined;
    const checks = this.options.checks;
    if (checks?.apart) {
      this.hits++;
      // Once the checks are read (after the build), a hit hands its check over too (a document
      // closed unchanged is not checked again); during the build they are not read yet.
      const check = this.loadingChecks && kept.check?.key === this.checkKey ? localCheckOf(kept.check, kept.summary) : undefined;
      if (check) checks.found(uri, check);
      this.shareLater(kept);
      return kept.summary;
    }
    // A file that is neither an article nor an entry has no check to keep.
    const check = checks && kept.check?.key === this.checkKey ? localCheckOf(kept.check, kept.summary) : undefined;
    if (checks && !check && checkedKind(role) !== undefined) return undefined;
    this.hits++;
    if (check) checks!.found(uri, check);
    this.shareLater(kept);
    return kept.summary;
  }

  private shareLater(entry: Entry): void {
    if (!this.options.shared) return;
    this.unshared.add(entry);
    this.lastRead = performance.now();
    if (!this.shareTimer) this.shareIn(this.options.shareDelayMs ?? 2000);
  }

  private shareIn(ms: number): void {
    this.shareTimer = setTimeout(() => this.shareBatch(), ms);
    this.shareTimer.unref();
  }

  /** Shares up to 100 entries once reads have been quiet for the delay, then the next 100 on a later turn. */
  private shareBatch(): void {
    this.shareTimer = undefined;
    const delay = this.options.shareDelayMs ?? 2000;
    const quiet = performance.now() - this.lastRead;
    if (quiet < delay) return this.shareIn(delay - quiet);
    const shared = this.options.shared!;
    let n = 0;
    for (const e of this.unshared) {
      if (n++ === 100) return this.shareIn(0);
      this.unshared.delete(e);
      if (itemCount(e.summary) > maxSharedItems) continue;
      // In place: the index holds this same summary object.
      shared.share(e.summary);
      if (e.check) shared.share(e.check);
    }
  }

  /** Reads the checks kept apart (once) and hands each one whose file's summary is the one it
   * was made with (same text) to `found`; a file that does not check out is ignored. */
  loadChecks(): Promise<void> {
    const checks = this.options.checks;
    if (!checks?.apart) return Promise.resolve();
    return (this.loadingChecks ??= this.ready().then(async () => {
      let data: unknown;
      try {
        const bytes = await fsp.readFile(checksFileOf(this.file));
        data = JSON.parse(isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8'));
      } catch {
        return; // none yet, unreadable or not JSON: the files are checked again
      }
      if (!isObject(data) || data.format !== checksFormat || this.invalid({ ...data, format, entries: {} }) || data.key !== this.checkKey || !isObject(data.checks)) return;
      unpackRanges(data.checks);
      for (const [uri, kept] of Object.entries(data.checks as ChecksFile['checks'])) {
        const entry = this.entries.get(uri);
        // A check made in this session is newer; one of another text is of no use.
        if (!entry || entry.check || !isObject(kept) || kept.hash !== entry.hash || !isObject(kept.check) || kept.check.key !== this.checkKey) continue;
        const check = localCheckOf(kept.check, entry.summary);
        if (!check) continue;
        entry.check = kept.check;
        this.shareLater(entry);
        checks.found(uri, check);
      }
    }));
  }

  /** The summarizer behind made this check for a file it is summarizing (before that summary is
   * returned): it is kept with the summary and passed on to `found`. */
  checked(uri: string, check: LocalCheck): void {
    const checks = this.options.checks;
    if (!checks) return;
    this.made.set(uri, check);
    checks.found(uri, check);
  }

  /** Writes the cache now if anything changed (the end of a build); later changes are written on their own, debounced. */
  flush(): Promise<void> {
    this.autoFlush = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return this.writing;
    this.dirty = false;
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  /** Writes the cache `ms` from now (unless `flush` comes first), then as `flush` does: the end of
   * a build whose thread has more to do at once (the server's workspace diagnostics), which
   * writing tens of MB of JSON would hold up. */
  flushAfter(ms: number): void {
    this.autoFlush = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
    this.timer.unref();
  }

  /** Stops a pending debounced write (it is written now instead). */
  dispose(): Promise<void> {
    if (this.shareTimer) clearTimeout(this.shareTimer);
    this.unshared.clear();
    return this.flush().then(() => {
      this.autoFlush = false;
    });
  }

  private changed(): void {
    this.dirty = true;
    if (!this.autoFlush || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.debounceMs ?? 1000);
    this.timer.unref();
  }

  private async load(): Promise<void> {
    await sweepLeftTemporaries(this.file);
    let text: string;
    try {
      // Written as ASCII (asciiJson): decoded as such, 3-4 times quicker than UTF-8 for tens of
      // MB; a file with other bytes (another writer) is decoded as UTF-8.
      const bytes = await fsp.readFile(this.file);
      text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.rejected = `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      this.rejected = 'not JSON';
      return;
    }
    if (isObject(data)) unpackRanges(data.entries);
    const why = this.invalid(data);
    if (why) {
      this.rejected = why;
      return;
    }
    for (const [uri, entry] of Object.entries((data as CacheFile).entries)) {
      if (isEntry(entry, uri)) this.entries.set(uri, entry);
    }
  }

  private invalid(data: unknown): string | undefined {
    if (!isObject(data) || data.format !== format) return 'not a summary cache';
    if (data.version !== this.version) return `version ${String(data.version)}, not ${this.version}`;
    if (data.fingerprint !== this.fingerprint) return 'written under other settings';
    if (data.root !== this.options.rootUri) return 'for another root';
    if (!isObject(data.entries)) return 'no entries';
    return undefined;
  }

  private async write(): Promise<void> {
    const isLive = this.options.isLive;
    const entries: [string, Entry][] = [];
    for (const [uri, entry] of this.entries) {
      if (isLive && !isLive(uri)) this.entries.delete(uri);
      else entries.push([uri, entry]);
    }
    const head: Omit<CacheFile, 'entries'> = { format, version: this.version, fingerprint: this.fingerprint, root: this.options.rootUri };
    const apart = this.options.checks?.apart === true;
    // Checks kept apart that were not read yet are read first, so writing does not drop them.
    if (apart) await this.loadChecks();
    const written = await writePieces(this.file, `${asciiJson(head).slice(0, -1)},"entries":{`, entries, (entry) => (apart ? { ...entry, check: undefined } : entry));
    if (written !== true) this.options.log?.(`Strategy Notes: the summary cache ${this.file} was not written: ${written}`);
    if (!apart || written !== true) return;
    const checks: [string, { hash: string; check: Entry['check'] }][] = entries.flatMap(([uri, e]) => (e.check ? [[uri, { hash: e.hash, check: e.check }]] : []));
    const checksHead = { ...head, format: checksFormat, key: this.checkKey };
    const file = checksFileOf(this.file);
    const wroteChecks = await writePieces(file, `${asciiJson(checksHead).slice(0, -1)},"checks":{`, checks, (c) => c);
    if (wroteChecks !== true) this.options.log?.(`Strategy Notes: the summary cache's checks ${file} were not written: ${wroteChecks}`);
  }
}

/** Writes `{…head, "key": {uri: value, …}}` atomically, in pieces of about 1 MB, not made into one
 * string first: the file of a large workspace is tens of MB, and holding it whole as the build
 * ends was most of the server's memory then. The text is what JSON.stringify of the whole would give. */
function writePieces<T>(file: string, opening: string, items: readonly [string, T][], value: (item: T) => unknown): Promise<true | string> {
  return writeAtomically(file, async (handle) => {
    let piece = opening;
    for (let k = 0; k < items.length; k++) {
      piece += `${k > 0 ? ',' : ''}${asciiJson(items[k][0])}:${asciiJson(packRanges(value(items[k][1])))}`;
      if (piece.length >= 1 << 20) {
        await handle.writeFile(piece);
        piece = '';
      }
    }
    await handle.writeFile(`${piece}}}`);
  });
}

/** JSON.stringify with every character past ASCII written as a `\uXXXX` escape: the same value once parsed, and a file of one-byte characters. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What is kept of a check: the findings as a report shows them (no fixes), and the rest the
 * library rules read (the summary beside it holds the others). */
function keptCheck(key: string, check: LocalCheck): Entry['check'] {
  const local = check.local.map((d) => ({ rule: d.rule, severity: d.severity, message: d.message, range: d.range }));
  return { key, local, rest: check.rest };
}

function isEntry(v: unknown, uri: string): v is Entry {
  return (
    isObject(v) &&
    typeof v.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(v.hash) &&
    typeof v.role === 'string' &&
    roles.includes(v.role) &&
    isSummary(v.summary, uri, v.role as FileRole) &&
    (v.stamp === undefined || typeof v.stamp === 'string') &&
    (v.check === undefined || (isObject(v.check) && typeof v.check.key === 'string'))
  );
}
