// The extension's page in VS Code shows the README inside the .vsix, read offline: every image
// and relative link in it must be a file of the package, every `#anchor` a heading of it, and an
// absolute link may only go to the repository. Packages the current build, as `npm run package`
// does (`--no-rewrite-relative-links`: vsce leaves the links as written).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import GithubSlugger from 'github-slugger';
import type { Root, RootContent } from 'mdast';

const root = path.resolve(import.meta.dirname, '../..');

/** Every entry of a zip: name -> contents (stored or deflated, as vsce writes them). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'not a zip file');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory record');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    assert.equal(zip.readUInt32LE(local), 0x04034b50, `local header of ${name}`);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + compressedSize);
    assert.ok(method === 0 || method === 8, `${name}: compression method ${method}`);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

/** A node's text, as a heading's anchor is made from it. */
function mdastToString(node: Root | RootContent): string {
  if ('value' in node && node.type !== 'html') return node.value;
  if ('alt' in node && node.type === 'image') return node.alt ?? '';
  return 'children' in node ? node.children.map(mdastToString).join('') : '';
}

type Target = { kind: 'image' | 'link'; url: string; line: number };

/** Images, links and link definitions of a Markdown text (code spans and blocks are not links). */
function targets(tree: Root): Target[] {
  const found: Target[] = [];
  const walk = (node: Root | RootContent) => {
    const line = node.position?.start.line ?? 0;
    if (node.type === 'image' || node.type === 'imageReference') {
      if (node.type === 'image') found.push({ kind: 'image', url: node.url, line });
    } else if (node.type === 'link' || node.type === 'definition') {
      found.push({ kind: 'link', url: node.url, line });
    } else if (node.type === 'html') {
      for (const m of node.value.matchAll(/\b(src|href)\s*=\s*["']([^"']*)["']/gi)) {
        found.push({ kind: m[1].toLowerCase() === 'src' ? 'image' : 'link', url: m[2], line });
      }
    }
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return found;
}

/** The anchors VS Code and GitHub give the headings (github-slugger, duplicates numbered). */
function anchors(tree: Root): Set<string> {
  const slugger = new GithubSlugger();
  const found = new Set<string>();
  const walk = (node: Root | RootContent) => {
    if (node.type === 'heading') found.add(slugger.slug(mdastToString(node)));
    else if (node.type === 'html') for (const m of node.value.matchAll(/\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) found.add(m[1]);
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return found;
}

function repositoryUrl(manifest: { repository?: string | { url?: string } }): string | undefined {
  const repo = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  return repo?.replace(/^git\+/, '').replace(/\.git$/, '');
}

let dir = '';
let files = new Map<string, Buffer>();
let readme = '';
let tree: Root;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sn-readme-'));
  const out = path.join(dir, 'strategy-notes.vsix');
  execFileSync(path.join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: root, stdio: 'pipe' });
  files = unzip(readFileSync(out));
  const readmeName = [...files.keys()].find((name) => /^extension\/readme\.md$/i.test(name));
  assert.ok(readmeName, 'the .vsix has a README');
  readme = files.get(readmeName)!.toString('utf8');
  tree = unified().use(remarkParse).parse(readme);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the packaged README opens with what the extension does and how to install it', () => {
  const headings = tree.children.filter((n) => n.type === 'heading' && n.depth === 2).map((n) => mdastToString(n));
  assert.equal(headings[0], 'Install', `the first section is ${headings[0]}`);
  const install = readme.indexOf('code --install-extension strategy-notes.vsix');
  assert.ok(install > 0, 'the README says how to install the .vsix');
  const npmInstall = readme.indexOf('npm install');
  assert.ok(npmInstall > install, 'a contributor’s `npm install` comes after the install instructions');
  assert.ok(headings.includes('Develop'), 'the contributors’ part is there, further down');
});

test('every image and relative link in the packaged README is a file of the .vsix', () => {
  const problems: string[] = [];
  for (const { kind, url, line } of targets(tree)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('#')) continue;
    const file = decodeURI(url.split('#')[0].split('?')[0]);
    const entry = path.posix.normalize(path.posix.join('extension', file));
    if (!files.has(entry)) problems.push(`line ${line}: ${kind} ${url} is not in the .vsix (${entry})`);
  }
  assert.deepEqual(problems, []);
});

test('the README shows every screenshot the .vsix ships, and images are local', () => {
  const images = targets(tree).filter((t) => t.kind === 'image');
  assert.ok(images.length > 0, 'the README shows screenshots');
  for (const { url, line } of images) assert.doesNotMatch(url, /^[a-z][a-z0-9+.-]*:|^\/\//i, `line ${line}: image ${url} needs the network`);
  const shown = new Set(images.map((t) => path.posix.normalize(path.posix.join('extension', t.url))));
  const shipped = [...files.keys()].filter((name) => /\.(png|jpe?g|gif|webp|svg)$/i.test(name));
  assert.deepEqual(shipped.filter((name) => !shown.has(name)), [], 'images shipped but not shown (they only make the package bigger)');
});

test('every #anchor in the packaged README is one of its headings', () => {
  const known = anchors(tree);
  const missing = targets(tree)
    .filter((t) => t.url.startsWith('#'))
    .filter((t) => !known.has(decodeURIComponent(t.url.slice(1))))
    .map((t) => `line ${t.line}: ${t.url}`);
  assert.deepEqual(missing, []);
  // Links to another packaged Markdown file's heading are checked against that file.
  for (const t of targets(tree)) {
    const [file, hash] = t.url.split('#');
    if (!hash || !file || /^[a-z][a-z0-9+.-]*:/i.test(file) || !/\.md$/i.test(file)) continue;
    const text = files.get(path.posix.normalize(path.posix.join('extension', decodeURI(file))));
    if (!text) continue; // reported by the relative-link test
    assert.ok(anchors(unified().use(remarkParse).parse(text.toString('utf8'))).has(decodeURIComponent(hash)), `line ${t.line}: ${t.url}: no such heading`);
  }
});

// The page is read offline: what it needs (images, our own pages) is inside the package; a
// link out is only ever https (a tool's home page, the repository), never a local or insecure one.
test('absolute links in the packaged README are https, and point into the package for our own pages', () => {
  const manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
  const repo = repositoryUrl(manifest);
  const absolute = targets(tree).filter((t) => /^[a-z][a-z0-9+.-]*:|^\/\//i.test(t.url));
  const bad = absolute.filter((t) => !/^https:\/\//i.test(t.url) && !/^mailto:/i.test(t.url)).map((t) => `line ${t.line}: ${t.url}`);
  assert.deepEqual(bad, [], 'links out of the package must be https');
  // Our own docs are packaged: a link to them on the web would not open offline.
  const ownDocsOnWeb = absolute.filter((t) => repo && t.url.startsWith(`${repo}/blob/`) && /\/docs\//.test(t.url)).map((t) => `line ${t.line}: ${t.url}`);
  assert.deepEqual(ownDocsOnWeb, [], 'link the packaged docs/ pages relatively');
});
