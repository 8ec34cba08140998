/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

/**
 * exactly one of command or http; {name} placeholders are the event's (profile hooks.<event>.placeholders) plus {baseUrl} and {wsUrl}
 */
export type Hook = {
  /**
   * run by /bin/sh in the target file's folder; each placeholder becomes the shell-quoted value. Exit 0 is success. Keep secrets in environment variables ($HOOK_SECRET): the command line is shown in reports
   */
  command?: string;
  http?: {
    /**
     * POST by default
     */
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    /**
     * relative to baseUrl, or an absolute http(s) URL; placeholders are URL-encoded
     */
    path: string;
    /**
     * sent as given; their values are secrets, never shown
     */
    headers?: {
      [k: string]: string;
    };
    /**
     * sent as JSON; a string that is exactly "{name}" becomes the value, other strings have placeholders filled in
     */
    body?: {};
    /**
     * for a hook that returns a value (profile hooks.<event>.returns): the field of the response's JSON body that holds it, a dotted path ("code", "data.code"); without it, the whole body, trimmed
     */
    value?: string;
  };
  /**
   * how long the hook may take (default: the run's --timeout, at least 5000 ms)
   */
  timeoutMs?: number;
} & Hook1;

export type Hook1 = {
  [k: string]: unknown;
};

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
   * ways to make events happen that no documented request triggers (a customer writing on Telegram): keys are the events the profile declares (schemas/<profile>/profile.json `hooks`); without one, the checks that need it are skipped with that reason
   */
  hooks?: {
    [k: string]: Hook;
  };
  /**
   * the limit of each throttle scope the document lists but leaves to configuration (profile rest.<op>.throttle), in DRF's rate form: {"public_profile": "10/min"}. A scope left out is probed up to --throttle-probe requests and the limit found is reported
   */
  throttles?: {
    [k: string]: string;
  };
  /**
   * limits the server enforces that no document states, so the harness can keep to them instead of being refused: with socketsPerUser the runner paces each user's socket opens (a sliding window shared by every check of the run) and the time spent waiting is reported
   */
  limits?: {
    /**
     * at most `count` WebSocket upgrades per user within any `seconds` (a server that answers the one beyond with HTTP 403 or 429, e.g. 10 a minute: {"count": 10, "seconds": 60})
     */
    socketsPerUser?: {
      /**
       * sockets one user may open within the window
       */
      count: number;
      /**
       * the window, in seconds (sliding: any span of this length)
       */
      seconds: number;
    };
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
  /**
   * documented response field name -> the name this server answers it under (at any depth of the JSON body), e.g. {"members": "participants"}
   */
  responseFields?: {
    [k: string]: string;
  };
  /**
   * dotted path of the list in a response the document shows as a bare array, e.g. "members" for {"members": [...]}
   */
  itemsPath?: string;
}
