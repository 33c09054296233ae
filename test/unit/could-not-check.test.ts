// `could-not-check`: a file the engine would not analyze (binary, too large) or the CLI could not
// read is an error by default, configurable like every rule, on articles and library entries alike.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine, knownRuleIds, resolveConfig } from '../../server/src/engine';
import { maxCheckedLength, surelyTooLarge } from '../../server/src/engine/dialect/checkable';
import { defaultConfig } from '../../server/src/engine/config';
import { notCheckedDiagnostics } from '../../server/src/engine/features/diagnostics';
import { disclaimer } from './helpers';

const binary = 'PNG\u0000\u0001\u0002\u0000data';
const configWith = (severity: string) => resolveConfig([{ origin: 'test', value: { rules: { 'could-not-check': severity } } }], knownRuleIds).config;
const check = (text: string, config = defaultConfig(), role: 'article' | 'concept-entry' = 'article') =>
  createEngine().analyze({ key: 'a', text, version: 1, config, isArticle: role === 'article', role }).diagnostics.map((d) => [d.rule, d.severity]);

describe('could-not-check', () => {
  test('a binary or too long text is an error, and nothing else is reported on it', () => {
    assert.deepEqual(check(binary), [['could-not-check', 'error']]);
    assert.deepEqual(check(binary, defaultConfig(), 'concept-entry'), [['could-not-check', 'error']], 'library entries too');
    assert.deepEqual(check('1. A pillar\n'.repeat(Math.ceil((maxCheckedLength + 1) / 12))), [['could-not-check', 'error']]);
    assert.deepEqual(check(`# Fine\n\n${disclaimer}\n`), [], 'a checkable text does not get it');
  });

  test('its severity comes from config: warning, info, off', () => {
    assert.deepEqual(resolveConfig([{ origin: 'test', value: { rules: { 'could-not-check': 'warning' } } }], knownRuleIds).messages, []);
    assert.deepEqual(check(binary, configWith('warning')), [['could-not-check', 'warning']]);
    assert.deepEqual(check(binary, configWith('info')), [['could-not-check', 'info']]);
    assert.deepEqual(check(binary, configWith('off')), []);
  });

  test('a file the CLI could not read gets the same finding, at the same severity', () => {
    assert.deepEqual(notCheckedDiagnostics('unreadable', defaultConfig()).map((d) => [d.rule, d.severity, d.range.start.line]), [['could-not-check', 'error', 0]]);
    assert.deepEqual(notCheckedDiagnostics('unreadable', configWith('warning')).map((d) => d.severity), ['warning']);
    assert.deepEqual(notCheckedDiagnostics('unreadable', configWith('off')), []);
  });

  test('a file too large by its bytes is too long by its characters, whatever it holds', () => {
    const max = 100;
    assert.equal(surelyTooLarge(3 * max, max), undefined, 'could still be 100 characters of 3-byte UTF-8');
    assert.ok(surelyTooLarge(3 * max + 1, max));
    // The densest decodings: 3-byte characters, 4-byte ones (2 UTF-16 units), invalid bytes.
    for (const bytes of [Buffer.from('€'.repeat(max + 1)), Buffer.from('😀'.repeat(2 * max)), Buffer.from(new Uint8Array(3 * max + 1).fill(0xe2))]) {
      assert.ok(surelyTooLarge(bytes.length, max), `${bytes.length} bytes`);
      assert.ok(bytes.toString('utf8').length > max, `${bytes.length} bytes decode to more than ${max} characters`);
    }
  });
});
