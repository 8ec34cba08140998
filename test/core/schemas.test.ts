// The one strict Ajv registry: loading, lookup and error formatting.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SCHEMA_ROOT, assertValid, formatErrors, idOf, keyOf, validate, validator } from '../../core/schemas.ts';

describe('schema registry', () => {
  it('maps keys to ids and files to keys', () => {
    expect(idOf('fiko/ws-out-error')).toBe('https://chatconform.dev/schemas/fiko/ws-out-error.schema.json');
    expect(keyOf(`${SCHEMA_ROOT}carechat/ws-in-message.schema.json`)).toBe('carechat/ws-in-message');
  });

  it('names the file it expected for an unknown key', () => {
    expect(() => validator('nope/missing')).toThrow('unknown schema nope/missing (expected schemas/nope/missing.schema.json)');
  });

  it('formats each violation as one `/path: message` line', () => {
    const verdict = validate('medmapp/token-request', { phone: 998, password: 'x', extra: true });
    expect(verdict.ok).toBe(false);
    expect(verdict.errors).toContain('/phone: must be string');
    expect(verdict.errors).toContain("/: must NOT have additional properties 'extra'");
    expect(validate('carinfopro/sender-type', 'admin').errors).toEqual(['/: must be equal to one of the allowed values ["visitor","owner"]']);
    expect(validate('medmapp/token-request', { phone: '+1', password: 'x' })).toEqual({ ok: true, errors: [] });
    expect(formatErrors(null)).toEqual([]);
  });

  it('assertValid names the schema in its error', () => {
    expect(() => assertValid('carinfopro/ws-in-message', { message: 3 })).toThrow('carinfopro/ws-in-message: /message: must be string');
  });
});

describe('schema loading', () => {
  afterEach(() => {
    vi.doUnmock('node:fs');
    vi.resetModules();
  });

  it('refuses a schema whose $id does not match its path', async () => {
    vi.resetModules();
    const actual = await vi.importActual<typeof import('node:fs')>('node:fs');
    const root = SCHEMA_ROOT.replace(/\/$/, '');
    const bad = `${root}/fiko/misplaced.schema.json`;
    const wrongId = 'https://chatconform.dev/schemas/fiko/elsewhere.schema.json';
    vi.doMock('node:fs', () => ({
      ...actual,
      readdirSync: ((dir: string) => (dir.replace(/\/$/, '') === root ? ['fiko'] : ['misplaced.schema.json'])) as never,
      statSync: ((p: string) => ({ isDirectory: () => !p.endsWith('.json') })) as never,
      readFileSync: ((p: string, enc: BufferEncoding) =>
        p === bad ? JSON.stringify({ $id: wrongId, type: 'object' }) : actual.readFileSync(p, enc)) as never,
    }));
    const fresh = await import('../../core/schemas.ts');
    expect(() => fresh.getAjv()).toThrow(`${bad}: $id must be https://chatconform.dev/schemas/fiko/misplaced.schema.json, found ${wrongId}`);
  });
});
