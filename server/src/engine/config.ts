// One validated Config from editor settings and `.strategy-notes.json` (the file wins, so the
// editor and the CLI agree). Never throws: every value that is wrong becomes a message and
// its default is used instead.

import { defaultDisclaimerPattern } from './dialect/article';
import { compileTextPattern, PatternError, type TextPattern } from './text-pattern';
import { compileGlob, GlobError } from './workspace/globs';

export type Severity = 'off' | 'info' | 'warning' | 'error';
export const severities: readonly Severity[] = ['off', 'info', 'warning', 'error'];

export interface Config {
  /** Severity per rule id; rules not listed use their default. */
  rules: Record<string, Severity>;
  disclaimer: {
    /** Case-insensitive, matched in linear time (RE2), whatever its source. */
    pattern: TextPattern;
    /** What the quick fix inserts. */
    text: string;
  };
  library: {
    concepts: string[];
    companies: string[];
  };
  /** Which Markdown files are articles (globs relative to the config file's folder). */
  articles: string[];
  /** Paths the workspace index leaves out (globs relative to the config file's folder), besides
   * `node_modules`, dot folders and `.gitignore`d paths. */
  exclude: string[];
}

export const defaultDisclaimerText =
  'This article is not investment, legal or tax advice. It is the author’s analysis and may be wrong; do your own research before making any investment decision.';

export const configFileName = '.strategy-notes.json';

export function defaultConfig(): Config {
  return {
    rules: {},
    disclaimer: { pattern: defaultDisclaimerPattern, text: defaultDisclaimerText },
    library: { concepts: ['library/concepts/**/*.md'], companies: ['library/companies/**/*.md'] },
    articles: ['**/*.md', '**/*.markdown'],
    exclude: [],
  };
}

/** Settings as written by people: every field optional, any type possible. */
export interface ConfigSource {
  /** Where the values come from, for messages ("settings", "example/.strategy-notes.json"). */
  origin: string;
  value: unknown;
}

export interface ResolvedConfig {
  config: Config;
  /** One line per value that was ignored, and why. */
  messages: string[];
}

/** Applies sources in order (later wins) over the defaults. `knownRules` lets unknown ids be reported. */
export function resolveConfig(sources: ConfigSource[], knownRules: readonly string[]): ResolvedConfig {
  const config = defaultConfig();
  const defaults = { articles: config.articles, exclude: config.exclude, library: { ...config.library } };
  const messages: string[] = [];
  for (const { origin, value } of sources) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      messages.push(`${origin}: expected an object of settings, got ${describe(value)}.`);
      continue;
    }
    const v = value as Record<string, unknown>;
    applyRules(config, v.rules, `${origin}: rules`, knownRules, messages);
    applyDisclaimer(config, v.disclaimer, `${origin}: disclaimer`, messages);
    applyLibrary(config, v.library, `${origin}: library`, messages, defaults.library);
    const articles = globList(v.articles, `${origin}: articles`, messages, false, config.articles !== defaults.articles);
    if (articles) config.articles = articles;
    const exclude = globList(v.exclude, `${origin}: exclude`, messages, true, config.exclude !== defaults.exclude);
    if (exclude) config.exclude = exclude;
  }
  if (!disclaimerFixes(config)) {
    messages.push(
      'disclaimer.text does not match disclaimer.pattern, so inserting it would not satisfy the rule: the "Add the investment disclaimer" fix is off until disclaimer.text is a paragraph the pattern finds.',
    );
  }
  return { config, messages };
}

/** Whether the disclaimer the fix inserts is one the pattern finds (else the fix is not offered). */
export function disclaimerFixes(config: Config): boolean {
  return config.disclaimer.pattern.test(config.disclaimer.text);
}

function applyRules(config: Config, rules: unknown, where: string, known: readonly string[], messages: string[]): void {
  if (rules === undefined || rules === null) return;
  if (typeof rules !== 'object' || Array.isArray(rules)) {
    messages.push(`${where}: expected an object of rule ids to severities, got ${describe(rules)}.`);
    return;
  }
  for (const [id, severity] of Object.entries(rules)) {
    if (!known.includes(id)) {
      messages.push(`${where}: unknown rule "${id}" (known rules: ${known.join(', ')}).`);
      continue;
    }
    if (typeof severity !== 'string' || !severities.includes(severity as Severity)) {
      messages.push(`${where}.${id}: expected one of ${severities.join(', ')}, got ${describe(severity)}.`);
      continue;
    }
    config.rules[id] = severity as Severity;
  }
}

function applyDisclaimer(config: Config, disclaimer: unknown, where: string, messages: string[]): void {
  if (disclaimer === undefined || disclaimer === null) return;
  if (typeof disclaimer !== 'object' || Array.isArray(disclaimer)) {
    messages.push(`${where}: expected an object with "pattern" and "text", got ${describe(disclaimer)}.`);
    return;
  }
  const { pattern, text } = disclaimer as Record<string, unknown>;
  if (pattern !== undefined && pattern !== '') {
    if (typeof pattern !== 'string') messages.push(`${where}.pattern: expected a regular expression as a string, got ${describe(pattern)}.`);
    else {
      try {
        // A first use here, so a pattern that would fail only when run fails now, with a message.
        compileTextPattern(pattern).find(`${defaultDisclaimerText} ${typeof text === 'string' ? text : ''}`);
        config.disclaimer.pattern = compileTextPattern(pattern, defaultDisclaimerPattern);
      } catch (error) {
        const why = error instanceof PatternError ? error.reason : `not usable (${error instanceof Error ? error.message : String(error)})`;
        const instead = config.disclaimer.pattern === defaultDisclaimerPattern ? 'the default pattern' : `"${shorten(config.disclaimer.pattern.source)}" from before`;
        messages.push(`${where}.pattern: "${shorten(pattern)}" is ${why}; ${instead} is used.`);
      }
    }
  }
  if (text !== undefined && text !== '') {
    if (typeof text !== 'string') messages.push(`${where}.text: expected a string, got ${describe(text)}.`);
    else config.disclaimer.text = text;
  }
}

function applyLibrary(config: Config, library: unknown, where: string, messages: string[], defaults: Config['library']): void {
  if (library === undefined || library === null) return;
  if (typeof library !== 'object' || Array.isArray(library)) {
    messages.push(`${where}: expected an object with "concepts" and "companies" globs, got ${describe(library)}.`);
    return;
  }
  for (const key of ['concepts', 'companies'] as const) {
    const list = globList((library as Record<string, unknown>)[key], `${where}.${key}`, messages, false, config.library[key] !== defaults[key]);
    if (list) config.library[key] = list;
  }
}

/** `allowEmpty`: an empty list is a value (`exclude: []`), not a mistake. */
/** `earlier`: an earlier source set this value (it stays when this one is refused). */
function globList(globs: unknown, where: string, messages: string[], allowEmpty = false, earlier = false): string[] | undefined {
  if (globs === undefined || globs === null) return undefined;
  const list = typeof globs === 'string' ? [globs] : globs;
  if (!Array.isArray(list) || (list.length === 0 && !allowEmpty) || list.some((g) => typeof g !== 'string' || !g.trim())) {
    messages.push(`${where}: expected a glob or a list of globs, got ${describe(globs)}.`);
    return undefined;
  }
  // Compiled once here, so a glob that cannot be matched is one message, and the default list.
  for (const glob of list as string[]) {
    try {
      compileGlob(glob.replace(/^!(?!\()/, ''));
    } catch (error) {
      const why = error instanceof GlobError ? error.reason : `not usable (${error instanceof Error ? error.message : String(error)})`;
      messages.push(`${where}: the glob "${shorten(glob)}" is ${why}; ${earlier ? 'the value from before' : 'the default'} is used.`);
      return undefined;
    }
  }
  return list as string[];
}

/** Values are quoted in messages, but a 70,000-character glob is not. */
function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length.toLocaleString('en')} characters)` : text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${shorten(value)}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
