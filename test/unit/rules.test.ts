// Rules, severities, inline directives and quick fixes, on in-memory articles.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig, resolveConfig, type Config } from '../../server/src/engine/config';
import { checkArticle } from '../../server/src/engine/features/diagnostics';
import { quickFixes } from '../../server/src/engine/features/code-actions';
import { knownRuleIds } from '../../server/src/engine/rules';
import type { TextEdit } from '../../server/src/engine/rules/rule';
import { article, disclaimer, md } from './helpers';

function check(text: string, config: Config = defaultConfig()) {
  return checkArticle(article(text, { disclaimerPattern: config.disclaimer.pattern }), config);
}

/** Applies edits (non-overlapping) to a text, as an editor would. */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  const offset = (p: TextEdit['range']['start']) => lines.slice(0, p.line).reduce((n, l) => n + l.length, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

const body = 'Here are two things:\n1. One\nBody.\n2. Two\nBody.';

describe('disclaimer-missing', () => {
  test('reported as an error on the last line with text', () => {
    const [d] = check(body + '\n\n');
    assert.equal(d.rule, 'disclaimer-missing');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 5 } });
    assert.deepEqual(check(`${body}\n\n${disclaimer}\n`), []);
  });

  const endings: [string, string][] = [
    ['no newline at the end', body],
    ['one newline', body + '\n'],
    ['a blank line', body + '\n\n'],
    ['several blank lines', body + '\n\n\n\n'],
    ['trailing spaces on the last line', body + '\n   '],
    ['CRLF line endings', body.replace(/\n/g, '\r\n') + '\r\n'],
    ['CRLF, no final newline', body.replace(/\n/g, '\r\n')],
    ['an empty document', ''],
    ['only blank lines', '\n\n'],
  ];
  for (const [name, text] of endings) {
    test(`the quick fix appends its own paragraph and keeps every character (${name})`, () => {
      const diagnostics = check(text);
      const fixes = quickFixes(diagnostics, diagnostics[diagnostics.length - 1].range).filter((f) => f.diagnostics[0].rule === 'disclaimer-missing');
      assert.equal(fixes.length, 1);
      assert.equal(fixes[0].preferred, true);
      const fixed = apply(text, fixes[0].edits);
      assert.ok(fixed.startsWith(text), 'the original text is untouched');
      assert.deepEqual(check(fixed).filter((d) => d.rule === 'disclaimer-missing'), []);
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      assert.ok(fixed.endsWith(defaultConfig().disclaimer.text + eol));
      if (text.trim()) assert.match(fixed, new RegExp(`\\S${eol}(?:[ \\t]*${eol})+${defaultConfig().disclaimer.text.slice(0, 12)}`), 'separated by a blank line');
      assert.ok(!fixed.slice(text.length).includes(eol === '\n' ? '\r' : '\n\n\n'), 'uses the document line ending, no extra blank lines');
    });
  }
  test('the fix inserts the configured text', () => {
    const { config } = resolveConfig([{ origin: 'test', value: { disclaimer: { text: 'Nothing here is investment advice.', pattern: 'is investment advice' } } }], knownRuleIds);
    const [d] = check('Text.\n', config);
    assert.equal(apply('Text.\n', d.fixes[0].edits), 'Text.\n\nNothing here is investment advice.\n');
  });
});

describe('pillar rules', () => {
  test('pillar-numbering reports gaps and repeats, and renumbers every pillar in one fix', () => {
    const text = md`
      1. One
      Body.
      3. Three
      Body.
      3. Again
      Body.
      ${disclaimer}
    `;
    const found = check(text).filter((d) => d.rule === 'pillar-numbering');
    assert.deepEqual(found.map((d) => [d.range.start.line, d.severity]), [[2, 'warning']]);
    assert.match(found[0].message, /used more than once; this is pillar 2/);
    const fixed = apply(text, found[0].fixes[0].edits);
    assert.deepEqual(article(fixed).pillars.map((p) => p.number), [1, 2, 3]);
    assert.equal(fixed.replace(/^\d/gm, '#'), text.replace(/^\d/gm, '#'), 'only the numbers change');
  });
  test('pillar-count compares the thesis with the pillars and fixes the count in its own style', () => {
    const text = `Here are Three things:\n1. One\nBody.\n2. Two\nBody.\n\n${disclaimer}\n`;
    const [d] = check(text).filter((x) => x.rule === 'pillar-count');
    assert.match(d.message, /announces 3 pillars, but the article has 2/);
    assert.equal(apply(text, d.fixes[0].edits).split('\n')[0], 'Here are Two things:');
    const digits = `Here are my 5 predictions\n1. One\nBody.\n\n${disclaimer}\n`;
    assert.equal(apply(digits, check(digits)[0].fixes[0].edits).split('\n')[0], 'Here are my 1 predictions');
  });
  test('pillar-empty reports a pillar with no body', () => {
    const found = check(`1. One\n2. Two\nBody.\n\n${disclaimer}\n`).filter((d) => d.rule === 'pillar-empty');
    assert.deepEqual(found.map((d) => d.range.start.line), [0]);
  });
});

describe('severities and directives', () => {
  const text = `1. One\nBody.\n3. Three\nBody.\n`;
  test('config sets a rule off, or to another severity', () => {
    const { config } = resolveConfig([{ origin: 'test', value: { rules: { 'disclaimer-missing': 'off', 'pillar-numbering': 'error' } } }], knownRuleIds);
    assert.deepEqual(check(text, config).map((d) => [d.rule, d.severity]), [['pillar-numbering', 'error']]);
  });
  test('inline comments silence rules the markdownlint way', () => {
    const rules = (t: string) => check(t).map((d) => `${d.rule}@${d.range.start.line}`);
    assert.deepEqual(rules(`1. One\nBody.\n<!-- strategy-notes-disable-next-line pillar-numbering -->\n3. Three\nBody.\n`), ['disclaimer-missing@4']);
    assert.deepEqual(rules(`<!-- strategy-notes-disable -->\n${text}`), []);
    assert.deepEqual(rules(`<!-- strategy-notes-disable disclaimer-missing -->\n${text}<!-- strategy-notes-enable disclaimer-missing -->\n`), ['pillar-numbering@3', 'disclaimer-missing@5']);
    assert.deepEqual(rules(`1. One\nBody.\n3. Three <!-- strategy-notes-disable-line pillar-numbering -->\nBody.\n\n${disclaimer}\n`), []);
  });
  test('model problems become diagnostics too', () => {
    assert.deepEqual(check(`---\ntitle: [x\n---\n${disclaimer}\n`).map((d) => [d.rule, d.severity]), [['front-matter-invalid', 'warning']]);
  });
});

describe('config', () => {
  test('later sources win; wrong values are reported and their defaults kept', () => {
    const { config, messages } = resolveConfig(
      [
        { origin: 'settings', value: { rules: { 'pillar-empty': 'info', 'no-such-rule': 'error' }, disclaimer: { pattern: '(' } } },
        { origin: '.strategy-notes.json', value: { rules: { 'pillar-empty': 'off', 'pillar-count': 'loud' }, library: { concepts: 5 }, articles: 'posts/**/*.md' } },
        { origin: 'broken', value: 'everything' },
      ],
      knownRuleIds,
    );
    assert.equal(config.rules['pillar-empty'], 'off');
    assert.equal(config.rules['pillar-count'], undefined);
    assert.equal(config.disclaimer.pattern.source, defaultConfig().disclaimer.pattern.source);
    assert.deepEqual(config.library.concepts, defaultConfig().library.concepts);
    assert.deepEqual(config.articles, ['posts/**/*.md']);
    assert.equal(messages.length, 5);
    assert.match(messages.join('\n'), /unknown rule "no-such-rule"/);
    assert.match(messages.join('\n'), /"\(" is not a valid regular expression/);
    assert.match(messages.join('\n'), /pillar-count: expected one of off, info, warning, error, got "loud"/);
    assert.match(messages.join('\n'), /broken: expected an object of settings/);
  });
  test('a disclaimer text the pattern would not find is reported, and the fix is not offered', () => {
    const { config, messages } = resolveConfig([{ origin: 's', value: { disclaimer: { pattern: 'not financial advice' } } }], knownRuleIds);
    assert.match(messages[0], /disclaimer\.text does not match disclaimer\.pattern/);
    const [d] = check('Text.\n', config);
    assert.equal(d.rule, 'disclaimer-missing');
    assert.deepEqual(d.fixes, []);
  });
});

test('findings come in position order, rule order at one spot, whatever order each rule reports them in (merge = stable sort)', async () => {
  const fc = (await import('fast-check')).default;
  const model = article('# A\n\nText.\n');
  const spot = fc.record({ line: fc.integer({ min: 0, max: 6 }), character: fc.integer({ min: 0, max: 3 }) });
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.array(spot, { maxLength: 12 }), fc.boolean()), { maxLength: 6 }), (reported) => {
      const rules = reported.map(([spots, sorted], r) => {
        const ordered = sorted ? [...spots].sort((a, b) => a.line - b.line || a.character - b.character) : spots;
        return {
          id: `rule-${r}`,
          defaultSeverity: 'warning' as const,
          description: '',
          readsUnanalyzed: true,
          check: () => ordered.map((p, k) => ({ range: { start: p, end: p }, message: `${r}/${k}` })),
        };
      });
      const all = rules.flatMap((rule) => rule.check().map((f) => ({ rule: rule.id, message: f.message, range: f.range })));
      const expected = [...all].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character).map((f) => f.message);
      assert.deepEqual(
        checkArticle(model, defaultConfig(), rules).map((d) => d.message),
        expected,
      );
    }),
    { numRuns: 500 },
  );
});
