// Fix all: every safe fix of a document at once, re-checked until nothing safe is left; the
// edits run from the original text, one per changed region; suggestions are never applied.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, fixAll, fixDocument, type ArticleInput } from '../../server/src/engine';
import { defaultConfig, resolveConfig, type Config } from '../../server/src/engine/config';
import { knownRuleIds } from '../../server/src/engine/rules';
import type { ArticleDiagnostic } from '../../server/src/engine/features/diagnostics';
import type { Fix } from '../../server/src/engine/rules/rule';
import { WorkspaceIndexer } from '../../server/src/engine/workspace/indexer';
import { InMemoryWorkspace } from '../../server/src/engine/workspace/workspace';
import { applyEdits, disclaimer } from './helpers';

const root = 'file:///ws';
const library: Record<string, string> = {
  'library/concepts/network-effects.md': '---\ntitle: Network Effects\naliases: [Network Effect]\n---\n\nText.\n',
  'library/companies/netflix.md': '---\ntitle: Netflix\naliases: NFLX\n---\n\nText.\n',
};

async function fixer(config: Config = defaultConfig(), withLibrary = true) {
  const ws = new InMemoryWorkspace(root, library, config);
  const indexer = new WorkspaceIndexer(ws, async () => {});
  await indexer.build();
  const engine = createEngine();
  const input = (text: string): ArticleInput => ({ key: `${root}/articles/a.md`, text, version: 1, config, isArticle: true, role: 'article', library: withLibrary ? { index: indexer.index, root } : undefined });
  return {
    check: (text: string) => engine.analyze(input(text)).diagnostics,
    fix: (text: string) => fixDocument(engine, input(text), engine.analyze(input(text)).diagnostics),
  };
}

describe('fix all', () => {
  test('renumbering and the announced count, in one go; the edits are minimal and land', async () => {
    const { fix, check } = await fixer();
    const text = `# A\n\nHere are three things:\n\n1. One\n\nBody.\n\n3. Two\n\nBody.\n\n${disclaimer}\n`;
    const result = fix(text);
    assert.equal(result.text, `# A\n\nHere are two things:\n\n1. One\n\nBody.\n\n2. Two\n\nBody.\n\n${disclaimer}\n`);
    assert.deepEqual(result.rules.sort(), ['pillar-count', 'pillar-numbering']);
    assert.equal(applyEdits(text, result.edits), result.text);
    assert.equal(result.edits.length, 2, 'one edit per changed region');
    for (const e of result.edits) assert.equal(e.range.start.line, e.range.end.line, 'each on its own line');
    assert.deepEqual(check(result.text), []);
    assert.deepEqual(fix(result.text).edits, [], 'a fixpoint');
  });

  test('nothing safe to fix: the text as it was, no edits', async () => {
    const { fix } = await fixer();
    const text = `# A\n\nHere are two things:\n\n1. One\n\n2. Two\n\nBody.\n\n${disclaimer}\n`; // pillar-empty has no fix
    assert.deepEqual(fix(text), { text, edits: [], rules: [] });
  });

  test('the disclaimer, in the document\'s line ending; a BOM stays where it is', async () => {
    const { fix, check } = await fixer();
    const text = '\uFEFF# A\r\n\r\nHere are 3 things:\r\n\r\n1. One\r\nBody.\r\n2. Two\r\nBody.';
    const result = fix(text);
    assert.equal(result.text, `\uFEFF# A\r\n\r\nHere are 2 things:\r\n\r\n1. One\r\nBody.\r\n2. Two\r\nBody.\r\n\r\n${defaultConfig().disclaimer.text}\r\n`);
    assert.ok(!/(?<!\r)\n/.test(result.text), 'CRLF throughout');
    assert.equal(applyEdits(text, result.edits), result.text);
    assert.deepEqual(check(result.text), []);
  });

  test('duplicate tags go; suggestions and new entries are never applied', async () => {
    const { fix, check } = await fixer();
    const tags = ['- Network Effects', '- Network Effect', '- Network Efects', '- Brand New Idea'];
    const text = `# A\n\nBody.\n\n${disclaimer}\n\nFrom the Concept Library, concepts for this article are:\n${tags.join('\n')}\n- NFLX\n\nCompanies for this class:\n- Netflix\n- NFLX`;
    const before = check(text).map((d) => d.rule).sort();
    assert.deepEqual(before, ['duplicate-tag', 'duplicate-tag', 'unknown-concept', 'unknown-concept', 'wrong-library']);
    const result = fix(text);
    assert.deepEqual(result.rules, ['duplicate-tag']);
    // The last line goes with its line break before it kept: the text still ends as it did.
    assert.ok(result.text.endsWith('- Netflix\n'), JSON.stringify(result.text));
    assert.ok(!result.text.includes('- Network Effect\n'));
    assert.ok(result.text.includes('- Network Efects\n- Brand New Idea\n- NFLX\n'), 'the guesses and the move stay for the writer');
    assert.deepEqual(check(result.text).map((d) => d.rule).sort(), ['unknown-concept', 'unknown-concept', 'wrong-library']);
  });

  test('a fix that collides with another waits for the next round', async () => {
    const { fix, check } = await fixer();
    // Deleting the last line (a duplicate) and appending the disclaimer both touch the end.
    const text = '# A\n\nBody.\n\nCompanies for this class:\n- Netflix\n- NFLX';
    const result = fix(text);
    assert.deepEqual(result.rules.sort(), ['disclaimer-missing', 'duplicate-tag']);
    assert.deepEqual(check(result.text), []);
    assert.ok(result.text.startsWith('# A\n\nBody.\n\nCompanies for this class:\n- Netflix\n'));
    assert.equal(applyEdits(text, result.edits), result.text);
    assert.deepEqual(fix(result.text).edits, []);
  });

  test('rules set off or silenced in the document are not fixed', async () => {
    const config = resolveConfig([{ origin: 'test', value: { rules: { 'pillar-count': 'off' } } }], knownRuleIds).config;
    const { fix } = await fixer(config);
    const text = `Here are 5 things:\n\n<!-- strategy-notes-disable pillar-numbering -->\n\n1. One\n\nBody.\n\n3. Two\n\nBody.\n\n${disclaimer}\n`;
    assert.deepEqual(fix(text).edits, []);
  });

  test('without a workspace the article rules still fix', async () => {
    const { fix } = await fixer(defaultConfig(), false);
    const result = fix('1. One\n\nBody.\n\n1. Two\n\nBody.\n');
    assert.deepEqual(result.rules.sort(), ['disclaimer-missing', 'pillar-numbering']);
    assert.match(result.text, /^1\. One\n\nBody\.\n\n2\. Two\n\nBody\.\n\nThis article is not investment/);
  });
});

describe('fix all, on given findings', () => {
  const at = (line: number, a: number, b: number) => ({ start: { line, character: a }, end: { line, character: b } });
  const finding = (rule: string, fixes: Fix[]): ArticleDiagnostic => ({ rule, severity: 'warning', message: rule, range: at(0, 0, 0), fixes });

  test('a finding with two safe fixes is a guess: neither is applied', () => {
    const d = finding('x', [{ title: 'a', safe: true, edits: [{ range: at(0, 0, 1), newText: 'A' }] }, { title: 'b', safe: true, edits: [{ range: at(0, 0, 1), newText: 'B' }] }]);
    assert.deepEqual(fixAll('abc', [d], () => [d]).edits, []);
  });

  test('fixes that create files or edit other files are left out', () => {
    const d = finding('x', [{ title: 'a', safe: true, edits: [{ range: at(0, 0, 1), newText: 'A' }], createFiles: [{ uri: 'file:///n.md', text: '' }] }]);
    const e = finding('y', [{ title: 'b', safe: true, edits: [{ range: at(0, 0, 1), newText: 'B' }], otherEdits: [{ uri: 'file:///o.md', edits: [] }] }]);
    assert.deepEqual(fixAll('abc', [d, e], () => [d, e]), { text: 'abc', edits: [], rules: [] });
  });

  test('a document that never settles is left as it was', () => {
    // Each round's check offers a fix again (a rule whose fix does not hold).
    const recheck = (text: string) => [finding('x', [{ title: 'grow', safe: true, edits: [{ range: at(0, text.length, text.length), newText: '!' }] }])];
    assert.deepEqual(fixAll('abc', recheck('abc'), recheck), { text: 'abc', edits: [], rules: [] });
  });

  test('a change undone by a later round leaves no edit; edits are trimmed to what differs', () => {
    const one = finding('x', [{ title: 'up', safe: true, edits: [{ range: at(0, 4, 9), newText: 'four' }] }]);
    const back = finding('x', [{ title: 'down', safe: true, edits: [{ range: at(0, 4, 8), newText: 'three' }] }]);
    let round = 0;
    const result = fixAll('Are three', [one], () => (round++ === 0 ? [back] : []));
    assert.deepEqual(result, { text: 'Are three', edits: [], rules: ['x'] });
    const two = finding('x', [{ title: 'two', safe: true, edits: [{ range: at(0, 4, 9), newText: 'two' }] }]);
    assert.deepEqual(fixAll('Are three', [two], () => []).edits, [{ range: at(0, 5, 9), newText: 'wo' }]);
  });

  test('an edit never ends between CR and LF', () => {
    // Deleting "b\r\n" of "a\r\nb\r\n" written as a replacement that keeps the CR.
    const d = finding('x', [{ title: 'cut', safe: true, edits: [{ range: { start: { line: 0, character: 1 }, end: { line: 1, character: 1 } }, newText: '\r\n' }] }]);
    const text = 'a\r\nb\r\nc';
    const result = fixAll(text, [d], () => []);
    assert.equal(result.text, 'a\r\n\r\nc');
    assert.equal(applyEdits(text, result.edits), result.text);
    for (const e of result.edits) for (const p of [e.range.start, e.range.end]) assert.ok(p.character <= 1, JSON.stringify(e));
  });
});
