/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * How the harness reaches a server that someone else wrote.
 */
export interface TargetFile {
  $schema?: string;
  /**
   * a dialect id of the manifest (dialects.ts); checked there, so that a dialect is registered in one place
   */
  profile: string;
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
      /**
       * a refresh token of this user, for the refresh checks when the login cannot be done by the harness
       */
      refreshToken?: string;
    };
  };
  /**
   * existing rooms or conversations the harness cannot create through documented endpoints
   */
  fixtures?: {
    [k: string]: number | string;
  };
  /**
   * what this server does differently from the document, so the rest can still be tested. Keys: auth.login, auth.refresh and every operation of the profile's rest (schemas/<profile>/profile.json). A check about the documented form keeps testing it; every other check uses the override.
   */
  endpoints?: {
    [k: string]: Endpoint;
  };
  /**
   * ways to make events happen that no documented request triggers (reserved; see the profile's README)
   */
  hooks?: {
    [k: string]: Hook;
  };
}

export interface Endpoint {
  /**
   * replaces the documented path; {name} placeholders as in the profile
   */
  path?: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * documented body field name -> the name this server uses (credentials stay under the profile's names)
   */
  fields?: {
    [k: string]: string;
  };
  /**
   * dotted path of the access token in the login response
   */
  accessPath?: string;
  /**
   * dotted path of the refresh token in the login response
   */
  refreshPath?: string;
  /**
   * fields added to the request body; a string value may name target values in braces: {users.operator.id}, {fixtures.conversation}
   */
  body?: {};
}

export interface Hook {
  command?: string;
  http?: {
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    path: string;
    body?: {};
  };
}
