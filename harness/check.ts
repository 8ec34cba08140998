// The check model (graphql-http audits, h2spec cases): a check is data plus one function. The runner
// knows no individual check; checks know nothing of reporting.
import type { CheckContext } from './context.ts';

export type Level = 'MUST' | 'SHOULD' | 'MAY';
export type Status = 'pass' | 'fail' | 'skip' | 'error' | 'blocked';

/** `S`: the suite's state, what its prepare() returned (ctx.state). */
export interface Check<S = unknown> {
  /** Stable and never reused: `<profile>-<area>-NN`. test/suites/ids.test.ts snapshots the list. */
  id: string;
  level: Level;
  /** Seed document and section (`000 §3.4`): reports group by it. */
  doc: string;
  /**
   * The schemas/DECISIONS.md entry the check rests on where the document is silent (`D-medmapp-07`).
   * A check with a decision is never MUST (test/suites/levels.test.ts).
   */
  decision?: string;
  /**
   * `alone`: timing-sensitive (rate limits, "nothing arrives" windows, counts over a shared room); runs
   * after the concurrent phase, one at a time, with nothing else in flight.
   */
  timing?: 'alone';
  title: string;
  /** Quotes or closely restates the document. */
  requirement: string;
  tags: string[];
  run(ctx: CheckContext<S>): Promise<void>;
}

/** What a verifier saw: every acceptable outcome and what happened (h2spec's Expected/Actual). */
export interface Observation {
  expected: string[];
  observed: string;
  reason: string;
  hint?: string;
}

/** Thrown by a verifier when the target broke the requirement. */
export class CheckFailure extends Error implements Observation {
  readonly expected: string[];
  readonly observed: string;
  readonly reason: string;
  readonly hint?: string;
  constructor(o: Observation) {
    super(o.reason);
    this.name = 'CheckFailure';
    this.expected = o.expected;
    this.observed = o.observed;
    this.reason = o.reason;
    this.hint = o.hint;
  }
}

/** What stopped a check from testing its subject: a prerequisite the runner could not establish, or a check. */
export interface BlockedBy {
  kind: 'prerequisite' | 'check';
  id: string;
  reason: string;
}

/** Thrown when a check cannot test its subject because something else failed first: never a second failure. */
export class CheckBlocked extends Error {
  constructor(readonly by: BlockedBy) {
    super(by.reason);
    this.name = 'CheckBlocked';
  }
}

/** Thrown when optional data the target file lacks keeps a check from running (an expired token). */
export class CheckSkip extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CheckSkip';
  }
}

export function defineChecks<S>(profile: string, checks: Check<S>[]): Check<S>[] {
  for (const c of checks) {
    if (!c.id.startsWith(`${profile}-`)) throw new Error(`check ${c.id} does not belong to profile ${profile}`);
    if (c.level === 'MUST' && c.decision) throw new Error(`check ${c.id} rests on ${c.decision} and so cannot be MUST`);
  }
  return checks;
}
