// The dialect ids, from the manifest (../dialects.ts, which imports nothing but lazily), so the CLI's help stays light.
export { DIALECT_IDS as DIALECTS, isDialect, type DialectId } from '../dialects.ts';
