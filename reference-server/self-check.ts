// Run-time schema validation of everything the server sends (`selfCheck: true`). A violation never
// changes the response; it is logged, so a fault that breaks a schema shows up in the log too.
import { validate, type SchemaKey } from '../core/schemas.ts';
import type { Logger } from './log.ts';

export interface SelfCheck {
  readonly enabled: boolean;
  check(schema: SchemaKey, value: unknown, where: string): void;
}

export function createSelfCheck(enabled: boolean, log: Logger): SelfCheck {
  return {
    enabled,
    check(schema, value, where) {
      if (!enabled) return;
      const verdict = validate(schema, value);
      if (!verdict.ok) log.warn({ event: 'schema-violation', schema, where, errors: verdict.errors }, 'schema violation');
    },
  };
}
