// The status bar item's data: the custom request strategyNotes/articleSummary through the
// client the extension exports (the item itself cannot be read through the API).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { articleSummary, extensionApi, openDocument, revertAndCloseAll, waitForSummary, workspaceUri } from './util';

describe('article summary (status bar)', () => {
  afterEach(revertAndCloseAll);

  it('exports a running language client', async () => {
    const { client } = await extensionApi();
    assert.ok(client, 'exports.client is undefined');
    assert.ok(client.isRunning(), 'the exported client is not running');
  });

  it('counts 5 pillars and no problems for the pasted article', async () => {
    const uri = workspaceUri('articles/brightmart-focus-pasted.md');
    await openDocument(uri);
    const s = await waitForSummary(uri, (x) => x.pillars === 5);
    assert.deepEqual(
      { isArticle: s.isArticle, pillars: s.pillars, announced: s.announced, hasDisclaimer: s.hasDisclaimer, errors: s.errors, warnings: s.warnings },
      { isArticle: true, pillars: 5, announced: 5, hasDisclaimer: true, errors: 0, warnings: 0 },
    );
    assert.equal(s.title, 'brightmart-focus-pasted', 'the title of an article without a heading is its file name');
  });

  it('counts 1 error for the draft (no disclaimer)', async () => {
    const uri = workspaceUri('articles/drafts/cloud-pricing-draft.md');
    await openDocument(uri);
    const s = await waitForSummary(uri, (x) => x.errors === 1);
    assert.deepEqual([s.isArticle, s.pillars, s.announced, s.hasDisclaimer, s.errors, s.warnings], [true, 3, 3, false, 1, 0]);
  });

  it('takes the title from the first heading or the front matter', async () => {
    const canonical = workspaceUri('articles/netflix-moats.md');
    await openDocument(canonical);
    assert.equal((await waitForSummary(canonical, () => true)).title, 'The Moats That Protect Streamvale');
    const fm = workspaceUri('articles/front-matter-title.md');
    await openDocument(fm);
    assert.equal((await waitForSummary(fm, () => true)).title, 'Where Cloud Software Gets Its Pricing Power');
  });

  it('says a library entry is not an article (the status bar hides there)', async () => {
    const uri = workspaceUri('library/companies/brightmart.md');
    await openDocument(uri);
    const s = await waitForSummary(uri, () => true);
    assert.equal(s.isArticle, false, JSON.stringify(s));
  });

  it('answers null for a document the server does not have open', async () => {
    const uri = vscode.Uri.joinPath(workspaceUri('articles'), 'not-open-anywhere.md');
    assert.equal(await articleSummary(uri), null);
  });
});
