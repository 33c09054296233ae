// Expands a VS Code snippet body to the text VS Code inserts before the writer types anything:
// every placeholder shows its default (mirrors of a tab stop show the same), a choice its first
// option, a bare tab stop nothing, a variable its value or default. Throws on malformed syntax.

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children?: Node[]; choices?: string[] }
  | { kind: 'variable'; name: string; children?: Node[] };

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node[] {
    const nodes = this.nodes(false);
    if (this.pos < this.src.length) throw this.error('unexpected "}"');
    return nodes;
  }

  private error(message: string): Error {
    return new Error(`snippet syntax: ${message} at offset ${this.pos} in ${JSON.stringify(this.src)}`);
  }

  /** Nodes up to the end, or (inside a placeholder) up to its closing brace. */
  private nodes(inside: boolean): Node[] {
    const out: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '\\' && /[$}\\]/.test(this.src[this.pos + 1] ?? '')) {
        text += this.src[this.pos + 1];
        this.pos += 2;
      } else if (c === '}' && inside) {
        break;
      } else if (c === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          out.push(node);
        } else {
          text += '$';
          this.pos++;
        }
      } else {
        text += c;
        this.pos++;
      }
    }
    flush();
    return out;
  }

  private dollar(): Node | undefined {
    const rest = this.src.slice(this.pos);
    let m = /^\$(\d+)/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      return { kind: 'tabstop', index: Number(m[1]) };
    }
    m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      return { kind: 'variable', name: m[1] };
    }
    m = /^\$\{(\d+)(\}|:|\|)/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      const index = Number(m[1]);
      if (m[2] === '}') return { kind: 'tabstop', index };
      if (m[2] === ':') return { kind: 'tabstop', index, children: this.closed() };
      return { kind: 'tabstop', index, choices: this.choices() };
    }
    m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(\}|:)/.exec(rest);
    if (m) {
      this.pos += m[0].length;
      if (m[2] === '}') return { kind: 'variable', name: m[1] };
      return { kind: 'variable', name: m[1], children: this.closed() };
    }
    if (rest.startsWith('${')) throw this.error('malformed placeholder');
    return undefined;
  }

  private closed(): Node[] {
    const children = this.nodes(true);
    if (this.src[this.pos] !== '}') throw this.error('unclosed placeholder');
    this.pos++;
    return children;
  }

  private choices(): string[] {
    const options: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '\\' && /[,|\\$}]/.test(this.src[this.pos + 1] ?? '')) {
        current += this.src[this.pos + 1];
        this.pos += 2;
      } else if (c === ',') {
        options.push(current);
        current = '';
        this.pos++;
      } else if (c === '|' && this.src[this.pos + 1] === '}') {
        options.push(current);
        this.pos += 2;
        return options;
      } else {
        current += c;
        this.pos++;
      }
    }
    throw this.error('unclosed choice');
  }
}

export interface ExpandedSnippet {
  text: string;
  /** Tab stop numbers used, in order of first appearance. */
  tabstops: number[];
}

export function expandSnippet(body: string | string[], variables: Record<string, string> = {}): ExpandedSnippet {
  const src = Array.isArray(body) ? body.join('\n') : body;
  const nodes = new Parser(src).parse();
  const defaults = new Map<number, Node[] | string>();
  const order: number[] = [];
  const collect = (list: Node[]) => {
    for (const n of list) {
      if (n.kind === 'tabstop') {
        if (!order.includes(n.index)) order.push(n.index);
        if (n.children && !defaults.has(n.index)) defaults.set(n.index, n.children);
        if (n.choices && !defaults.has(n.index)) defaults.set(n.index, n.choices[0] ?? '');
        if (n.children) collect(n.children);
      } else if (n.kind === 'variable' && n.children) {
        collect(n.children);
      }
    }
  };
  collect(nodes);
  const render = (list: Node[]): string =>
    list
      .map((n) => {
        if (n.kind === 'text') return n.value;
        if (n.kind === 'variable') return variables[n.name] ?? (n.children ? render(n.children) : '');
        const d = defaults.get(n.index);
        return d === undefined ? '' : typeof d === 'string' ? d : render(d);
      })
      .join('');
  return { text: render(nodes), tabstops: order };
}
