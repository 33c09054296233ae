// A small workspace with both libraries and a few articles, for the library feature tests:
// indexed with the real indexer on an in-memory workspace; documents with `‸` cursor markers.

import assert from 'node:assert/strict';
import { ArticleBuilder } from '../../server/src/engine/dialect/article';
import type { Position } from '../../server/src/engine/dialect/model';
import { defaultConfig } from '../../server/src/engine/config';
import type { DocumentContext } from '../../server/src/engine/features/locate';
import type { TextEdit } from '../../server/src/engine/rules/rule';
import { WorkspaceIndexer, summarizeText } from '../../server/src/engine/workspace/indexer';
import { InMemoryWorkspace } from '../../server/src/engine/workspace/workspace';
import { disclaimer, marked, md } from './helpers';

export const root = 'file:///ws';
export const config = { ...defaultConfig(), articles: ['articles/**/*.md'] };
const builder = new ArticleBuilder();

export const library: Record<string, string> = {
  'library/concepts/network-effects.md': md`
    ---
    title: Network Effects
    aliases:
      - Metcalfe's Law
      - Network Effect
    summary: A product gets more valuable as more people use it.
    ---

    # Network Effects

    Each new user adds value for the others.
  `,
  'library/concepts/switching-costs.md': md`
    # Switching Costs

    What it costs a customer to leave.
  `,
  'library/concepts/flywheel.md': md`
    ---
    title: "Flywheel"
    aliases: [Virtuous Cycle]
    ---

    Momentum that feeds itself.
  `,
  'library/concepts/economies-of-scale.md': md`
    # Economies of Scale

    Unit costs fall as volume grows.
  `,
  'library/companies/nestle.md': md`
    ---
    title: Nestlé
    aliases: [Nestlé S.A.]
    summary: A Swiss food company.
    ---
  `,
  'library/companies/netflix.md': md`
    ---
    title: Netflix
    aliases: [NFLX]
    ---

    # Netflix

    A streaming company.
  `,
  'library/companies/streamvale.md': md`
    # Streamvale

    A fictional streaming company.
  `,
  'library/companies/northwind-logistics.md': 'A logistics company, titled by its file name.\n',
};

export const moats = md`
  # Streaming Moats

  Here are two reasons [[Network Effects|network effects]] and [[NFLX]] matter, says [[netflix]]:

  ## 1. Scale

  Scale helps [[Nestle]].

  ## 2. Habit

  Habit helps [[Unknown Thing]].

  Related articles:

  - [Pricing Ladders](pricing.md#the-price-ladder)
  - [Gone](gone.md)
  - Habit Loops

  From the Concept Library, concepts for this article are:

  - Network Effects
  - [[Switching Costs]]
  - Metcalfe's law
  - Netflix

  From the Company Library, companies for this article are:

  - [Netflix](../library/companies/netflix.md)
  - nflx
  - Netflx

  ${disclaimer}
`;

export const articles: Record<string, string> = {
  'articles/moats.md': moats,
  'articles/pricing.md': md`
    # Pricing Ladders

    ## The Price Ladder

    Netflix tiers, from [[NETFLIX]] itself.

    From the Company Library, companies for this article are:

    - Netflix

    ${disclaimer}
  `,
  'articles/habit.md': md`
    # Habit Loops

    ## 1. Cue

    Text.

    ## 2. Reward

    [[Metcalfe's Law|Metcalfe]] and [[network effects]].

    ${disclaimer}
  `,
};

export interface Fixture {
  ws: InMemoryWorkspace;
  indexer: WorkspaceIndexer;
  /** The document at `rel` as the editor holds it: text with `‸` markers removed, its summary, the cursors. */
  doc(rel: string, textWithMarkers?: string): DocumentContext & { text: string; cursor: Position; cursors: Position[] };
  /** Writes files (undefined deletes) and applies the events, as a watcher would. */
  write(files: Record<string, string | undefined>): Promise<void>;
  read(rel: string): Promise<string>;
  uri(rel: string): string;
}

export async function fixture(extra: Record<string, string> = {}): Promise<Fixture> {
  const current: Record<string, string | undefined> = { ...library, ...articles, ...extra };
  const ws = new InMemoryWorkspace(root, current as Record<string, string>, config);
  const indexer = new WorkspaceIndexer(ws, async () => {});
  await indexer.build();
  return {
    ws,
    indexer,
    doc(rel, textWithMarkers) {
      const uri = ws.uriOf(rel);
      const source = textWithMarkers ?? current[rel];
      assert.ok(source !== undefined, `no text for ${rel}`);
      const { text, cursors } = marked(source);
      const role = ws.roleOf(uri) ?? 'other';
      const summary = summarizeText(uri, role, text, builder);
      return { uri, text, summary, cursor: cursors[0], cursors };
    },
    async write(files) {
      Object.assign(current, files);
      await indexer.applyChanges(ws.write(files));
    },
    async read(rel) {
      const text = await ws.readFile(ws.uriOf(rel));
      assert.ok(text !== undefined, `no file ${rel}`);
      return text;
    },
    uri: (rel) => ws.uriOf(rel),
  };
}

/** The text with the edits applied (they must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  let lastStart = Infinity;
  for (const e of sorted) {
    const start = offset(e.range.start);
    const end = offset(e.range.end);
    assert.ok(end <= lastStart, 'edits overlap');
    out = out.slice(0, start) + e.newText + out.slice(end);
    lastStart = start;
  }
  return out;
}

/** Puts a cursor marker into a file's text at the first occurrence of `before` (the marker goes after `at` characters of it). */
export function withCursor(text: string, find: string, at = 0): string {
  const i = text.indexOf(find);
  assert.ok(i >= 0, `"${find}" not in text`);
  return text.slice(0, i + at) + '‸' + text.slice(i + at);
}
