// Folding ranges (textDocument/foldingRange): pillars, sub-points and the closing sections fold.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openDocument, ownSymbols, pillarSymbols, revertAndCloseAll, waitFor, workspaceUri } from './util';

async function foldingRanges(uri: vscode.Uri): Promise<vscode.FoldingRange[]> {
  return (await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri)) ?? [];
}

const show = (ranges: readonly vscode.FoldingRange[]) => ranges.map((r) => `${r.start}-${r.end}`).join(' ');

/** Folding ranges and our symbols, once the folding ranges include every pillar's start line. */
async function foldingWithPillars(file: string, pillarCount: number) {
  const uri = workspaceUri(file);
  const { document } = await openDocument(uri);
  const symbols = await ownSymbols(uri, (s) => pillarSymbols(s).length === pillarCount);
  const pillars = pillarSymbols(symbols);
  let last: vscode.FoldingRange[] = [];
  try {
    await waitFor(
      async () => {
        last = await foldingRanges(uri);
        return pillars.every((p) => last.some((r) => r.start === p.range.start.line));
      },
      { message: 'folding ranges for every pillar', interval: 200 },
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; got ${show(last)}; pillars start at ${pillars.map((p) => p.range.start.line).join(' ')}`);
  }
  return { uri, document, symbols, pillars, ranges: last };
}

describe('folding', () => {
  afterEach(revertAndCloseAll);

  it('folds each pillar of the pasted article over its whole body (no Markdown headings there)', async () => {
    const { pillars, ranges } = await foldingWithPillars('articles/brightmart-focus-pasted.md', 5);
    for (const p of pillars) {
      const r = ranges.find((x) => x.start === p.range.start.line);
      assert.ok(r, `no folding range starts on the line of "${p.name}"`);
      assert.equal(r.end, p.range.end.line, `the folding range of "${p.name}" ends on ${r.end}, the pillar on ${p.range.end.line}`);
      assert.equal(r.kind, vscode.FoldingRangeKind.Region, `kind of the folding range of "${p.name}"`);
    }
  });

  it('folds sub-points and the closing sections too', async () => {
    const { symbols, ranges } = await foldingWithPillars('articles/brightmart-focus-pasted.md', 5);
    const multiLine = [
      ...pillarSymbols(symbols).flatMap((p) => p.children),
      ...symbols.filter((s) => ['Related articles', 'Concept tags', 'Company tags'].includes(s.name)),
    ].filter((s) => s.range.end.line > s.range.start.line);
    assert.ok(multiLine.length >= 10, `expected many multi-line sub-points and sections, got ${multiLine.length}`);
    for (const s of multiLine) {
      assert.ok(
        ranges.some((r) => r.start === s.range.start.line && r.end === s.range.end.line),
        `no folding range ${s.range.start.line}-${s.range.end.line} for "${s.name}"; got ${show(ranges)}`,
      );
    }
  });

  it('folds each pillar of the canonical article', async () => {
    const { pillars, ranges } = await foldingWithPillars('articles/netflix-moats.md', 4);
    assert.deepEqual(
      pillars.map((p) => ranges.some((r) => r.start === p.range.start.line && r.end === p.range.end.line)),
      [true, true, true, true],
      `pillars ${pillars.map((p) => `${p.range.start.line}-${p.range.end.line}`).join(' ')}; folding ${show(ranges)}`,
    );
  });

  it('really folds a pillar in the editor (editor.fold on its line hides its body)', async () => {
    const { pillars, document } = await foldingWithPillars('articles/brightmart-focus-pasted.md', 5);
    const editor = await vscode.window.showTextDocument(document);
    const p = pillars[0];
    editor.selection = new vscode.Selection(p.range.start, p.range.start);
    await vscode.commands.executeCommand('editor.fold', { selectionLines: [p.range.start.line], levels: 1 });
    const body = p.range.start.line + 1;
    await waitFor(() => !editor.visibleRanges.some((r) => r.start.line <= body && body <= r.end.line), {
      message: `line ${body + 1} to be hidden by folding "${p.name}"`,
    });
    await vscode.commands.executeCommand('editor.unfoldAll');
  });
});
