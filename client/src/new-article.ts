// "New Article": asks for a title, creates `<articles folder>/<slug>.md` and fills it with the
// article skeleton snippet (the one in snippets/markdown.json, so there is a single skeleton).

import * as vscode from 'vscode';

export async function newArticle(context: vscode.ExtensionContext, titleArg?: string): Promise<vscode.Uri | undefined> {
  const title = titleArg ?? (await vscode.window.showInputBox({ prompt: 'Title of the new article', placeHolder: 'Five Things Brightmart Will Focus On', validateInput: (v) => (v.trim() ? undefined : 'A title is needed') }));
  if (!title?.trim()) return undefined;
  const body = await skeleton(context, title.trim());
  const folder = await pickFolder();
  let document: vscode.TextDocument;
  if (folder) {
    const articlesFolder = vscode.workspace.getConfiguration('strategyNotes', folder.uri).get<string>('newArticle.folder', 'articles');
    const dir = vscode.Uri.joinPath(folder.uri, ...articlesFolder.split('/').filter(Boolean));
    const uri = await freeName(dir, slug(title));
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.writeFile(uri, new Uint8Array());
    document = await vscode.workspace.openTextDocument(uri);
  } else {
    // No folder open: an untitled article works just as well.
    document = await vscode.workspace.openTextDocument({ language: 'markdown' });
  }
  const editor = await vscode.window.showTextDocument(document);
  await editor.insertSnippet(new vscode.SnippetString(body), new vscode.Position(0, 0));
  return document.uri;
}

async function skeleton(context: vscode.ExtensionContext, title: string): Promise<string> {
  const file = vscode.Uri.joinPath(context.extensionUri, 'snippets', 'markdown.json');
  const snippets = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as Record<string, { prefix: string; body: string[] }>;
  const article = Object.values(snippets).find((s) => s.prefix === 'sn-article');
  if (!article) throw new Error('the sn-article snippet is missing from snippets/markdown.json');
  // The title placeholder becomes the given title (escaped for snippet syntax).
  return article.body.join('\n').replace(/\$\{1:[^}]*\}/, title.replace(/[$}\\]/g, '\\$&'));
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const current = active && vscode.workspace.getWorkspaceFolder(active);
  return current ?? (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new article' }));
}

function slug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'article'
  );
}

async function freeName(dir: vscode.Uri, base: string): Promise<vscode.Uri> {
  for (let n = 1; ; n++) {
    const uri = vscode.Uri.joinPath(dir, `${base}${n === 1 ? '' : `-${n}`}.md`);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return uri;
    }
  }
}
