// Finding and reading `.strategy-notes.json`, and telling articles from library entries.
// File-system side of config, shared by the server and the CLI (the engine stays I/O-free).

import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { configFileName, type Config, type ConfigProblem } from '../engine/config';
import type { FileRole } from '../engine/workspace/summary';
import { roleByGlobs } from '../engine/workspace/workspace';

export interface ConfigFile {
  /** The folder globs are relative to: the config file's folder, else the given root. */
  root: string;
  file?: string;
  /** The file's text without BOM (resolveConfig parses and checks it, so problems have ranges). */
  text?: string;
  /** Why the file could not be read. */
  error?: string;
}

/** Looks for the nearest config file from a folder upwards, caching what each folder finds. */
export class ConfigFiles {
  private readonly found = new Map<string, ConfigFile>();

  /** `stopAt`: the highest folder to look in (a workspace folder); also the root when no file is found. */
  lookup(dir: string, stopAt?: string): ConfigFile {
    const key = `${dir}\0${stopAt ?? ''}`;
    const cached = this.found.get(key);
    if (cached) return cached;
    let result: ConfigFile = { root: stopAt ?? dir };
    for (let d = dir; ; d = path.dirname(d)) {
      const candidate = path.join(d, configFileName);
      if (isFile(candidate)) {
        result = readConfigFile(candidate);
        break;
      }
      if ((stopAt && path.resolve(d) === path.resolve(stopAt)) || path.dirname(d) === d) break;
    }
    this.found.set(key, result);
    return result;
  }

  clear(): void {
    this.found.clear();
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function readConfigFile(file: string): ConfigFile {
  const root = path.dirname(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { root, file, error: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  return { root, file, text: text.replace(/^\uFEFF/, '') };
}

export type { FileRole };

/** What a Markdown file is, by the config's globs relative to `root` (`roleByGlobs`, the one
 * place roles are decided). A file outside `root` is linted as an article when it is Markdown. */
export function roleOf(file: string, root: string, config: Config): FileRole {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return /\.(?:md|markdown)$/i.test(file) ? 'article' : 'other';
  return roleByGlobs(rel, config);
}

/** The CLI's lines for a config file's problems, 1-based as editors count:
 * `file:line:col error config <message>`. */
export function configProblemLines(file: string, problems: readonly ConfigProblem[]): string[] {
  return problems.map((p) => `${file}:${(p.range?.start.line ?? 0) + 1}:${(p.range?.start.character ?? 0) + 1} ${p.severity} config ${p.message}`);
}
