// Puts the chunk facts back together into one array of line facts for the whole document.

import { ChunkCache, chunkStarts, chunkText, type ChunkFacts, type HtmlComment, type InlineSpan, type LineFacts } from './chunks';
import { splitLines } from './text';

export interface DocumentBlocks {
  lines: string[];
  facts: LineFacts[];
  /** Inline code spans, absolute lines. */
  code: InlineSpan[];
  comments: HtmlComment[];
  frontMatter?: { value: string; endLine: number };
  /** Chunks classified without remark, with why (first line, reason). */
  fallbacks: { line: number; lineCount: number; reason: string }[];
}

/** `wholeDocument` parses the text as one chunk: the reference the chunked result must equal. */
export function readBlocks(text: string, cache: ChunkCache, wholeDocument = false): DocumentBlocks {
  // remark sees LF only; ranges use the original line structure, which splitLines keeps.
  const lines = splitLines(text);
  const starts = wholeDocument ? [0] : chunkStarts(lines);
  starts.push(lines.length);
  const facts: LineFacts[] = [];
  const code: InlineSpan[] = [];
  const comments: HtmlComment[] = [];
  const fallbacks: DocumentBlocks['fallbacks'] = [];
  let frontMatter: DocumentBlocks['frontMatter'];
  for (let k = 0; k < starts.length - 1; ) {
    const start = starts[k];
    let next = k + 1;
    let chunk: ChunkFacts = cache.get(chunkText(lines, start, starts[next]), start === 0);
    // A fence or HTML block left open runs on into the next chunk: parse them together.
    while (chunk.endsOpen && next < starts.length - 1) {
      next++;
      chunk = cache.get(chunkText(lines, start, starts[next]), start === 0);
    }
    for (const f of chunk.lines) facts.push(f);
    for (const s of chunk.code) code.push({ line: s.line + start, start: s.start, end: s.end });
    for (const c of chunk.comments) comments.push({ line: c.line + start, value: c.value });
    if (chunk.frontMatter && start === 0) frontMatter = chunk.frontMatter;
    if (chunk.fallbackReason) fallbacks.push({ line: start, lineCount: starts[next] - start, reason: chunk.fallbackReason });
    k = next;
  }
  return { lines, facts, code, comments, frontMatter, fallbacks };
}
