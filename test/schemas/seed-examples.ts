// Pulls the JSON examples out of a seed document: every fenced code block, and from each block whatever is
// honestly JSON-shaped. The rules, in order, for one block:
//   1. the block is JSON;
//   2. the block is JSON once `//` and `/* */` comments (outside strings), `#` comments (shell-ish blocks only)
//      and trailing commas are dropped; several values in a row give one item each;
//   3. an HTTP message (first line `METHOD /path`) whose body after the first blank line reads by rule 2;
//   4. shell-ish blocks: each line that is on its own a JSON object (e.g. a frame typed into wscat);
//   5. javascript blocks: the object literal of each `JSON.stringify({...})`, and of each `x = {...}` inside a
//      block comment, read as a JavaScript literal (bare keys, single quotes) with literal values only; a literal
//      that names a variable is not JSON-shaped and gives nothing.
// `[...]` standing alone for "the items" reads as an empty array (rule 2 and later).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEEDS_DIR = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));

/**
 * The seed documents sit beside the clone (../shared/seeds), not in it: a clone without them still passes
 * `npm test`, and the tests that read them are skipped with this note.
 */
export const SEEDS_PRESENT = existsSync(SEEDS_DIR) && readdirSync(SEEDS_DIR).some((f) => /^\d{3}_/.test(f));
export const SEEDS_NOTE = `skipped: needs the seed documents in ${SEEDS_DIR} (000_*.txt … 004_*.txt), which are not part of this repository`;

export const SEED_OF: Record<string, string> = {
  medmapp: '000',
  fiko: '001',
  carechat: '002',
  carinfopro: '003',
  uzbekhub: '004',
};

export interface Block {
  index: number;
  lang: string;
  text: string;
  /** 1-based line of the opening fence */
  line: number;
}

export interface Example {
  block: number;
  item: number;
  lang: string;
  how: 'json' | 'relaxed' | 'http-body' | 'shell-line' | 'js-literal';
  value: unknown;
}

export function readSeed(dialect: string): string {
  const prefix = `${SEED_OF[dialect]}_`;
  const file = readdirSync(SEEDS_DIR).find((name) => name.startsWith(prefix));
  if (!file) throw new Error(`no seed ${prefix}* in ${SEEDS_DIR}`);
  return readFileSync(join(SEEDS_DIR, file), 'utf8');
}

export function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: Block[] = [];
  let open: { fence: string; lang: string; line: number; body: string[] } | undefined;
  lines.forEach((raw, i) => {
    const m = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/.exec(raw);
    if (!open) {
      if (m) open = { fence: m[1]!, lang: (m[2] ?? '').toLowerCase(), line: i + 1, body: [] };
      return;
    }
    if (m && m[1]!.startsWith(open.fence[0]!) && m[1]!.length >= open.fence.length && raw.trim() === m[1]) {
      blocks.push({ index: blocks.length, lang: open.lang, text: open.body.join('\n'), line: open.line });
      open = undefined;
      return;
    }
    open.body.push(raw);
  });
  return blocks;
}

const SHELL = new Set(['bash', 'sh', 'shell', 'zsh', 'console']);
const JS = new Set(['javascript', 'js', 'jsx', 'typescript', 'ts']);

/** A small reader for JSON and JavaScript object literals. Throws on anything else. */
class LiteralReader {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly opts: { hashComments: boolean; jsLiteral: boolean },
  ) {}

  static readAll(src: string, opts: { hashComments: boolean; jsLiteral: boolean }): unknown[] {
    const reader = new LiteralReader(src, opts);
    const values: unknown[] = [];
    reader.skip();
    while (reader.pos < src.length) {
      values.push(reader.value());
      reader.skip();
    }
    if (values.length === 0) throw new Error('empty');
    return values;
  }

  private fail(what: string): never {
    throw new Error(`${what} at ${this.pos}`);
  }

  private skip(): void {
    const s = this.src;
    for (;;) {
      while (this.pos < s.length && /\s/.test(s[this.pos]!)) this.pos++;
      if (s.startsWith('//', this.pos) || (this.opts.hashComments && s[this.pos] === '#')) {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else if (s.startsWith('/*', this.pos)) {
        const end = s.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unclosed comment');
        this.pos = end + 2;
      } else return;
    }
  }

  private value(): unknown {
    this.skip();
    const c = this.src[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || (c === "'" && this.opts.jsLiteral)) return this.string();
    const rest = this.src.slice(this.pos);
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      this.pos += num[0].length;
      return Number(num[0]);
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (rest.startsWith(word) && !/[\w$]/.test(rest[word.length] ?? '')) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail('not a literal');
  }

  private string(): string {
    const quote = this.src[this.pos]!;
    let out = '';
    this.pos++;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c === '\n') break;
      if (c === '\\') {
        const next = this.src[this.pos + 1]!;
        if (next === 'u') {
          out += String.fromCharCode(parseInt(this.src.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else {
          out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[next] ?? next;
          this.pos += 2;
        }
        continue;
      }
      out += c;
      this.pos++;
    }
    return this.fail('unclosed string');
  }

  private array(): unknown[] {
    this.pos++;
    this.skip();
    if (this.src.startsWith('...', this.pos)) {
      // `[...]`: a placeholder for "the items".
      this.pos += 3;
      this.skip();
      if (this.src[this.pos] !== ']') this.fail('expected ] after ...');
      this.pos++;
      return [];
    }
    const out: unknown[] = [];
    for (;;) {
      this.skip();
      if (this.src[this.pos] === ']') {
        this.pos++;
        return out;
      }
      out.push(this.value());
      this.skip();
      if (this.src[this.pos] === ',') this.pos++;
      else if (this.src[this.pos] !== ']') this.fail('expected , or ]');
    }
  }

  private object(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skip();
      const c = this.src[this.pos];
      if (c === '}') {
        this.pos++;
        return out;
      }
      let key: string;
      if (c === '"' || (c === "'" && this.opts.jsLiteral)) key = this.string();
      else if (this.opts.jsLiteral && c !== undefined && /[A-Za-z_$]/.test(c)) {
        const m = /^[A-Za-z_$][\w$]*/.exec(this.src.slice(this.pos))!;
        key = m[0];
        this.pos += key.length;
      } else return this.fail('expected key');
      this.skip();
      if (this.src[this.pos] !== ':') this.fail('expected :');
      this.pos++;
      out[key] = this.value();
      this.skip();
      if (this.src[this.pos] === ',') this.pos++;
      else if (this.src[this.pos] !== '}') this.fail('expected , or }');
    }
  }
}

function balancedFrom(src: string, start: number): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return src.slice(start, i + 1);
  }
  return undefined;
}

function tryRead(src: string, opts: { hashComments: boolean; jsLiteral: boolean }): unknown[] | undefined {
  try {
    return LiteralReader.readAll(src, opts);
  } catch {
    return undefined;
  }
}

export function examplesOfBlock(block: Block): Example[] {
  const { text, lang, index } = block;
  const make = (how: Example['how'], values: unknown[]): Example[] =>
    values.map((value, item) => ({ block: index, item, lang, how, value }));
  const shell = SHELL.has(lang);

  try {
    return make('json', [JSON.parse(text)]);
  } catch {
    /* next rule */
  }
  const relaxed = tryRead(text, { hashComments: shell, jsLiteral: false });
  if (relaxed) return make('relaxed', relaxed);

  const firstLine = text.trimStart().split('\n')[0] ?? '';
  if (/^(GET|POST|PUT|PATCH|DELETE)\s+\//.test(firstLine)) {
    const blank = text.search(/\n\s*\n/);
    if (blank >= 0) {
      const body = tryRead(text.slice(blank), { hashComments: shell, jsLiteral: false });
      if (body) return make('http-body', body);
    }
    return [];
  }

  if (shell) {
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => tryRead(l, { hashComments: false, jsLiteral: false }) ?? []);
    return make('shell-line', lines);
  }

  if (JS.has(lang)) {
    const literals: unknown[] = [];
    const stringify = /JSON\.stringify\(\s*\{/g;
    for (let m = stringify.exec(text); m; m = stringify.exec(text)) {
      const lit = balancedFrom(text, m.index + m[0].length - 1);
      const value = lit && tryRead(lit, { hashComments: false, jsLiteral: true });
      if (value && value.length === 1) literals.push(value[0]);
    }
    const comment = /\/\*([\s\S]*?)\*\//g;
    for (let m = comment.exec(text); m; m = comment.exec(text)) {
      const body = m[1]!;
      const assign = /[\w$.[\]]+\s*=\s*\{/g;
      for (let a = assign.exec(body); a; a = assign.exec(body)) {
        const lit = balancedFrom(body, a.index + a[0].length - 1);
        const value = lit && tryRead(lit, { hashComments: false, jsLiteral: true });
        if (value && value.length === 1) literals.push(value[0]);
      }
    }
    return make('js-literal', literals);
  }
  return [];
}

export function seedExamples(dialect: string): { blocks: Block[]; examples: Example[] } {
  const blocks = fencedBlocks(readSeed(dialect));
  return { blocks, examples: blocks.flatMap(examplesOfBlock) };
}

const SAMPLE_UUID = '550e8400-e29b-41d4-a716-446655440000';
const WHOLE_PLACEHOLDER = /^(?:<\w*uuid>|[\w-]*?[-_]?uuid(?:[-_]string)?)$/i;
const INNER_PLACEHOLDER = /<\w*_id>/g;

/** Replaces id placeholders by a real UUID, only where an entry says the example uses them. */
export function fillPlaceholders(value: unknown): unknown {
  if (typeof value === 'string') {
    return WHOLE_PLACEHOLDER.test(value) ? SAMPLE_UUID : value.replace(INNER_PLACEHOLDER, SAMPLE_UUID);
  }
  if (Array.isArray(value)) return value.map(fillPlaceholders);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v)]));
  }
  return value;
}
