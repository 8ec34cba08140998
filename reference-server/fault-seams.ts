// Where faults meet the server around a dialect rather than inside its handlers: every REST reply after
// serialization (by the schema key it declares), every error reply, and the refused handshake. The hooks
// handlers call themselves (refusals, verdicts, frames, delivery) are in seams.ts.
import type { DialectServer, ServerContext } from './dialect.ts';
import { ServerError } from './errors.ts';
import type { FaultEffects } from './fault-spec.ts';
import type { Reply, RouteDecl } from './http.ts';
import { handshakeStatus } from './seams.ts';

const schemaMatches = (want: string | readonly string[] | undefined, reply: Reply) =>
  want === undefined ? reply.text === undefined : reply.schema !== undefined && (typeof want === 'string' ? want === reply.schema : want.includes(reply.schema));

const opMatches = (want: string | readonly string[] | undefined, op: string | undefined) =>
  want === undefined || (op !== undefined && (typeof want === 'string' ? want === op : want.includes(op)));

/** A handler's reply (of operation `op`) as the reply faults rewrite it (or replace it with an error). */
export async function faultyReply(sc: ServerContext, reply: Reply, op?: string): Promise<Reply> {
  let out = reply;
  for (const f of sc.faults.at('reply') as readonly (FaultEffects & { reply: NonNullable<FaultEffects['reply']> })[]) {
    if (!(f.reply.fail || f.reply.edit) || !opMatches(f.reply.op, op) || !schemaMatches(f.reply.schema, out)) continue;
    if (f.reply.fail) throw new ServerError(f.reply.fail);
    out = await f.reply.edit!(out, { sc, memo: sc.faults.memo(f), op });
  }
  return out;
}

/** An error reply (of operation `op`, when a route matched) as the reply faults rewrite it. */
export function faultyError(sc: ServerContext, reply: Reply, op?: string): Reply {
  return sc.faults.at('reply').reduce((r, f) => (f.reply!.error && opMatches(f.reply!.op, op) ? f.reply!.error(r) : r), reply);
}

export function withFaults<S>(dialect: DialectServer<S>, sc: ServerContext): DialectServer<S> {
  if (sc.faults.size === 0) return dialect;
  const routes: RouteDecl[] = dialect.routes.map((r) => ({
    ...r,
    handler: async (rc) => {
      const reply = await r.handler(rc);
      return reply ? faultyReply(sc, reply, r.op) : reply;
    },
  }));
  return {
    ...dialect,
    routes,
    renderError: (err, ctx) => faultyError(sc, dialect.renderError(err, ctx), ctx?.op),
    sockets: dialect.sockets.map((socket) => ({ ...socket, refuseStatus: (err: ServerError) => handshakeStatus(sc, err) ?? socket.refuseStatus?.(err) })),
  };
}
