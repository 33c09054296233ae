// Checking a config source against schemas/strategy-notes.schema.json (ajv), and finding where
// in a `.strategy-notes.json` text each problem is (jsonc-parser), so it can be shown at its key.
// What fails the schema is dropped from the value; the rest applies (see resolveConfig).

import { distance } from 'fastest-levenshtein';
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js'; // the UMD build's dynamic requires do not bundle
import schema from '../../../schemas/strategy-notes.schema.json';
import { precompiled } from './config-validators';
import type { Position, Range } from './dialect/model';
import { lineStarts, positionAt } from './text-offsets';

export type JsonPath = (string | number)[];
export type { Position, Range };

export interface SourceProblem {
  /** Names the key first ("rules.pillar-count: …"), unless it is about the whole source. */
  message: string;
  path: JsonPath;
  severity: 'error' | 'warning';
  /** Where in the text (0-based, UTF-16), for a source read from a text. */
  range?: Range;
}

/** The values as checked: what the schema refuses is left out. */
export interface ConfigValue {
  rules?: Record<string, string>;
  disclaimer?: { pattern?: string; text?: string };
  library?: { concepts?: string | string[]; companies?: string | string[] };
  articles?: string | string[];
  exclude?: string | string[];
}

export interface CheckedSource {
  value?: ConfigValue;
  problems: SourceProblem[];
  /** The range of a key's value (or, with `key`, of its name) in the text; undefined without one. */
  locate(path: JsonPath, key?: boolean): Range | undefined;
}

export { schema as configSchema };

// Keywords VS Code reads, and ours (`expected`: what a message says a value should be).
export const schemaAnnotations = ['markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'expected'];
/** How both validators are compiled (the build's standalone ones with the same options). */
export const validatorOptions = { allErrors: true, verbose: true, allowUnionTypes: true } as const;
/** The schema each validator checks against. Settings come as the whole `strategyNotes` section:
 * its other keys (trace, newArticle) are fine. */
export const validatorSchemas = { file: schema, settings: { ...schema, additionalProperties: true } };
let ajv: Ajv | undefined;
const validators: { file?: ValidateFunction; settings?: ValidateFunction } = { ...precompiled };

/** The built server and CLI have both validators (config-validators.ts); from sources each is
 * compiled when first needed (~25 ms each), ajv's compiler loaded only then. */
function compiled(which: 'file' | 'settings'): ValidateFunction {
  const made = validators[which];
  if (made) return made;
  if (!ajv) {
    const Compiler = (require('ajv') as typeof import('ajv')).default;
    ajv = new Compiler(validatorOptions);
    ajv.addVocabulary(schemaAnnotations);
  }
  return (validators[which] = ajv.compile(validatorSchemas[which]));
}

/** A `.strategy-notes.json` text (without BOM): not JSON is one problem and no value. */
export function checkConfigText(text: string): CheckedSource {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const lines = lineStarts(text);
  const rangeAt = (offset: number, length: number): Range => ({ start: positionAt(lines, offset), end: positionAt(lines, offset + length) });
  const locate = (path: JsonPath, key = false): Range | undefined => {
    const node = nodeAt(tree, path, key);
    return node ? rangeAt(node.offset, node.length) : undefined;
  };
  let value: unknown;
  let parseProblem: { why: string; offset: number; length: number } | undefined;
  if (errors.length) parseProblem = { why: words(printParseErrorCode(errors[0].error)), offset: errors[0].offset, length: errors[0].length };
  else {
    try {
      value = JSON.parse(text);
    } catch (error) {
      parseProblem = { why: error instanceof Error ? error.message : String(error), offset: 0, length: 0 };
    }
  }
  if (parseProblem) {
    const range = rangeAt(parseProblem.offset, parseProblem.length);
    const where = `line ${range.start.line + 1}, column ${range.start.character + 1}`;
    return { problems: [{ message: `not valid JSON (${parseProblem.why} at ${where}); the defaults are used.`, path: [], severity: 'error', range }], locate };
  }
  const checked = checkValue(value, compiled('file'));
  for (const p of checked.problems) p.range = locate(p.path, p.key) ?? rangeAt(0, 0);
  return { value: checked.value, problems: checked.problems.map(({ key: _, ...p }) => p), locate };
}

/** Settings as a client sent them: null means not set; other settings' keys are allowed. */
export function checkConfigValue(value: unknown): CheckedSource {
  if (value === undefined || value === null) return { problems: [], locate: () => undefined };
  const checked = checkValue(withoutNulls(value), compiled('settings'));
  return { value: checked.value, problems: checked.problems.map(({ key: _, ...p }) => p), locate: () => undefined };
}

function checkValue(value: unknown, validate: ValidateFunction): { value?: ConfigValue; problems: (SourceProblem & { key?: boolean })[] } {
  if (validate(value)) return { value: value as ConfigValue, problems: [] };
  const problems: (SourceProblem & { key?: boolean })[] = [];
  const seen = new Set<string>();
  let kept: unknown = structuredClone(value);
  for (const error of validate.errors ?? []) {
    const path = pathOf(value, error.instancePath);
    const unknownKey = error.keyword === 'additionalProperties' ? String((error.params as { additionalProperty: string }).additionalProperty) : undefined;
    const at = unknownKey === undefined ? path : [...path, unknownKey];
    const id = JSON.stringify(at);
    if (seen.has(id)) continue; // one problem per value (a blank glob fails two keywords)
    seen.add(id);
    problems.push({ message: messageOf(error, path, unknownKey), path: at, severity: 'error', key: unknownKey !== undefined });
    // A list is one value: a bad item drops the whole list (its default applies).
    const firstIndex = at.findIndex((k) => typeof k === 'number');
    kept = without(kept, firstIndex < 0 ? at : at.slice(0, firstIndex));
  }
  return { value: kept as ConfigValue | undefined, problems };
}

function messageOf(error: ErrorObject, path: JsonPath, unknownKey: string | undefined): string {
  const where = path.length ? `${nameOf(path)}: ` : '';
  if (unknownKey !== undefined) {
    const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {}).filter((k) => k !== '$schema');
    const what = path.length === 1 && path[0] === 'rules' ? 'rule' : 'key';
    const near = closest(unknownKey, known);
    return `${where}unknown ${what} "${shorten(unknownKey)}"${near ? ` (did you mean "${near}"?)` : ''}; known ${what}s: ${known.join(', ')}.`;
  }
  const expected = (error.parentSchema as { expected?: string }).expected ?? `a value that is valid (${error.message ?? error.keyword})`;
  return `${where}expected ${expected}, got ${describe(error.data)}.`;
}

/** "library.concepts", "articles[1]", "rules.pillar-count". */
export function nameOf(path: JsonPath): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');
}

/** ajv's JSON pointer as keys and indices (an index where the value there is a list). */
function pathOf(value: unknown, pointer: string): JsonPath {
  const path: JsonPath = [];
  let at = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const step = Array.isArray(at) ? Number(key) : key;
    path.push(step);
    at = (at as Record<string | number, unknown> | undefined)?.[step];
  }
  return path;
}

function without(value: unknown, path: JsonPath): unknown {
  if (path.length === 0) return undefined;
  let parent = value as Record<string | number, unknown> | undefined;
  for (const k of path.slice(0, -1)) parent = parent?.[k] as Record<string | number, unknown> | undefined;
  if (parent && typeof parent === 'object') delete parent[path[path.length - 1]];
  return value;
}

function withoutNulls(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as object).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

function nodeAt(tree: Node | undefined, path: JsonPath, key: boolean): Node | undefined {
  if (!tree) return undefined;
  if (!key) return findNodeAtLocation(tree, path);
  const parent = findNodeAtLocation(tree, path.slice(0, -1));
  const name = path[path.length - 1];
  return parent?.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === name)?.children?.[0];
}

/** "CloseBraceExpected" → "close brace expected". */
function words(code: string): string {
  return code.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
}

/** A known name within two edits of what was written, for "did you mean". */
function closest(name: string, known: string[]): string | undefined {
  if (name.length > 100) return undefined;
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d <= 2 && (!best || d < best.d)) best = { k, d };
  }
  return best?.k;
}

/** Values are quoted in messages, but a 70,000-character glob is not. */
export function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length.toLocaleString('en')} characters)` : text;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length ? 'a list' : 'an empty list';
  if (typeof value === 'string') return `"${shorten(value)}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
