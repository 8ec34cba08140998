// fast-check arbitraries for hostile input: JSON values that break naive validators, bodies mutated from
// a schema of schemas/, request targets `new URL` rejects, query strings, headers, multipart forms and
// WebSocket frames. Everything is drawn with fc.sample and a seed, so one seed gives the same cases.
import fc from 'fast-check';
import { type ObjectShape, validInstance } from './schema-shape.ts';

/** Values that a validator calling String(), .length, .trim() or `in` on client input trips over. */
export const HOSTILE_CONSTANTS: unknown[] = [
  { toString: 1 },
  { valueOf: 1, toString: 1 },
  { toString: { toString: 1 } },
  { toJSON: 1 },
  { length: -1 },
  { then: 1 },
  [{ toString: 1 }],
  [],
  {},
  [[[[[[[[[[[]]]]]]]]]]],
  null,
  true,
  false,
  0,
  -1,
  -0,
  1e308,
  2 ** 53 + 1,
  0.1,
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\u202e',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../../../etc/passwd',
  '%00',
  '%s%s%s%n',
  'a'.repeat(70_000),
  '9'.repeat(400),
  'NaN',
  'undefined',
  '__proto__',
];

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_CONSTANTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.boolean() },
);

/** Any JSON value, hostile leaves weighted up, nested a few levels. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('toString', 'valueOf', 'constructor', '__proto__')), tie('value'), { maxKeys: 4 }) },
  ),
})).value;

/** JSON text no parser accepts, or accepts in ways a handler may not expect. */
export const BROKEN_JSON: string[] = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '[',
  '"unterminated',
  'nul',
  'NaN',
  '{"a":1}{"b":2}',
  '\ufeff{}',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"a":1,"a":2}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":' + '1'.repeat(500) + '}',
  '1e99999',
  '"\\ud800"',
  '\u0000',
  ' ',
];

/** A body mutated from the schema's valid instance: one field hostile, one dropped, extras, or no object at all. */
export function bodyArbitrary(shape: ObjectShape | undefined): fc.Arbitrary<string> {
  const valid = shape ? validInstance(shape) : {};
  const names = Object.keys(valid);
  const asText = (v: unknown) => {
    try {
      return JSON.stringify(v) ?? 'null';
    } catch {
      return 'null';
    }
  };
  const mutations: fc.Arbitrary<string>[] = [
    fc.constantFrom(...BROKEN_JSON),
    hostileValue.map(asText),
    fc.dictionary(fc.string({ maxLength: 10 }), hostileValue, { maxKeys: 5 }).map((extra) => asText({ ...valid, ...extra })),
  ];
  if (names.length > 0) {
    mutations.push(
      fc.tuple(fc.constantFrom(...names), hostileValue).map(([k, v]) => asText({ ...valid, [k]: v })),
      fc.tuple(fc.constantFrom(...names), hostileValue).map(([k, v]) => asText({ ...valid, [k]: v })),
      fc.subarray(names).map((keep) => asText(Object.fromEntries(keep.map((k) => [k, valid[k]])))),
    );
  }
  return fc.oneof(...mutations);
}

export const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  '',
  'application/json; charset=utf-16',
  'multipart/form-data',
  'application/vnd.api+json',
];

/** Request targets that broke `new URL(path, base)`, and their relatives. */
export const BAD_TARGETS = ['//', '///', '//@', '/\\', '//[::1', '//%', '%', '/%zz', '/%', '/%00/', '/..%2f..%2f', '//x:99999/', '/?', '/#', '*', 'http://a/', 'http://[::1/', '/\u00ff'];

const segmentChars = fc.constantFrom('%', '\\', '@', '[', ']', ':', '..', '%2e%2e', '%00', '%ff', '~', ';', ',', '%2F', 'é', '\u00a0', '{', '}', '|', '^', '`');
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('-1', '0', '1e3', '99999999999999999999', ' ', '%20', 'null', 'undefined', 'NaN', '00000000-0000-0000-0000-000000000000', 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ', '..', '.', '', '1;2', '1,2', '0x10', '１'),
  fc.array(segmentChars, { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
);

/** A query string: known parameter names (from the profile) and random ones, hostile and percent-encoded values. */
export function queryArbitrary(names: string[]): fc.Arbitrary<string> {
  const name = fc.oneof(fc.constantFrom(...names, ...names.map((n) => encodeURIComponent(n).replace(/^./, (c) => `%${c.charCodeAt(0).toString(16)}`))), fc.string({ maxLength: 6 }).map(encodeURIComponent));
  const value = fc.oneof(
    fc.constantFrom('', '-1', '0', 'last', '1.5', '99999999999999999999', '%', '%zz', '%00', 'a'.repeat(2000), '[]', '{}'),
    hostileValue.map((v) => {
      try {
        return encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v) ?? '');
      } catch {
        return '';
      }
    }),
  );
  return fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
}

/** Authorization header values; `{{token}}` is the member's real access token, filled in at send time. */
export const AUTH_VALUES = [
  '',
  'Bearer',
  'Bearer ',
  'Bearer {{token}} extra',
  'Bearer {{token}}x',
  'bearer {{token}}',
  'Basic YTpi',
  'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwidXNlcl9pZCI6MX0.',
  'Bearer eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwidXNlcl9pZCI6MSwiZXhwIjo5OTk5OTk5OTk5fQ.AAAA',
  'Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA',
  'Bearer eyJ.eyJ.',
  'Bearer ' + 'A'.repeat(8000),
  'Bearer \u00ff\u00fe',
];

export const BIG_HEADERS = [
  `X-Big: ${'a'.repeat(100_000)}\r\n`,
  `X-Big: ${'a'.repeat(15_000)}\r\n`,
  Array.from({ length: 300 }, (_, i) => `X-H${i}: ${i}\r\n`).join(''),
  'X-Bad\u0001: x\r\n',
  'Content-Length: 5\r\nContent-Length: 6\r\n',
  'Transfer-Encoding: chunked\r\n',
];

/** Multipart bodies for `boundary=b`: cut short, no parts, a traversal name, an empty file, too many files. */
export const MULTIPART_BODIES = [
  '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello wor',
  '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--b',
  '--b--\r\n',
  '',
  '--b\r\n\r\n\r\n--b--\r\n',
  '--b\r\nContent-Disposition: form-data; name="file"; filename="../../../etc/passwd"\r\n\r\nx\r\n--b--\r\n',
  '--b\r\nContent-Disposition: form-data; name="file"; filename=""\r\n\r\n\r\n--b--\r\n',
  '--b\r\nContent-Disposition: form-data; name="file"; filename="e.txt"\r\n\r\n\r\n--b--\r\n',
  Array.from({ length: 5 }, (_, i) => `--b\r\nContent-Disposition: form-data; name="file"; filename="${i}.txt"\r\n\r\nx\r\n`).join('') + '--b--\r\n',
  '--b\r\nContent-Disposition: form-data; name="message"\r\n\r\n' + 'm'.repeat(70_000) + '\r\n--b--\r\n',
  '--c\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nx\r\n--c--\r\n',
  '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: \u0000/\u0000\r\n\r\nx\r\n--b--\r\n',
];

export const MULTIPART_TYPES = ['multipart/form-data; boundary=b', 'multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary="b', 'multipart/mixed; boundary=b'];

export interface RawFrame {
  opcode: number;
  /** the payload, as latin1 text (JSON text frames are utf8-encoded first) */
  payload: string;
  rsv?: number;
  fin?: boolean;
  unmasked?: boolean;
}

/** Frames below the JSON level: what a WebSocket library must refuse (RFC 6455 §5, §7.4). */
export const PROTOCOL_FRAMES: RawFrame[][] = [
  [{ opcode: 0x1, payload: '\u00ff\u00fe' }],
  [{ opcode: 0x1, payload: '{}', rsv: 4 }],
  [{ opcode: 0x1, payload: '{}', unmasked: true }],
  [{ opcode: 0x3, payload: 'x' }],
  [{ opcode: 0xb, payload: 'x' }],
  [{ opcode: 0x0, payload: 'continuation without start' }],
  [{ opcode: 0x1, payload: '{"mes', fin: false }, { opcode: 0x1, payload: 'sage":"x"}' }],
  [{ opcode: 0x9, payload: 'p'.repeat(126) }],
  [{ opcode: 0x8, payload: '\u0003\u00e7' }],
  [{ opcode: 0x8, payload: '\u0000\u0001' }],
  [{ opcode: 0x8, payload: 'x' }],
  [{ opcode: 0x2, payload: '\u0000\u0001\u0002' }],
  [{ opcode: 0x1, payload: 'm'.repeat(70_000) }],
];

/** JSON-level frames: mutated from the dialect's incoming frame schemas. */
export function frameArbitrary(shapes: ObjectShape[]): fc.Arbitrary<string> {
  return fc.oneof(...(shapes.length ? shapes : [undefined]).map((s) => bodyArbitrary(s)), fc.string({ unit: 'grapheme', maxLength: 60 }));
}

/** Draws `n` values of `arb` for `seed`: the same seed always gives the same values. */
export function draw<T>(arb: fc.Arbitrary<T>, n: number, seed: number): T[] {
  if (n <= 0) return [];
  return fc.sample(arb, { seed, numRuns: n });
}
