// Where variants meet the server, around a dialect rather than inside its handlers: the close code of an
// admission refusal, per-connection pacing of frames, the routes table, and the target file that tells the
// harness what moved. Dialect rules (page sizes, validation) are read where the dialect enforces them.
import { expandPath, loadProfile } from '../core/profiles.ts';
import type { TargetFile } from '../core/target.ts';
import type { DialectServer } from './dialect.ts';
import { ERROR_CODES, ServerError, type ErrorSpec } from './errors.ts';
import type { Route } from './http.ts';
import type { VariantSet } from './variants.ts';
import type { Connection, SocketDialect } from './ws.ts';

/**
 * The error with the variant's close code for its error code. A close code a fault set on purpose
 * (different from the error table's) is kept, so that a fault stays observable with every variant on.
 */
export function variedClose(err: ServerError, variants: VariantSet): ServerError {
  const code = variants.effect.close?.[err.code];
  const spec: ErrorSpec = ERROR_CODES[err.code];
  if (code === undefined || err.closeCode !== spec.close) return err;
  return new ServerError(err.code, {
    message: err.message,
    close: code,
    ...(err.fields ? { fields: err.fields } : {}),
    ...(err.extra ? { extra: err.extra } : {}),
    ...(err.cause !== undefined ? { cause: err.cause } : {}),
    ...(err.reason !== undefined ? { reason: err.reason } : {}),
  });
}

export function varySocket<S>(socket: SocketDialect<S>, variants: VariantSet): SocketDialect<S> {
  const { close, paceMs } = variants.effect;
  if (!close && !paceMs) return socket;
  const varied: SocketDialect<S> = { ...socket };
  if (close) {
    varied.admit = (req, url) =>
      socket.admit(req, url).catch((err: unknown) => {
        throw err instanceof ServerError ? variedClose(err, variants) : err;
      });
  }
  if (paceMs) varied.onMessage = paced(socket, paceMs);
  return varied;
}

/** Frames of a connection are handed to the dialect one at a time, `ms` apart: its rate decision happens then. */
function paced<S>(socket: SocketDialect<S>, ms: number): SocketDialect<S>['onMessage'] {
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

/** The routes table without the operations a variant does not serve (matched by the profile's method and path). */
export function varyRoutes(routes: Route[], profileId: string, variants: VariantSet): Route[] {
  const unrouted = variants.effect.unrouted ?? [];
  if (unrouted.length === 0) return routes;
  const profile = loadProfile(profileId);
  const gone = unrouted.map((op) => {
    const spec = profile.rest[op];
    if (!spec) throw new Error(`variant names an operation ${op} that profile ${profileId} does not have`);
    return { method: spec.method, path: expandPath(spec.path, { id: '1' }) };
  });
  return routes.filter((r) => !gone.some((g) => g.method === r.method && r.pattern.test(g.path)));
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
    socket: varySocket(dialect.socket, variants),
    target: async (urls) => varyTarget(await dialect.target(urls), variants),
  };
}
