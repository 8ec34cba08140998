/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * A body or frame that carries one human-readable error text: {"error": "..."}.
 */
export interface CarinfoproWsOutError {
  error: string;
}
