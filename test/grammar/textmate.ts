// Tokenizes Markdown the way VS Code does: vscode-textmate + vscode-oniguruma, a Markdown host
// grammar with scopeName `text.html.markdown`, and our injection grammar injected into it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as onigModule from 'vscode-oniguruma';
import * as vsctmModule from 'vscode-textmate';

// Both packages are CommonJS bundles: under ESM their exports only show up on `default`.
const onig = (onigModule as unknown as { default?: typeof onigModule }).default ?? onigModule;
const vsctm = (vsctmModule as unknown as { default?: typeof vsctmModule }).default ?? vsctmModule;

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export const root = path.resolve(here, '../..');
export const injectionPath = path.join(root, 'syntaxes/strategy-notes.injection.tmLanguage.json');
export const injectionScope = 'markdown.strategy-notes.injection';
export const fixtureHostPath = path.join(here, 'fixtures/markdown-host.tmLanguage.json');

export interface HostGrammar {
  name: string;
  path: string;
}

function resolveOptional(specifier: string): string | undefined {
  try {
    return require.resolve(specifier);
  } catch {
    return undefined;
  }
}

/**
 * VS Code's own Markdown grammar, when one is at hand: `STRATEGY_NOTES_MARKDOWN_GRAMMAR` (a path to
 * any `markdown.tmLanguage.json`, e.g. the one inside a VS Code or code-server install), else the
 * copy that the `tm-grammars` npm package ships (taken unchanged from microsoft/vscode).
 */
export function findVsCodeMarkdownGrammar(): string | undefined {
  const fromEnv = process.env.STRATEGY_NOTES_MARKDOWN_GRAMMAR;
  if (fromEnv) return fromEnv;
  return resolveOptional('tm-grammars/grammars/markdown.json');
}

/** Dark+ and Light+ as the `tm-themes` npm package ships them (flattened from VS Code's). */
export function findThemes(): { dark: string; light: string } | undefined {
  const dir = process.env.STRATEGY_NOTES_THEMES_DIR;
  const dark = dir ? path.join(dir, 'dark-plus.json') : resolveOptional('tm-themes/themes/dark-plus.json');
  const light = dir ? path.join(dir, 'light-plus.json') : resolveOptional('tm-themes/themes/light-plus.json');
  return dark && light ? { dark, light } : undefined;
}

let onigReady: Promise<void> | undefined;
function loadOniguruma(): Promise<void> {
  onigReady ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  })();
  return onigReady;
}

export interface Token {
  text: string;
  scopes: string[];
}

export interface ThemedToken {
  text: string;
  foreground: string;
  fontStyle: number;
}

export interface Tokenizer {
  /** Tokens of each line of `text`, tokenized in order with the state carried across lines. */
  tokenize(text: string): Token[][];
  /** Same, with each token's colour and font style under the registry's theme. */
  tokenizeThemed(text: string): ThemedToken[][];
  defaultForeground(): string;
}

interface RawTheme {
  tokenColors?: { scope?: string | string[]; settings: Record<string, string> }[];
  colors?: Record<string, string>;
}

export async function createTokenizer(hostPath: string, themePath?: string): Promise<Tokenizer> {
  await loadOniguruma();
  const grammars: Record<string, string> = {
    'text.html.markdown': hostPath,
    [injectionScope]: injectionPath,
  };
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new onig.OnigScanner(patterns),
      createOnigString: (s: string) => new onig.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = grammars[scopeName];
      if (file) return vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file);
      // Languages the host embeds (YAML front matter, HTML, code fences …) get an empty stand-in:
      // vscode-textmate drops a rule whose only include is missing, and VS Code has them all.
      return vsctm.parseRawGrammar(JSON.stringify({ scopeName, patterns: [] }), `${scopeName}.json`);
    },
    getInjections: (scopeName: string) => (scopeName === 'text.html.markdown' ? [injectionScope] : undefined),
  });
  let defaultFg = '#000000';
  if (themePath) {
    const theme = JSON.parse(readFileSync(themePath, 'utf8')) as RawTheme;
    defaultFg = theme.colors?.['editor.foreground'] ?? defaultFg;
    registry.setTheme({
      name: path.basename(themePath),
      settings: [{ settings: { foreground: defaultFg } }, ...(theme.tokenColors ?? [])],
    });
  }
  const grammar = await registry.loadGrammar('text.html.markdown');
  if (!grammar) throw new Error(`could not load the Markdown host grammar from ${hostPath}`);

  const lines = (text: string) => text.replace(/\r\n?/g, '\n').split('\n');
  return {
    tokenize(text) {
      let state = vsctm.INITIAL;
      return lines(text).map((line) => {
        const r = grammar.tokenizeLine(line, state);
        state = r.ruleStack;
        return r.tokens
          .map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }))
          .filter((t) => t.text.length > 0);
      });
    },
    tokenizeThemed(text) {
      const colorMap = registry.getColorMap();
      let state = vsctm.INITIAL;
      return lines(text).map((line) => {
        const r = grammar.tokenizeLine2(line, state);
        state = r.ruleStack;
        const out: ThemedToken[] = [];
        for (let i = 0; i < r.tokens.length; i += 2) {
          const start = r.tokens[i];
          const end = i + 2 < r.tokens.length ? r.tokens[i + 2] : line.length;
          const meta = r.tokens[i + 1];
          // EncodedTokenAttributes: font style in bits 11-14, foreground id in bits 15-23.
          const fontStyle = (meta & 0b0111_1000_0000_0000) >>> 11;
          const foreground = colorMap[(meta & 0b1111_1111_1000_0000_0000_0000) >>> 15] ?? '';
          if (end > start) out.push({ text: line.slice(start, end), foreground: foreground.toUpperCase(), fontStyle });
        }
        return out;
      });
    },
    defaultForeground: () => defaultFg.toUpperCase(),
  };
}
