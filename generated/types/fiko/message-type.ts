/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * customer: written by the customer on the external platform; support: written by an agent.
 */
export type FikoMessageType = 'customer' | 'support';
