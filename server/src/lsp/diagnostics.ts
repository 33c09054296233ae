// Diagnostics, pulled (`textDocument/diagnostic`) or pushed (`publishDiagnostics` shortly after
// typing pauses), and the re-checks the index asks for: a `workspace/diagnostic/refresh` in
// pull mode, a re-publish of just the documents concerned in push mode.

import { DocumentDiagnosticReportKind, type Diagnostic } from 'vscode-languageserver/node';
import { canonicalUri } from '../engine/workspace/uris';
import { throwIfCancelled } from './analysis';
import { editorDiagnostics } from './convert';
import { guarded, type Session } from './session';

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Push mode: publish this long after the last edit. */
const pushDelayMs = 50;
/** Pull mode: refresh requests asked for within this time are sent as one. */
const refreshDelayMs = 20;

export class Diagnostics {
  private readonly pushTimers = new Map<string, NodeJS.Timeout>();
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly session: Session) {}

  register(): void {
    const { connection, documents } = this.session;
    connection.languages.diagnostics.on(
      guarded(connection, 'diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] as Diagnostic[] }, async (params, token) => {
        // A version dropped for a newer one is answered ServerCancelled: the client asks again.
        const found = await this.session.analyses.of(params.textDocument.uri, token, { cancelWhenSuperseded: true });
        if (found) await yieldToLoop(); // a large document's rules take a while: other requests first
        throwIfCancelled(token);
        return { kind: DocumentDiagnosticReportKind.Full, items: found ? editorDiagnostics(found.analysis) : [] };
      }),
    );
    // Every edit is analyzed shortly after typing pauses, in pull mode too: that puts the
    // document's summary into the index, so other documents hear of a retitled entry.
    documents.onDidOpen((e) => this.schedule(e.document.uri));
    documents.onDidChangeContent((e) => this.schedule(e.document.uri));
    documents.onDidClose((e) => {
      clearTimeout(this.pushTimers.get(e.document.uri));
      this.pushTimers.delete(e.document.uri);
      this.session.analyses.closed(e.document.uri);
      if (!this.session.support.pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
  }

  /** Every open document is checked again (settings or config changed, an index built). */
  refreshAll(): void {
    if (this.session.support.pullDiagnostics) this.requestRefresh();
    else for (const doc of this.session.documents.all()) this.schedule(doc.uri);
  }

  /** These documents (canonical URIs, open or not) may have new diagnostics. */
  refresh(uris: Iterable<string>): void {
    const wanted = new Set(uris);
    if (wanted.size === 0) return;
    const open = this.session.documents.all().filter((d) => wanted.has(canonicalUri(d.uri)));
    if (open.length === 0) return;
    if (this.session.support.pullDiagnostics) this.requestRefresh();
    else for (const doc of open) this.schedule(doc.uri);
  }

  private requestRefresh(): void {
    if (!this.session.support.refreshDiagnostics || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.session.connection.languages.diagnostics.refresh().catch(() => undefined);
    }, refreshDelayMs);
  }

  private schedule(uri: string): void {
    clearTimeout(this.pushTimers.get(uri));
    this.pushTimers.set(
      uri,
      setTimeout(() => {
        this.pushTimers.delete(uri);
        void this.publish(uri);
      }, pushDelayMs),
    );
  }

  private async publish(uri: string): Promise<void> {
    try {
      const found = await this.session.analyses.of(uri);
      if (!found || this.session.support.pullDiagnostics) return;
      const { analysis } = found;
      await yieldToLoop(); // a large document's rules take a while: other requests first
      // Only the newest version's diagnostics are published (a newer one has its own publish coming).
      if (this.session.documents.get(uri)?.version !== analysis.model.version) return;
      await this.session.connection.sendDiagnostics({ uri, version: analysis.model.version, diagnostics: editorDiagnostics(analysis) });
    } catch (error) {
      this.session.connection.console.error(`Strategy Notes: publishing diagnostics failed: ${String(error)}`);
    }
  }
}
