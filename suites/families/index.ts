// The check families: promises several documents share, each generated from the profile and a dialect's
// adapter (graphql-http's audits from arrays). A dialect passes its id map, family promise -> its own check
// (id, level, section, quote); what its document alone promises it writes by hand beside its sections.
import type { Check } from '../../harness/check.ts';
import type { ChatAdapter, IdMap } from './adapter.ts';
import { generate } from './adapter.ts';
import { authRuns, type AuthPromise } from './auth.ts';
import { badFrameRuns, type BadFramePromise } from './bad-frames.ts';
import { closeRuns, type ClosePromise } from './close-codes.ts';
import { messagingRuns, type MessagingPromise } from './messaging.ts';
import { restErrorRuns, type RestErrorPromise } from './rest-errors.ts';
import { schemaRuns, type SchemaPromise } from './schema-tour.ts';
import { tokenRuns, type TokenPromise } from './tokens.ts';

export type FamilyPromise = AuthPromise | MessagingPromise | BadFramePromise | RestErrorPromise | ClosePromise | SchemaPromise | TokenPromise;

export type { ChatAdapter, CheckSpec, IdMap, Pair, RoomId } from './adapter.ts';
export { refused } from './bad-frames.ts';
export { forge } from './close-codes.ts';

/** The dialect's family checks, keyed by promise as its id map names them. */
export function familyChecks<S, M extends IdMap<FamilyPromise>>(adapter: ChatAdapter<S>, map: M): { [P in keyof M]-?: Check<S> } {
  const runs = { ...authRuns(adapter), ...messagingRuns(adapter), ...badFrameRuns(adapter, map), ...restErrorRuns(adapter), ...closeRuns(adapter), ...schemaRuns(adapter), ...tokenRuns(adapter) };
  return generate<FamilyPromise, S>(map, runs) as { [P in keyof M]-?: Check<S> };
}
