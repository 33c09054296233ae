// The article model: what the dialect means, as plain data. No LSP types, no I/O.
// Positions are 0-based lines and UTF-16 character offsets, like LSP's, so the
// protocol layer can pass them through unchanged; the CLI adds 1 for people.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

/** Something the model builder met and could not make sense of. Never thrown; always returned. */
export interface Problem {
  /** Stable id, e.g. `front-matter-invalid`, `could-not-check` (binary, too large), `parse-failed`. */
  code: string;
  message: string;
  severity: ProblemSeverity;
  range: Range;
}

export interface ArticleTitle {
  text: string;
  source: 'heading' | 'front-matter' | 'file-name';
  /** Absent when the title comes from the file name. */
  range?: Range;
}

/** "Here are five things Alibaba will likely focus on:" — announces the pillar count. */
export interface ThesisLine {
  text: string;
  count: number;
  range: Range;
  /** Range of the count token ("five", "5"). */
  countRange: Range;
}

export type PillarStyle = 'heading' | 'line';

export interface SubPoint {
  title: string;
  /** The sub-point line through the end of its body. */
  range: Range;
  /** The sub-point's own line. */
  selectionRange: Range;
  style: 'colon-line' | 'heading';
}

export interface Pillar {
  number: number;
  title: string;
  style: PillarStyle;
  /** The pillar line through the end of its body. */
  range: Range;
  /** The pillar's own line. */
  selectionRange: Range;
  numberRange: Range;
  titleRange: Range;
  /** Lines after the pillar line up to its end that hold any text. */
  bodyLineCount: number;
  subPoints: SubPoint[];
}

export type ClosingKind = 'thematic-break' | 'dash-line' | 'section';

export interface ClosingPart {
  kind: ClosingKind;
  /** Where the closing part starts (the break line or the first section header). */
  range: Range;
}

/** One list item under a section header: a tag or a related article. */
export interface SectionItem {
  /** The item's text with the list marker removed (what the writer typed). */
  text: string;
  range: Range;
  /** Plain name, `[[Name]]` or `[text](target)`. */
  form: 'plain' | 'reference' | 'link';
  /** The name the item stands for: plain text, the reference's target, or the link text. */
  name: string;
  /** For links: the destination as written. */
  target?: string;
  /** Range of `name` (or of the link destination, for links' `targetRange`). */
  nameRange: Range;
  targetRange?: Range;
}

export type SectionKind = 'related' | 'concepts' | 'companies';

export interface ArticleSection {
  kind: SectionKind;
  /** Header line through the last item. */
  range: Range;
  headerRange: Range;
  header: string;
  /** `n/a` was written: the writer says there is nothing to list. */
  none: boolean;
  items: SectionItem[];
}

export interface InlineReference {
  /** Target name, as written between `[[` and `|` / `]]`. */
  name: string;
  /** Shown text after `|`, when given. */
  label?: string;
  range: Range;
  nameRange: Range;
}

export interface Disclaimer {
  text: string;
  range: Range;
}

/** Inline `<!-- strategy-notes-disable … -->` comments, resolved per line by the rules layer. */
export interface RuleDirective {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line';
  /** Rule ids; empty means every rule. */
  rules: string[];
  line: number;
}

/** A Markdown heading (ATX or setext), for related-link anchors and workspace symbols. */
export interface Heading {
  text: string;
  depth: number;
  line: number;
  /** The heading's text on its line. */
  range: Range;
}

/** A block still open at the end of the text, which text appended after it would land in. */
export interface OpenAtEnd {
  construct: 'fence' | 'comment' | 'html';
  /** The line it opens on. */
  line: number;
  /** The line that closes it (inserted on its own line, nothing replaced). */
  closer: string;
}

export interface ArticleModel {
  /** Document version the model was built for (whatever the caller passed). */
  version: number;
  /** False when the text was not analyzed (too large, binary): rules do not run on it. */
  analyzed: boolean;
  /** Number of lines in the text (a trailing newline starts an empty last line). */
  lineCount: number;
  /** End of the text. */
  end: Position;
  /** Last line holding any non-blank text; -1 for an empty text. */
  lastTextLine: number;
  /** Length of that line (0 when there is none). */
  lastTextLineLength: number;
  /** A fence or HTML block open at the end of the text (edits that append close it first). */
  openAtEnd?: OpenAtEnd;
  /** The text's line ending (the first one found; `\n` when there is none), used by edits. */
  eol: '\n' | '\r\n' | '\r';
  title: ArticleTitle;
  frontMatter?: { range: Range; data: Record<string, unknown> };
  thesis?: ThesisLine;
  pillarStyle?: PillarStyle;
  /** Heading level of pillars, when written as headings. */
  pillarLevel?: number;
  pillars: Pillar[];
  closing?: ClosingPart;
  related?: ArticleSection;
  concepts?: ArticleSection;
  companies?: ArticleSection;
  references: InlineReference[];
  headings: Heading[];
  /** The first paragraph of prose (lines joined by a space), for a library entry's summary. */
  firstParagraph?: string;
  disclaimer?: Disclaimer;
  directives: RuleDirective[];
  problems: Problem[];
}
