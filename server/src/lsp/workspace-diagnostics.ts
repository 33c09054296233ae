// Workspace diagnostics (`workspace/diagnostic`, LSP 3.17): the problems of every article and
// library entry, open or not, as `strategy-notes check` reports them, so the Problems view lists a
// broken tag in an article nobody has opened, and agrees with CI.
//
// Each closed file's findings are kept (the editor's shown ones, as LSP diagnostics) with a result
// id; a request answers only the files whose id the client does not have, and a request that has
// nothing new is held until something changes, 5 s at most (VS Code's client asks again 2 s after
// each answer). Open documents are reported from their editor text, as their document pull is.
// The cold build checks every file where it parses it (split-check: the document rules on the
// index's threads, the library rules here once the index is complete), so the first answer costs
// no second parse; the summary cache keeps each file's local check (in a file of its own, read
// once the index is built), so a warm start parses nothing for them either. After that a file is
// checked again when it changes on disk (parsed again on the index's threads), or depends on a
// name or file that changed (the library rules only, on the summary the index holds: its local
// check is kept while that summary is), and when it closes if a re-check came while it was open.

import { isDeepStrictEqual } from 'node:util';
import { DocumentDiagnosticReportKind, type CancellationToken, type Diagnostic, type WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import type { IndexChange } from '../engine';
import { checkConfigFingerprint, checkedKind, finishCheck, type LocalCheck } from '../engine/features/split-check';
import { canonicalUri } from '../engine/workspace/uris';
import type { CheckUnder, SummaryPool } from '../node/summary-pool';
import { throwIfCancelled } from './analysis';
import { editorDiagnostics, shownDiagnostics } from './convert';
import { roleOfSummary, type Project, type ProjectChecks } from './projects';
import { guarded, openDocument, type Session } from './session';

/** The result id of a file that is no longer there (deleted, left the file list, its folder removed). */
const goneId = 'gone';
/** Changes this close together are checked as one batch (a branch switch, a rename across files). */
const batchDelayMs = 20;
/** A request with nothing new is answered (empty) after this long at most, and asked again. */
const holdMs = 5000;

interface KeptProblems {
  project: Project;
  resultId: string;
  items: Diagnostic[];
  /** `items` as JSON: a re-check that finds the same keeps its result id. */
  json: string;
}

export class WorkspaceProblems {
  /** Closed files (canonical URIs) and their findings. */
  private readonly kept = new Map<string, KeptProblems>();
  /** Local checks made where a file was summarized (the cold build, a file changed on disk) or
   * kept in the summary cache, with the fingerprint of their config. Kept while the index holds
   * the summary they were made with: a check is that summary (which the index holds anyway) and a
   * few bytes, and it spares a re-check (an entry's alias changed: every article naming it) the
   * file's read and parse. */
  private readonly captured = new Map<string, { project: Project; key: string; check: LocalCheck }>();
  /** Files to check again, with their project. */
  private readonly stale = new Map<string, Project>();
  /** Closed documents, reported in the next two answers whatever their id: VS Code's client drops
   * a workspace report for a document while its last document pull is still in flight. */
  private readonly reportAnyway = new Map<string, number>();
  /** Open documents' findings (their editor text's), with a result id each. */
  private readonly openKept = new Map<string, { resultId: string; json: string }>();
  /** Whether a client has asked: only then are files checked again (a client that never asks costs no parse). */
  private wanted = false;
  private draining: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<() => void>();
  private nextId = 1;

  constructor(
    private readonly session: Session,
    private readonly pool: SummaryPool,
    /** The config a project's files are checked under, as the sources the threads resolve it from. */
    private readonly checkUnder: (project: Project) => CheckUnder,
  ) {}

  /** What projects are given (`Projects.checks`): files are checked as they are summarized, and the checks come here. */
  readonly projectChecks: ProjectChecks = {
    under: (project) => this.checkUnder(project),
    checked: (project, uri, fingerprint, check) => this.captureCheck(project, uri, fingerprint, check),
  };

  register(): void {
    const { connection, documents } = this.session;
    connection.languages.diagnostics.onWorkspace(
      guarded(connection, 'workspace diagnostics', { items: [] as WorkspaceDocumentDiagnosticReport[] }, async (params, token) => {
        this.wanted = true;
        this.schedule();
        const previous = new Map(params.previousResultIds.map((p) => [canonicalUri(p.uri), p.value]));
        const until = Date.now() + holdMs;
        for (;;) {
          await this.current(token);
          const items = await this.reports(previous, token);
          // A client with nothing to learn waits for the next change (a first request is answered
          // at once), but not for ever: the client forgets a document's result when its tab closes
          // and says so only by asking again.
          if (items.length > 0 || previous.size === 0 || Date.now() >= until) return { items };
          await this.nextChange(token, until - Date.now());
        }
      }),
    );
    documents.onDidChangeContent(() => this.schedule());
    documents.onDidClose((e) => {
      const uri = canonicalUri(e.document.uri);
      this.openKept.delete(uri);
      this.reportAnyway.set(uri, 2);
      // Its disk text is summarized again as it closes (a changed one is checked then, and an
      // unchanged one's kept check comes back with its summary): checked here only if it never was,
      // or a re-check came while it was open.
      if (!this.kept.has(uri)) {
        const project = this.session.projects.all().find((p) => p.index.get(uri));
        if (project) this.stale.set(uri, project);
      }
      this.schedule();
    });
  }

  /** A summary's local check, made where the file was summarized (`Project` hands them over). */
  captureCheck(project: Project, uri: string, fingerprint: string, check: LocalCheck): void {
    // Kept even before a client asks (a check is a few bytes beside the summary the index holds):
    // the first request then parses nothing.
    this.captured.set(uri, { project, key: fingerprint, check });
    this.stale.set(uri, project);
    if (project.built) this.schedule();
  }

  /** A project's build ended: each of its files is checked (from the captured checks where there are). */
  projectBuilt(project: Project): void {
    this.markAll(project);
    this.schedule();
  }

  /** The index changed: files depending on what changed are checked again. */
  indexChanged(project: Project, change: IndexChange): void {
    // (The changed files themselves are among their dependents.)
    for (const uri of project.index.dependents(change)) this.stale.set(uri, project);
    this.schedule();
  }

  /** Settings or a config file changed, or folders came and went: every file is checked again. */
  recheckAll(): void {
    // Folders removed: their files' checks go (each holds its summary).
    for (const [uri, { project }] of this.captured) if (project.disposed) this.captured.delete(uri);
    for (const project of this.session.projects.all()) this.markAll(project);
    this.schedule();
  }

  private markAll(project: Project): void {
    for (const summary of project.index.all()) this.stale.set(summary.uri, project);
  }

  /** A check soon (coalesced), and then a word to the requests waiting for a change. */
  private schedule(): void {
    if (!this.wanted || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.draining ??= this.drain().finally(() => {
        this.draining = undefined;
        // Changes that came in meanwhile; files of a project still building wait for its end (projectBuilt).
        for (const project of this.stale.values()) {
          if (project.built || project.disposed) {
            this.schedule();
            break;
          }
        }
      });
    }, batchDelayMs);
  }

  /** Resolves once every project is built and nothing is left to check. */
  private async current(token: CancellationToken | undefined): Promise<void> {
    // A build or a change may start while the checks run: until both are quiet at once.
    for (;;) {
      await this.whileCancellable(this.session.projects.idle(), token);
      await this.whileCancellable(this.idle(), token);
      throwIfCancelled(token);
      if (!this.timer && !this.draining) return;
    }
  }

  private async idle(): Promise<void> {
    while (this.timer || this.draining) {
      if (this.draining) await this.draining;
      else await new Promise((resolve) => setTimeout(resolve, batchDelayMs));
    }
  }

  private async drain(): Promise<void> {
    const width = Math.max(8, this.pool.concurrency * 2);
    // The checks a warm start's summary cache kept (read once, after the index is built).
    await Promise.all(this.session.projects.all().map((p) => (p.built ? p.cache?.loadChecks() : undefined)));
    for (;;) {
      const batch: [string, Project][] = [];
      for (const [uri, project] of this.stale) {
        if (!project.built && !project.disposed) continue; // checked when its build ends
        this.stale.delete(uri);
        batch.push([uri, project]);
        if (batch.length === width) break;
      }
      if (batch.length === 0) break;
      await Promise.all(batch.map(([uri, project]) => this.check(uri, project)));
      // Checks from the build finish here without waiting on anything: requests get their turn between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.wake();
  }

  /** One closed file's findings, kept under a new result id when they changed. */
  private async check(uri: string, project: Project): Promise<void> {
    const captured = this.captured.get(uri);
    try {
      if (openDocument(this.session, uri)) {
        this.kept.delete(uri); // reported from its editor text; checked again once it closes
        return;
      }
      const summary = project.disposed ? undefined : project.index.get(uri);
      const role = summary && roleOfSummary(summary);
      const kind = role && checkedKind(role);
      if (!role || !kind) {
        this.forget(uri, project);
        return;
      }
      const under = this.checkUnder(project);
      const key = checkConfigFingerprint(under.config);
      // Of the summary the index holds: one of another text (changed on disk since) is not used.
      let local = captured?.key === key && captured.check.summary === summary ? captured.check : undefined;
      if (!local) {
        const text = await project.workspace.readFile(uri);
        if (text === undefined) return this.forget(uri, project);
        local = (await this.pool.summarizeAndCheck(uri, role, text, under)).check;
        // Kept for the next re-check when the text is the one the index holds (its summary the same).
        if (local && isDeepStrictEqual(local.summary, summary)) this.captured.set(uri, { project, key, check: { ...local, summary } });
      }
      if (!local || project.disposed) return this.forget(uri, project);
      const findings = finishCheck(local, under.config, kind, { uri, role, index: project.index, root: project.rootUri });
      const items = shownDiagnostics(findings);
      const json = JSON.stringify(items);
      if (this.kept.get(uri)?.json === json) return;
      this.kept.set(uri, { project, resultId: String(this.nextId++), items, json });
    } catch (error) {
      this.session.connection.console.error(`Strategy Notes: checking ${uri} for the workspace's problems failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  private forget(uri: string, project: Project): void {
    if (this.kept.get(uri)?.project === project) this.kept.delete(uri);
    this.captured.delete(uri);
  }

  /** The reports the client does not have: files whose findings it has under another id (or has
   * not seen, when there are any), and files it has that are gone. An open document is reported
   * from its editor text, with its version: VS Code's client keeps its document pull's findings
   * for a document in a tab, and takes these for one open without a tab (a file a rename edited). */
  private async reports(previous: ReadonlyMap<string, string>, token: CancellationToken | undefined): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const out: WorkspaceDocumentDiagnosticReport[] = [];
    const open = new Set<string>();
    for (const doc of this.session.documents.all()) {
      const uri = canonicalUri(doc.uri);
      open.add(uri);
      const found = await this.session.analyses.of(doc.uri, token);
      if (!found?.project || found.project.disposed) continue;
      const items = editorDiagnostics(found.analysis);
      const json = JSON.stringify(items);
      let kept = this.openKept.get(uri);
      if (kept?.json !== json) this.openKept.set(uri, (kept = { resultId: String(this.nextId++), json }));
      if (previous.get(uri) === kept.resultId) continue;
      out.push({ kind: DocumentDiagnosticReportKind.Full, uri: doc.uri, version: found.analysis.model.version, resultId: kept.resultId, items });
    }
    for (const [uri, kept] of this.kept) {
      if (kept.project.disposed) {
        this.kept.delete(uri);
        continue;
      }
      if (open.has(uri)) continue;
      const had = previous.get(uri);
      const anyway = this.reportAnyway.has(uri);
      if (!anyway && (had === kept.resultId || (had === undefined && kept.items.length === 0))) continue;
      out.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: kept.resultId, items: kept.items });
    }
    for (const [uri, had] of previous) {
      if (had === goneId || this.kept.has(uri) || open.has(uri)) continue;
      out.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: goneId, items: [] });
    }
    if (out.length > 0) {
      for (const [uri, rounds] of this.reportAnyway) {
        if (open.has(uri) || rounds <= 1) this.reportAnyway.delete(uri);
        else if (this.kept.has(uri)) this.reportAnyway.set(uri, rounds - 1);
      }
    }
    return out;
  }

  private wake(): void {
    for (const w of this.waiters) w();
    this.waiters.clear();
  }

  /** Resolves at the next change of what is kept, or after `ms` (or throws once the request is cancelled). */
  private nextChange(token: CancellationToken | undefined, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let waiter: (() => void) | undefined;
    const changed = new Promise<void>((resolve) => {
      this.waiters.add((waiter = resolve));
      timer = setTimeout(resolve, Math.max(0, ms));
    });
    return this.whileCancellable(changed, token)
      .finally(() => {
        clearTimeout(timer);
        this.waiters.delete(waiter!);
      })
      .then(() => throwIfCancelled(token));
  }

  private whileCancellable<T>(work: Promise<T>, token: CancellationToken | undefined): Promise<T | undefined> {
    if (!token) return work;
    if (token.isCancellationRequested) return Promise.resolve(undefined);
    let listener: { dispose(): void } | undefined;
    const cancelled = new Promise<undefined>((resolve) => (listener = token.onCancellationRequested(() => resolve(undefined))));
    return Promise.race([work, cancelled]).finally(() => listener?.dispose());
  }
}
