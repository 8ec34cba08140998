// spec/components.ts: the schemas become components by reference, with every reference internal and
// resolvable, no $id left to rebase them; for AsyncAPI (draft 07) a reference's siblings move into allOf,
// and a keyword without an exact draft-07 reading is refused rather than exported with another meaning.
import { describe, expect, it } from 'vitest';
import { DIALECT_IDS } from '../../dialects.ts';
import { assertPortable, bundleSchemas, COMPONENTS, type Json } from '../../spec/components.ts';
import { loadProfile } from '../../core/profiles.ts';
import { profileSchemaKeys } from '../../spec/operations.ts';

function refs(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe.each(DIALECT_IDS)('%s components', (id) => {
  it.each([false, true])('draft07=%s: every reference is internal and names a component; no $id or $schema remains', (draft07) => {
    const { schemas, keys } = bundleSchemas(id, profileSchemaKeys(loadProfile(id)), { draft07 });
    expect(keys.length).toBe(Object.keys(schemas).length);
    for (const ref of refs(schemas as Json)) {
      expect(ref.startsWith(COMPONENTS)).toBe(true);
      expect(Object.keys(schemas)).toContain(ref.slice(COMPONENTS.length).split('/')[0]);
    }
    const text = JSON.stringify(schemas);
    expect(text).not.toContain('"$id"');
    expect(text).not.toContain('"$schema"');
    if (draft07) {
      for (const node of refsWithSiblings(schemas as Json)) expect(node).toBeUndefined();
    }
  });
});

function refsWithSiblings(node: Json, out: Json[] = []): Json[] {
  if (Array.isArray(node)) node.forEach((n) => refsWithSiblings(n, out));
  else if (node && typeof node === 'object') {
    if (typeof node.$ref === 'string' && Object.keys(node).length > 1) out.push(node);
    for (const v of Object.values(node)) refsWithSiblings(v, out);
  }
  return out;
}

describe('draft 07 portability', () => {
  it('a reference with keywords beside it becomes allOf (draft 07 ignores a reference\'s siblings)', () => {
    const { schemas } = bundleSchemas('carechat', [], { draft07: true });
    expect(schemas['carechat.token-response']).toMatchObject({ allOf: [{ $ref: `${COMPONENTS}common.jwt-pair` }], title: 'CarechatTokenResponse' });
    const { schemas: as2020 } = bundleSchemas('carechat', []);
    expect(as2020['carechat.token-response']).toMatchObject({ $ref: `${COMPONENTS}common.jwt-pair` });
  });

  it.each(['prefixItems', 'unevaluatedProperties', 'dependentRequired', '$defs'])('refuses %s, which draft 07 would read differently', (keyword) => {
    expect(() => assertPortable('x/y', { type: 'object', properties: { a: { [keyword]: {} } } })).toThrow(`x/y/properties/a: keyword '${keyword}'`);
  });
});
