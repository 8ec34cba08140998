/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * How the harness reaches a server that someone else wrote.
 */
export interface TargetFile {
  $schema?: string;
  profile: 'medmapp' | 'fiko' | 'carechat' | 'carinfopro' | 'uzbekhub';
  baseUrl: string;
  /**
   * defaults to baseUrl with http(s) replaced by ws(s)
   */
  wsUrl?: string;
  users: {
    [k: string]: {
      [k: string]: unknown;
    } & {
      /**
       * the login body fields, named as the document names them
       */
      credentials?: {
        [k: string]: string;
      };
      /**
       * a ready access token (or visitor token for a visitor role)
       */
      token?: string;
      id?: number | string;
      /**
       * an access token of this user that has expired: no black-box way exists to obtain one, so the expired-token check is skipped without it
       */
      expiredToken?: string;
    };
  };
  /**
   * existing rooms or conversations the harness cannot create through documented endpoints
   */
  fixtures?: {
    [k: string]: number | string;
  };
}
