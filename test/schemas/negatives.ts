// Negative vectors for a valid example: small mutations that the example's schema must reject.
//   type     - one field's JSON type changed (string <-> number, boolean/null -> other, object/array -> string)
//   required - one field removed that an applicable subschema lists in `required`
//   enum     - one field with `enum`/`const` set to a value outside it
// Which subschemas apply at a path is found by walking the schema alongside the value: `$ref`, `allOf`, and the
// one `oneOf`/`anyOf` branch that fits the value (by type, required keys and const properties).
import { getAjv, idOf } from '../../core/schemas.ts';

type Json = unknown;
type Path = (string | number)[];
type Schema = Record<string, unknown>;
interface Node {
  schema: Schema;
  base: string;
}

export interface Negative {
  kind: 'type' | 'required' | 'enum';
  path: string;
  value: Json;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function atPointer(root: unknown, pointer: string): unknown {
  if (!pointer || pointer === '/') return root;
  return pointer
    .split('/')
    .slice(1)
    .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
}

function resolveRef(ref: string, base: string): Node {
  const url = new URL(ref, base).href;
  const [file, fragment = ''] = url.split('#') as [string, string?];
  const root = getAjv().getSchema(file)?.schema;
  if (!root) throw new Error(`cannot resolve $ref ${ref} from ${base}`);
  return { schema: atPointer(root, fragment) as Schema, base: file };
}

function typeAllows(type: unknown, value: unknown): boolean {
  if (type === undefined) return true;
  const types = Array.isArray(type) ? type : [type];
  const t = jsonType(value);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

function fits(node: Node, value: unknown, depth = 0): boolean {
  const s = node.schema;
  if (depth > 20 || !isObject(s)) return true;
  if (typeof s.$ref === 'string' && !fits(resolveRef(s.$ref, node.base), value, depth + 1)) return false;
  if (!typeAllows(s.type, value)) return false;
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value)) return false;
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) return false;
  if (isObject(value)) {
    if (Array.isArray(s.required) && !s.required.every((k) => k in value)) return false;
    if (isObject(s.properties)) {
      for (const [k, sub] of Object.entries(s.properties)) {
        if (k in value && isObject(sub) && 'const' in sub && JSON.stringify(sub.const) !== JSON.stringify(value[k])) return false;
      }
    }
  }
  return true;
}

/** Every subschema that applies to `value` at this node. */
function expand(node: Node, value: unknown, out: Node[] = [], depth = 0): Node[] {
  const s = node.schema;
  if (depth > 20 || !isObject(s)) return out;
  out.push(node);
  if (typeof s.$ref === 'string') expand(resolveRef(s.$ref, node.base), value, out, depth + 1);
  for (const sub of (s.allOf as Schema[] | undefined) ?? []) expand({ schema: sub, base: node.base }, value, out, depth + 1);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = (s[key] as Schema[] | undefined) ?? [];
    const fitting = branches.filter((b) => fits({ schema: b, base: node.base }, value));
    if (fitting.length === 1) expand({ schema: fitting[0]!, base: node.base }, value, out, depth + 1);
  }
  return out;
}

function child(nodes: Node[], key: string | number, value: unknown): Node[] {
  const out: Node[] = [];
  for (const { schema: s, base } of nodes) {
    let sub: unknown;
    if (typeof key === 'number') sub = s.items;
    else if (isObject(s.properties) && key in s.properties) sub = s.properties[key];
    else if (isObject(s.additionalProperties)) sub = s.additionalProperties;
    if (isObject(sub)) expand({ schema: sub, base }, value, out);
  }
  return out;
}

function typeSwap(v: unknown): unknown {
  switch (jsonType(v)) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return String(v);
    case 'boolean':
      return String(v);
    case 'null':
      return 12345;
    case 'object':
      return 'object';
    default:
      return 'array';
  }
}

function outsideEnum(v: unknown): unknown {
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return -987654;
  return '__outside_enum__';
}

function setAt(root: Json, path: Path, value: Json | undefined): Json {
  const copy = structuredClone(root);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const show = (path: Path) => '/' + path.join('/');

/** Root node of a schema key, optionally at a JSON pointer inside it. */
export function rootNode(key: string, pointer = ''): Node {
  const base = idOf(key);
  return resolveRef(`${base}#${pointer}`, base);
}

export function negatives(example: Json, root: Node): Negative[] {
  const out: Negative[] = [];
  const walk = (value: unknown, nodes: Node[], path: Path): void => {
    if (isObject(value)) {
      const required = new Set(nodes.flatMap((n) => (Array.isArray(n.schema.required) ? (n.schema.required as string[]) : [])));
      for (const [key, v] of Object.entries(value)) {
        const p = [...path, key];
        const sub = child(nodes, key, v);
        out.push({ kind: 'type', path: show(p), value: setAt(example, p, typeSwap(v)) });
        if (required.has(key)) out.push({ kind: 'required', path: show(p), value: setAt(example, p, undefined) });
        if (sub.some((n) => 'const' in n.schema || Array.isArray(n.schema.enum))) {
          out.push({ kind: 'enum', path: show(p), value: setAt(example, p, outsideEnum(v)) });
        }
        walk(v, sub, p);
      }
    } else if (Array.isArray(value) && value.length > 0) {
      const p = [...path, 0];
      const sub = child(nodes, 0, value[0]);
      out.push({ kind: 'type', path: show(p), value: setAt(example, p, typeSwap(value[0])) });
      if (sub.some((n) => 'const' in n.schema || Array.isArray(n.schema.enum))) {
        out.push({ kind: 'enum', path: show(p), value: setAt(example, p, outsideEnum(value[0])) });
      }
      walk(value[0], sub, p);
    }
  };
  walk(example, expand(root, example), []);
  return out;
}
