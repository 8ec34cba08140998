// The two seams every part-2 handler of 004 goes through, so that the generated check families
// (suites/uzbekhub/operations.ts) can be proved by generated faults (reference-server/uzbekhub/family-faults.ts)
// without a branch in any handler: `applies(op)` before an operation changes anything (a fault answers
// success and changes nothing), and `requireOwner(op, …)` where 004 says "Owner only" or the record is the
// caller's own (a fault lets someone else through).
import { ServerError } from '../errors.ts';
import type { ServerContext } from '../dialect.ts';
import { read, refuse } from '../seams.ts';
import type { UzUser } from './state.ts';
import { FORBIDDEN } from './wire.ts';

declare module '../fault-spec.ts' {
  interface Refusals {
    /** a part-2 record changed or deleted by someone other than its owner (ctx.op: the profile operation) */
    'uz-not-owner': undefined;
  }
  interface Reads {
    /** whether the caller owns the record an operation acts on (ctx.op: the profile operation) */
    'uz.owns': boolean;
  }
}

/** Whether operation `op` applies its effect (the `uz.effect` read; faults answer success and change nothing). */
export const applies = (sc: ServerContext, op: string): boolean => read(sc, 'uz.effect', true, { op });

/** 403 {"detail"} unless `user` owns the record (`ownerId`) that `op` acts on. */
export async function requireOwner(sc: ServerContext, op: string, ownerId: number, user: UzUser): Promise<void> {
  if (!read(sc, 'uz.owns', ownerId === user.id, { op })) await refuse(sc, 'uz-not-owner', new ServerError('FORBIDDEN_ROOM', { message: FORBIDDEN }));
}
