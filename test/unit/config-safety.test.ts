// Patterns and globs from configuration cannot stall anything, and a value that fails falls
// back to its default with one message naming the key. No clocks: hostile inputs that take a
// backtracking engine seconds (or for ever) must simply complete, and the RE2 program behind a
// glob (matching costs at most its size times the path's length) must grow linearly with it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { defaultConfig, disclaimerFixes, resolveConfig, type Config } from '../../server/src/engine/config';
import { knownRuleIds } from '../../server/src/engine';
import { defaultDisclaimerPattern } from '../../server/src/engine/dialect/article';
import { compileTextPattern, PatternError } from '../../server/src/engine/text-pattern';
import { compileGlob, compileGlobs, GlobError, globBase, maxGlobLength } from '../../server/src/engine/workspace/globs';
import { roleByGlobs } from '../../server/src/engine/workspace/workspace';
import { article, md } from './helpers';

const resolve = (value: unknown) => resolveConfig([{ origin: '.strategy-notes.json', value }], knownRuleIds);
const nested = (n: number) => `${'('.repeat(n)}a${')'.repeat(n)}`;
const pasted = md`
  Here are the 2 engines:
  1. Cloud
  Text.
  2. Ads
  More text.
`;

describe('the disclaimer pattern runs on RE2', () => {
  test('(a+)+$ is accepted and answers at once on the input that stalls a backtracking engine', () => {
    const { config, messages } = resolve({ disclaimer: { pattern: '(a+)+$', text: 'aaa' } });
    assert.deepEqual(messages, []);
    // A JavaScript RegExp needs about 2^n steps here; 30 characters already take seconds.
    for (const n of [30, 1000, 100_000]) assert.equal(config.disclaimer.pattern.test(`${'a'.repeat(n)}!`), false);
    assert.equal(config.disclaimer.pattern.test('baaa'), true);
    assert.deepEqual(config.disclaimer.pattern.find('xx aaa'), { start: 3, end: 6 });
  });

  test('20,000 nested groups: one message naming the key, the default pattern, and the outline stays', () => {
    const { config, messages } = resolve({ disclaimer: { pattern: nested(20_000) } });
    assert.equal(messages.length, 1);
    assert.match(messages[0], /^\.strategy-notes\.json: disclaimer\.pattern: .* is (?:nested too deeply|longer than)/);
    assert.ok(messages[0].length < 300, 'the 40,000-character value is not repeated in the message');
    assert.equal(config.disclaimer.pattern, defaultDisclaimerPattern);
    const model = article(`${pasted}\nThis is not investment advice.\n`, { disclaimerPattern: config.disclaimer.pattern });
    assert.deepEqual(model.pillars.map((p) => p.title), ['Cloud', 'Ads']);
    assert.ok(model.disclaimer);
  });

  test('150 nested groups (under the limits) compile and match', () => {
    const { config, messages } = resolve({ disclaimer: { pattern: nested(150), text: 'a' } });
    assert.deepEqual(messages, []);
    assert.equal(config.disclaimer.pattern.test('xax'), true);
  });

  for (const [pattern, why] of [
    ['(advice)\\s+\\1', /backreference \(\\1\)/],
    ['(?<word>advice) \\k<word>', /named backreference/],
    ['not (?=investment)', /lookahead \(\(\?=…\)/],
    ['not (?!financial)', /lookahead \(\(\?!…\)/],
    ['(unclosed', /not a valid regular expression \(missing closing \)/],
    ['(?<=(not)) advice', /capturing group inside a lookbehind/],
  ] as const) {
    test(`${pattern}: a message saying why, and the default`, () => {
      const { config, messages } = resolve({ disclaimer: { pattern } });
      assert.equal(messages.length, 1, messages.join('\n'));
      assert.match(messages[0], /disclaimer\.pattern: /);
      assert.match(messages[0], why);
      assert.match(messages[0], /the default pattern is used/);
      assert.equal(config.disclaimer.pattern, defaultDisclaimerPattern);
    });
  }

  test('what RE2 can run of JavaScript syntax works: lookbehind, named groups, \\u escapes, case-insensitively', () => {
    const lookbehind = compileTextPattern('(?<=not )investment advice');
    assert.deepEqual(lookbehind.find('IS NOT INVESTMENT ADVICE'), { start: 7, end: 24 });
    assert.equal(compileTextPattern('(?<n>not) financial').test('This is NOT financial advice'), true);
    assert.equal(compileTextPattern('r\\u00e9sum\\u00e9').test('RÉSUMÉ'), true);
  });

  test('\\s keeps JavaScript’s meaning: a no-break space from pasted text is a space', () => {
    assert.ok(defaultDisclaimerPattern.test('This is not investment,\u00a0legal or tax\u00a0advice.'));
    assert.ok(compileTextPattern('not\\S+advice').test('not-advice'));
    assert.equal(compileTextPattern('not\\S+advice').test('not\u00a0advice'), false);
    assert.ok(compileTextPattern('not[\\s,]+advice').test('not,\u00a0advice'));
  });

  test('an oversized pattern is refused, not compiled', () => {
    assert.throws(() => compileTextPattern('a'.repeat(2001)), (e) => e instanceof PatternError && /longer than 2,000/.test(e.reason));
    assert.throws(() => compileTextPattern('\\p{L}{500}'), (e) => e instanceof PatternError && /too complex/.test(e.reason));
  });

  test('a refused value in .strategy-notes.json leaves the one from settings in place, and says so', () => {
    const { config, messages } = resolveConfig(
      [
        { origin: 'settings', value: { disclaimer: { pattern: 'not financial advice', text: 'This is not financial advice.' }, articles: 'posts/**/*.md' } },
        { origin: '.strategy-notes.json', value: { disclaimer: { pattern: '(a)\\1' }, articles: 'x/!(y).md' } },
      ],
      knownRuleIds,
    );
    assert.equal(config.disclaimer.pattern.source, 'not financial advice');
    assert.deepEqual(config.articles, ['posts/**/*.md']);
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0], /"not financial advice" from before is used\.$/);
    assert.match(messages[1], /the value from before is used\.$/);
  });

  test('the disclaimer fix check uses the same engine', () => {
    const config: Config = { ...defaultConfig(), disclaimer: { pattern: compileTextPattern('not financial advice'), text: 'This is NOT financial advice.' } };
    assert.equal(disclaimerFixes(config), true);
  });
});

describe('globs are matched in linear time', () => {
  const hostile = (stars: number) => `**/${'*a'.repeat(stars)}*c.md`;

  test('**/*a*a*a*a*a*a*a*a*a*a*c.md against names of 40, 80 and 160 characters completes, correctly', () => {
    // picomatch took 26 s on the 40-character name.
    const m = compileGlob(hostile(10));
    for (const n of [40, 80, 160]) {
      assert.equal(m(`articles/${'a'.repeat(n)}.md`), false);
      assert.equal(m(`articles/${'a'.repeat(n)}c.md`), true);
    }
    const config = { ...defaultConfig(), articles: [hostile(10)] };
    assert.equal(roleByGlobs(`${'a'.repeat(40)}.md`, config), 'other');
  });

  test('the matching program grows linearly with the glob (2× and 4× the stars)', () => {
    const sizes = [10, 20, 40].map((k) => compileGlob(hostile(k)).programSize);
    assert.ok(sizes[1] <= 2.2 * sizes[0], `${sizes}`);
    assert.ok(sizes[2] <= 4.4 * sizes[0], `${sizes}`);
    // Braces are alternations, never expanded: 2^20 paths in a program of a few hundred steps.
    assert.ok(compileGlob('{a,b}'.repeat(20) + '.md').programSize < 400);
  });

  test('a glob of 70,000 characters is one message naming the key, and the default', () => {
    const long = `${'a'.repeat(70_000)}/*.md`;
    for (const [value, key, read] of [
      [{ articles: [long] }, 'articles', (c: Config) => c.articles],
      [{ exclude: ['drafts/**', long] }, 'exclude', (c: Config) => c.exclude],
      [{ library: { concepts: long } }, 'library.concepts', (c: Config) => c.library.concepts],
    ] as const) {
      const { config, messages } = resolve(value);
      assert.equal(messages.length, 1, messages.join('\n'));
      assert.match(messages[0], new RegExp(`^\\.strategy-notes\\.json: ${key.replace('.', '\\.')}: the glob ".*" is longer than 4,096 characters; the default is used\\.$`));
      assert.ok(messages[0].length < 300);
      assert.deepEqual(read(config), read(defaultConfig()));
    }
    assert.throws(() => compileGlob('a'.repeat(maxGlobLength + 1)), GlobError);
    // Even a Config built around resolveConfig never throws when used.
    assert.equal(roleByGlobs('articles/a.md', { ...defaultConfig(), articles: [long] }), 'article');
  });

  test('what RE2 cannot express is a message: !(…); unclosed groups and deep nesting too', () => {
    for (const [glob, why] of [
      ['articles/!(draft)*.md', /!\(…\)/],
      ['articles/@(a|b.md', /missing a closing "\)"/],
      [`${'{a,'.repeat(40)}b${'}'.repeat(40)}.md`, /nested more than 32/],
      ['x/{a..zz}.md', /range/],
    ] as const) {
      const { config, messages } = resolve({ articles: glob });
      assert.equal(messages.length, 1, glob);
      assert.match(messages[0], why);
      assert.deepEqual(config.articles, defaultConfig().articles);
    }
  });

  test('ordinary globs match as picomatch matches them (with and without dot)', () => {
    const globs = ['**/*.md', 'articles/**/*.md', 'library/concepts/**/*.md', '*.md', 'a/*.md', 'archive/**', '**/drafts/**', '{a,b}/*.md', '**/*.{md,markdown}', '[ab]*.md', '[^a]*.md', '?.md', 'a/**/b/*.md', '**', 'drafts/x?.md', '**/README.md', './articles/*.md', 'a/{b,c/d}/*.md', '@(a|b)/*.md', '+(a)/x.md', 'a/*', '**/*a*a*c.md', '!a/*.md', '[[:alpha:]]*.md', 'notes/{x}.md', 'a.b/**/*.md', '**/*', 'a/**', '*/*.md', '**/a/**/*.md', '{1..3}.md', '**/(a|b).md', 'a/?(b).md'];
    const paths = ['a.md', 'b.md', '.md', 'x/.hidden.md', '.x/a.md', 'articles/a.md', 'articles/x/y/a.md', 'articles', 'library/concepts/moats.md', 'library/concepts/x/y.md', 'archive/a.md', 'archive', 'archive/x/y.md', 'drafts/a.md', 'x/drafts/a.md', 'a/a.md', 'b/b.md', 'c/c.md', 'a/b/c.md', 'a/b/b/x.md', 'a/x/y/b/z.md', 'README.md', 'x/README.md', 'drafts/x1.md', 'ab.md', 'ba.md', 'a/c/d/x.md', 'aa/x.md', 'a/x.md', 'a', 'x.markdown', 'y/x.markdown', 'aac.md', 'zaazc.md', 'notes/{x}.md', 'notes/x.md', 'a.b/c/d.md', '1.md', '4.md', 'a/b', 'a/b.md', 'x/a/y/z.md'];
    const differ: string[] = [];
    for (const dot of [false, true]) {
      for (const glob of globs) {
        const theirs = picomatch(glob, { dot });
        const ours = compileGlob(glob, { dot });
        for (const p of paths) if (theirs(p) !== ours(p)) differ.push(`${glob} ${p} dot=${dot}: picomatch ${theirs(p)}`);
      }
    }
    assert.deepEqual(differ, []);
    assert.equal(compileGlobs(['a/*.md', 'b/*.md'])('b/x.md'), true);
  });

  test('globBase: the static folder a library glob starts with', () => {
    assert.equal(globBase('library/concepts/**/*.md'), 'library/concepts');
    assert.equal(globBase('./notes/*.md'), 'notes');
    assert.equal(globBase('**/*.md'), '');
    assert.equal(globBase('{a,b}/x.md'), '');
    assert.equal(globBase('entries/x.md'), 'entries/x.md');
  });
});
