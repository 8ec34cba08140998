// Fuzz-only faults: each makes the reference server fail on one kind of input the way real servers do
// (the process dies, a 500, no answer), so that `chatconform fuzz` can be shown to find and report it.
// They break no document promise a conformance check tests, so they are kept apart from FAULTS (whose
// every entry names the check that detects it) and never appear in `serve --list-faults`. Each is applied
// at the hazard seam (seams.ts `hazard`): the input named by the key, before it is validated. The tables
// are each dialect's (reference-server/<id>/fuzz-faults.ts); this file has the ways to fail they share.
export type { FuzzFaultSpec } from './fault-spec.ts';

/** What the crash faults do: an exception no handler catches, the way an unguarded stream error ends Node. */
export function crashProcess(what: string): Promise<never> {
  process.nextTick(() => {
    throw new Error(`fuzz fault: ${what}`);
  });
  return new Promise<never>(() => {});
}

/** What the hang faults do: a request that is never answered (Node's requestTimeout ends it after 30 s). */
export function neverAnswer(): Promise<never> {
  return new Promise<never>(() => {});
}
