// Status bar item on articles: pillar count and problems; a click opens the Problems view.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ArticleSummary } from '../../server/src/engine/features/summary';


export class ArticleStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('strategyNotes.article', vscode.StatusBarAlignment.Left, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item.name = 'Strategy Notes Article';
    this.item.command = 'workbench.actions.view.problems';
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const uri = vscode.window.activeTextEditor?.document.uri.toString();
        if (uri && e.uris.some((u) => u.toString() === uri)) this.refresh();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.refresh();
      }),
    );
  }

  /** Asks the server for the active article's summary, shortly after things settle. */
  refresh(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.update(), 150);
  }

  private async update(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    const client = this.client();
    if (!doc || doc.languageId !== 'markdown' || !client?.isRunning()) {
      this.item.hide();
      return;
    }
    let summary: ArticleSummary | null = null;
    try {
      summary = await client.sendRequest<ArticleSummary | null>('strategyNotes/articleSummary', { uri: doc.uri.toString() });
    } catch {
      summary = null;
    }
    if (!summary?.isArticle || doc !== vscode.window.activeTextEditor?.document) {
      this.item.hide();
      return;
    }
    const pillars = `${summary.pillars} pillar${summary.pillars === 1 ? '' : 's'}`;
    const mismatch = summary.announced !== undefined && summary.announced !== summary.pillars ? ` (thesis: ${summary.announced})` : '';
    // Per-article counts in words, so they don't read as a copy of VS Code's workspace-wide problem counter.
    const problems = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')].filter(Boolean).join(', ');
    this.item.text = `$(list-ordered) ${pillars}${mismatch}${problems ? ` · ${problems}` : ''}`;
    // What a screen reader says (else it reads the icon's name and the tooltip's Markdown).
    this.item.accessibilityInformation = {
      label: `Strategy Notes: ${pillars}${mismatch ? `, the thesis announces ${summary.announced}` : ''}, ${problems || 'no problems'}. Opens the Problems view.`,
      role: 'button',
    };
    this.item.tooltip = new vscode.MarkdownString(
      `**${summary.title}**\n\n${pillars}${summary.announced !== undefined ? `, thesis announces ${summary.announced}` : ''}; ` +
        `${summary.hasDisclaimer ? 'disclaimer present' : 'no disclaimer'}.\n\nClick to open the Problems view.`,
    );
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function plural(n: number, word: string): string {
  return n === 0 ? '' : `${n} ${word}${n === 1 ? '' : 's'}`;
}
