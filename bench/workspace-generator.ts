// A deterministic workspace for the library benchmark: N strategy articles and M library
// entries (concepts and companies), written to a folder with a `.strategy-notes.json`.
// Same seed, same bytes: every choice comes from a seeded PRNG (never Math.random).
//
// Articles come in both styles (heading pillars with blank lines, and pasted text with no
// blank lines at all), every pillar form of DIALECT.md, thesis lines, sub-points, tag sections
// (by title, alias, link and `[[reference]]`), `[[references]]` in prose, related-article links
// to other generated articles (some with `#slug`) and a disclaimer. About 3% of tags,
// references and related links are broken on purpose. Prose is composed from large word lists
// and every paragraph, bullet and title is checked against all earlier ones, so no block of
// text repeats anywhere in the workspace (a cache cannot flatter a figure).
//
//   node --import tsx bench/workspace-generator.ts OUT_DIR [--articles 2000] [--entries 800] [--seed 1]

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { nameKey } from '../server/src/engine/workspace/index';

// ---- the PRNG ------------------------------------------------------------------------------

/** FNV-1a over the seed and salts: one independent stream per file, so a file's text does not
 * depend on how many draws other files made. */
function hashSeed(seed: number, salt: readonly (string | number)[]): number {
  let h = 0x811c9dc5 ^ seed;
  for (const ch of salt.join('\u0001')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counter), seeded through splitmix32. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, ...salt: (string | number)[]) {
    let s = hashSeed(seed, salt);
    const mix = () => {
      s = (s + 0x9e3779b9) | 0;
      let t = s ^ (s >>> 16);
      t = Math.imul(t, 0x21f0aaad);
      t ^= t >>> 15;
      t = Math.imul(t, 0x735a2d97);
      return (t ^ (t >>> 15)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/** Picks by rank with Zipf weights (1 / (rank + 1)^s): a few entries are tagged everywhere, most rarely. */
class Zipf<T> {
  private readonly cumulative: number[] = [];

  constructor(
    readonly items: readonly T[],
    s = 1,
  ) {
    let total = 0;
    for (let r = 0; r < items.length; r++) this.cumulative.push((total += 1 / (r + 1) ** s));
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo];
  }
}

// ---- word lists ----------------------------------------------------------------------------

const w = (s: string): string[] => s.trim().split(/\s*\|\s*|\n+/).filter(Boolean);

const genericSubjects: { text: string; plural: boolean }[] = [
  ...w(`the company | management | the marketplace | the platform | the cloud unit | the logistics arm | the new chief executive | the board | the payments business
    | the ads business | the holding company | the group | the parent | the founder | the finance team | the product team | every serious rival | the incumbent
    | the challenger | the largest seller | the regulator | the market leader | the subscription tier | the loyalty program | the app | the retail arm | the media unit
    | the hardware division | the developer program | the new leadership | the international unit | the domestic business | the core business | the wholesale arm`).map((text) => ({ text, plural: false })),
  ...w(`its rivals | smaller competitors | investors | merchants | advertisers | regulators | developers | subscribers | households | suppliers | partners | local challengers
    | analysts | shoppers | drivers | creators | large brands | small sellers | enterprise buyers | banks | landlords | restaurants | telecom operators | device makers
    | content studios | hedge funds | payment networks | cloud customers | delivery riders | franchisees`).map((text) => ({ text, plural: true })),
];

// Transitive verbs in their base form (the rest of the phrase after the first word stays as is).
const verbs = w(`expand | rebuild | monetize | subsidize | bundle | protect | reprice | automate | localize | outsource | consolidate | license | underwrite | accelerate
  | digitize | integrate | streamline | unbundle | defend | capture | squeeze | court | retain | scale | test | pilot | launch | retire | rethink | redesign | centralize
  | franchise | finance | acquire | divest | partner with | invest in | double down on | pull back from | lean into | cut | raise | lower | share | open | close | rent
  | lease | build | buy | sell | promote | measure | track | price | discount | audit | curate | moderate | verify | insure | hedge | export | source | manufacture
  | assemble | ship | deliver | store | route | modernize | simplify | tighten | standardize | segment | target | recruit | train | reward | upsell | cannibalize
  | commoditize | differentiate | patent | open-source | replicate | copy | imitate | outspend | undercut | poach | onboard | convert | grow | shrink | restructure
  | spin off | carve out | refinance | bankroll | relaunch | throttle | meter | stockpile | prioritize | deprioritize | showcase | quietly drop | experiment with
  | invest heavily in | sign up | win back | lock in | crowd out | open up | wall off | give away | charge for | double | halve | triple`);

const irregularParticiples: Record<string, string> = {
  build: 'built', rebuild: 'rebuilt', buy: 'bought', sell: 'sold', cut: 'cut', undercut: 'undercut', outspend: 'outspent', grow: 'grown', shrink: 'shrunk',
  rethink: 'rethought', spin: 'spun', win: 'won', give: 'given', lock: 'locked', open: 'opened', ship: 'shipped', wall: 'walled', sign: 'signed', drop: 'dropped',
  pull: 'pulled', crowd: 'crowded', carve: 'carved', lean: 'leaned', double: 'doubled', stockpile: 'stockpiled', quietly: 'quietly',
};
const irregularGerunds: Record<string, string> = { cut: 'cutting', undercut: 'undercutting', ship: 'shipping', spin: 'spinning', win: 'winning', drop: 'dropping', open: 'opening' };

function conjugate(verb: string, form: 'third' | 'gerund' | 'participle'): string {
  const [head, ...rest] = verb.split(' ');
  // "quietly drop": the adverb stays, the verb after it changes.
  if (head === 'quietly') return `quietly ${conjugate(rest.join(' '), form)}`;
  let out: string;
  if (form === 'third') {
    if (/(?:s|sh|ch|x|z)$/.test(head)) out = `${head}es`;
    else if (/[^aeiou]y$/.test(head)) out = `${head.slice(0, -1)}ies`;
    else out = `${head}s`;
  } else if (form === 'gerund') {
    out = irregularGerunds[head] ?? (/[^e]e$/.test(head) ? `${head.slice(0, -1)}ing` : `${head}ing`);
  } else {
    out = irregularParticiples[head] ?? (/e$/.test(head) ? `${head}d` : /[^aeiou]y$/.test(head) ? `${head.slice(0, -1)}ied` : `${head}ed`);
  }
  return [out, ...rest].join(' ');
}

const adjectives = w(`cheaper | faster | larger | smaller | global | domestic | cross-border | regional | premium | budget | subscription | ad-supported | vertical
  | horizontal | two-sided | asset-light | asset-heavy | automated | proprietary | open | closed | modular | bundled | unbundled | local | national | rural | urban
  | mobile-first | AI-driven | data-rich | loss-making | profitable | high-margin | low-margin | recurring | one-off | seasonal | experimental | mature | fragile
  | resilient | neglected | overlooked | underpriced | overbuilt | half-finished | long-awaited | next-day | same-day | five-day | membership | wholesale | retail
  | enterprise | consumer | developer | merchant-facing | seller-funded | venture-backed | state-owned | family-run | heavily discounted | tightly integrated
  | loosely coupled | vertically integrated | freshly reorganized | newly listed | cash-rich | debt-funded | invite-only | freemium | usage-based | flat-rate`);

const nouns = w(`fulfillment network | delivery tier | loyalty program | ad business | cloud contract | seller base | payments rail | credit line | logistics fleet
  | warehouse footprint | data center | app store | search engine | recommendation feed | price index | supply chain | sorting center | last-mile network
  | marketplace fee | commission rate | take rate | customer list | membership fee | content library | model family | developer platform | API
  | partner network | franchise system | retail footprint | brand portfolio | private label | checkout flow | wallet | super app | mini-program platform
  | live-stream channel | creator fund | procurement system | freight contract | cold chain | returns process | pricing engine | chatbot | agent platform
  | inference cluster | chip supply | training budget | research lab | open-source model | enterprise suite | SME program | export channel | travel business
  | food delivery arm | grocery business | pharmacy chain | insurance unit | lending book | media rights | sports package | game studio | hardware line
  | device business | operating system | browser | mapping service | ride-hailing arm | ticketing service | booking engine | hotel inventory | payroll product
  | accounting tool | tax engine | compliance stack | identity layer | fraud model | trust and safety team | moderation system | review system | rating system
  | referral scheme | coupon program | cashback offer | flagship store | outlet channel | wholesale arm | distribution deal | bundle | price war | cost base
  | balance sheet | cash pile | share buyback | dividend | capital budget | headcount | engineering team | sales force | field team | call center`);

const audiences = w(`small sellers | large brands | first-time buyers | rural households | enterprise customers | developers | advertisers | drivers | restaurants
  | creators | students | travelers | gamers | hospitals | banks | farmers | truckers | landlords | freelancers | retirees | small factories | exporters | importers
  | young families | office workers | commuters | pet owners | car buyers | home cooks | fitness fans | music fans | sports fans | local retailers | wholesalers
  | startups | universities | city governments | insurers | clinics | pharmacies | hotels | airlines | shipping lines | game studios | publishers | record labels`);

const places = w(`in Southeast Asia | in Latin America | in the Gulf states | across Europe | in tier-two cities | in rural India | in the US Midwest | in Japan
  | in Brazil | in Nigeria | in Poland | in Mexico | in Korea | in Indonesia | in Turkey | in Vietnam | in Kenya | in Egypt | in Canada | in Australia | in Germany
  | in the UK | in France | in Spain | in Italy | along the East Coast | in its home market | outside its home market | in smaller towns | in the suburbs
  | in the Nordics | in the Philippines | in Thailand | in Chile | in Colombia | in Peru | in Morocco | in South Africa | in Saudi Arabia | in Pakistan
  | in Bangladesh | in the Baltics | in Central Asia | in East Africa | in the Pacific Northwest | in Texas | in Ontario | in Bavaria | in Lombardy`);

const times = w(`this year | next year | over the next decade | in the past year | for the first time | every quarter | before the holiday season
  | after the last reorganization | during the downturn | in the coming months | since the pandemic | after the listing | before the next earnings call
  | within two years | over the long run | in the short term | by the end of the decade | each spring | since the merger | after the price war`);

const openers = w(`Meanwhile | Still | In practice | Over time | More importantly | For now | At the same time | In other words | Put simply | Historically | Crucially
  | Quietly | Predictably | Surprisingly | Either way | Notably | Unsurprisingly | By contrast | Even so | In short | To be fair | On paper | In reality
  | So far | Above all | Once again | Oddly | Tellingly | Sensibly | Admittedly`);

const consequences = w(`lowers the cost of every order | makes the platform harder to leave | will be hard for rivals to copy | should lift margins
  | frees up cash for the next bet | pulls more buyers onto the platform | raises the bar for newcomers | turns a cost center into a business
  | shifts bargaining power toward the platform | makes each new user worth more | spreads fixed costs over more orders | protects the core franchise
  | gives the data team better signals | shortens delivery times | cuts out a layer of middlemen | deepens the moat | weakens the moat
  | exposes the business to regulators | leaves money on the table | invites a price war | buys time | changes the unit economics
  | compounds over time | rarely shows up in the quarterly numbers | matters more than the headline figures suggest | is easy to underestimate`);

const signoffs = w(`Jeff | Mei | Tomás | Priya | Sven | Amara | Kenji | Lucía | Oskar | Nadia | Farid | Ingrid | Rafael | Yuki | Chloé`);

const podcastShows = w(`Tech Strategy | Tech Strategy – Podcast | Asia Tech Class | Moats and Marathons | Platform Notes | Digital Strategy Class`);

// Concept names: a hand-picked core, then modifier x noun combinations.
const coreConcepts = w(`Network Effects | Switching Costs | Economies of Scale | Generative AI | Cloud Services | Ecommerce | Logistics | Platform Business Models
  | Economies of Scope | Learning Effects | Brand Power | Barriers to Entry | Multi-Homing | Winner-Take-All Markets | Aggregation Theory | Long Tail
  | Flywheel Effects | Bundling | Unbundling | Freemium | Marketplace Liquidity | Data Moats | Two-Sided Markets | Supply-Side Scale | Demand-Side Scale
  | Asset-Light Models | Vertical Integration | Digital Agents | Super Apps | Cross-Border Ecommerce | Last-Mile Delivery | Live-Stream Commerce
  | Social Commerce | Subscription Economics | Customer Acquisition Cost | Lifetime Value | Price Discrimination | Platform Governance | Open Source Strategy
  | Developer Ecosystems | Intelligence Capabilities | Rate of Learning | Operating Leverage | Soft Power of Platforms`);
const conceptModifiers = w(`Network | Platform | Demand-Side | Supply-Side | Cross-Side | Data | Learning | Brand | Switching | Scale | Scope | Cost | Price | Search
  | Supply Chain | Asset-Light | Two-Sided | Marketplace | Subscription | Freemium | Bundling | Vertical | Horizontal | Aggregator | Long-Tail | Ecosystem
  | Lock-In | Multi-Homing | Flywheel | Capital | Customer | Distribution | Content | Developer | Merchant | Fulfillment | Payments | Advertising | Cloud
  | Edge | Open-Source | API | Agent | Intelligence | Recommendation | Personalization | Loyalty | Membership | Procurement | Pricing | Cross-Border
  | Last-Mile | First-Mile | Omnichannel | Direct-to-Consumer | Hardware | Software | Interface | Standards | Regulatory | Trust | Reputation | Governance
  | Talent | Inventory | Credit | Insurance | Identity | Attention | Creator | Community | Retention | Onboarding | Checkout | Wallet`);
const conceptNouns = w(`Effects | Costs | Economies | Advantage | Moat | Barriers | Strategy | Model | Flywheel | Playbook | Capability | Leverage | Density | Power
  | Dynamics | Loop | Rents | Premium | Discount | Trap | Curve | Funnel | Layer | Stack | Gap | Arbitrage | Wedge | Tax | Subsidy | Spiral | Theory
  | Lock-In | Liquidity | Fragmentation | Concentration | Cycle | Ratio | Engine | Bottleneck`);
const conceptQualifiers = w(`Global | Digital | Mobile | Local | Hidden | Reverse | Indirect | Direct | Soft | Hard | Network-Level | Next-Generation`);

// Company names: syllables, sometimes a second word, a few accents and apostrophes.
const companyHeads = w(`Bright | Quill | Stream | Cloud | North | Marl | Silver | Harbor | Iron | Blue | Red | Green | Sun | Moon | Star | Peak | River | Stone | Oak
  | Pine | Maple | Cedar | Ember | Frost | Nova | Astra | Vela | Lumen | Orbit | Pixel | Vector | Apex | Zen | Kite | Falcon | Hawk | Lynx | Otter | Fox | Wolf
  | Bear | Swift | Tide | Wave | Coral | Delta | Echo | Flux | Grid | Helix | Jade | Kestrel | Lark | Mesa | Nimbus | Onyx | Prism | Quartz | Raven | Sable
  | Terra | Umber | Vivid | Willow | Yarrow | Zephyr | Amber | Birch | Cobalt | Dune | Fable | Garnet | Haven | Indigo | Juniper`);
const companyTails = w(`mart | mind | vale | line | wind | bay | works | ly | ify | hub | base | loop | gate | forge | field | port | wave | stack | path | craft | scape
  | nest | cart | pay | ship | box | cast | lane | dock | yard | mint | sense | grid | bit | leaf | spark | well | view | rise | fold`);
const companySecondWords = w(`Logistics | Cloud | Payments | Foods | Motors | Media | Health | Bank | Air | Energy | Robotics | Games | Studios | Labs | Retail | Telecom
  | Capital | Insurance | Markets | Travel | Pharma | Semiconductors | Networks | Commerce | Mobility | Freight | Grocers | Outfitters | Electronics | Apparel`);
const accentedCompanies = w(`Café Lumière | Élan Mobility | Crème Marché | Öster Freight | Müller Haus | Señora Foods | Açaí Bowl Co | Nestlé Verde | Zürich Clearing
  | Ångström Labs | São Paulo Ventures | Kraków Logistics | Bodegón Digital | Straße Cloud | Príncipe Retail | Čapek Robotics`);
const possessiveCompanies = w(`Marlow’s Market | Ada’s Kitchen | Ravi’s Grocers | O’Brien Freight | Hal’s Hardware | Nell’s Pharmacy | Quinn’s Outfitters | Tessa’s Travel`);

// Article titles, filled with the article's focus company and concepts.
const titleTemplates: ((c: string, k: string, n: number, r: Rng) => string)[] = [
  (c, _k, n) => `${cap(numberWord(n))} Things ${c} Will Likely Focus On`,
  (c, k) => `Why ${c} Is Betting on ${k}`,
  (c, k, _n, r) => `How ${c} Uses ${k} to Win ${titleCase(r.pick(places))}`,
  (c, k) => `The ${k} Playbook: Lessons From ${c}`,
  (c, k) => `What ${c}’s New Strategy Means for ${k}`,
  (c, k, n) => `${c} and ${k}: ${cap(numberWord(n))} Questions Worth Asking`,
  (c, k, _n, r) => `${k} Playbook (Step ${r.int(1, 9)}): How ${c} Builds ${titleCase(r.pick(nouns))}s (${r.int(1, 9)} of 10) (Tech Strategy)`,
  (c, k, _n, r) => `Why ${k} Is a Threat to ${c} (Tech Strategy – Podcast ${r.int(40, 260)})`,
  (c, _k, _n, r) => `${c} Is Quietly Rebuilding Its ${titleCase(r.pick(nouns))}`,
  (c, k, _n, r) => `Can ${c} Turn ${k} Into a ${titleCase(r.pick(adjectives))} Business?`,
  (c, k) => `${c}’s Moat Is ${k}, Not Price`,
  (c, _k, n) => `My ${cap(numberWord(n))} Predictions for ${c}`,
];

// ---- text helpers --------------------------------------------------------------------------

const numberWordList = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const numberWord = (n: number) => numberWordList[n - 1] ?? String(n);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const smallWords = new Set(['a', 'an', 'the', 'and', 'or', 'for', 'of', 'in', 'on', 'to', 'with', 'by', 'at', 'vs.', 'from', 'into', 'its']);
function titleCase(s: string): string {
  return s
    .split(' ')
    .map((word, i) => (i > 0 && smallWords.has(word) ? word : word.split('-').map(cap).join('-')))
    .join(' ');
}

/** An ASCII file name for a title. */
function fileSlug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[’']/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/, '') || 'untitled'
  );
}

/** A YAML scalar: plain where that is safe, else double-quoted (JSON strings are valid YAML). */
function yamlScalar(s: string): string {
  return /^[A-Za-z0-9À-ž][^:#\[\]{},"]*$/.test(s) && !/\s$/.test(s) ? s : JSON.stringify(s);
}

/** Breaks a name without making another known one: a letter dropped, two swapped, a vowel changed. */
function misspell(name: string, rng: Rng, known: Set<string>): string {
  for (let attempt = 0; attempt < 40; attempt++) {
    const letters = [...name].map((ch, i) => (/\p{L}/u.test(ch) ? i : -1)).filter((i) => i > 0);
    const at = rng.pick(letters);
    const chars = [...name];
    const how = rng.int(0, 2);
    if (how === 0) chars.splice(at, 1);
    else if (how === 1 && at + 1 < chars.length && /\p{L}/u.test(chars[at + 1])) [chars[at], chars[at + 1]] = [chars[at + 1], chars[at]];
    else chars[at] = 'aeiou'.includes(chars[at].toLowerCase()) ? rng.pick([...'aeiouy'].filter((v) => v !== chars[at].toLowerCase())) : 'x';
    const out = chars.join('');
    if (!known.has(nameKey(out))) return out;
  }
  return `${name} Zq`;
}

/** Keeps every block of prose unique across the workspace: a 53-bit hash of each one seen. */
class UniqueText {
  private readonly seen = new Set<number>();

  /** True (and remembered) when the text was not produced before. */
  claim(text: string): boolean {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    const key = 4294967296 * (2097151 & h2) + (h1 >>> 0);
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  private extended = 0;

  /** Draws until the text is new (a few retries at most with these word lists). A large corpus
   * (10,000 articles) can exhaust a short block's combinations: then a numbered clause makes it
   * new. Smaller corpora never get there, so their bytes stay as they were. */
  fresh(make: () => string): string {
    for (let i = 0; i < 200; i++) {
      const text = make();
      if (this.claim(text)) return text;
    }
    for (let i = 0; i < 200; i++) {
      const text = make();
      const extended = /[.:!?]$/.test(text) ? `${text.slice(0, -1)}, case ${++this.extended}${text.slice(-1)}` : `${text} (case ${++this.extended})`;
      if (this.claim(extended)) return extended;
    }
    throw new Error('the word lists are too small: could not compose a new block of text');
  }
}

// ---- the plan ------------------------------------------------------------------------------

type EntryKind = 'concept' | 'company';

interface EntryPlan {
  kind: EntryKind;
  title: string;
  aliases: string[];
  /** Relative to the workspace, posix. */
  path: string;
}

const pillarForms = {
  dot: (n: number, t: string) => `${n}. ${t}`,
  paren: (n: number, t: string) => `${n}) ${t}`,
  colon: (n: number, t: string) => `${n}: ${t}`,
  hash: (n: number, t: string) => `#${n}: ${t}`,
  factor: (n: number, t: string) => `Factor ${n}: ${t}`,
  rule: (n: number, t: string) => `Rule ${n}: ${t}`,
  step: (n: number, t: string) => `Step ${n} – ${t}`,
};
type PillarForm = keyof typeof pillarForms;
// `## #1: Title` reads oddly as a heading; writers use it in pasted text only.
const headingForms: PillarForm[] = ['dot', 'dot', 'dot', 'colon', 'factor', 'rule', 'step'];
const pastedForms: PillarForm[] = ['dot', 'dot', 'paren', 'colon', 'hash', 'factor', 'rule', 'step'];

interface SubPointPlan {
  title: string;
  /** A `###` heading (heading style) rather than a `Title:` line over a bullet list. */
  heading: boolean;
}

interface ArticlePlan {
  index: number;
  path: string;
  title: string;
  titleForm: 'heading' | 'front-matter' | 'file-name';
  style: 'headings' | 'pasted';
  pillarForm: PillarForm;
  pillars: { title: string; subPoints: SubPointPlan[] }[];
  /** Slugs of the pillar headings (heading style), for `#slug` links from other articles. */
  pillarSlugs: string[];
  focus: EntryPlan;
  concepts: EntryPlan[];
  companies: EntryPlan[];
  targetBytes: number;
  /** The article the benchmark edits (see `picks.typicalArticle`). */
  typical: boolean;
}

export interface GenerateOptions {
  articles?: number;
  entries?: number;
  seed?: number;
}

export interface GeneratedEntry {
  path: string;
  kind: EntryKind;
  title: string;
  aliases: string[];
}

export interface GeneratedWorkspace {
  dir: string;
  seed: number;
  /** Every file written, relative to `dir` (posix), `.strategy-notes.json` first. */
  files: string[];
  articles: string[];
  entries: GeneratedEntry[];
  /** Bytes of Markdown written (articles and entries). */
  bytes: number;
  picks: {
    /** The concept tagged most: in its own article's concept section by title, and everywhere else. */
    muchUsedEntry: GeneratedEntry & { tags: number; references: number; articles: number };
    /** A mid-sized heading-style article whose concept section tags the much-used entry by title. */
    typicalArticle: { path: string; title: string; bytes: number; style: 'headings' | 'pasted' };
  };
  counts: {
    tags: number;
    brokenTags: number;
    references: number;
    brokenReferences: number;
    relatedLinks: number;
    brokenLinks: number;
    pastedArticles: number;
    pillarForms: Record<string, number>;
  };
}

const brokenRate = 0.03;

export function generateWorkspace(dir: string, options: GenerateOptions = {}): GeneratedWorkspace {
  const articleCount = options.articles ?? 2000;
  const entryCount = options.entries ?? 800;
  const seed = options.seed ?? 1;
  const unique = new UniqueText();
  const known = new Set<string>();

  // Entries: names first (unique across both libraries, aliases included).
  const rng = new Rng(seed, 'plan');
  const conceptCount = Math.ceil(entryCount / 2);
  const concepts = planConcepts(conceptCount, rng, known);
  const companies = planCompanies(entryCount - conceptCount, rng, known);
  // Popularity order is shuffled, so the much-used entries are not simply the first written;
  // the classic concepts (Network Effects …) lead, as in a real library.
  const core = concepts.filter((c) => coreConcepts.includes(c.title));
  const conceptZipf = new Zipf([...rng.shuffle(core), ...rng.shuffle(concepts.filter((c) => !core.includes(c)))], 1);
  const companyZipf = new Zipf(rng.shuffle([...companies]), 1);
  const muchUsed = conceptZipf.items[0];

  // Articles: the skeleton of every article first (titles, paths, pillar headings and their
  // slugs), so related links can point at any other article and its headings.
  const typicalIndex = Math.floor(articleCount / 2);
  const titles = new Set<string>();
  const paths = new Set<string>();
  const plans: ArticlePlan[] = [];
  for (let i = 0; i < articleCount; i++) plans.push(planArticle(i, seed, conceptZipf, companyZipf, titles, paths, unique, i === typicalIndex ? muchUsed : undefined));

  const counts: GeneratedWorkspace['counts'] = { tags: 0, brokenTags: 0, references: 0, brokenReferences: 0, relatedLinks: 0, brokenLinks: 0, pastedArticles: 0, pillarForms: {} };
  const usage = { tags: 0, references: 0, articles: 0 };
  const files: string[] = ['.strategy-notes.json'];
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, '.strategy-notes.json'), JSON.stringify({ articles: ['articles/**/*.md'] }, null, 2) + '\n');
  let bytes = 0;
  const write = (rel: string, text: string) => {
    mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
    files.push(rel);
    bytes += Buffer.byteLength(text);
  };

  for (const [i, entry] of [...concepts, ...companies].entries()) write(entry.path, entryText(entry, new Rng(seed, 'entry', i), unique, companies));

  const allEntries = [...concepts, ...companies];
  let typicalBytes = 0;
  for (const plan of plans) {
    const text = articleText(plan, plans, allEntries, new Rng(seed, 'article', plan.index), unique, known, counts, muchUsed, usage);
    write(plan.path, text);
    if (plan.index === typicalIndex) typicalBytes = Buffer.byteLength(text);
  }

  const typical = plans[typicalIndex];
  return {
    dir,
    seed,
    files,
    articles: plans.map((p) => p.path),
    entries: allEntries.map(({ path: p, kind, title, aliases }) => ({ path: p, kind, title, aliases })),
    bytes,
    picks: {
      muchUsedEntry: { path: muchUsed.path, kind: muchUsed.kind, title: muchUsed.title, aliases: muchUsed.aliases, ...usage },
      typicalArticle: { path: typical.path, title: typical.title, bytes: typicalBytes, style: typical.style },
    },
    counts,
  };
}

function planConcepts(count: number, rng: Rng, known: Set<string>): EntryPlan[] {
  const out: EntryPlan[] = [];
  const slugs = new Set<string>();
  const claim = (name: string) => {
    const key = nameKey(name);
    if (known.has(key)) return false;
    known.add(key);
    return true;
  };
  for (let i = 0; out.length < count; i++) {
    let title: string;
    if (i < coreConcepts.length) title = coreConcepts[i];
    else if (i < count * 6) title = `${rng.pick(conceptModifiers)} ${rng.pick(conceptNouns)}`;
    else title = `${rng.pick(conceptQualifiers)} ${rng.pick(conceptModifiers)} ${rng.pick(conceptNouns)}`;
    if (i > count * 40) title = `${title} ${out.length}`;
    const slug = fileSlug(title);
    if (slugs.has(slug) || !claim(title)) continue;
    slugs.add(slug);
    const aliases: string[] = [];
    const words = title.split(' ');
    const last = words[words.length - 1];
    // The singular of a plural, a hyphen dropped, an acronym of three words or more, a longer name.
    const variants = [
      /s$/.test(last) && !/ss$/.test(last) && words.length > 1 ? [...words.slice(0, -1), last.slice(0, -1)].join(' ') : `${title} Model`,
      title.includes('-') ? title.replace(/-/g, ' ') : `${title} Strategy`,
      words.length >= 3 ? words.map((x) => x[0].toUpperCase()).join('') : `${rng.pick(conceptQualifiers)} ${title}`,
    ];
    for (const v of variants) if (rng.chance(0.45) && claim(v)) aliases.push(v);
    out.push({ kind: 'concept', title, aliases, path: `library/concepts/${slug}.md` });
  }
  return out;
}

function planCompanies(count: number, rng: Rng, known: Set<string>): EntryPlan[] {
  const out: EntryPlan[] = [];
  const claim = (name: string) => {
    const key = nameKey(name);
    if (known.has(key)) return false;
    known.add(key);
    return true;
  };
  const special = rng.shuffle([...accentedCompanies, ...possessiveCompanies]);
  const slugs = new Set<string>();
  for (let i = 0; out.length < count; i++) {
    let title: string;
    // One company in about thirty has an accent or an apostrophe (tags write them plainly at times).
    if (special.length && rng.chance(1 / 30)) title = special.pop()!;
    else {
      const head = rng.pick(companyHeads) + rng.pick(companyTails);
      title = rng.chance(0.35) ? `${head} ${rng.pick(companySecondWords)}` : head;
    }
    if (i > count * 40) title = `${title} ${out.length}`;
    const slug = fileSlug(title);
    if (slugs.has(slug) || !claim(title)) continue;
    slugs.add(slug);
    const aliases: string[] = [];
    const base = title.split(' ')[0];
    const variants = [
      `${title.replace(/ (?:Co|Inc\.?)$/, '')} ${rng.pick(['Group', 'Holdings', 'Inc.', 'International', 'Ltd'])}`,
      title.includes(' ') ? base : `${title} ${rng.pick(companySecondWords)}`,
      (base.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^A-Za-z]/g, '').slice(0, 4) || 'XQ').toUpperCase(),
    ];
    for (const v of variants) if (rng.chance(0.4) && claim(v)) aliases.push(v);
    out.push({ kind: 'company', title, aliases, path: `library/companies/${slug}.md` });
  }
  return out;
}

function planArticle(
  index: number,
  seed: number,
  conceptZipf: Zipf<EntryPlan>,
  companyZipf: Zipf<EntryPlan>,
  titles: Set<string>,
  paths: Set<string>,
  unique: UniqueText,
  typicalConcept: EntryPlan | undefined,
): ArticlePlan {
  const rng = new Rng(seed, 'skeleton', index);
  const typical = typicalConcept !== undefined;
  const style = typical ? 'headings' : rng.chance(0.45) ? 'pasted' : 'headings';
  const pillarForm: PillarForm = typical ? 'dot' : rng.pick(style === 'pasted' ? pastedForms : headingForms);
  const pillarCount = typical ? 5 : rng.int(3, 8);

  const pickDistinct = (zipf: Zipf<EntryPlan>, n: number, first: EntryPlan[] = []) => {
    const out = [...first];
    for (let tries = 0; out.length < n && tries < n * 20; tries++) {
      const e = zipf.pick(rng);
      if (!out.includes(e)) out.push(e);
    }
    return out;
  };
  const companies = pickDistinct(companyZipf, rng.int(1, 5));
  const focus = companies[0];
  const concepts = pickDistinct(conceptZipf, typical ? 5 : rng.int(1, 6), typicalConcept ? [typicalConcept] : []);

  let title = '';
  for (let attempt = 0; ; attempt++) {
    const template = rng.pick(titleTemplates);
    title = template(focus.title, rng.pick(concepts).title, pillarCount, rng);
    if (attempt > 20) title = `${title} (Part ${attempt - 19})`;
    if (!titles.has(nameKey(title))) break;
  }
  titles.add(nameKey(title));
  unique.claim(title);

  const year = 2016 + (index % 10);
  let filePath = `articles/${year}/${fileSlug(title)}.md`;
  for (let n = 2; paths.has(filePath); n++) filePath = `articles/${year}/${fileSlug(title)}-${n}.md`;
  paths.add(filePath);
  const titleForm = style === 'pasted' ? rng.pick(['heading', 'front-matter', 'front-matter', 'file-name'] as const) : rng.chance(0.9) ? 'heading' : 'front-matter';

  const prose = new Prose(rng, unique, [], []);
  const pillars = Array.from({ length: pillarCount }, () => ({
    title: prose.pillarTitle(),
    subPoints: Array.from({ length: rng.int(0, 3) }, () => ({ title: prose.subPointTitle(), heading: style === 'headings' && rng.chance(0.35) })),
  }));

  // The slugs GitHub gives the headings, in document order (title, pillars, heading sub-points).
  const pillarSlugs: string[] = [];
  if (style === 'headings') {
    const slugger = new GithubSlugger();
    if (titleForm === 'heading') slugger.slug(title);
    pillars.forEach((p, n) => {
      pillarSlugs.push(slugger.slug(pillarForms[pillarForm](n + 1, p.title)));
      for (const s of p.subPoints) if (s.heading) slugger.slug(s.title);
    });
  }
  const targetBytes = typical ? 15_000 : rng.int(10_500, 19_000);
  return { index, path: filePath, title, titleForm, style, pillarForm, pillars, pillarSlugs, focus, concepts, companies, targetBytes, typical };
}

// ---- prose ---------------------------------------------------------------------------------

/** Composes sentences from the word lists; `names` are the article's entries (subjects, references). */
class Prose {
  /** Called with each `[[reference]]` written (the name as written, whether it is broken). */
  onReference?: (name: string, broken: boolean, entry?: EntryPlan) => void;
  referenceRate = 0;

  constructor(
    private readonly rng: Rng,
    private readonly unique: UniqueText,
    private readonly companies: EntryPlan[],
    private readonly entries: EntryPlan[],
    private readonly known?: Set<string>,
  ) {}

  private subject(): { text: string; plural: boolean } {
    const r = this.rng;
    if (this.companies.length && r.chance(0.3)) return { text: this.nameOf(r.pick(this.companies)), plural: false };
    if (this.companies.length && r.chance(0.1)) return { text: `${r.pick(this.companies).title}’s ${r.pick(nouns)}`, plural: false };
    return r.pick(genericSubjects);
  }

  /** An entry named in prose: now and then as a `[[reference]]` (about 3% of them broken). */
  private nameOf(entry: EntryPlan): string {
    const r = this.rng;
    if (!this.onReference || !r.chance(this.referenceRate)) return entry.title;
    if (this.known && r.chance(brokenRate)) {
      const wrong = misspell(entry.title, r, this.known);
      this.onReference(wrong, true);
      return `[[${wrong}]]`;
    }
    const name = entry.aliases.length && r.chance(0.2) ? r.pick(entry.aliases) : entry.title;
    this.onReference(name, false, entry);
    return r.chance(0.3) ? `[[${name}|${r.chance(0.5) ? name.toLowerCase() : `its ${r.pick(nouns)}`}]]` : `[[${name}]]`;
  }

  private object(): string {
    const r = this.rng;
    const det = r.pick(['its', 'their', 'a', 'the', 'a new', 'an old', 'its own', 'the whole']);
    const adjective = r.chance(0.6) ? `${r.pick(adjectives)} ` : '';
    const head = `${det} ${adjective}${r.pick(nouns)}`.replace(/^a ([aeioAEIO])/, 'an $1');
    if (this.entries.length && r.chance(0.12)) return `${head} built on ${this.nameOf(r.pick(this.entries))}`;
    return r.chance(0.25) ? `${head} for ${r.pick(audiences)}` : head;
  }

  private figure(): string {
    const r = this.rng;
    return r.pick([
      () => `by ${r.int(2, 60)} percent`,
      () => `to $${r.int(1, 90)}.${r.int(0, 9)} billion`,
      () => `for ${r.int(2, 900)} million users`,
      () => `across ${r.int(3, 400)} warehouses`,
      () => `at ${r.int(2, 40)} cents an order`,
      () => `within ${r.int(2, 48)} hours`,
      () => `in ${r.int(2016, 2030)}`,
    ])();
  }

  private verb(plural: boolean, v = this.rng.pick(verbs)): string {
    return plural ? v : conjugate(v, 'third');
  }

  sentence(): string {
    const r = this.rng;
    const t = r.int(0, 13);
    // A sentence without a subject (names in a subject are counted, so none is drawn for nothing).
    if (t === 11) return cap(`${r.pick(openers)}, ${conjugate(r.pick(verbs), 'gerund')} ${this.object()} ${r.pick(consequences)}.`);
    const s = this.subject();
    let out: string;
    switch (t) {
      case 0:
        out = `${s.text} ${this.verb(s.plural)} ${this.object()} ${r.pick(places)} ${r.pick(times)}`;
        break;
      case 1:
        out = `${s.text} ${this.verb(s.plural)} ${this.object()} to ${r.pick(verbs)} ${this.object()}`;
        break;
      case 2:
        out = `${r.pick(openers)}, ${s.text} ${this.verb(s.plural)} ${this.object()} ${this.figure()}`;
        break;
      case 3: {
        const s2 = this.subject();
        out = `${s.text} ${this.verb(s.plural)} ${this.object()}, and ${s2.text} ${this.verb(s2.plural)} ${this.object()}`;
        break;
      }
      case 4:
        out = `${s.text} ${this.verb(s.plural)} ${this.object()}, which ${r.pick(consequences)}`;
        break;
      case 5:
        out = `That is why ${s.text} ${this.verb(s.plural)} ${this.object()} ${r.pick(times)}`;
        break;
      case 6:
        out = `The point is simple: ${s.text} ${this.verb(s.plural)} ${this.object()} ${r.pick(places)}`;
        break;
      case 7: {
        const s2 = this.subject();
        out = `If ${s.text} ${this.verb(s.plural)} ${this.object()}, ${s2.text} will ${r.pick(verbs)} ${this.object()}`;
        break;
      }
      case 8:
        out = `${s.text} ${s.plural ? 'have' : 'has'} ${conjugate(r.pick(verbs), 'participle')} ${this.object()} ${this.figure()} ${r.pick(times)}`;
        break;
      case 9:
        out = `${s.text} ${s.plural ? 'are' : 'is'} now ${conjugate(r.pick(verbs), 'gerund')} ${this.object()} ${r.pick(places)}`;
        break;
      case 10:
        return cap(`why would ${s.text} ${r.pick(verbs)} ${this.object()} ${r.pick(times)}?`);
      case 12:
        out = `Watch how ${s.text} ${this.verb(s.plural)} ${this.object()} ${this.figure()}`;
        break;
      default:
        out = `${s.text} ${r.chance(0.5) ? 'cannot' : 'should not'} ${r.pick(verbs)} ${this.object()} without ${conjugate(r.pick(verbs), 'gerund')} ${this.object()}`;
    }
    return cap(out) + '.';
  }

  paragraph(min = 2, max = 5): string {
    return this.unique.fresh(() => Array.from({ length: this.rng.int(min, max) }, () => this.sentence()).join(' '));
  }

  bullet(): string {
    return this.unique.fresh(() => Array.from({ length: this.rng.int(1, 3) }, () => this.sentence()).join(' '));
  }

  /** A pillar title: title case, no final stop (a numbered sentence is a list item, not a pillar). */
  pillarTitle(): string {
    const r = this.rng;
    return this.unique.fresh(() =>
      titleCase(
        r.pick([
          () => `${conjugate(r.pick(verbs), 'gerund')} ${r.pick(adjectives)} ${r.pick(nouns)} ${r.pick(places)}`,
          () => `${conjugate(r.pick(verbs), 'gerund')} the ${r.pick(nouns)} for ${r.pick(audiences)}`,
          () => `a ${r.pick(adjectives)} ${r.pick(nouns)} that ${r.pick(consequences)}`,
          () => `from ${r.pick(nouns)} to ${r.pick(adjectives)} ${r.pick(nouns)}`,
          () => `why ${r.pick(audiences)} will ${r.pick(verbs)} the ${r.pick(nouns)}`,
          () => `the ${r.pick(adjectives)} ${r.pick(nouns)} and the ${r.pick(nouns)}`,
        ])(),
      ).replace(/^An? ([aeiouAEIOU])/, 'An $1'),
    );
  }

  /** A sub-point title (the `:` is added where it is written as a line). */
  subPointTitle(): string {
    const r = this.rng;
    return this.unique.fresh(() =>
      titleCase(
        r.pick([
          () => `${conjugate(r.pick(verbs), 'gerund')} ${r.pick(nouns)} for ${r.pick(adjectives)} ${r.pick(nouns)}`,
          () => `${conjugate(r.pick(verbs), 'gerund')} more ${r.pick(audiences)}, especially ${r.pick(audiences)}`,
          () => `${conjugate(r.pick(verbs), 'gerund')} the ${r.pick(nouns)} with ${r.pick(adjectives)} ${r.pick(nouns)}`,
          () => `big bets on ${r.pick(adjectives)} ${r.pick(nouns)} ${r.pick(places)}`,
        ])(),
      ),
    );
  }

  thesis(count: number, form: PillarForm, company: string): string {
    const r = this.rng;
    const n = r.chance(0.6) ? numberWord(count) : String(count);
    const templates: Record<string, (() => string)[]> = {
      factor: [() => `I attribute this to ${n} factors:`, () => `${company} wins on ${n} factors:`],
      rule: [() => `There are ${n} rules I keep coming back to:`, () => `${company} plays by ${n} rules:`],
      step: [() => `Here are the ${n} steps:`, () => `${company} will get there in ${n} steps:`],
      other: [
        () => `Here are ${n} things ${company} will likely focus on:`,
        () => `Based on this, here are ${n} things ${company} will likely focus on ${r.pick(times)}:`,
        () => `Here are the ${n} engines:`,
        () => `Here are my ${n} predictions`,
        () => `Here are the ${n} moats that matter ${r.pick(places)}:`,
        () => `${company} has ${n} advantages worth watching ${r.pick(places)}:`,
      ],
    };
    const list = templates[form] ?? templates.other;
    // Thesis lines are short and alike by nature: the place and time clauses keep them apart.
    return this.unique.fresh(() => {
      const line = r.pick(list)();
      return r.chance(0.5) ? line : line.replace(/:$/, ` ${r.pick(times)}:`);
    });
  }
}

// ---- files ---------------------------------------------------------------------------------

function entryText(entry: EntryPlan, rng: Rng, unique: UniqueText, companies: EntryPlan[]): string {
  const prose = new Prose(rng, unique, entry.kind === 'company' ? [entry] : [rng.pick(companies)], []);
  const lines: string[] = ['---', `title: ${yamlScalar(entry.title)}`];
  if (entry.aliases.length === 1 && rng.chance(0.3)) lines.push(`aliases: ${yamlScalar(entry.aliases[0])}`);
  else if (entry.aliases.length && rng.chance(0.25)) lines.push(`aliases: [${entry.aliases.map(yamlScalar).join(', ')}]`);
  else if (entry.aliases.length) lines.push('aliases:', ...entry.aliases.map((a) => `  - ${yamlScalar(a)}`));
  if (rng.chance(0.5)) lines.push(`summary: ${JSON.stringify(unique.fresh(() => `${entry.title} ${entry.kind === 'company' ? 'is a fictional company that' : 'describes how a business'} ${prose.sentence().replace(/^./, (c) => c.toLowerCase())}`))}`);
  lines.push('---', '', `# ${entry.title}`, '');
  lines.push(prose.paragraph(3, 5), '');
  const sections = entry.kind === 'company' ? ['Business lines', 'Recent changes', 'What to watch'] : ['How it works', 'Where it weakens', 'Examples'];
  for (const heading of sections.slice(0, rng.int(1, 3))) {
    lines.push(`## ${heading}`, '');
    if (rng.chance(0.5)) lines.push(...Array.from({ length: rng.int(2, 4) }, () => `- ${prose.bullet()}`), '');
    else lines.push(prose.paragraph(), '');
  }
  return lines.join('\n');
}

function articleText(
  plan: ArticlePlan,
  plans: ArticlePlan[],
  entries: EntryPlan[],
  rng: Rng,
  unique: UniqueText,
  known: Set<string>,
  counts: GeneratedWorkspace['counts'],
  muchUsed: EntryPlan,
  usage: { tags: number; references: number; articles: number },
): string {
  const pasted = plan.style === 'pasted';
  const typical = plan.typical;
  counts.pillarForms[plan.pillarForm] = (counts.pillarForms[plan.pillarForm] ?? 0) + 1;
  if (pasted) counts.pastedArticles++;
  let namesMuchUsed = false;
  const prose = new Prose(rng, unique, plan.companies, [...plan.concepts, ...plan.companies], known);
  prose.referenceRate = 0.07;
  prose.onReference = (name, broken, entry) => {
    counts.references++;
    if (broken) counts.brokenReferences++;
    if (entry === muchUsed) {
      usage.references++;
      namesMuchUsed = true;
    }
  };
  // Blocks are separated by a blank line in the heading style, by nothing in pasted text.
  const blocks: string[] = [];
  const push = (...b: string[]) => blocks.push(...b);

  const frontMatter = plan.titleForm === 'front-matter' ? ['---', `title: ${yamlScalar(plan.title)}`, `date: ${2016 + (plan.index % 10)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`, '---'].join('\n') : undefined;
  if (plan.titleForm === 'heading') push(`# ${plan.title}`);
  for (let i = rng.int(1, 3); i > 0; i--) push(prose.paragraph(2, 4));
  push(prose.thesis(plan.pillars.length, plan.pillarForm, plan.focus.title));

  // Each pillar gets an equal share of what is left of the size aimed at, so overshoot in one
  // pillar is made up in the next.
  const closingBudget = 1600;
  let written = blocks.reduce((n, b) => n + b.length + 2, 0);
  plan.pillars.forEach((pillar, n) => {
    const perPillar = Math.max(500, (plan.targetBytes - closingBudget - written) / (plan.pillars.length - n));
    let size = 0;
    const add = (...b: string[]) => {
      push(...b);
      const added = b.reduce((s, x) => s + x.length + 2, 0);
      size += added;
      written += added;
    };
    const line = pillarForms[plan.pillarForm](n + 1, pillar.title);
    add(pasted ? (rng.chance(0.05) ? `**${line}**` : line) : `## ${line}`, prose.paragraph());
    const subs = [...pillar.subPoints];
    while (size < perPillar || subs.length) {
      const sub = subs.length && (size > perPillar / 3 || rng.chance(0.4)) ? subs.shift() : undefined;
      if (!sub) {
        if (!pasted && rng.chance(0.06)) {
          // A numbered list inside a pillar (items reading as sentences): a list, not pillars.
          add(Array.from({ length: rng.int(2, 4) }, (_, k) => `${k + 1}. ${prose.bullet()}`).join('\n'));
        } else add(prose.paragraph());
        if (size > perPillar * 1.6) subs.length = 0;
        continue;
      }
      if (sub.heading) {
        add(`### ${sub.title}`, prose.paragraph());
        if (rng.chance(0.4)) add(prose.paragraph());
      } else {
        const bullets = Array.from({ length: rng.int(2, 4) }, () => `- ${prose.bullet()}`).join('\n');
        // A sub-point line over its list, with or without a blank line between (canonical style).
        if (pasted || rng.chance(0.5)) add(`${sub.title}:\n${bullets}`);
        else add(`${sub.title}:`, bullets);
      }
    }
  });

  // The closing part: a break, a last word, then the sections and the disclaimer.
  push(pasted ? rng.pick(['***', '——']) : rng.pick(['***', '---', '___']));
  push(prose.paragraph(1, 3));
  if (rng.chance(0.5)) push(`Cheers, ${rng.pick(signoffs)}`);
  if (pasted && rng.chance(0.5)) push('——');

  const sections: string[] = [];
  const header = (text: string) => (rng.chance(0.05) ? `**${text}**` : !pasted && rng.chance(0.05) ? `## ${text.replace(/:$/, '')}` : text);
  const section = (head: string, items: string[]) => {
    if (pasted || rng.chance(0.5)) sections.push([head, ...items].join('\n'));
    else sections.push(head, items.join('\n'));
  };

  // Related articles: links to other generated articles (some to a heading), plain titles.
  if (rng.chance(0.9)) {
    const items: string[] = [];
    for (let k = rng.int(1, 4); k > 0; k--) {
      const other = plans[(plan.index + rng.int(1, plans.length - 1)) % plans.length];
      if (other === plan) continue;
      if (rng.chance(0.2)) {
        // A plain title: an article of the workspace by its title, or a podcast that is not one.
        items.push(`- ${other.titleForm !== 'file-name' && rng.chance(0.5) ? other.title : unique.fresh(() => `${prose.pillarTitle()} (${rng.pick(podcastShows)} ${rng.int(1, 300)})`)}`);
        continue;
      }
      counts.relatedLinks++;
      let target = path.posix.relative(path.posix.dirname(plan.path), other.path);
      if (!target.startsWith('.')) target = rng.chance(0.5) ? `./${target}` : target;
      let fragment = other.pillarSlugs.length && rng.chance(0.3) ? `#${rng.pick(other.pillarSlugs)}` : '';
      if (rng.chance(brokenRate)) {
        counts.brokenLinks++;
        if (fragment || rng.chance(0.5)) fragment = `#${fileSlug(prose.subPointTitle())}`;
        else target = target.replace(/\.md$/, '-draft.md');
      }
      items.push(`- [${rng.chance(0.7) ? other.title : prose.subPointTitle()}](${target}${fragment})`);
    }
    section(header(rng.pick(['Related articles:', 'Related articles:', 'Related articles:', 'Related podcasts and articles:', 'Related articles are:', 'Articles / podcasts cited in this class:'])), items);
  }

  // Tags: by title, by alias, by link, as a [[reference]]; about 3% broken on purpose.
  const tagSection = (kind: EntryKind, tagged: EntryPlan[]) => {
    const items: string[] = [];
    for (const entry of tagged) {
      counts.tags++;
      const mustBeTitle = typical && entry === muchUsed;
      if (!mustBeTitle && rng.chance(brokenRate)) {
        counts.brokenTags++;
        const how = rng.next();
        if (how < 0.6) items.push(`- ${misspell(entry.title, rng, known)}`);
        else if (how < 0.85) {
          // The wrong library: a concept in the company list, or the reverse.
          const other = rng.pick(entries.filter((e) => e.kind !== kind));
          if (other === muchUsed) usage.tags++;
          items.push(`- ${other.title}`);
        } else {
          // Tagged twice: by title and by alias (or twice by title).
          items.push(`- ${entry.title}`, `- ${entry.aliases.length ? rng.pick(entry.aliases) : entry.title}`);
          counts.tags++;
        }
        continue;
      }
      if (entry === muchUsed) {
        usage.tags++;
        namesMuchUsed = true;
      }
      const rel = path.posix.relative(path.posix.dirname(plan.path), entry.path);
      const r = mustBeTitle ? 0 : rng.next();
      if (r < 0.5) items.push(`- ${writtenAs(entry.title, rng)}`);
      else if (r < 0.65 && entry.aliases.length) items.push(`- ${rng.pick(entry.aliases)}`);
      else if (r < 0.8) items.push(`- [[${entry.title}]]`);
      else items.push(`- [${entry.title}](${rel})`);
    }
    return items;
  };
  const conceptHeader = rng.pick(['From the Concept Library, concepts for this article are:', 'From the Concept Library, concepts for this article are:', 'Concepts for this class:']);
  const companyHeader = rng.pick(['From the Company Library, companies for this article are:', 'From the Company Library, companies for this article are:', 'Companies for this class:']);
  const conceptItems = !typical && rng.chance(0.03) ? ['- n/a'] : tagSection('concept', plan.concepts);
  const companyItems = rng.chance(0.1) ? ['- n/a'] : tagSection('company', plan.companies);
  const tagBlocks: string[] = [];
  {
    const before = sections.length;
    section(header(plan.concepts.length === 1 && rng.chance(0.3) ? 'From the Concept Library, concept for this article is:' : conceptHeader), conceptItems);
    section(header(companyHeader), companyItems);
    tagBlocks.push(...sections.splice(before));
  }
  if (rng.chance(0.2)) sections.unshift(...tagBlocks);
  else sections.push(...tagBlocks);
  push(...sections);

  if (pasted) push('———', prose.paragraph(1, 2), prose.paragraph(1, 2));
  push(
    unique.fresh(() => {
      const lead = rng.pick(['This article is not investment, legal or tax advice.', 'This content (articles, podcasts, website info) is not investment, legal or tax advice.', 'This is not investment advice.']);
      return `${lead} ${prose.sentence()} ${rng.pick(['Do your own research.', 'Investing is risky.', 'The numbers may be wrong.'])}`;
    }),
  );
  if (namesMuchUsed) usage.articles++;
  const body = blocks.join(pasted ? '\n' : '\n\n') + '\n';
  return frontMatter ? `${frontMatter}\n${body}` : body;
}

/** A tag written as people write it: mostly as the title, sometimes lower case, without accents
 * or with straight quotes (the index folds all of these). */
function writtenAs(title: string, rng: Rng): string {
  if (/[’]/.test(title) && rng.chance(0.5)) return title.replace(/’/g, "'");
  if (/[^\x00-\x7f]/.test(title) && rng.chance(0.5)) return title.normalize('NFKD').replace(/\p{M}+/gu, '');
  return rng.chance(0.05) ? title.toLowerCase() : title;
}

// ---- the command line ----------------------------------------------------------------------

function main(argv: string[]): void {
  const args = [...argv];
  const flag = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    if (at < 0) return fallback;
    const value = Number(args[at + 1]);
    args.splice(at, 2);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a whole number`);
    return value;
  };
  const articles = flag('--articles', 2000);
  const entries = flag('--entries', 800);
  const seed = flag('--seed', 1);
  const out = args.find((a) => !a.startsWith('-'));
  if (!out || args.length !== 1) {
    process.stderr.write('Usage: node --import tsx bench/workspace-generator.ts OUT_DIR [--articles 2000] [--entries 800] [--seed 1]\n');
    process.exit(2);
  }
  let existing: string[] = [];
  try {
    existing = readdirSync(out);
  } catch {
    /* a new folder */
  }
  if (existing.length) {
    process.stderr.write(`${out} is not empty: give a new or empty folder.\n`);
    process.exit(2);
  }
  const t = performance.now();
  const ws = generateWorkspace(path.resolve(out), { articles, entries, seed });
  const c = ws.counts;
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
  console.log(`Wrote ${ws.files.length} files (${(ws.bytes / 1024 / 1024).toFixed(1)} MB of Markdown) to ${ws.dir} in ${((performance.now() - t) / 1000).toFixed(1)} s (seed ${seed})`);
  console.log(`  ${ws.articles.length} articles (${c.pastedArticles} pasted), ${ws.entries.length} entries; pillar forms ${JSON.stringify(c.pillarForms)}`);
  console.log(`  tags ${c.tags} (${pct(c.brokenTags, c.tags)} broken), references ${c.references} (${pct(c.brokenReferences, c.references)} broken), related links ${c.relatedLinks} (${pct(c.brokenLinks, c.relatedLinks)} broken)`);
  const m = ws.picks.muchUsedEntry;
  console.log(`  much-used entry: ${m.title} (${m.path}): ${m.tags} tags, ${m.references} references, in ${m.articles} articles`);
  console.log(`  typical article: ${ws.picks.typicalArticle.path} (${(ws.picks.typicalArticle.bytes / 1024).toFixed(1)} KB)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
