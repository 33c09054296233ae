// Settings, `.strategy-notes.json` files and the context of each document:
// its Config, what it is by the globs, and the root its globs (and its project) are relative to.

import { statSync } from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { knownRuleIds, resolveConfig, type Config, type FileRole } from '../engine';
import type { ConfigProblem, ConfigSource } from '../engine/config';
import { ConfigFiles, roleOf } from '../node/config-files';
import type { CheckUnder } from '../node/summary-pool';
import { fileUriOf, relativeInside } from '../node/fs-workspace';
import type { ClientSupport } from './session';

export interface DocumentContext {
  config: Config;
  role: FileRole;
  isArticle: boolean;
  fileName?: string;
  /** The file system path (file: URIs only). */
  path?: string;
  /** The innermost workspace folder holding the document. */
  folder?: string;
  /** The folder its globs are relative to: its config file's folder, else the workspace folder.
   * Undefined outside every workspace folder (no project, no library context). */
  root?: string;
}

/** How long a `workspace/configuration` request may go unanswered before the defaults are used. */
const settingsTimeout = 2000;

export class DocumentContexts {
  workspaceFolders: string[] = [];
  private readonly contexts = new Map<string, Promise<DocumentContext>>();
  private readonly configFiles = new ConfigFiles();
  /** Config messages already logged or shown, so each is reported once, not per keystroke. */
  private readonly reported = new Set<string>();
  /** Config files with diagnostics published, and what was sent (sent again only when it changes). */
  private readonly published = new Map<string, { file: string; sent: string }>();
  /** Whether a `workspace/configuration` request went unanswered (logged once). */
  private settingsTimedOut = false;
  /** Settings by scope (see `settingsScope`), asked for once until they change (`clear`). */
  private readonly settings = new Map<string, Promise<unknown>>();
  /** Configs by what they were resolved from (settings and config file), so the documents of a
   * folder share one Config, resolved once: 2,000 articles opened one after another each asked
   * the client and resolved (globs checked and compiled) again, 0.5 ms of every open. */
  private readonly configs = new Map<string, Config>();
  /** What each of those configs was resolved from, for threads that resolve it again. */
  private readonly sourcesOf = new WeakMap<Config, CheckUnder>();

  constructor(
    private readonly connection: Connection,
    private readonly support: () => ClientSupport,
  ) {}

  get(uri: string): Promise<DocumentContext> {
    let ctx = this.contexts.get(uri);
    if (!ctx) {
      ctx = this.compute(uri);
      this.contexts.set(uri, ctx);
    }
    return ctx;
  }

  delete(uri: string): void {
    this.contexts.delete(uri);
  }

  /** Settings, config files or trust changed: everything is read again. */
  clear(): void {
    this.contexts.clear();
    this.settings.clear();
    this.configs.clear();
    this.configFiles.clear();
    this.reported.clear();
    this.settingsTimedOut = false;
    // A file that is gone is read by nobody again: its diagnostics go now. The others are
    // published again when read (the projects' reconfigure reads every config file).
    for (const [uri, { file }] of this.published) {
      if (isFile(file)) continue;
      this.published.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  /** The innermost workspace folder holding `file`. */
  folderOf(file: string): string | undefined {
    return this.workspaceFolders.filter((f) => relativeInside(f, file) !== undefined).sort((a, b) => b.length - a.length)[0];
  }

  /** The Config a project root's files are listed with: settings for the root, its config file. */
  async rootConfig(root: string, folder: string): Promise<Config> {
    const sources: ConfigSource[] = [{ origin: 'settings (strategyNotes)', value: await this.settingsFor(fileUriOf(root)) }];
    const file = this.configFiles.lookup(root, folder);
    if (file.error) this.report(file.error);
    else if (file.file) sources.push({ origin: path.basename(file.file), text: file.text });
    return this.resolve(sources, file.file);
  }

  /** A config this resolved, as the sources the summary threads resolve it from (a config of
   * unknown origin, as the defaults: they are resolved from no sources). */
  checkUnder(config: Config): CheckUnder {
    return this.sourcesOf.get(config) ?? { key: '[]', sources: [], config };
  }

  /** The root (config file folder, else workspace folder) a file's globs are relative to. */
  rootOf(file: string): { root: string; folder: string } | undefined {
    const folder = this.folderOf(file);
    if (!folder) return undefined;
    return { root: this.configFiles.lookup(path.dirname(file), folder).root, folder };
  }

  private async compute(uri: string): Promise<DocumentContext> {
    const parsed = URI.parse(uri);
    const filePath = parsed.scheme === 'file' ? parsed.fsPath : undefined;
    const sources: ConfigSource[] = [{ origin: 'settings (strategyNotes)', value: await this.settingsFor(uri) }];
    let root: string | undefined;
    let folder: string | undefined;
    let configFile: string | undefined;
    if (filePath) {
      folder = this.folderOf(filePath);
      const file = this.configFiles.lookup(path.dirname(filePath), folder);
      root = file.root;
      if (file.error) this.report(file.error);
      else if (file.file) sources.push({ origin: path.basename(file.file), text: file.text });
      configFile = file.file;
    }
    const config = this.resolve(sources, configFile);
    const role = filePath && root ? roleOf(filePath, root, config) : 'article';
    return { config, role, isArticle: role === 'article', fileName: filePath ?? parsed.path, path: filePath, folder, root: folder ? root : undefined };
  }

  /** The settings for a document or root, asked for once per scope until settings change. */
  private settingsFor(uri: string): Promise<unknown> {
    const scope = this.settingsScope(uri);
    let asked = this.settings.get(scope);
    if (!asked) {
      asked = this.askSettings(scope);
      this.settings.set(scope, asked);
    }
    return asked;
  }

  /** What settings are asked for: the innermost workspace folder of a file in one (an editor
   * resolves a file's settings as its folder's: user, workspace, then folder settings), else the
   * document itself (untitled, or outside every folder). */
  private settingsScope(uri: string): string {
    const parsed = URI.parse(uri);
    const folder = parsed.scheme === 'file' ? this.folderOf(parsed.fsPath) : undefined;
    return folder ? fileUriOf(folder) : uri;
  }

  /** A client that does not answer within `settingsTimeout` gets the defaults (and one log
   * line), so no request waits on it for ever; a late answer is dropped. */
  private async askSettings(uri: string): Promise<unknown> {
    if (!this.support().configuration) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        if (!this.settingsTimedOut) this.connection.console.warn(`Strategy Notes configuration: the client did not answer workspace/configuration within ${settingsTimeout / 1000} s; the defaults are used.`);
        this.settingsTimedOut = true;
        resolve(undefined);
      }, settingsTimeout);
    });
    const asked = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'strategyNotes' }).then(
      (v: unknown) => v,
      () => undefined,
    );
    return Promise.race([asked, timedOut]).finally(() => clearTimeout(timer));
  }

  /** Settings (source 0) and the config file (source 1, if any). The file's problems become its
   * diagnostics (and a log line each); those of settings, which have no file, a message. */
  private resolve(sources: ConfigSource[], configFile: string | undefined): Config {
    const key = JSON.stringify([sources.map((s) => [s.origin, s.value, s.text]), configFile ?? null]);
    const known = this.configs.get(key);
    if (known) return known;
    const { config, problems } = resolveConfig(sources, knownRuleIds);
    this.configs.set(key, config);
    this.sourcesOf.set(config, { key, sources, config });
    for (const p of problems) {
      if (p.source === 0) this.report(`${p.origin}: ${p.message}`);
      else this.log(`${configFile}:${(p.range?.start.line ?? 0) + 1}:${(p.range?.start.character ?? 0) + 1}: ${p.message}`);
    }
    if (configFile) this.publish(configFile, problems.filter((p) => p.source === 1));
    return config;
  }

  private publish(file: string, problems: ConfigProblem[]): void {
    const uri = fileUriOf(file);
    const diagnostics = problems.map(configDiagnostic);
    const sent = JSON.stringify(diagnostics);
    const before = this.published.get(uri);
    if (before ? before.sent === sent : diagnostics.length === 0) return;
    if (diagnostics.length) this.published.set(uri, { file, sent });
    else this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  private log(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.connection.console.warn(`Strategy Notes configuration: ${message}`);
  }

  report(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.connection.console.warn(`Strategy Notes configuration: ${message}`);
    void this.connection.window.showWarningMessage(`Strategy Notes configuration: ${message}`);
  }
}

function configDiagnostic(p: ConfigProblem): Diagnostic {
  const range = p.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { range, severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, code: 'config', source: 'strategy-notes', message: p.message };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
