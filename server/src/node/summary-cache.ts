// The persistent cache of file summaries (issue 9: never parse twice across restarts): a
// Summarizer in front of another (the worker pool, or this thread), so a file whose text, URI and
// role are those of a cached summary is not parsed again. One JSON file per workspace root,
// `<folder>/<sha256 of the root URI>.json`, read once; it holds only summaries (what the index
// keeps: no article text) under the sha256 of each file's text. A file written by another
// version (summaryFormatVersion, package.json's version) or under other config values
// (summaryConfigFingerprint) is ignored, and so is one that does not parse or fails validation:
// a cache is never trusted, only used when it checks out; each summary is validated again when
// it is used (one that fails is a miss). Writes go to a temporary file in the same folder that is
// then renamed over the cache file: a reader sees the old file or the new one, never half of one,
// and of two runs writing at once the last one wins. Failing to read or write a cache is never an
// error of the run: the files are summarized as if there were none.

import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { version as packageVersion } from '../../../package.json';
import type { Summarizer } from '../engine/workspace/indexer';
import { summaryFormatVersion, type FileRole, type FileSummary } from '../engine/workspace/summary';

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
}

interface Entry {
  /** sha256 of the text, hex. */
  hash: string;
  role: FileRole;
  summary: FileSummary;
}

interface CacheFile {
  format: typeof format;
  version: string;
  fingerprint: string;
  root: string;
  entries: Record<string, Entry>;
}

export function cacheFileOf(folder: string, rootUri: string): string {
  return path.join(folder, `${sha256(rootUri)}.json`);
}

export class SummaryCache implements Summarizer {
  readonly file: string;
  hits = 0;
  misses = 0;
  /** Why the cache file was not used, when it was there and was not (for logs and tests). */
  rejected: string | undefined;
  private entries = new Map<string, Entry>();
  private loading: Promise<void> | undefined;
  private dirty = false;
  /** After the first flush (the end of a cold build), changes schedule a write of their own. */
  private autoFlush = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly version: string;
  private readonly fingerprint: string;

  constructor(
    private readonly inner: Summarizer,
    private readonly options: SummaryCacheOptions,
  ) {
    this.file = cacheFileOf(options.folder, options.rootUri);
    this.version = options.version ?? cacheVersion;
    this.fingerprint = options.fingerprint ?? '';
  }

  async summarize(uri: string, role: FileRole, text: string): Promise<FileSummary> {
    await (this.loading ??= this.load());
    const hash = sha256(text);
    const kept = this.entries.get(uri);
    // Entries were checked when the file was loaded (isEntry), or made here.
    if (kept && kept.hash === hash && kept.role === role) {
      this.hits++;
      return kept.summary;
    }
    this.misses++;
    const summary = await this.inner.summarize(uri, role, text);
    this.entries.set(uri, { hash, role, summary });
    this.changed();
    return summary;
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

  /** Stops a pending debounced write (it is written now instead). */
  dispose(): Promise<void> {
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
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
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
    const entries: Record<string, Entry> = {};
    for (const [uri, entry] of this.entries) {
      if (isLive && !isLive(uri)) this.entries.delete(uri);
      else entries[uri] = entry;
    }
    const data: CacheFile = { format, version: this.version, fingerprint: this.fingerprint, root: this.options.rootUri, entries };
    const temp = `${this.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await fsp.mkdir(this.options.folder, { recursive: true });
      await fsp.writeFile(temp, JSON.stringify(data));
      await renameRetrying(temp, this.file);
    } catch (error) {
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      this.options.log?.(`Strategy Notes: the summary cache ${this.file} was not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** On Windows a rename over a file another process is renaming or reading can fail for a moment. */
async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fsp.rename(from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw error;
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
    }
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

// ---- validation: what is read back must be a summary the index can hold ---------------------

const roles: readonly string[] = ['article', 'concept-entry', 'company-entry', 'other'];
const forms: readonly string[] = ['plain', 'reference', 'link'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isLine = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const isPosition = (v: unknown) => isObject(v) && isLine(v.line) && isLine(v.character);
const isRange = (v: unknown) => isObject(v) && isPosition(v.start) && isPosition(v.end);
const arrayOf = (v: unknown, check: (v: unknown) => boolean) => Array.isArray(v) && v.every(check);
const isHeading = (v: unknown) => isObject(v) && isString(v.text) && isLine(v.depth) && isRange(v.range);

function isEntry(v: unknown, uri: string): v is Entry {
  return isObject(v) && isString(v.hash) && /^[0-9a-f]{64}$/.test(v.hash) && isString(v.role) && roles.includes(v.role) && isSummary(v.summary, uri, v.role as FileRole);
}

/** A summary of the right kind for the role, for this URI, with every field the index and features read. */
export function isSummary(v: unknown, uri: string, role: FileRole): v is FileSummary {
  if (!isObject(v) || v.uri !== uri || !isString(v.title) || !arrayOf(v.headings, isHeading)) return false;
  if (role === 'other') return v.kind === 'other';
  if (role === 'article') return v.kind === 'article' && isArticle(v);
  return v.kind === 'entry' && v.entryKind === (role === 'concept-entry' ? 'concept' : 'company') && isEntrySummary(v);
}

function isArticle(v: Record<string, unknown>): boolean {
  const isTag = (t: unknown) =>
    isObject(t) && (t.section === 'concepts' || t.section === 'companies') && isString(t.name) && isString(t.form) && forms.includes(t.form) && optional(t.targetUri, isString) && isRange(t.range) && isRange(t.nameRange);
  const isReference = (r: unknown) => isObject(r) && isString(r.name) && isRange(r.range) && isRange(r.nameRange);
  const isRelated = (r: unknown) =>
    isObject(r) &&
    isString(r.name) &&
    isString(r.form) &&
    forms.includes(r.form) &&
    optional(r.target, isString) &&
    optional(r.targetUri, isString) &&
    optional(r.fragment, isString) &&
    isRange(r.range) &&
    isRange(r.nameRange) &&
    optional(r.targetRange, isRange);
  const isSpot = (s: unknown) => isObject(s) && isLine(s.headerLine) && isLine(s.lastLine) && isString(s.marker) && typeof s.none === 'boolean';
  const sections = v.sections;
  return (
    optional(v.titleRange, isRange) &&
    arrayOf(v.pillars, (p) => isObject(p) && isLine(p.number) && isString(p.title) && isRange(p.range)) &&
    arrayOf(v.tags, isTag) &&
    arrayOf(v.references, isReference) &&
    arrayOf(v.related, isRelated) &&
    isObject(sections) &&
    optional(sections.concepts, isSpot) &&
    optional(sections.companies, isSpot) &&
    optional(sections.related, isSpot) &&
    isString(v.eol) &&
    isLine(v.lineCount) &&
    Number.isInteger(v.lastTextLine)
  );
}

function isEntrySummary(v: Record<string, unknown>): boolean {
  const spot = v.aliasSpot;
  const isSpot =
    isObject(spot) &&
    ((spot.form === 'list' && isLine(spot.keyLine) && isLine(spot.lastItemLine) && isString(spot.indent)) ||
      (spot.form === 'inline' && isLine(spot.keyLine) && isRange(spot.valueRange)) ||
      (spot.form === 'none' && isLine(spot.closingLine)) ||
      spot.form === 'no-front-matter');
  const fmTitle = v.frontMatterTitle;
  return (
    (v.titleSource === 'front-matter' || v.titleSource === 'heading' || v.titleSource === 'file-name') &&
    arrayOf(v.titleRanges, isRange) &&
    optional(fmTitle, (t) => isObject(t) && isRange(t.range) && (t.quote === undefined || t.quote === '"' || t.quote === "'")) &&
    arrayOf(v.aliases, (a) => isObject(a) && isString(a.name) && optional(a.range, isRange)) &&
    isString(v.summary) &&
    isSpot &&
    isString(v.eol) &&
    isLine(v.lineCount)
  );
}
