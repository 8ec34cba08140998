/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * DRF serializer errors: field name to a list of messages.
 */
export interface MedmappErrorValidation {
  /**
   * @minItems 1
   */
  [k: string]: [string, ...string[]];
}
