// Document keys are URI strings (`file:///…`, or any scheme an editor sends). Links between
// articles are resolved on the URI path alone: no file system is touched.

import { URI, Utils } from 'vscode-uri';

/** A link destination resolved against the article that holds it; undefined for web links. */
export function resolveLink(from: string, target: string): { uri: string; fragment?: string } | undefined {
  const trimmed = target.trim();
  if (!trimmed || /^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return undefined; // http:, mailto:, …
  const hash = trimmed.indexOf('#');
  const pathPart = hash >= 0 ? trimmed.slice(0, hash) : trimmed;
  const fragment = hash >= 0 ? safeDecode(trimmed.slice(hash + 1)) : undefined;
  const base = URI.parse(from);
  if (!pathPart) return { uri: base.toString(), fragment };
  const decoded = safeDecode(pathPart.replace(/\?.*$/, ''));
  const uri = decoded.startsWith('/') ? base.with({ path: decoded }) : Utils.joinPath(Utils.dirname(base), decoded);
  return { uri: uri.toString(), fragment };
}

/** A relative link from one document to another (`../library/concepts/x.md`), as written in Markdown. */
export function relativeLink(from: string, to: string): string {
  const a = URI.parse(from).path.split('/').slice(0, -1);
  const b = URI.parse(to).path.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  const rel = [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
  return rel.split('/').map((part) => encodeURIComponent(part).replace(/%2F/g, '/')).join('/').replace(/%20/g, '%20');
}

export function fileNameOf(uri: string): string {
  return Utils.basename(URI.parse(uri));
}

export function joinUri(base: string, ...parts: string[]): string {
  return Utils.joinPath(URI.parse(base), ...parts).toString();
}

export function dirnameUri(uri: string): string {
  return Utils.dirname(URI.parse(uri)).toString();
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One spelling per URI (editors and `vscode-uri` may encode differently), so keys compare equal.
 * Remembered: every file is keyed many times over (listing, index, open checks), and a parse and
 * print of a URI costs microseconds each time. */
export function canonicalUri(uri: string): string {
  let canonical = canonicalUris.get(uri);
  if (canonical === undefined) {
    try {
      canonical = URI.parse(uri).toString();
    } catch {
      canonical = uri;
    }
    // The input string itself when it is already canonical (most are): no second copy is held.
    if (canonical === uri) canonical = uri;
    if (canonicalUris.size >= maxRemembered) canonicalUris.clear();
    canonicalUris.set(uri, canonical);
  }
  return canonical;
}

/** Enough for every file of a 10,000-article workspace and the links between them. */
const maxRemembered = 50_000;
const canonicalUris = new Map<string, string>();
