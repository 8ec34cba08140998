/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * Django REST framework serializer errors (400): field name, or non_field_errors, to a list of messages.
 */
export interface FikoErrorValidation {
  /**
   * @minItems 1
   */
  [k: string]: [string, ...string[]];
}
