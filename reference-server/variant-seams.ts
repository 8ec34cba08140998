// Where variants meet the server, around a dialect rather than inside its handlers: close codes (a table
// over the profile's, close-codes.ts, applied where a socket is closed), per-connection pacing of frames, the
// routes table, and the target file that tells the harness what moved. Dialect rules (page sizes,
// validation) are read where the dialect enforces them.
import { loadProfile } from '../core/profiles.ts';
import type { TargetFile } from '../core/target.ts';
import type { DialectServer } from './dialect.ts';
import { ServerError } from './errors.ts';
import type { RouteDecl } from './http.ts';
import type { VariantSet } from './variants.ts';
import type { Connection, SocketEndpoint } from './ws.ts';

/** The endpoint with the variant's pacing; its close codes are the socket server's table (index.ts). */
export function varySocket<S>(socket: SocketEndpoint<S>, variants: VariantSet): SocketEndpoint<S> {
  const { paceMs, refusalFrame } = variants.effect;
  let out = socket;
  if (paceMs) out = { ...out, onMessage: paced(socket, paceMs) };
  if (refusalFrame) out = { ...out, refusalFrame: (err) => JSON.stringify(refusalFrame(err)) };
  return out;
}

/** Frames of a connection are handed to the dialect one at a time, `ms` apart: its rate decision happens then. */
function paced<S>(socket: SocketEndpoint<S>, ms: number): SocketEndpoint<S>['onMessage'] {
  const queues = new WeakMap<Connection<S>, Promise<void>>();
  return (conn, data, isBinary) => {
    const next = (queues.get(conn) ?? Promise.resolve())
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, ms)))
      .then(() => {
        if (conn.open) socket.onMessage(conn, data, isBinary);
      })
      .catch(() => conn.close(new ServerError('INTERNAL')));
    queues.set(conn, next);
  };
}

/** The routes table without the operations a variant does not serve. */
export function varyRoutes(routes: RouteDecl[], profileId: string, variants: VariantSet): RouteDecl[] {
  const unrouted = variants.effect.unrouted ?? [];
  if (unrouted.length === 0) return routes;
  const profile = loadProfile(profileId);
  for (const op of unrouted) if (!profile.rest[op]) throw new Error(`variant names an operation ${op} that profile ${profileId} does not have`);
  return routes.filter((r) => r.op === undefined || !unrouted.includes(r.op));
}

/** The target file with the `endpoints` the variants need, so the harness reaches what moved. */
export function varyTarget(target: TargetFile, variants: VariantSet): TargetFile {
  const endpoints = variants.effect.endpoints;
  if (!endpoints) return target;
  return { ...target, endpoints: { ...target.endpoints, ...endpoints } as TargetFile['endpoints'] };
}

export function vary<S>(dialect: DialectServer<S>, profileId: string, variants: VariantSet): DialectServer<S> {
  if (variants.size === 0) return dialect;
  return {
    ...dialect,
    routes: varyRoutes(dialect.routes, profileId, variants),
    sockets: dialect.sockets.map((s) => varySocket(s, variants)),
    target: async (urls) => varyTarget(await dialect.target(urls), variants),
  };
}
