// The schema of `.strategy-notes.json` and the checks made with it: the schema names every rule
// and every key the reader applies (so they cannot drift), and each broken value is one problem
// naming its key, at its line and column, with the rest of the file still applied.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultConfig, resolveConfig, type ConfigProblem, type ResolvedConfig } from '../../server/src/engine/config';
import { configSchema } from '../../server/src/engine/config-file';
import { allRules, knownRuleIds } from '../../server/src/engine/rules';

const root = path.resolve(import.meta.dirname, '../..');
type SchemaNode = { $schema?: string; properties?: Record<string, SchemaNode>; description?: string; markdownDescription?: string; $ref?: string; additionalProperties?: unknown };
const schema = configSchema as unknown as SchemaNode & { definitions: Record<string, SchemaNode & { enum?: string[] }> };

const fromFile = (text: string): ResolvedConfig => resolveConfig([{ origin: '.strategy-notes.json', text }]);
/** 1-based line:col, as editors and the CLI show them. */
const at = (p: ConfigProblem) => `${p.range!.start.line + 1}:${p.range!.start.character + 1}`;
const brief = (r: ResolvedConfig) => r.problems.map((p) => ({ path: p.path.join('/'), at: at(p), severity: p.severity }));

describe('the schema', () => {
  test('is the file package.json contributes, and it parses', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.strategy-notes.json', url: './schemas/strategy-notes.schema.json' }]);
    assert.deepEqual(JSON.parse(readFileSync(path.join(root, 'schemas/strategy-notes.schema.json'), 'utf8')), configSchema);
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  });

  test('its rules are the known rule ids, each with its description and the severities', () => {
    const rules = schema.properties!.rules;
    assert.deepEqual(Object.keys(rules.properties!), [...knownRuleIds]);
    assert.equal(rules.additionalProperties, false);
    for (const rule of allRules) {
      const node = rules.properties![rule.id];
      assert.equal(node.$ref, '#/definitions/severity');
      assert.ok(node.description?.startsWith(rule.description), `${rule.id}: ${node.description}`);
      assert.ok(node.markdownDescription, rule.id);
    }
    assert.deepEqual(schema.definitions.severity.enum, ['off', 'info', 'warning', 'error']);
  });

  test('its keys are the ones the reader applies, every one described; unknown keys are errors', () => {
    const keys = (node: SchemaNode): string[] =>
      Object.entries(node.properties ?? {}).flatMap(([k, v]) => (k === 'rules' || !v.properties ? [k] : keys(v).map((sub) => `${k}.${sub}`)));
    const config = defaultConfig() as unknown as Record<string, unknown>;
    const applied = Object.entries(config).flatMap(([k, v]) => (k === 'rules' || Array.isArray(v) ? [k] : Object.keys(v as object).map((sub) => `${k}.${sub}`)));
    assert.deepEqual(keys(schema).filter((k) => k !== '$schema').sort(), applied.sort());
    const walk = (node: SchemaNode, where: string): void => {
      for (const [k, v] of Object.entries(node.properties ?? {})) {
        assert.ok(v.description || k in (schema.properties!.rules.properties ?? {}), `${where}${k} has a description`);
        if (v.properties) {
          assert.equal(v.additionalProperties, false, `${where}${k}`);
          walk(v, `${where}${k}.`);
        }
      }
    };
    walk(schema, '');
    assert.equal(schema.additionalProperties, false);
  });
});

describe('a broken .strategy-notes.json', () => {
  test('a valid file has no problems and applies', () => {
    const r = fromFile('{\n  "$schema": "./node_modules/x.json",\n  "rules": { "pillar-empty": "off" },\n  "articles": "posts/**/*.md",\n  "exclude": []\n}\n');
    assert.deepEqual(r.problems, []);
    assert.equal(r.config.rules['pillar-empty'], 'off');
    assert.deepEqual(r.config.articles, ['posts/**/*.md']);
  });

  test('not JSON: one problem at the parser\'s offset, and the defaults', () => {
    const r = fromFile('{\n  "rules": {\n    "pillar-empty": "off",\n  }\n}\n');
    assert.deepEqual(brief(r), [{ path: '', at: '4:3', severity: 'error' }]);
    assert.match(r.problems[0].message, /^not valid JSON \(.* at line 4, column 3\); the defaults are used\.$/);
    assert.deepEqual(r.config, defaultConfig());
    // Comments are not JSON either (the file is read by JSON's rules, in the editor too).
    assert.equal(at(fromFile('{ // no\n}').problems[0]), '1:3');
    assert.equal(at(fromFile('').problems[0]), '1:1');
  });

  test('an unknown key: at the key\'s name, with a suggestion; the rest applies', () => {
    const r = fromFile('{\n  "rules": { "pillar-empty": "info" },\n  "disclaimr": { "text": "x" }\n}');
    assert.deepEqual(brief(r), [{ path: 'disclaimr', at: '3:3', severity: 'error' }]);
    assert.equal(r.problems[0].range!.end.character, 2 + '"disclaimr"'.length);
    assert.match(r.problems[0].message, /^unknown key "disclaimr" \(did you mean "disclaimer"\?\); known keys: rules, disclaimer, library, articles, exclude\.$/);
    assert.equal(r.config.rules['pillar-empty'], 'info');
  });

  test('an unknown key inside an object names its parent', () => {
    const r = fromFile('{ "library": { "concepts": "c/*.md", "people": "p/*.md" } }');
    assert.deepEqual(brief(r), [{ path: 'library/people', at: '1:38', severity: 'error' }]);
    assert.match(r.problems[0].message, /^library: unknown key "people"; known keys: concepts, companies\.$/);
    assert.deepEqual(r.config.library.concepts, ['c/*.md']);
  });

  test('a wrong type: at the value; that value gets its default, the rest applies', () => {
    const r = fromFile('{\n  "articles": 7,\n  "library": { "concepts": ["c/*.md", 5], "companies": "co/*.md" },\n  "disclaimer": { "pattern": 42, "text": "This is not investment advice." },\n  "rules": { "pillar-empty": "off" }\n}');
    assert.deepEqual(brief(r), [
      { path: 'articles', at: '2:15', severity: 'error' },
      { path: 'library/concepts/1', at: '3:39', severity: 'error' },
      { path: 'disclaimer/pattern', at: '4:30', severity: 'error' },
    ]);
    const [articles, concepts, pattern] = r.problems.map((p) => p.message);
    assert.equal(articles, 'articles: expected a glob or a list of globs, got number 7.');
    assert.equal(concepts, 'library.concepts[1]: expected a glob (a string that is not blank), got number 5.');
    assert.equal(pattern, 'disclaimer.pattern: expected a regular expression as a string, got number 42.');
    assert.deepEqual(r.config.articles, defaultConfig().articles);
    assert.deepEqual(r.config.library.concepts, defaultConfig().library.concepts, 'a bad item drops its whole list');
    assert.deepEqual(r.config.library.companies, ['co/*.md']);
    assert.equal(r.config.disclaimer.pattern.source, defaultConfig().disclaimer.pattern.source);
    assert.equal(r.config.disclaimer.text, 'This is not investment advice.');
    assert.equal(r.config.rules['pillar-empty'], 'off');
  });

  test('a file that is not an object', () => {
    const r = fromFile('[1, 2]');
    assert.deepEqual(brief(r), [{ path: '', at: '1:1', severity: 'error' }]);
    assert.equal(r.problems[0].message, 'expected an object of settings, got a list.');
  });

  test('an unknown rule id: at its name; the known rules still apply', () => {
    const r = fromFile('{\n  "rules": {\n    "pillar-empty": "off",\n    "pillar-emtpy": "off"\n  }\n}');
    assert.deepEqual(brief(r), [{ path: 'rules/pillar-emtpy', at: '4:5', severity: 'error' }]);
    assert.match(r.problems[0].message, /^rules: unknown rule "pillar-emtpy" \(did you mean "pillar-empty"\?\); known rules: disclaimer-missing, /);
    assert.equal(r.config.rules['pillar-empty'], 'off');
  });

  test('a bad severity: at the value; that rule keeps its default', () => {
    const r = fromFile('{ "rules": { "pillar-count": "loud", "pillar-empty": "info" } }');
    assert.deepEqual(brief(r), [{ path: 'rules/pillar-count', at: '1:30', severity: 'error' }]);
    assert.equal(r.problems[0].message, 'rules.pillar-count: expected one of off, info, warning, error, got "loud".');
    assert.equal(r.config.rules['pillar-count'], undefined);
    assert.equal(r.config.rules['pillar-empty'], 'info');
  });

  test('an invalid regular expression: at the pattern; the default pattern, the rest applies', () => {
    const r = fromFile('{\n  "disclaimer": {\n    "pattern": "(not advice",\n    "text": "This is not investment advice."\n  },\n  "exclude": ["drafts/**"]\n}');
    assert.deepEqual(brief(r), [{ path: 'disclaimer/pattern', at: '3:16', severity: 'error' }]);
    assert.match(r.problems[0].message, /^disclaimer\.pattern: "\(not advice" is not a valid regular expression .*; the default pattern is used\.$/);
    assert.equal(r.config.disclaimer.pattern.source, defaultConfig().disclaimer.pattern.source);
    assert.equal(r.config.disclaimer.text, 'This is not investment advice.');
    assert.deepEqual(r.config.exclude, ['drafts/**']);
  });

  test('a glob RE2 cannot run: at that glob', () => {
    const r = fromFile('{ "articles": ["posts/*.md", "x/!(y).md"] }');
    assert.deepEqual(brief(r), [{ path: 'articles/1', at: '1:30', severity: 'error' }]);
    assert.match(r.problems[0].message, /^articles: the glob "x\/!\(y\)\.md" is using !\(…\).*; the default is used\.$/);
  });

  test('a disclaimer text the pattern does not find: a warning at the text', () => {
    const r = fromFile('{ "disclaimer": { "text": "Do your own research." } }');
    assert.deepEqual(brief(r), [{ path: 'disclaimer/text', at: '1:27', severity: 'warning' }]);
  });

  test('several problems come in the order of the text; CRLF lines count once', () => {
    const r = fromFile('{\r\n  "rules": { "x": "off" },\r\n  "articles": [],\r\n  "nope": 1\r\n}');
    assert.deepEqual(brief(r).map((p) => `${p.path}@${p.at}`), ['rules/x@2:14', 'articles@3:15', 'nope@4:3']);
  });

  test('a value nested 100,000 deep is one problem, not a stack overflow', () => {
    const r = fromFile(`{ "articles": ${'['.repeat(100_000)}${']'.repeat(100_000)} }`);
    assert.deepEqual(r.messages, ['.strategy-notes.json: cannot be used (nested too deeply); the defaults are used.']);
    assert.deepEqual(r.config, defaultConfig());
  });

  test('settings (no text) are checked by the same schema, their other keys allowed and null as unset', () => {
    const r = resolveConfig([{ origin: 'settings', value: { trace: { server: 'off' }, newArticle: { folder: 'a' }, rules: { 'pillar-empty': 'loud' }, articles: null } }]);
    assert.deepEqual(r.messages, ['settings: rules.pillar-empty: expected one of off, info, warning, error, got "loud".']);
    assert.equal(r.problems[0].range, undefined);
  });
});
