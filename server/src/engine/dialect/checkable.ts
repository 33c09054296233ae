// The one place that decides a file cannot be checked, and says why: the article builder (for
// the editor's text and the CLI's) and the CLI (for a file it cannot or need not read) both ask
// here, so the editor and CI report the same `could-not-check` finding.

/** Longer texts (UTF-16 units) are not analyzed: 10 Mi. */
export const maxCheckedLength = 10 * 1024 * 1024;

/** The problem code the `could-not-check` rule reports. */
export const couldNotCheckCode = 'could-not-check';

/** Why this text is not analyzed (too long, binary), or undefined when it can be. */
export function whyNotCheckable(text: string, maxLength = maxCheckedLength): string | undefined {
  if (text.length > maxLength) return `This file has ${text.length.toLocaleString('en-US')} characters; Strategy Notes checks files up to ${maxLength.toLocaleString('en-US')}. Nothing in it was checked.`;
  if (looksBinary(text)) return 'This file looks like binary data, not Markdown text. Nothing in it was checked.';
  return undefined;
}

/** A file of this many bytes decodes to more than `maxLength` characters whatever it holds (UTF-8
 * takes at most 3 bytes per UTF-16 unit, an invalid sequence as well), so it need not be read. */
export function surelyTooLarge(bytes: number, maxLength = maxCheckedLength): string | undefined {
  return bytes > 3 * maxLength ? `This file has ${bytes.toLocaleString('en-US')} bytes; Strategy Notes checks files up to ${maxLength.toLocaleString('en-US')} characters. Nothing in it was checked.` : undefined;
}

/** A file that could not be read at all (`reason`: an error code such as EACCES). */
export function unreadable(reason: string): string {
  return `This file could not be read (${reason}). Nothing in it was checked.`;
}

/** Binary files (images renamed .md, archives) have NUL bytes or many control characters early on. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  if (head.length === 0) return false;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return control / head.length > 0.1;
}
