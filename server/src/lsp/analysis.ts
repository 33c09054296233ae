// The analysis of an open document, with its project's index as the library context; each
// analysis puts the document's summary into that index (the editor's text wins over the disk),
// and what that changes is handed on so the documents depending on it are re-checked.

import type { Analysis, DocumentContext as FeatureDocument, IndexChange } from '../engine';
import { canonicalUri } from '../engine/workspace/uris';
import type { DocumentContext } from './context';
import type { Project } from './projects';
import { isMarkdown, type Session } from './session';

export interface DocumentAnalysis {
  analysis: Analysis;
  /** The text analyzed (the document may have changed since). */
  text: string;
  context: DocumentContext;
  /** Absent outside every workspace folder and for untitled or virtual documents. */
  project?: Project;
}

export class Analyses {
  /** Document (canonical URI) -> the project whose index holds its editor text. */
  private readonly openIn = new Map<string, Project>();
  /** Closed documents whose disk version is being read back into the index. */
  private readonly closing = new Set<Promise<unknown>>();

  constructor(
    private readonly session: Session,
    /** The index changed because of this document's edit (`origin`). */
    private readonly changed: (project: Project, change: IndexChange, origin: string) => void,
  ) {}

  /** The current analysis of an open Markdown document; undefined when it is not open or not Markdown. */
  async of(uri: string): Promise<DocumentAnalysis | undefined> {
    const { documents, contexts, projects, engine } = this.session;
    const doc = documents.get(uri);
    if (!doc || !isMarkdown(doc)) return undefined;
    const context = await contexts.get(uri);
    await projects.settled();
    const project = projects.forContext(context);
    if (project) await project.librariesReady;
    const key = canonicalUri(uri);
    const previous = this.openIn.get(key);
    if (previous && previous !== project) {
      this.openIn.delete(key);
      this.track(previous.indexer.closeDocument(key).then((change) => this.changed(previous, change, uri)));
    }
    // The document may have changed while settings were fetched: always analyze its current text.
    let current = documents.get(uri);
    if (!current) return undefined;
    let text = current.getText();
    const input = () => ({
      key: uri,
      text: (text = current!.getText()),
      version: current!.version,
      config: context.config,
      fileName: context.fileName,
      isArticle: context.isArticle,
      role: context.role,
      library: project && !project.disposed ? { index: project.index, root: project.rootUri } : undefined,
    });
    let analysis = engine.analyze(input());
    if (!project || project.disposed) return { analysis, text, context };

    if (!project.built) {
      const summary = analysis.summary;
      const targets = summary.kind === 'article' ? summary.related.flatMap((r) => (r.targetUri ? [r.targetUri] : [])) : [];
      if (targets.length) {
        await project.ensureIndexed(targets);
        current = documents.get(uri);
        if (!current) return undefined;
        analysis = engine.analyze(input());
      }
    }
    this.openIn.set(key, project);
    const generation = project.index.generation;
    const change = project.indexer.setOpenDocument(analysis.summary);
    if (project.index.generation !== generation) {
      // Its own summary changed what the index says (an entry retitled): check it against the new index.
      analysis = engine.analyze(input());
      this.changed(project, change, uri);
    }
    return { analysis, text, context, project };
  }

  /** A document closed: the disk's version of it counts again in its project's index. */
  closed(uri: string): void {
    const key = canonicalUri(uri);
    const project = this.openIn.get(key);
    this.openIn.delete(key);
    this.session.engine.forget(uri);
    this.session.contexts.delete(uri);
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
export async function featureDocument(session: Session, uri: string): Promise<{ doc: FeatureDocument; project: Project } | undefined> {
  const found = await session.analyses.of(uri);
  if (!found?.project || found.project.disposed) return undefined;
  return { doc: { uri, summary: found.analysis.summary, text: found.text }, project: found.project };
}
