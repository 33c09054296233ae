// The library rules and their quick fixes, on an in-memory workspace: every fix is applied
// (edits to the article, edits to other files, created files), the workspace re-indexed by
// its change events, and the article checked again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../server/src/engine';
import { defaultConfig, resolveConfig, type Config } from '../../server/src/engine/config';
import type { Range } from '../../server/src/engine/dialect/model';
import { checkDocument, type ArticleDiagnostic } from '../../server/src/engine/features/diagnostics';
import { allRules, knownRuleIds } from '../../server/src/engine/rules';
import { blockScalar, fileSlug, maxSuggestedFindings } from '../../server/src/engine/rules/library-fixes';
import type { Fix, TextEdit } from '../../server/src/engine/rules/rule';
import { WorkspaceIndexer } from '../../server/src/engine/workspace/indexer';
import { InMemoryWorkspace } from '../../server/src/engine/workspace/workspace';
import { article, disclaimer, md } from './helpers';

const root = 'file:///ws';
const libraryRules = ['unknown-concept', 'unknown-company', 'wrong-library', 'duplicate-tag', 'unknown-reference', 'broken-related-link', 'duplicate-entry-name'];

const library: Record<string, string> = {
  'library/concepts/network-effects.md': md`
    ---
    title: Network Effects
    aliases:
      - Network Effect
      - Demand-Side Economies of Scale
    summary: Each new user makes the product more valuable.
    ---

    # Network Effects

    Text.
  `,
  'library/concepts/switching-costs.md': '---\ntitle: Switching Costs\naliases: [Lock-in]\n---\n\n# Switching Costs\n\nText.\n',
  'library/concepts/economic-moats.md': '---\ntitle: Economic Moats\nsummary: Lasting advantages.\n---\n\nText.\n',
  'library/concepts/platforms.md': '# Platform Business Models\n\nText.\n',
  'library/companies/streamvale.md': '---\ntitle: Streamvale\naliases:\n  - Streamvale Studios\n---\n\n# Streamvale\n\nText.\n',
  'library/companies/netflix.md': '---\ntitle: Netflix\naliases: NFLX # the ticker\n---\n\nText.\n',
  'library/companies/nestle.md': '---\ntitle: Nestlé\n---\n\nText.\n',
  'library/companies/obrien.md': "# O'Brien Foods\n\nText.\n",
  'articles/other.md': '# Other Article\n\n## Why It Matters\n\nText.\n',
};

const head = md`
  # Test Article

  Here are two things:

  ## 1. One

  Body.

  ## 2. Two

  Body.
`;

/** An article with these tag lines (each a list of items, `undefined` for no section) and extra text. */
function art(parts: { concepts?: string[]; companies?: string[]; related?: string[]; body?: string }): string {
  let text = head + (parts.body ? `\n${parts.body}\n` : '');
  if (parts.related) text += `\nRelated articles:\n\n${parts.related.map((i) => `- ${i}`).join('\n')}\n`;
  if (parts.concepts) text += `\nFrom the Concept Library, concepts for this article are:\n\n${parts.concepts.map((i) => `- ${i}`).join('\n')}\n`;
  if (parts.companies) text += `\nFrom the Company Library, companies for this article are:\n\n${parts.companies.map((i) => `- ${i}`).join('\n')}\n`;
  return text + `\n${disclaimer}\n`;
}

/** Applies non-overlapping edits to a text, as an editor would; fails on overlapping ones. */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  const offset = (p: TextEdit['range']['start']) => {
    assert.ok(p.line < lines.length || (p.line === lines.length && p.character === 0), `position ${p.line}:${p.character} is in the text`);
    const line = lines[p.line] ?? '';
    assert.ok(p.character <= line.replace(/\r?\n$|\r$/, '').length, `position ${p.line}:${p.character} is within its line`);
    return lines.slice(0, p.line).reduce((n, l) => n + l.length, 0) + p.character;
  };
  const sorted = [...edits].map((e) => ({ e, start: offset(e.range.start), end: offset(e.range.end) })).sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].start >= sorted[i - 1].end && sorted[i].start > sorted[i - 1].start, 'edits do not overlap');
  return sorted.reverse().reduce((t, { e, start, end }) => t.slice(0, start) + e.newText + t.slice(end), text);
}

function at(text: string, range: Range): string {
  const lines = text.split(/\r\n|\r|\n/);
  assert.equal(range.start.line, range.end.line);
  return lines[range.start.line].slice(range.start.character, range.end.character);
}

class Env {
  readonly engine = createEngine();
  private constructor(
    readonly ws: InMemoryWorkspace,
    readonly indexer: WorkspaceIndexer,
    readonly config: Config,
    readonly withRoot: boolean,
  ) {}

  static async create(files: Record<string, string>, options: { config?: Config; withRoot?: boolean } = {}): Promise<Env> {
    const config = options.config ?? defaultConfig();
    const ws = new InMemoryWorkspace(root, { ...library, ...files }, config);
    const indexer = new WorkspaceIndexer(ws, async () => {});
    await indexer.build();
    return new Env(ws, indexer, config, options.withRoot ?? true);
  }

  get index() {
    return this.indexer.index;
  }

  async text(rel: string): Promise<string> {
    const text = await this.ws.readFile(this.ws.uriOf(rel));
    assert.ok(text !== undefined, `${rel} exists`);
    return text;
  }

  /** The library rules' diagnostics of a file, as the engine gives them. */
  async check(rel: string, rules: readonly string[] = libraryRules): Promise<ArticleDiagnostic[]> {
    const uri = this.ws.uriOf(rel);
    const role = this.ws.roleOf(uri)!;
    const analysis = this.engine.analyze({
      key: uri,
      text: await this.text(rel),
      version: 1,
      config: this.config,
      isArticle: role === 'article',
      role,
      library: { index: this.index, root: this.withRoot ? root : undefined },
    });
    return analysis.diagnostics.filter((d) => rules.includes(d.rule));
  }

  /** Writes files and lets the indexer take the change events (an index update, not a rebuild). */
  async write(files: Record<string, string | undefined>) {
    return this.indexer.applyChanges(this.ws.write(files));
  }

  relOf(uri: string): string {
    assert.ok(uri.startsWith(root + '/'), `${uri} is in the workspace`);
    return decodeURIComponent(uri.slice(root.length + 1));
  }

  /** Applies a fix: created files (never over an existing one), edits to other files, edits to the article. */
  async applyFix(rel: string, fix: Fix): Promise<void> {
    const updates: Record<string, string> = {};
    for (const c of fix.createFiles ?? []) {
      assert.ok(!this.ws.has(c.uri), `${c.uri} does not exist yet`);
      updates[this.relOf(c.uri)] = c.text;
    }
    for (const o of fix.otherEdits ?? []) updates[this.relOf(o.uri)] = apply(await this.text(this.relOf(o.uri)), o.edits);
    if (fix.edits.length) updates[rel] = apply(await this.text(rel), fix.edits);
    await this.write(updates);
  }
}

async function withArticle(text: string, options?: { config?: Config; withRoot?: boolean }) {
  const env = await Env.create({ 'articles/a.md': text }, options);
  return { env, diagnostics: await env.check('articles/a.md') };
}

function fix(d: ArticleDiagnostic, title: RegExp): Fix {
  const found = d.fixes.find((f) => title.test(f.title));
  assert.ok(found, `a fix matching ${title} among ${d.fixes.map((f) => f.title).join(' | ')}`);
  return found;
}

describe('library rules: registration', () => {
  test('every rule of DIALECT.md is registered, in its table order, and config may name each', () => {
    assert.deepEqual(allRules.map((r) => r.id), [
      'disclaimer-missing',
      'pillar-numbering',
      'pillar-count',
      'pillar-empty',
      'unknown-concept',
      'unknown-company',
      'wrong-library',
      'duplicate-tag',
      'unknown-reference',
      'broken-related-link',
      'duplicate-entry-name',
      'could-not-check',
    ]);
    assert.deepEqual(knownRuleIds, allRules.map((r) => r.id));
    assert.equal(allRules.find((r) => r.id === 'duplicate-entry-name')!.appliesTo, 'entry');
    for (const id of libraryRules.filter((r) => r !== 'duplicate-entry-name')) assert.equal(allRules.find((r) => r.id === id)!.appliesTo, 'article');
    assert.deepEqual(resolveConfig([{ origin: 'test', value: { rules: { 'duplicate-entry-name': 'error', 'wrong-library': 'off' } } }], knownRuleIds).messages, []);
  });

  test('without a workspace (no library context) the library rules report nothing', () => {
    const text = art({ concepts: ['Nothing Like It'], companies: ['Netflx'], related: ['[Gone](gone.md)'], body: 'See [[Nowhere]].' });
    const found = checkDocument(article(text), defaultConfig(), 'article');
    assert.deepEqual(found.filter((d) => libraryRules.includes(d.rule)), []);
  });
});

describe('unknown-concept and unknown-company', () => {
  test('a tag that names no entry of any library is reported at its name', async () => {
    const text = art({ concepts: ['Network Efects'], companies: ['Netflx'] });
    const { diagnostics } = await withArticle(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.rule, d.severity, d.message, at(text, d.range)]),
      [
        ['unknown-concept', 'warning', '"Network Efects" is not in the Concept Library.', 'Network Efects'],
        ['unknown-company', 'warning', '"Netflx" is not in the Company Library.', 'Netflx'],
      ],
    );
  });

  test('tags match by title, alias, case, white space, accents, curly quotes and link', async () => {
    const env = await Env.create({});
    const concepts = ['Network Effects', 'network   effect', 'lock-in', '[[Switching Costs]]', '[Moats](../library/concepts/economic-moats.md)', 'platform business models'];
    const companies = ['Nestle', 'O’Brien Foods', 'NFLX', '[[streamvale studios|the studio]]', '**Netflix**'];
    for (const tag of concepts) {
      await env.write({ 'articles/a.md': art({ concepts: [tag] }) });
      assert.deepEqual(await env.check('articles/a.md'), [], tag);
    }
    for (const tag of companies) {
      await env.write({ 'articles/a.md': art({ companies: [tag] }) });
      assert.deepEqual(await env.check('articles/a.md'), [], tag);
    }
    await env.write({ 'articles/a.md': art({ concepts: ['network   effect', 'lock-in', '[Moats](../library/concepts/economic-moats.md)', 'platform business models'], companies: companies.slice(0, 4) }) });
    assert.deepEqual(await env.check('articles/a.md'), [], 'all together');
  });

  test('a link tag resolves by its file, not by its text', async () => {
    const text = art({ companies: ['[Netflix](../library/companies/no-such-file.md)', '[Whatever it says](../library/companies/netflix.md)'] });
    const { diagnostics } = await withArticle(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.rule, d.message, at(text, d.range)]),
      [['unknown-company', '"Netflix" links to ../library/companies/no-such-file.md, which is not an entry of the Company Library.', '[Netflix](../library/companies/no-such-file.md)']],
    );
  });

  test('n/a is never a tag', async () => {
    const { diagnostics } = await withArticle(art({ concepts: ['n/a'], companies: ['N/A'] }));
    assert.deepEqual(diagnostics, []);
  });

  test('a tag naming an entry of the other library is wrong-library, not unknown', async () => {
    const { diagnostics } = await withArticle(art({ concepts: ['Streamvale'], companies: ['Network Effects'] }));
    assert.deepEqual(diagnostics.map((d) => d.rule), ['wrong-library', 'wrong-library']);
  });

  test('the rule severity comes from config; off silences it', async () => {
    const { config } = resolveConfig([{ origin: 'test', value: { rules: { 'unknown-company': 'error', 'unknown-concept': 'off' } } }], knownRuleIds);
    const { diagnostics } = await withArticle(art({ concepts: ['Nope'], companies: ['Netflx'] }), { config });
    assert.deepEqual(diagnostics.map((d) => [d.rule, d.severity]), [['unknown-company', 'error']]);
  });
});

describe('unknown-reference', () => {
  test('an inline [[Name]] that names no entry of either library is reported at the name', async () => {
    const text = art({ body: 'Compare [[Netflx]] with [[netflix|the streamer]], [[nflx]], [[Network Effects]], [[demand-side  economies of scale]], [[O’Brien Foods]] and [[Nestle]].' });
    const { diagnostics } = await withArticle(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.rule, d.message, at(text, d.range)]),
      [['unknown-reference', '"Netflx" is not in the Concept Library or the Company Library.', 'Netflx']],
    );
  });

  test('every unknown reference and tag is reported; suggestions are made for the first 1,000 of each rule only', async () => {
    const n = maxSuggestedFindings + 200;
    const body = Array.from({ length: n }, (_, i) => `See [[Missing name ${i}]].`).join('\n\n');
    const tags = Array.from({ length: n }, (_, i) => `Missing tag ${i}`);
    const { diagnostics } = await withArticle(art({ body, concepts: tags }));
    for (const rule of ['unknown-reference', 'unknown-concept']) {
      const found = diagnostics.filter((d) => d.rule === rule);
      assert.equal(found.length, n, rule);
      assert.ok(found.slice(0, maxSuggestedFindings).every((d) => d.fixes.length > 0), `${rule}: the first ${maxSuggestedFindings} have fixes`);
      assert.ok(found.slice(maxSuggestedFindings).every((d) => d.fixes.length === 0), `${rule}: the rest none`);
    }
  });
});

describe('wrong-library', () => {
  test('messages name the right library', async () => {
    const text = art({ concepts: ['Streamvale'], companies: ['[Effects](../library/concepts/network-effects.md)'] });
    const { diagnostics } = await withArticle(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.message, at(text, d.range)]),
      [
        ['"Streamvale" is a company, not a concept: move it to the company tags.', 'Streamvale'],
        ['"Effects" is a concept, not a company: move it to the concept tags.', '[Effects](../library/concepts/network-effects.md)'],
      ],
    );
  });

  test('by alias, case and accents too', async () => {
    const { diagnostics } = await withArticle(art({ concepts: ['streamvale studios', 'NESTLE'], companies: ['network effect'] }));
    assert.deepEqual(diagnostics.map((d) => [d.rule, d.message]), [
      ['wrong-library', '"streamvale studios" is a company, not a concept: move it to the company tags.'],
      ['wrong-library', '"NESTLE" is a company, not a concept: move it to the company tags.'],
      ['wrong-library', '"network effect" is a concept, not a company: move it to the concept tags.'],
    ]);
  });

  test('a name that both libraries hold is not wrong in either section', async () => {
    const env = await Env.create({
      'library/concepts/streamvale-effect.md': '---\ntitle: The Streamvale Effect\naliases: [Streamvale]\n---\n',
      'articles/a.md': art({ concepts: ['Streamvale'], companies: ['Streamvale'] }),
    });
    assert.deepEqual((await env.check('articles/a.md', ['wrong-library', 'unknown-concept', 'unknown-company'])).map((d) => d.rule), []);
  });
});

describe('duplicate-tag', () => {
  test('two tags naming one entry: the second is reported, naming the first', async () => {
    const text = art({ concepts: ['Network Effects', 'Switching Costs', 'network effect'], companies: ['[Netflix](../library/companies/netflix.md)', 'Netflix', 'Streamvale'] });
    const { diagnostics } = await withArticle(text);
    const lineOf = (s: string) => text.split('\n').indexOf(`- ${s}`) + 1;
    assert.deepEqual(
      diagnostics.map((d) => [d.rule, d.message, at(text, d.range)]),
      [
        ['duplicate-tag', `"network effect" is tagged twice (also as "Network Effects" on line ${lineOf('Network Effects')}).`, 'network effect'],
        ['duplicate-tag', `"Netflix" is tagged twice (also on line ${lineOf('[Netflix](../library/companies/netflix.md)')}).`, 'Netflix'],
      ],
    );
  });

  test('distinct entries are not duplicates', async () => {
    const { diagnostics } = await withArticle(art({ concepts: ['Network Effects', 'Switching Costs'], companies: ['Netflix', 'Streamvale'] }));
    assert.deepEqual(diagnostics, []);
  });
});

describe('broken-related-link', () => {
  test('a link to a missing Markdown file or a missing heading is reported; the rest is not', async () => {
    const text = art({
      related: [
        '[Other](other.md)',
        '[Why](other.md#why-it-matters)',
        '[Why, in capitals](other.md#Why-It-Matters)',
        '[Gone](gone.md)',
        '[Gone too](../notes/gone.markdown)',
        '[No such heading](other.md#what-is-not-there)',
        '[Here](#1-one)',
        '[Not here](#nowhere)',
        '[The web](https://example.com/gone.md)',
        '[A PDF](report.pdf)',
        'A Plain Title (Podcast 150)',
        '[An entry](../library/companies/netflix.md)',
      ],
    });
    const { diagnostics } = await withArticle(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.rule, d.message, at(text, d.range)]),
      [
        ['broken-related-link', '"Gone" links to gone.md, which is not a file in this workspace.', 'gone.md'],
        ['broken-related-link', '"Gone too" links to ../notes/gone.markdown, which is not a file in this workspace.', '../notes/gone.markdown'],
        ['broken-related-link', '"No such heading" links to the heading #what-is-not-there, which other.md does not have.', 'other.md#what-is-not-there'],
        ['broken-related-link', '"Not here" links to the heading #nowhere, which this article does not have.', '#nowhere'],
      ],
    );
  });

  test('the file appearing, or gaining the heading, clears it (an index update)', async () => {
    const env = await Env.create({ 'articles/a.md': art({ related: ['[Gone](gone.md#later)'] }) });
    assert.equal((await env.check('articles/a.md')).length, 1);
    await env.write({ 'articles/gone.md': '# Gone\n\nText.\n' });
    assert.match((await env.check('articles/a.md'))[0].message, /heading #later/);
    await env.write({ 'articles/gone.md': '# Gone\n\n## Later\n\nText.\n' });
    assert.deepEqual(await env.check('articles/a.md'), []);
    await env.write({ 'articles/gone.md': undefined });
    assert.match((await env.check('articles/a.md'))[0].message, /not a file/);
  });
});

describe('duplicate-entry-name', () => {
  test('entries sharing a name are reported on both, at the title or alias, naming the other file', async () => {
    const env = await Env.create({
      'library/companies/streamvale-inc.md': '---\ntitle: Streamvale Inc\naliases:\n  - streamvale\n---\n\n# Streamvale Inc\n',
      'library/companies/fernway.md': '# Fernway Foods\n\nText.\n',
    });
    const a = await env.check('library/companies/streamvale.md');
    assert.deepEqual(
      a.map((d) => [d.rule, d.message, at(library['library/companies/streamvale.md'], d.range), d.range.start.line]),
      [['duplicate-entry-name', '"Streamvale" is also a name of library/companies/streamvale-inc.md: a tag or reference with it cannot tell the entries apart.', 'Streamvale', 1]],
    );
    const b = await env.check('library/companies/streamvale-inc.md');
    const bText = await env.text('library/companies/streamvale-inc.md');
    assert.deepEqual(
      b.map((d) => [d.message, at(bText, d.range), d.range.start.line]),
      [['"streamvale" is also a name of library/companies/streamvale.md: a tag or reference with it cannot tell the entries apart.', 'streamvale', 3]],
    );
    assert.deepEqual(await env.check('library/companies/fernway.md'), []);
    // Entry rules only: an entry gets no article rules (no disclaimer), an article no entry rules.
    assert.deepEqual((await env.check('library/companies/fernway.md', allRules.map((r) => r.id))).map((d) => d.rule), []);
  });

  test('across the libraries too, with every other file named', async () => {
    const env = await Env.create({
      'library/concepts/netflix-effect.md': '# Netflix\n',
      'library/companies/netflix-2.md': '---\ntitle: NETFLIX\n---\n',
    });
    const [d] = await env.check('library/companies/netflix.md');
    assert.equal(d.message, '"Netflix" is also a name of library/companies/netflix-2.md and library/concepts/netflix-effect.md: a tag or reference with it cannot tell the entries apart.');
  });

  test('an alias added elsewhere makes it appear, and removing it clears it (index updates)', async () => {
    const env = await Env.create({});
    assert.deepEqual(await env.check('library/companies/nestle.md'), []);
    const change = await env.write({ 'library/companies/obrien.md': "---\naliases: [Nestle]\n---\n# O'Brien Foods\n" });
    assert.ok(env.index.dependents(change).has(env.ws.uriOf('library/companies/nestle.md')), 'the other entry is among the dependents');
    assert.equal((await env.check('library/companies/nestle.md')).length, 1);
    await env.write({ 'library/companies/obrien.md': "# O'Brien Foods\n" });
    assert.deepEqual(await env.check('library/companies/nestle.md'), []);
  });
});

describe('disable comments silence the library rules', () => {
  // A comment line between two items ends a section (the model reads items up to the first
  // line that is not one), so tag rules are silenced around a whole section or on the line.
  test('disable … enable, disable-next-line and disable-line', async () => {
    const text = md`
      # Test Article

      <!-- strategy-notes-disable unknown-reference -->
      See [[Nowhere]].
      <!-- strategy-notes-enable unknown-reference -->
      And [[Elsewhere]].
      <!-- strategy-notes-disable-next-line unknown-reference -->
      Not [[Anywhere]].

      <!-- strategy-notes-disable broken-related-link duplicate-tag -->
      Related articles:

      - [Gone](gone.md)

      From the Concept Library, concepts for this article are:

      - Network Effects
      - network effect
      <!-- strategy-notes-enable broken-related-link duplicate-tag -->

      From the Company Library, companies for this article are:

      - Netflx <!-- strategy-notes-disable-line unknown-company -->
      - Netflxx
      - Nestle
      - Nestlé

      ${disclaimer}
    `;
    const { diagnostics } = await withArticle(text);
    assert.deepEqual(diagnostics.map((d) => [d.rule, at(text, d.range)]), [
      ['unknown-reference', 'Elsewhere'],
      ['unknown-company', 'Netflxx'],
      ['duplicate-tag', 'Nestlé'],
    ]);
  });

  test('on an entry file, before the heading that gives its title', async () => {
    const env = await Env.create({ 'library/companies/nflx.md': '<!-- strategy-notes-disable-next-line duplicate-entry-name -->\n# Netflix\n' });
    assert.deepEqual(await env.check('library/companies/nflx.md'), []);
    assert.equal((await env.check('library/companies/netflix.md')).length, 1);
  });
});

describe('index updates change the results (no rebuild)', () => {
  test('an entry created, retitled, given an alias and deleted', async () => {
    const env = await Env.create({ 'articles/a.md': art({ companies: ['Fernway Foods'], body: 'See [[Fernway]].' }) });
    const rules = async () => (await env.check('articles/a.md')).map((d) => d.rule);
    assert.deepEqual(await rules(), ['unknown-reference', 'unknown-company']);
    const created = await env.write({ 'library/companies/fernway.md': '# Fernway Foods\n\nText.\n' });
    assert.ok(env.index.dependents(created).has(env.ws.uriOf('articles/a.md')));
    assert.deepEqual(await rules(), ['unknown-reference']);
    await env.write({ 'library/companies/fernway.md': '---\naliases:\n  - Fernway\n---\n# Fernway Foods\n' });
    assert.deepEqual(await rules(), []);
    await env.write({ 'library/companies/fernway.md': '---\naliases:\n  - Fernway\n---\n# Fernway Grocers\n' });
    assert.deepEqual(await rules(), ['unknown-company']);
    await env.write({ 'library/companies/fernway.md': '# Fernway Foods\n' });
    assert.deepEqual(await rules(), ['unknown-reference']);
    await env.write({ 'library/companies/fernway.md': undefined });
    assert.deepEqual(await rules(), ['unknown-reference', 'unknown-company']);
  });

  test('an entry moved to the other library makes the tag a wrong-library one', async () => {
    const env = await Env.create({ 'articles/a.md': art({ companies: ['Fernway Foods'] }) });
    await env.write({ 'library/companies/fernway.md': '# Fernway Foods\n' });
    assert.deepEqual(await env.check('articles/a.md'), []);
    await env.write({ 'library/companies/fernway.md': undefined, 'library/concepts/fernway.md': '# Fernway Foods\n' });
    assert.deepEqual((await env.check('articles/a.md')).map((d) => d.rule), ['wrong-library']);
  });
});

describe('fix: change to the closest entries', () => {
  test('replaces the name with the closest entry title; preferred when it is the one best', async () => {
    const text = art({ companies: ['Netflx'] });
    const { env, diagnostics } = await withArticle(text);
    const [d] = diagnostics;
    const change = d.fixes.filter((f) => f.title.startsWith('Change to'));
    assert.deepEqual(change.map((f) => [f.title, f.preferred, f.safe]), [['Change to "Netflix"', true, false]]);
    await env.applyFix('articles/a.md', change[0]);
    assert.equal(await env.text('articles/a.md'), text.replace('- Netflx', '- Netflix'));
    assert.deepEqual(await env.check('articles/a.md'), []);
  });

  test('an alias that is close inserts the entry title; references take entries of both libraries', async () => {
    const text = art({ companies: ['Streamvale Studioz'], body: 'See [[Network Efect|the effect]] and [[Netflx]].' });
    const { env, diagnostics } = await withArticle(text);
    assert.deepEqual(
      diagnostics.map((d) => d.fixes.filter((f) => f.title.startsWith('Change to')).map((f) => f.title)),
      [['Change to "Network Effects"'], ['Change to "Netflix"'], ['Change to "Streamvale"']],
    );
    for (const d of diagnostics) {
      const current = (await env.check('articles/a.md')).find((x) => x.message === d.message)!;
      await env.applyFix('articles/a.md', current.fixes[0]);
    }
    assert.equal(await env.text('articles/a.md'), text.replace('- Streamvale Studioz', '- Streamvale').replace('[[Network Efect|', '[[Network Effects|').replace('[[Netflx]]', '[[Netflix]]'));
    assert.deepEqual(await env.check('articles/a.md'), []);
  });

  test('up to three, closest first; a tie is not preferred; nothing close, nothing offered', async () => {
    const env = await Env.create({
      'library/concepts/scale-a.md': '# Scale A\n',
      'library/concepts/scale-b.md': '# Scale B\n',
      'library/concepts/scale-c.md': '# Scale C\n',
      'library/concepts/scale-dd.md': '# Scale DD\n',
      'articles/a.md': art({ concepts: ['Scale X', 'Quantum Entanglement'] }),
    });
    const [tie, far] = await env.check('articles/a.md');
    const change = tie.fixes.filter((f) => f.title.startsWith('Change to'));
    assert.deepEqual(change.map((f) => f.title), ['Change to "Scale A"', 'Change to "Scale B"', 'Change to "Scale C"']);
    assert.ok(change.every((f) => !f.preferred && f.safe === false));
    assert.deepEqual(far.fixes.filter((f) => f.title.startsWith('Change to') || f.title.startsWith('Add')), []);
  });

  test('a link tag is replaced by a link to the entry file, which resolves', async () => {
    const text = art({ companies: ['[Netflx](https://example.com/netflx)'] });
    const { env, diagnostics } = await withArticle(text);
    await env.applyFix('articles/a.md', fix(diagnostics[0], /^Change to "Netflix"/));
    assert.equal(await env.text('articles/a.md'), text.replace('[Netflx](https://example.com/netflx)', '[Netflix](../library/companies/netflix.md)'));
    assert.deepEqual(await env.check('articles/a.md'), []);
  });
});

describe('fix: add the written name as an alias', () => {
  const cases: { name: string; tag: string; section: 'concepts' | 'companies'; entry: string; expected: string }[] = [
    {
      name: 'an aliases list: one more item, same indent',
      tag: 'Network Efx',
      section: 'concepts',
      entry: 'library/concepts/network-effects.md',
      expected: library['library/concepts/network-effects.md'].replace('  - Demand-Side Economies of Scale\n', '  - Demand-Side Economies of Scale\n  - Network Efx\n'),
    },
    {
      name: 'a flow sequence: rewritten with the old items kept',
      tag: 'Switching Cost',
      section: 'concepts',
      entry: 'library/concepts/switching-costs.md',
      expected: library['library/concepts/switching-costs.md'].replace('aliases: [Lock-in]', 'aliases: [Lock-in, Switching Cost]'),
    },
    {
      name: 'one string with a comment: becomes a flow sequence, the comment stays',
      tag: 'Netflx',
      section: 'companies',
      entry: 'library/companies/netflix.md',
      expected: library['library/companies/netflix.md'].replace('aliases: NFLX # the ticker', 'aliases: [NFLX, Netflx] # the ticker'),
    },
    {
      name: 'front matter without aliases: the key goes before the closing line',
      tag: 'Economic Moat',
      section: 'concepts',
      entry: 'library/concepts/economic-moats.md',
      expected: library['library/concepts/economic-moats.md'].replace('summary: Lasting advantages.\n', 'summary: Lasting advantages.\naliases:\n  - Economic Moat\n'),
    },
    {
      name: 'no front matter: one is added at the top',
      tag: 'Platform Business Model',
      section: 'concepts',
      entry: 'library/concepts/platforms.md',
      expected: '---\naliases:\n  - Platform Business Model\n---\n' + library['library/concepts/platforms.md'],
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const text = art({ [c.section]: [c.tag] });
      const { env, diagnostics } = await withArticle(text);
      const f = fix(diagnostics[0], /^Add ".*" as an alias/);
      assert.equal(f.safe, false);
      assert.deepEqual(f.edits, [], 'the article is not edited');
      assert.deepEqual(f.otherEdits!.map((o) => env.relOf(o.uri)), [c.entry]);
      await env.applyFix('articles/a.md', f);
      assert.equal(await env.text(c.entry), c.expected);
      assert.deepEqual(await env.check('articles/a.md'), []);
      assert.deepEqual(await env.check(c.entry), [], 'the entry is fine too');
    });
  }

  test('names that YAML must quote are quoted, and read back as written', async () => {
    for (const name of ['Netflix: The Sequel', '#1 Streamer', '- Netflix', '"Netflix"', 'Netflix, Inc', '[Netflix]', 'Netflix #tag', '@netflix', '2024']) {
      assert.equal(blockScalar(name) === name, /^[A-Za-z][A-Za-z ,]*$/.test(name), `${name} quoted only when needed`);
    }
    const env = await Env.create({ 'articles/a.md': art({ companies: ['Netflix: TV', 'Streamvale: #2'], body: 'See [[Net, flix]].' }) });
    for (let i = 0; i < 3; i++) {
      const d = (await env.check('articles/a.md'))[0];
      await env.applyFix('articles/a.md', fix(d, /as an alias/));
    }
    assert.deepEqual(await env.check('articles/a.md'), []);
    assert.deepEqual(env.index.entry(env.ws.uriOf('library/companies/netflix.md'))!.aliases.map((a) => a.name), ['NFLX', 'Net, flix', 'Netflix: TV']);
    assert.deepEqual(env.index.entry(env.ws.uriOf('library/companies/streamvale.md'))!.aliases.map((a) => a.name), ['Streamvale Studios', 'Streamvale: #2']);
  });

  test('not offered for a flow sequence written over several lines', async () => {
    const env = await Env.create({
      'library/concepts/bundling.md': '---\ntitle: Bundling\naliases: [Bundle,\n  Bundles]\n---\n',
      'articles/a.md': art({ concepts: ['Bundlin'] }),
    });
    const [d] = await env.check('articles/a.md');
    assert.ok(d.fixes.some((f) => f.title === 'Change to "Bundling"'));
    assert.ok(!d.fixes.some((f) => /as an alias/.test(f.title)));
  });

  test('a reference: the alias goes to the closest entry of either library', async () => {
    const text = art({ body: 'See [[Swiching Costs]].' });
    const { env, diagnostics } = await withArticle(text);
    const f = fix(diagnostics[0], /as an alias/);
    assert.equal(f.title, 'Add "Swiching Costs" as an alias of "Switching Costs" (library/concepts/switching-costs.md)');
    await env.applyFix('articles/a.md', f);
    assert.deepEqual(await env.check('articles/a.md'), []);
  });
});

describe('fix: create the missing entry', () => {
  test('a new file in the library folder from the template; the tag then resolves', async () => {
    const text = art({ concepts: ['Multi-Homing'] });
    const { env, diagnostics } = await withArticle(text);
    const f = fix(diagnostics[0], /^Create/);
    assert.equal(f.title, 'Create the Concept Library entry "Multi-Homing" (library/concepts/multi-homing.md)');
    assert.deepEqual(f.edits, []);
    assert.equal(f.safe, false);
    assert.deepEqual(f.createFiles!.map((c) => env.relOf(c.uri)), ['library/concepts/multi-homing.md']);
    const created = f.createFiles![0].text;
    assert.match(created, /^---\ntitle: Multi-Homing\nsummary:\n---\n\n# Multi-Homing\n\n\S.*\n$/);
    await env.applyFix('articles/a.md', f);
    assert.equal(await env.text('articles/a.md'), text, 'the article is untouched');
    assert.equal(env.index.entry(env.ws.uriOf('library/concepts/multi-homing.md'))?.title, 'Multi-Homing');
    assert.deepEqual(await env.check('articles/a.md'), []);
    assert.deepEqual(await env.check('library/concepts/multi-homing.md'), []);
  });

  test('never over a file the index holds: -2, -3 …', async () => {
    const env = await Env.create({
      'library/companies/fernway.md': '# Fernway Holdings\n',
      'library/companies/fernway-2.md': '# Fernway Partners\n',
      'articles/a.md': art({ companies: ['Fernway'] }),
    });
    const f = fix((await env.check('articles/a.md'))[0], /^Create/);
    assert.deepEqual(f.createFiles!.map((c) => env.relOf(c.uri)), ['library/companies/fernway-3.md']);
    await env.applyFix('articles/a.md', f);
    assert.deepEqual(await env.check('articles/a.md'), []);
  });

  test('names that need quoting, accents and odd characters', async () => {
    assert.equal(fileSlug('Nestlé Waters: The Group'), 'nestle-waters-the-group');
    assert.equal(fileSlug('AT&T  Inc.'), 'att-inc');
    assert.equal(fileSlug('???'), 'entry');
    const env = await Env.create({ 'articles/a.md': art({ companies: ['Société Générale: Bank'] }) });
    const f = fix((await env.check('articles/a.md'))[0], /^Create/);
    assert.deepEqual(f.createFiles!.map((c) => env.relOf(c.uri)), ['library/companies/societe-generale-bank.md']);
    assert.match(f.createFiles![0].text, /^---\ntitle: "Société Générale: Bank"\n/);
    await env.applyFix('articles/a.md', f);
    assert.deepEqual(await env.check('articles/a.md'), []);
  });

  test('in the folder of the first configured glob', async () => {
    const { config } = resolveConfig([{ origin: 'test', value: { library: { companies: ['kb/firms/**/*.md', 'library/companies/**/*.md'] } } }], knownRuleIds);
    const env = await Env.create({ 'articles/a.md': art({ companies: ['Fernway'] }) }, { config });
    const f = fix((await env.check('articles/a.md'))[0], /^Create/);
    assert.deepEqual(f.createFiles!.map((c) => env.relOf(c.uri)), ['kb/firms/fernway.md']);
    await env.applyFix('articles/a.md', f);
    assert.deepEqual(await env.check('articles/a.md'), []);
  });

  test('a link tag to a missing entry file: the file is created at the link target', async () => {
    const text = art({ companies: ['[Fernway Foods](../library/companies/fernway-foods.md)'] });
    const { env, diagnostics } = await withArticle(text);
    const f = fix(diagnostics[0], /^Create/);
    assert.deepEqual(f.createFiles!.map((c) => env.relOf(c.uri)), ['library/companies/fernway-foods.md']);
    assert.ok(!diagnostics[0].fixes.some((x) => /as an alias/.test(x.title)), 'an alias would not make a link resolve');
    await env.applyFix('articles/a.md', f);
    assert.deepEqual(await env.check('articles/a.md'), []);
  });

  test('a reference may become a concept or a company', async () => {
    const text = art({ body: 'See [[Fernway]].' });
    const { env, diagnostics } = await withArticle(text);
    const creates = diagnostics[0].fixes.filter((f) => f.title.startsWith('Create'));
    assert.deepEqual(creates.map((f) => env.relOf(f.createFiles![0].uri)), ['library/concepts/fernway.md', 'library/companies/fernway.md']);
    await env.applyFix('articles/a.md', creates[1]);
    assert.deepEqual(await env.check('articles/a.md'), []);
  });

  test('no create fix without a root', async () => {
    const { diagnostics } = await withArticle(art({ companies: ['Fernway'], body: 'See [[Fernway]].' }), { withRoot: false });
    assert.equal(diagnostics.length, 2);
    for (const d of diagnostics) assert.ok(!d.fixes.some((f) => f.createFiles), d.message);
  });
});

describe('fix: move a wrong-library tag', () => {
  async function moved(text: string, expected: string) {
    const { env, diagnostics } = await withArticle(text);
    const wrong = diagnostics.filter((d) => d.rule === 'wrong-library');
    assert.equal(wrong.length, 1);
    assert.equal(wrong[0].fixes.length, 1);
    await env.applyFix('articles/a.md', wrong[0].fixes[0]);
    assert.equal(await env.text('articles/a.md'), expected);
    assert.deepEqual(await env.check('articles/a.md'), []);
    return wrong[0].fixes[0];
  }

  test('to the end of the other section', async () => {
    const f = await moved(
      art({ concepts: ['Network Effects', 'Streamvale', 'Switching Costs'], companies: ['Netflix'] }),
      art({ concepts: ['Network Effects', 'Switching Costs'], companies: ['Netflix', 'Streamvale'] }),
    );
    assert.equal(f.title, 'Move "Streamvale" to the company tags');
    assert.equal(f.preferred, true);
  });

  test('from the company section, a link kept as written', async () => {
    await moved(
      art({ concepts: ['Switching Costs'], companies: ['Netflix', '[NE](../library/concepts/network-effects.md)'] }),
      art({ concepts: ['Switching Costs', '[NE](../library/concepts/network-effects.md)'], companies: ['Netflix'] }),
    );
  });

  test('replacing an n/a item', async () => {
    await moved(art({ concepts: ['Streamvale', 'Switching Costs'], companies: ['n/a'] }), art({ concepts: ['Switching Costs'], companies: ['Streamvale'] }));
  });

  test('replacing an n/a written on the header line', async () => {
    const text = art({ concepts: ['Streamvale', 'Switching Costs'] }).replace(`\n${disclaimer}`, `\nFrom the Company Library, companies for this article are: n/a\n\n${disclaimer}`);
    const expected = art({ concepts: ['Switching Costs'] }).replace(`\n${disclaimer}`, `\nFrom the Company Library, companies for this article are:\n- Streamvale\n\n${disclaimer}`);
    await moved(text, expected);
  });

  test('creating the other section right after this one', async () => {
    const expected = art({ concepts: ['Switching Costs'] }).replace(`\n${disclaimer}`, `\nFrom the Company Library, companies for this article are:\n- Streamvale\n\n${disclaimer}`);
    await moved(art({ concepts: ['Streamvale', 'Switching Costs'] }), expected);
    await moved(art({ concepts: ['Switching Costs', 'Streamvale'] }), expected);
    await moved(
      art({ companies: ['Netflix', 'Network Effects'] }),
      art({ companies: ['Netflix'] }).replace(`\n${disclaimer}`, `\nFrom the Concept Library, concepts for this article are:\n- Network Effects\n\n${disclaimer}`),
    );
  });

  test('only removed when the other section already names the entry', async () => {
    const f = await moved(art({ concepts: ['Streamvale Studios', 'Switching Costs'], companies: ['Streamvale'] }), art({ concepts: ['Switching Costs'], companies: ['Streamvale'] }));
    assert.equal(f.title, 'Remove "Streamvale Studios" (already among the company tags)');
  });

  test('in the pasted style (no blank lines), with CRLF and * markers', async () => {
    const text = ['# T', 'Body.', 'From the Concept Library, concepts for this article are:', '* Streamvale', '* Switching Costs', 'From the Company Library, companies for this article are:', '* Netflix', disclaimer, ''].join('\r\n');
    const expected = ['# T', 'Body.', 'From the Concept Library, concepts for this article are:', '* Switching Costs', 'From the Company Library, companies for this article are:', '* Netflix', '* Streamvale', disclaimer, ''].join('\r\n');
    await moved(text, expected);
  });
});

describe('fix: remove a duplicate tag', () => {
  test('deletes its whole line; safe and preferred', async () => {
    const text = art({ concepts: ['Network Effects', 'network effect', 'Switching Costs'] });
    const { env, diagnostics } = await withArticle(text);
    const [d] = diagnostics;
    assert.deepEqual(d.fixes.map((f) => [f.title, f.safe, f.preferred]), [['Remove the duplicate tag "network effect"', true, true]]);
    await env.applyFix('articles/a.md', d.fixes[0]);
    assert.equal(await env.text('articles/a.md'), art({ concepts: ['Network Effects', 'Switching Costs'] }));
    assert.deepEqual(await env.check('articles/a.md'), []);
  });

  test('on the last line of a file without a final newline', async () => {
    const text = `# T\n\n${disclaimer}\n\nFrom the Company Library, companies for this article are:\n- Netflix\n- NFLX`;
    const { env, diagnostics } = await withArticle(text);
    await env.applyFix('articles/a.md', diagnostics[0].fixes[0]);
    assert.equal(await env.text('articles/a.md'), `# T\n\n${disclaimer}\n\nFrom the Company Library, companies for this article are:\n- Netflix\n`);
    assert.deepEqual(await env.check('articles/a.md'), []);
  });

  test('several at once (fix-all) do not overlap', async () => {
    const text = art({ companies: ['Netflix', 'NFLX', 'netflix', 'Streamvale'] });
    const { env, diagnostics } = await withArticle(text);
    assert.equal(diagnostics.length, 2);
    await env.applyFix('articles/a.md', { title: 'all', edits: diagnostics.flatMap((d) => d.fixes[0].edits) });
    assert.equal(await env.text('articles/a.md'), art({ companies: ['Netflix', 'Streamvale'] }));
  });
});

describe('the existing rules mark their one obvious fix safe', () => {
  test('disclaimer, pillar numbering, pillar count', () => {
    const model = article('Here are three things:\n\n## 1. One\n\nBody.\n\n## 3. Two\n\nBody.\n');
    const found = checkDocument(model, defaultConfig(), 'article');
    assert.deepEqual(
      found.map((d) => [d.rule, d.fixes.map((f) => f.safe)]),
      [
        ['pillar-count', [true]],
        ['pillar-numbering', [true]],
        ['disclaimer-missing', [true]],
      ],
    );
  });
});
