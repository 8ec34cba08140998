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

/** A handler's reply as the reply faults rewrite it (or replace it with an error). */
export async function faultyReply(sc: ServerContext, reply: Reply): Promise<Reply> {
  let out = reply;
  for (const f of sc.faults.at('reply') as readonly (FaultEffects & { reply: NonNullable<FaultEffects['reply']> })[]) {
    if (!(f.reply.fail || f.reply.edit) || !schemaMatches(f.reply.schema, out)) continue;
    if (f.reply.fail) throw new ServerError(f.reply.fail);
    out = await f.reply.edit!(out, { sc, memo: sc.faults.memo(f) });
  }
  return out;
}

/** An error reply as the reply faults rewrite it. */
export function faultyError(sc: ServerContext, reply: Reply): Reply {
  return sc.faults.at('reply').reduce((r, f) => (f.reply!.error ? f.reply!.error(r) : r), reply);
}

export function withFaults<S>(dialect: DialectServer<S>, sc: ServerContext): DialectServer<S> {
  if (sc.faults.size === 0) return dialect;
  const routes: RouteDecl[] = dialect.routes.map((r) => ({
    ...r,
    handler: async (rc) => {
      const reply = await r.handler(rc);
      return reply ? faultyReply(sc, reply) : reply;
    },
  }));
  return {
    ...dialect,
    routes,
    renderError: (err, ctx) => faultyError(sc, dialect.renderError(err, ctx)),
    sockets: dialect.sockets.map((socket) => ({ ...socket, refuseStatus: (err: ServerError) => handshakeStatus(sc, err) ?? socket.refuseStatus?.(err) })),
  };
}
