/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * Known failures of a target (`chatconform run --write-baseline FILE`); `run --baseline FILE` fails only on failures not listed here and names the ones that got fixed.
 */
export interface Baseline {
  tool: {
    name: 'chatconform';
    version: string;
  };
  createdAt: string;
  /**
   * free text: why these failures are accepted, and until when
   */
  note?: string;
  failures: {
    id: string;
    profile?: string;
    level?: 'MUST' | 'SHOULD' | 'MAY';
    status: 'fail' | 'error' | 'blocked';
    /**
     * the reason recorded when the baseline was written
     */
    reason: string;
  }[];
}
