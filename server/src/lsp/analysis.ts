// The analysis of an open document, with its project's index as the library context; each
// analysis puts the document's summary into that index (the editor's text wins over the disk),
// and what that changes is handed on so the documents depending on it are re-checked.

import { LSPErrorCodes, ResponseError, type CancellationToken, type DiagnosticServerCancellationData } from 'vscode-languageserver/node';
import { articleOptions, emptyChange, type Analysis, type ArticleInput, type DocumentContext as FeatureDocument, type FileRole, type IndexChange } from '../engine';
import { canonicalUri } from '../engine/workspace/uris';
import { ModelBuilds } from '../node/model-builds';
import type { DocumentContext } from './context';
import type { Project } from './projects';
import { isMarkdown, type Session } from './session';

/** Documents this long or longer are built on the model worker, off the request loop (a cold
 * build here takes about 2 ms per KB; shorter ones are answered sooner without the round trip). */
export const offThreadCharacters = 64 * 1024;
/** The worker's chunk cache holds at least this much (as the server's own does). */
const minWorkerCacheCharacters = 256 * 1024;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The answer to a request its client cancelled (`$/cancelRequest`). */
export function throwIfCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

export interface DocumentAnalysis {
  analysis: Analysis;
  /** The text analyzed (the document may have changed since). */
  text: string;
  /** What the engine was given for it (text, config, library): features that analyze again pass it on. */
  input: ArticleInput;
  context: DocumentContext;
  /** Absent outside every workspace folder and for untitled or virtual documents. */
  project?: Project;
}

export interface AnalysisOptions {
  /** When the version asked about is dropped for a newer one (a large document's build), answer
   * `ServerCancelled` with `retriggerRequest` (pull diagnostics, LSP 3.17) instead of going on
   * to the newer version. */
  cancelWhenSuperseded?: boolean;
}

export class Analyses {
  /** Document (canonical URI) -> the project whose index holds its editor text. */
  private readonly openIn = new Map<string, Project>();
  /** Closed documents whose disk version is being read back into the index. */
  private readonly closing = new Set<Promise<unknown>>();
  /** Analyses whose text was found to be the file's on disk (the index keeps the disk's summary). */
  private readonly asOnDisk = new WeakSet<Analysis>();
  /** Large documents' models, built on a worker thread. */
  private readonly builds: ModelBuilds;

  constructor(
    private readonly session: Session,
    /** The index changed because of this document's edit (`origin`). */
    private readonly changed: (project: Project, change: IndexChange, origin: string) => void,
  ) {
    // STRATEGY_NOTES_LOG_BUILDS=1: each worker build's start and end in the log (tests count them).
    const log = process.env.STRATEGY_NOTES_LOG_BUILDS === '1' ? (message: string) => session.connection.console.log(message) : undefined;
    this.builds = new ModelBuilds({ cacheCharacters: () => this.workerCacheCharacters(), log });
    // A newer version, or a closed document, makes its builds stale.
    session.documents.onDidChangeContent(() => this.builds.review());
  }

  /** Starts the model worker before a large document needs it (after startup's own work). */
  prepareWorker(): void {
    this.builds.prepare();
  }

  /** Whether the model worker's warm-up leaves the cores to the server's start (the cold index). */
  paceWorker(paced: boolean): void {
    this.builds.pace(paced);
  }

  /** The current analysis of an open Markdown document; undefined when it is not open or not
   * Markdown. A cancelled `token` ends the wait with `RequestCancelled`. */
  async of(uri: string, token?: CancellationToken, options: AnalysisOptions = {}): Promise<DocumentAnalysis | undefined> {
    const { documents, contexts, projects } = this.session;
    const doc = documents.get(uri);
    if (!doc || !isMarkdown(doc)) return undefined;
    const context = await contexts.get(uri);
    await projects.settled();
    const project = projects.forContext(context);
    if (project) await project.librariesReady;
    throwIfCancelled(token);
    const key = canonicalUri(uri);
    const previous = this.openIn.get(key);
    if (previous && previous !== project) {
      this.openIn.delete(key);
      this.track(previous.indexer.closeDocument(key).then((change) => this.changed(previous, change, uri)));
    }
    // The document may have changed while settings were fetched: always analyze its current text.
    let last: ArticleInput | undefined;
    const input = (): ArticleInput | undefined => {
      const current = documents.get(uri);
      if (!current) return undefined;
      return (last = {
        key: uri,
        text: current.getText(),
        version: current.version,
        config: context.config,
        fileName: context.fileName,
        isArticle: context.isArticle,
        role: context.role,
        library: project && !project.disposed ? { index: project.index, root: project.rootUri } : undefined,
      });
    };
    let analysis = await this.analyze(uri, input, token, options);
    if (!analysis) return undefined;
    if (!project || project.disposed) return { analysis, text: last!.text, context, input: last! };

    if (!project.built) {
      const summary = analysis.summary;
      const targets = summary.kind === 'article' ? summary.related.flatMap((r) => (r.targetUri ? [r.targetUri] : [])) : [];
      if (targets.length) {
        await project.ensureIndexed(targets);
        analysis = await this.analyze(uri, input, token, options);
        if (!analysis) return undefined;
      }
    }
    const generation = project.index.generation;
    const change = this.putInIndex(project, key, analysis, last!, context.role);
    if (project.index.generation !== generation) {
      // Its own summary changed what the index says (an entry retitled): check it against the new index.
      analysis = await this.analyze(uri, input, token, options);
      if (!analysis) return undefined;
      this.changed(project, change, uri);
    }
    return { analysis, text: last!.text, context, project, input: last! };
  }

  /** The open document's summary into its project's index. A document just opened whose text is
   * its file's on disk (the summary cache knows its hash) keeps the disk's summary: nothing in
   * the index changes, and no summary is made from the editor's text (opening and closing 2,000
   * unchanged articles otherwise took each one's names out of the index and put them back twice). */
  private putInIndex(project: Project, key: string, analysis: Analysis, input: ArticleInput, role: FileRole): IndexChange {
    if (this.asOnDisk.has(analysis)) return emptyChange();
    const opening = this.openIn.get(key) !== project;
    this.openIn.set(key, project);
    const unchanged = opening ? project.indexer.openAsOnDisk(key, role, input.text) : undefined;
    if (!unchanged) return project.indexer.setOpenDocument(analysis.summary);
    this.asOnDisk.add(analysis);
    return unchanged;
  }

  /**
   * The analysis of the document's current text (undefined once it is closed). A large one is
   * built on the worker; when a newer version arrives meanwhile, that build is abandoned and
   * the newest version analyzed instead, so what is answered is never stale.
   */
  private async analyze(uri: string, input: () => ArticleInput | undefined, token: CancellationToken | undefined, options: AnalysisOptions): Promise<Analysis | undefined> {
    const { engine, documents } = this.session;
    const isCurrent = (version: number) => documents.get(uri)?.version === version;
    const superseded = () => {
      if (options.cancelWhenSuperseded) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed while it was analyzed.', { retriggerRequest: true } satisfies DiagnosticServerCancellationData);
    };
    for (;;) {
      const current = input();
      if (!current) return undefined;
      const kept = engine.kept(current);
      if (kept) return kept;
      if (current.text.length < offThreadCharacters || !this.builds.available) return engine.analyze(current);
      let model;
      let cancelled: { dispose(): void } | undefined;
      try {
        const built = this.builds.build({
          key: uri,
          text: current.text,
          version: current.version,
          options: articleOptions(current),
          same: current.config,
          wanted: () => !token?.isCancellationRequested && isCurrent(current.version),
        });
        // A cancelled request is answered at once; the build goes on only if someone else wants it.
        const whenCancelled = new Promise<undefined>((resolve) => {
          cancelled = token?.onCancellationRequested(() => {
            this.builds.review();
            resolve(undefined);
          });
        });
        model = await Promise.race([built, whenCancelled]);
      } catch (error) {
        this.session.connection.console.error(`Strategy Notes: building the model of ${uri} on the worker failed, so it is built here: ${String(error)}`);
        model = undefined;
        throwIfCancelled(token);
        if (isCurrent(current.version)) return engine.analyze(current);
      } finally {
        cancelled?.dispose();
      }
      throwIfCancelled(token);
      if (!isCurrent(current.version)) superseded();
      if (!model || !isCurrent(current.version)) continue;
      const analysis = engine.adopt(current, model);
      // The index may want the summary next, and the caller the findings: the loop has its turn
      // first (a large one takes a while).
      await yieldToLoop();
      throwIfCancelled(token);
      if (!isCurrent(current.version)) {
        superseded();
        continue;
      }
      return analysis;
    }
  }

  private workerCacheCharacters(): number {
    const large = this.session.documents.all().reduce((n, d) => (d.getText().length >= offThreadCharacters ? n + d.getText().length : n), 0);
    return Math.max(minWorkerCacheCharacters, 2 * large);
  }

  /** A document closed: the disk's version of it counts again in its project's index. */
  closed(uri: string): void {
    const key = canonicalUri(uri);
    const project = this.openIn.get(key);
    this.openIn.delete(key);
    this.session.engine.forget(uri);
    this.session.contexts.delete(uri);
    this.builds.review();
    this.builds.limitCharacters(this.workerCacheCharacters());
    if (project && !project.disposed) this.track(project.indexer.closeDocument(key).then((change) => this.changed(project, change, uri)));
  }

  /** Resolves once closed documents are back to their disk version in the index. */
  async settled(): Promise<void> {
    await Promise.all([...this.closing]);
  }

  private track(work: Promise<unknown>): void {
    const p = work.catch(() => undefined).finally(() => this.closing.delete(p));
    this.closing.add(p);
  }
}

/** The open document as the engine's features read it, with its project; undefined without one
 * (outside every workspace folder, untitled): those get empty answers. */
export async function featureDocument(session: Session, uri: string, token?: CancellationToken): Promise<{ doc: FeatureDocument; project: Project } | undefined> {
  const found = await session.analyses.of(uri, token);
  if (!found?.project || found.project.disposed) return undefined;
  return { doc: { uri, summary: found.analysis.summary, text: found.text }, project: found.project };
}
