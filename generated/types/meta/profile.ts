/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type IdFormat = 'integer' | 'uuid' | 'string';

/**
 * schemas/<key>.schema.json
 */
export type SchemaKey = string;

export type Doc = string;

/**
 * why a socket is refused or ended: no credential, a bad/expired/wrong-type token, a malformed path, a room the user may not enter or that does not exist, a server error
 */
export type CloseReason =
  | 'auth-missing'
  | 'token-invalid'
  | 'token-expired'
  | 'token-wrong-type'
  | 'bad-path'
  | 'forbidden-room'
  | 'unknown-room'
  | 'internal';

/**
 * What one seed document promises, as data: how to reach and authenticate, which roles a target provides, the wire shapes (by schema key) and the protocol's limits.
 */
export interface DialectProfile {
  $schema?: string;
  /**
   * a dialect id of the manifest (dialects.ts); checked there, so that a dialect is registered in one place
   */
  id: string;
  document: string;
  title: string;
  /**
   * file name in shared/seeds
   */
  seed: string;
  ids: {
    user: IdFormat;
    room: IdFormat;
    message: IdFormat;
  };
  auth: {
    login?: {
      method: 'POST';
      path: string;
      /**
       * credential fields of the login body, named as the document names them
       *
       * @minItems 1
       */
      fields: [string, ...string[]];
      /**
       * dotted path of the access token in the response, e.g. access or token.access
       */
      accessPath: string;
      refreshPath?: string;
      response: SchemaKey;
      doc: Doc;
    };
    refresh?: {
      method: 'POST';
      path: string;
      doc: Doc;
    };
    rest: {
      header: 'Authorization';
      scheme: 'Bearer';
    };
    /**
     * accepted ways to authenticate the upgrade, preferred first
     *
     * @minItems 1
     */
    ws: [WsCredential, ...WsCredential[]];
  };
  roles: {
    [k: string]: {
      description: string;
      credential?: 'jwt' | 'visitor-token' | 'none';
      /**
       * true when this role takes part in the fixture room
       */
      member?: boolean;
    };
  };
  rest: {
    [k: string]: Endpoint;
  };
  ws: {
    [k: string]: {
      path: string;
      doc: Doc;
      /**
       * the client frames (keys of frames.in) this socket accepts; absent: all of them
       */
      in?: string[];
      /**
       * the server frames (keys of frames.out) this socket sends; absent: all of them
       */
      out?: string[];
    };
  };
  closeCodes?: {
    [k: string]: {
      name: string;
      meaning: string;
      /**
       * the refusals that end a connection with this code (machine-readable form of meaning); a refusal no code names keeps the reference server's default
       *
       * @minItems 1
       */
      for?: [CloseReason, ...CloseReason[]];
    };
  };
  frames: {
    /**
     * field that names a frame's type; null when frames are told apart by which keys they carry
     */
    discriminator: string | null;
    /**
     * client-to-server frames by type
     */
    in: {
      [k: string]: SchemaKey;
    };
    /**
     * server-to-client frames by type
     */
    out: {
      [k: string]: SchemaKey;
    };
  };
  errors: {
    frame: SchemaKey;
    body?: {
      [k: string]: SchemaKey;
    };
  };
  pagination: {
    style: 'page' | 'limit-offset' | 'none';
    envelope?: SchemaKey;
    /**
     * schemas/<key>.schema.json
     */
    listsMayPage?: string;
    pageParam?: string;
    limitParam?: string;
    offsetParam?: string;
    defaultLimit?: number;
  };
  rateLimit: null | {
    messagesPerSecond: number;
    scope: 'connection' | 'user';
    errorCode: string;
    retryField: string;
    doc: Doc;
  };
  /**
   * the document promises server-side HTML escaping of message content
   */
  escapesHtml?: boolean;
  decisions?: string[];
  /**
   * events the document promises that no client request triggers (a customer writing on an external platform): a target file's hooks.<event> makes one happen
   */
  hooks?: {
    [k: string]: {
      doc: string;
      description: string;
      /**
       * what the hook gives back, when the event is a value to read (an emailed code): a command's standard output, or the field of the HTTP response named by its `value`
       */
      returns?: string;
      /**
       * placeholder name -> what the harness fills in
       */
      placeholders: {
        [k: string]: string;
      };
    };
  };
}

export interface WsCredential {
  in: 'query' | 'header';
  /**
   * query parameter or header name
   */
  name: string;
  /**
   * e.g. 'Bearer ' for an Authorization header
   */
  prefix?: string;
  kind: 'access-token' | 'visitor-token';
}

export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * RFC 6570 level-1 template, e.g. /api/conversations/{id}/messages/
   */
  path: string;
  auth: 'none' | 'bearer' | 'bearer-or-visitor' | 'admin';
  contentType?: 'application/json' | 'multipart/form-data';
  request?: SchemaKey;
  response?: SchemaKey;
  /**
   * documented success status
   */
  status?: number;
  /**
   * the throttle scope the document lists for the operation (a target file's throttles.<scope> states its limit)
   */
  throttle?: string;
  paginated?: boolean;
  /**
   * query parameters the document shows for this operation (besides the pagination's, which `pagination` names)
   */
  query?: {
    [k: string]: {
      type: 'string' | 'integer' | 'boolean';
      required: boolean;
      description?: string;
    };
  };
  /**
   * other success statuses a conforming server may answer with the same response schema: a create-or-get (201 created, 200 existing), or a status the document does not show, where `status` is a decision
   */
  alsoStatus?: number[];
  doc: Doc;
}
