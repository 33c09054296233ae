// `workspace/executeCommand` (append the disclaimer) and the status bar's custom request.

import { appendDisclaimer, articleSummary, type ArticleSummary } from '../engine';
import { disclaimerFixes } from '../engine/config';
import { throwIfCancelled } from './analysis';
import { guarded, type Session } from './session';
import { editorFindings } from './convert';

/** `workspace/executeCommand` [uri]: appends the configured disclaimer unless the article has one. */
export const appendDisclaimerCommand = 'strategyNotes.server.appendDisclaimer';
/** Custom request for the status bar: `{ uri }` -> ArticleSummary | null. */
export const articleSummaryRequest = 'strategyNotes/articleSummary';

export const commands = [appendDisclaimerCommand];

export function registerCommands(session: Session): void {
  const { connection, analyses } = session;
  connection.onRequest(
    articleSummaryRequest,
    guarded(connection, 'article summary', null as ArticleSummary | null, async (params: { uri: string }, token) => {
      const found = await analyses.of(params.uri, token);
      throwIfCancelled(token);
      return found ? articleSummary(found.analysis.model, editorFindings(found.analysis), found.context.isArticle) : null;
    }),
  );

  connection.onExecuteCommand(
    guarded(connection, 'command', { applied: false, reason: 'failed' } as { applied: boolean; reason?: string }, async (params) => {
      if (params.command !== appendDisclaimerCommand) return { applied: false, reason: `unknown command ${params.command}` };
      const uri = String(params.arguments?.[0] ?? '');
      const found = await analyses.of(uri);
      if (!found) return { applied: false, reason: 'the document is not open' };
      if (found.analysis.model.disclaimer) return { applied: false, reason: 'the article already has a disclaimer' };
      // The same edit as the quick fix: it closes a block left open at the end first. A text the
      // pattern does not find would leave the rule failing, so it is not inserted.
      if (!disclaimerFixes(found.context.config)) return { applied: false, reason: 'disclaimer.text does not match disclaimer.pattern, so inserting it would not satisfy the rule' };
      const fix = appendDisclaimer(found.analysis.model, found.context.config.disclaimer.text);
      const result = await connection.workspace.applyEdit({ label: fix.title, edit: { changes: { [uri]: fix.edits } } });
      return result.applied ? { applied: true } : { applied: false, reason: result.failureReason ?? 'the editor refused the edit' };
    }),
  );
}
