/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */

export type Level = 'MUST' | 'SHOULD' | 'MAY';

export type Status = 'pass' | 'fail' | 'skip' | 'error' | 'blocked';

/**
 * What one conformance run writes as JSON (reports/json). Secrets are redacted before this is built.
 */
export interface RunResults {
  tool: {
    name: 'chatconform';
    version: string;
  };
  startedAt: string;
  finishedAt: string;
  strict?: boolean;
  target: {
    profile: string;
    baseUrl: string;
    wsUrl: string;
    /**
     * true when the harness started its own reference server
     */
    embedded: boolean;
    users: {
      [k: string]: {
        id?: number | string;
        credentials?: {
          [k: string]: string;
        };
        token?: string;
        expiredToken?: string;
        refreshToken?: string;
      };
    };
    fixtures?: {
      [k: string]: number | string;
    };
    /**
     * the target file's overrides in effect
     */
    endpoints?: {
      [k: string]: {};
    };
    /**
     * the target file's hooks for outside events, as `command` or `METHOD path` (header values never shown)
     */
    hooks?: {
      [k: string]: string;
    };
    /**
     * variants of the embedded reference server
     */
    variants?: string[];
    /**
     * faults of the embedded reference server
     */
    faults?: string[];
    /**
     * the target file's limits (limits.socketsPerUser): the run paced its sockets to them
     */
    limits?: {
      [k: string]: {};
    };
    /**
     * the target file's throttle limits, scope -> rate ("10/min")
     */
    throttles?: {
      [k: string]: string;
    };
  };
  summary: {
    total: number;
    pass: number;
    fail: number;
    skip: number;
    error: number;
    durationMs: number;
    /**
     * fail when a MUST (or with strict, a SHOULD) check failed or errored; incomplete when none did but a MUST check was blocked by a setup failure
     */
    verdict: 'pass' | 'fail' | 'incomplete';
    byLevel?: {
      MUST?: Counts;
      SHOULD?: Counts;
      MAY?: Counts;
    };
    blocked: number;
  };
  checks: Check[];
  /**
   * what the runner established once for the checks (logins, fixtures, fresh rooms); a failed one names the checks it blocked
   */
  prerequisites?: Prerequisite[];
  /**
   * present when the target ran from a container image (--image): the image and its log, redacted
   */
  container?: {
    image: string;
    /**
     * the container id
     */
    id?: string;
    /**
     * from start to the readiness rule holding
     */
    readyInMs?: number;
    /**
     * one entry per log line (stdout and stderr), times from the container's start
     */
    transcript: TranscriptEntry[];
  };
  /**
   * the known-failures baseline the verdict was judged against (run --baseline FILE)
   */
  baseline?: {
    file: string;
    /**
     * failing checks listed in the baseline: not counted in the verdict
     */
    known: string[];
    /**
     * failing checks not in the baseline
     */
    new: string[];
    /**
     * baseline entries whose check now passes
     */
    fixed: string[];
  };
  /**
   * sockets per user: the limit the target file states (the run paced each user's socket opens to it), the wall time spent waiting for it, the sockets each user opened, and any limit the server showed by refusing a user admitted moments ago (also the root cause `limit:sockets`)
   */
  limits?: {
    /**
     * as the target file states it
     */
    socketsPerUser?: {
      count: number;
      seconds: number;
    };
    /**
     * wall time during which at least one socket open waited for the stated limit (left out of --deadline and of each check's budget)
     */
    waitedMs: number;
    /**
     * socket opens per user (role, `visitor`, or `user <id>`), refused ones included
     */
    opened: {
      [k: string]: number;
    };
    /**
     * sockets handed from a passed check to another that needed an open socket, not a fresh one, instead of opened (only with a stated limit)
     */
    reused?: number;
    /**
     * users the server refused although they were admitted moments ago, while a socket to where they were admitted was refused too
     */
    recognised?: {
      user: string;
      /**
       * sockets of the user opened before the refusal
       */
      opened: number;
      admitted: number;
      /**
       * from the first of those opens to the refusal
       */
      spanMs: number;
      /**
       * the HTTP status of the refused upgrade
       */
      status: number;
      /**
       * its body, redacted
       */
      body: string;
      /**
       * the refused socket's path (no query: it may hold a token)
       */
      path: string;
    }[];
  };
}

export interface Counts {
  pass: number;
  fail: number;
  skip: number;
  error: number;
  blocked: number;
}

export interface Check {
  id: string;
  profile: string;
  title: string;
  level: Level;
  doc: string;
  requirement: string;
  tags: string[];
  status: Status;
  /**
   * one line: why it passed, failed, was skipped or errored
   */
  reason: string;
  /**
   * every acceptable outcome
   */
  expected: string[];
  observed: string;
  /**
   * every verification of the check that held, in order (a failing one is reason, expected and observed)
   */
  observations?: {
    expected: string[];
    observed: string;
    reason: string;
  }[];
  /**
   * the usual cause and fix, where one is known
   */
  hint?: string;
  /**
   * command lines that reproduce the failure
   */
  reproduce?: string[];
  durationMs: number;
  transcript: TranscriptEntry[];
  /**
   * the schemas/DECISIONS.md entry the check rests on, where the document is silent
   */
  decision?: string;
  /**
   * why a blocked check could not test its subject: the prerequisite or check that failed first
   */
  blockedBy?: {
    kind: 'prerequisite' | 'check';
    id: string;
    reason: string;
  };
}

export interface TranscriptEntry {
  /**
   * milliseconds since the check started
   */
  at: number;
  channel: 'http' | 'ws' | 'note';
  dir: 'send' | 'recv' | 'info';
  /**
   * one line: 'GET /api/conversations/ -> 200', 'close 4001 Unauthorized'
   */
  summary: string;
  /**
   * payload, redacted and truncated
   */
  body?: string;
}

export interface Prerequisite {
  /**
   * login:operator, fixture:conversation, fresh:conversation, token:patient
   */
  id: string;
  title: string;
  status: 'ok' | 'failed';
  reason: string;
  transcript: TranscriptEntry[];
}
