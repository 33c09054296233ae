// One validated Config from editor settings and `.strategy-notes.json` (the file wins, so the
// editor and the CLI agree). Never throws: every value that is wrong becomes a problem (with
// where it is, for a file) and its default is used instead.

import { defaultDisclaimerPattern } from './dialect/article';
import { compileTextPattern, PatternError, type TextPattern } from './text-pattern';
import { compileGlob, GlobError } from './workspace/globs';
import { checkConfigText, checkConfigValue, nameOf, shorten, type CheckedSource, type JsonPath, type SourceProblem } from './config-file';

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

/** One source of settings, applied over the ones before it. */
export interface ConfigSource {
  /** Where the values come from, for messages ("settings", "example/.strategy-notes.json"). */
  origin: string;
  /** Settings as a client sent them (any type possible; keys of other settings allowed). */
  value?: unknown;
  /** A config file's text (without BOM), instead of `value`: problems get ranges, unknown keys are errors. */
  text?: string;
}

export interface ConfigProblem extends SourceProblem {
  origin: string;
  /** Index of its source in the list given to resolveConfig. */
  source: number;
}

export interface ResolvedConfig {
  config: Config;
  /** One line per value that was ignored, and why (`origin: message`). */
  messages: string[];
  /** The same, as data: where each one is (ranges for sources read from a text). */
  problems: ConfigProblem[];
}

/** Applies sources in order (later wins) over the defaults. The schema says what each value may
 * be (config-file.ts); what it cannot say (a pattern RE2 refuses, a glob too long) is checked
 * here. `knownRules` is kept for callers; the schema lists the rule ids (a test keeps them equal). */
export function resolveConfig(sources: ConfigSource[], _knownRules?: readonly string[]): ResolvedConfig {
  const config = defaultConfig();
  const problems: ConfigProblem[] = [];
  /** Which source set each value last (for "from before" and the disclaimer check). */
  const setBy = new Map<string, number>();
  let lastDisclaimer: { source: number; key: 'pattern' | 'text' } | undefined;
  const checkedSources: CheckedSource[] = [];
  sources.forEach((source, index) => {
    const checked = checkSource(source);
    checkedSources.push(checked);
    const add = (p: SourceProblem) => problems.push({ ...p, range: p.range ?? checked.locate(p.path), origin: source.origin, source: index });
    checked.problems.forEach(add);
    const v = checked.value;
    if (!v) return;
    for (const [id, severity] of Object.entries(v.rules ?? {})) config.rules[id] = severity as Severity;
    const { pattern, text } = v.disclaimer ?? {};
    if (pattern) {
      try {
        // A first use here, so a pattern that would fail only when run fails now, with a message.
        compileTextPattern(pattern).find(`${defaultDisclaimerText} ${text ?? ''}`);
        config.disclaimer.pattern = compileTextPattern(pattern, defaultDisclaimerPattern);
        setBy.set('disclaimer.pattern', index);
        lastDisclaimer = { source: index, key: 'pattern' };
      } catch (error) {
        const why = error instanceof PatternError ? error.reason : `not usable (${error instanceof Error ? error.message : String(error)})`;
        const instead = setBy.has('disclaimer.pattern') ? `"${shorten(config.disclaimer.pattern.source)}" from before` : 'the default pattern';
        const is = why.startsWith('uses ') ? '' : 'is ';
        add({ message: `disclaimer.pattern: "${shorten(pattern)}" ${is}${why}; ${instead} is used.`, path: ['disclaimer', 'pattern'], severity: 'error' });
      }
    }
    if (text) {
      config.disclaimer.text = text;
      lastDisclaimer = { source: index, key: 'text' };
    }
    const lists: [JsonPath, string | string[] | undefined, (list: string[]) => void][] = [
      [['library', 'concepts'], v.library?.concepts, (l) => (config.library.concepts = l)],
      [['library', 'companies'], v.library?.companies, (l) => (config.library.companies = l)],
      [['articles'], v.articles, (l) => (config.articles = l)],
      [['exclude'], v.exclude, (l) => (config.exclude = l)],
    ];
    for (const [path, globs, set] of lists) {
      if (globs === undefined) continue;
      const key = nameOf(path);
      const bad = unusableGlob(globs);
      if (!bad) {
        set(typeof globs === 'string' ? [globs] : globs);
        setBy.set(key, index);
        continue;
      }
      const instead = setBy.has(key) ? 'the value from before' : 'the default';
      add({ message: `${key}: the glob "${shorten(bad.glob)}" is ${bad.why}; ${instead} is used.`, path: Array.isArray(globs) ? [...path, bad.index] : path, severity: 'error' });
    }
  });
  if (lastDisclaimer && !disclaimerFixes(config)) {
    const { source, key } = lastDisclaimer;
    const path = ['disclaimer', key];
    problems.push({
      message: 'disclaimer.text does not match disclaimer.pattern, so inserting it would not satisfy the rule: the "Add the investment disclaimer" fix is off until disclaimer.text is a paragraph the pattern finds.',
      path,
      severity: 'warning',
      range: checkedSources[source].locate(path),
      origin: sources[source].origin,
      source,
    });
  }
  // Source by source, in the order of the text.
  const at = (p: ConfigProblem) => (p.range ? p.range.start.line * 1e6 + p.range.start.character : -1);
  problems.sort((a, b) => a.source - b.source || at(a) - at(b));
  return { config, messages: problems.map((p) => `${p.origin}: ${p.message}`), problems };
}

/** A value nested 100,000 deep overflows the stack of the (recursive) parser and checks: one problem, not a crash. */
function checkSource(source: ConfigSource): CheckedSource {
  try {
    return source.text !== undefined ? checkConfigText(source.text) : checkConfigValue(source.value);
  } catch (error) {
    const why = error instanceof RangeError ? 'nested too deeply' : error instanceof Error ? error.message : String(error);
    const range = source.text !== undefined ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } : undefined;
    return { problems: [{ message: `cannot be used (${why}); the defaults are used.`, path: [], severity: 'error', range }], locate: () => undefined };
  }
}

/** Whether the disclaimer the fix inserts is one the pattern finds (else the fix is not offered). */
export function disclaimerFixes(config: Config): boolean {
  return config.disclaimer.pattern.test(config.disclaimer.text);
}

/** The first glob that cannot be compiled (once here, so it is one message and the list's default). */
function unusableGlob(globs: string | string[]): { glob: string; index: number; why: string } | undefined {
  const list = typeof globs === 'string' ? [globs] : globs;
  for (const [index, glob] of list.entries()) {
    try {
      compileGlob(glob.replace(/^!(?!\()/, ''));
    } catch (error) {
      const why = error instanceof GlobError ? error.reason : `not usable (${error instanceof Error ? error.message : String(error)})`;
      return { glob, index, why };
    }
  }
  return undefined;
}
