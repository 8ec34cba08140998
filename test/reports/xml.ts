// A small strict XML parser for the JUnit tests (no XML parser is a dependency): it rejects anything not
// well-formed (unbalanced tags, unquoted or duplicate attributes, bare `&` or `<`, unknown entities,
// characters XML 1.0 forbids) and returns a tree to query.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** concatenated text and CDATA directly inside this element */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.:-]*/;
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function decode(raw: string, where: number): string {
  if (/<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(raw)) throw new Error(`bad character reference or '<' near offset ${where}`);
  return raw.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, ref: string) =>
    ref[0] === '#' ? String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)) : ENTITIES[ref],
  );
}

export function parseXml(xml: string): XmlElement {
  if (ILLEGAL.test(xml)) throw new Error(`illegal XML character at offset ${xml.search(ILLEGAL)}`);
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const skipWs = (): void => {
    while (i < xml.length && /\s/.test(xml[i])) i++;
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  while (i < xml.length) {
    if (stack.length === 0) {
      skipWs();
      if (i >= xml.length) break;
      if (root) throw new Error(`content after the root element at offset ${i}`);
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end < 0 || stack.length === 0) throw new Error(`bad CDATA at offset ${i}`);
      stack[stack.length - 1].text += xml.slice(i + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
    } else if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2));
      const open = stack.pop();
      if (!m || !open || open.name !== m[0]) throw new Error(`mismatched </${m?.[0]}> for <${open?.name}> at offset ${i}`);
      i += 2 + m[0].length;
      skipWs();
      if (xml[i] !== '>') throw new Error(`expected '>' at offset ${i}`);
      i++;
    } else if (xml[i] === '<') {
      const m = NAME.exec(xml.slice(i + 1));
      if (!m) throw new Error(`bad element name at offset ${i}`);
      const el: XmlElement = { name: m[0], attrs: {}, children: [], text: '' };
      i += 1 + m[0].length;
      for (;;) {
        const before = i;
        skipWs();
        if (xml.startsWith('/>', i) || xml[i] === '>') break;
        if (i === before) throw new Error(`expected whitespace before attribute at offset ${i}`);
        const a = NAME.exec(xml.slice(i));
        if (!a) throw new Error(`bad attribute at offset ${i}`);
        i += a[0].length;
        if (xml[i] !== '=') throw new Error(`expected '=' at offset ${i}`);
        const quote = xml[i + 1];
        if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute at offset ${i}`);
        const end = xml.indexOf(quote, i + 2);
        if (end < 0) throw new Error('unterminated attribute');
        if (a[0] in el.attrs) throw new Error(`duplicate attribute ${a[0]}`);
        el.attrs[a[0]] = decode(xml.slice(i + 2, end), i);
        i = end + 1;
      }
      if (stack.length > 0) stack[stack.length - 1].children.push(el);
      else root = el;
      if (xml.startsWith('/>', i)) i += 2;
      else {
        i++;
        stack.push(el);
      }
    } else {
      const end = xml.indexOf('<', i);
      if (end < 0) throw new Error(`text after the root element at offset ${i}`);
      const raw = xml.slice(i, end);
      if (raw.includes(']]>')) throw new Error(`']]>' in text at offset ${i}`);
      stack[stack.length - 1].text += decode(raw, i);
      i = end;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every descendant element with this name, document order. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of el.children) {
    if (child.name === name) out.push(child);
    out.push(...findAll(child, name));
  }
  return out;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}
