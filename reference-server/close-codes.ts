// The close code that ends a socket, per dialect: an explicit code on the error (a fault's wrong code on
// purpose) wins, then the variant's table, then the profile's closeCodes (`for`: which refusals each code
// ends), then the error table's default. Fiko's 1008 and Medmapp's 4001 for AUTH_MISSING are data here.
import type { CloseReason, DialectProfile } from '../generated/types/meta/profile.ts';
import type { ErrorCode, ServerError } from './errors.ts';

/** Close codes by error code, for the errors a table names. */
export type CloseTable = Partial<Record<ErrorCode, number>>;

/** The profile's refusal names and the server errors they stand for. */
const REASONS: Record<CloseReason, ErrorCode> = {
  'auth-missing': 'AUTH_MISSING',
  'token-invalid': 'TOKEN_INVALID',
  'token-expired': 'TOKEN_EXPIRED',
  'token-wrong-type': 'TOKEN_WRONG_TYPE',
  'bad-path': 'BAD_WS_PATH',
  'forbidden-room': 'FORBIDDEN_ROOM',
  'unknown-room': 'UNKNOWN_ROOM',
  internal: 'INTERNAL',
};

/** The close codes a profile documents, by error code; throws when two codes claim one refusal. */
export function profileCloseTable(profile: Pick<DialectProfile, 'id' | 'closeCodes'>): CloseTable {
  const table: CloseTable = {};
  for (const [code, spec] of Object.entries(profile.closeCodes ?? {})) {
    for (const reason of spec.for ?? []) {
      const err = REASONS[reason];
      if (table[err] !== undefined) throw new Error(`profile ${profile.id}: closeCodes ${table[err]} and ${code} both name '${reason}'`);
      table[err] = Number(code);
    }
  }
  return table;
}

/** How a dialect's errors become close codes: `closeCodeOf(err)`. */
export function closeCodes(...tables: (CloseTable | undefined)[]): (err: ServerError) => number {
  const merged: CloseTable = Object.assign({}, ...tables.filter(Boolean));
  return (err) => err.closeOverride ?? merged[err.code] ?? err.closeCode ?? 4500;
}
