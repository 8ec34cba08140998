import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ServerError, toServerError } from '../../reference-server/errors.ts';

describe('error codes', () => {
  it('every code is UPPER_SNAKE, maps to the wire somehow, and is listed in the README', () => {
    const readme = readFileSync(new URL('../../reference-server/README.md', import.meta.url), 'utf8');
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect('status' in spec || 'close' in spec || 'frame' in spec, code).toBe(true);
      expect(readme, code).toContain(`\`${code}\``);
    }
  });

  it('carries the table’s status and close code, overridable for fault switches', () => {
    const err = new ServerError('AUTH_MISSING');
    expect([err.status, err.closeCode]).toEqual([401, 4001]);
    expect(new ServerError('AUTH_MISSING', { close: 1008 }).closeCode).toBe(1008);
    expect(toServerError(new Error('boom')).code).toBe('INTERNAL');
  });
});
