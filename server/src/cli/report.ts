// How `strategy-notes check` reports what it found: plain text, JSON, GitHub Actions workflow
// commands, or a SARIF 2.1.0 log (GitHub code scanning and other viewers). Pure functions over
// the rows the checker collected.

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { repositoryUrl, ruleCatalog, ruleHelpUri, type RuleCatalogEntry } from '../engine';

/** One problem as the JSON output prints it (1-based lines and columns). */
export interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  rule: string;
  message: string;
}

export const checkFormats = ['text', 'json', 'github', 'sarif'] as const;
export type CheckFormat = (typeof checkFormats)[number];

export function textLine(r: Row): string {
  return `${r.file}:${r.line}:${r.column} ${r.severity} ${r.rule} ${r.message}\n`;
}

// GitHub's escaping of workflow commands (the runner's toolkit/core `command.ts`).
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const githubCommand: Record<string, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** One `::error file=…::message` line: GitHub Actions shows it as an annotation on the file. */
export function githubLine(r: Row): string {
  const props: [string, string | number][] = [
    ['file', slashed(r.file)],
    ['line', r.line],
    ['col', r.column],
    ['endLine', r.endLine],
    ['endColumn', r.endColumn],
    ['title', r.rule],
  ];
  const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${githubCommand[r.severity] ?? 'notice'} ${list}::${escapeData(r.message)}\n`;
}

const slashed = (file: string) => file.split(path.sep).join('/');

const sarifLevel: Record<string, Sarif.Result.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

const appliesToText = { article: 'articles', entry: 'library entries', any: 'articles and library entries' };
const fixText = { safe: 'a safe fix (applied by fix-all and `check --fix`)', suggestion: 'suggested fixes to pick from', none: 'no fix' };

function ruleDescriptor(rule: RuleCatalogEntry): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description} Checks ${appliesToText[rule.appliesTo]}; offers ${fixText[rule.fixable]}.` },
    helpUri: ruleHelpUri(rule.id),
    defaultConfiguration: { level: sarifLevel[rule.defaultSeverity] },
    properties: { fixable: rule.fixable, appliesTo: rule.appliesTo },
  };
}

/** A SARIF log of one run: every rule described (so viewers can show rules without findings), one result per row.
 * Paths below `cwd` are relative to `%SRCROOT%` (the working directory), others absolute file URIs. */
export function sarifLog(rows: readonly Row[], tool: { version: string }, cwd = process.cwd()): Sarif.Log {
  const rules = ruleCatalog().map(ruleDescriptor);
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const ruleIndex = (id: string, severity: string) => {
    let i = indexOf.get(id);
    if (i === undefined) {
      // A problem the reading of a file reports (broken front matter), not a configurable rule.
      i = rules.push({ id, shortDescription: { text: `A problem found while reading the file (${id}).` }, defaultConfiguration: { level: sarifLevel[severity] ?? 'warning' } }) - 1;
      indexOf.set(id, i);
    }
    return i;
  };
  const results: Sarif.Result[] = rows.map((r) => ({
    ruleId: r.rule,
    ruleIndex: ruleIndex(r.rule, r.severity),
    level: sarifLevel[r.severity] ?? 'note',
    message: { text: r.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(r.file, cwd),
          region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
        },
      },
    ],
  }));
  return {
    $schema: 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'strategy-notes', version: tool.version, informationUri: repositoryUrl, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        // Our columns are the editor's: UTF-16 code units, as in LSP.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function artifactLocation(file: string, cwd: string): Sarif.ArtifactLocation {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(abs).href };
}

const fixWords = { safe: 'safe', suggestion: 'suggestion', none: 'none' };

/** `strategy-notes rules`: one line per rule, aligned, with a header. */
export function rulesText(rules: readonly RuleCatalogEntry[]): string {
  const table = [['rule', 'default', 'fix', 'description'], ...rules.map((r) => [r.id, r.defaultSeverity, fixWords[r.fixable], r.description])];
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((row) => row[c].length)));
  return table.map((row) => row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell)).join('  ') + '\n').join('');
}

export function rulesJson(rules: readonly RuleCatalogEntry[]): string {
  const out = rules.map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, fix: r.fixable, appliesTo: r.appliesTo, description: r.description, helpUri: ruleHelpUri(r.id) }));
  return JSON.stringify(out, null, 2) + '\n';
}
