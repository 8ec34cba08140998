// The reference server's programmatic API: startServer({profile}) seeds an embedded store, listens, and
// returns the target file that describes it. REST and WebSocket share one port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertValid } from '../core/schemas.ts';
import { TargetError, type TargetFile } from '../core/target.ts';
import { LocalBus, type Bus } from './bus.ts';
import type { DialectModule, ServerContext } from './dialect.ts';
import { FAULTS, parseFaults } from './faults.ts';
import { VARIANTS, parseVariants } from './variants.ts';
import { vary } from './variant-seams.ts';
import { withFaults } from './fault-seams.ts';
import { createClientErrorListener, createRequestListener } from './http.ts';
import { parseCors } from './cors.ts';
import { Jwt } from './jwt.ts';
import { createLogger, type Logger } from './log.ts';
import { MediaStore } from './media.ts';
import { idsWith, type WithRole } from '../dialects.ts';
import { DIALECT_MODULES, FUZZ_FAULTS } from './tables.ts';
import { createSelfCheck } from './self-check.ts';
import { MemoryStore, type Store } from './store.ts';
import { SocketServer, bindEndpoints } from './ws.ts';
import { resolveRoutes, specRoutes } from './routes.ts';
import { closeCodes, profileCloseTable } from './close-codes.ts';
import { loadProfile } from '../core/profiles.ts';
import type { SocketLimit } from './socket-limit.ts';

export { FAULTS, FUZZ_FAULTS, VARIANTS };
export type { FaultSpec } from './faults.ts';
export type { VariantSpec } from './variants.ts';

export interface ServerOptions {
  /** A dialect the manifest (dialects.ts) gives a reference server. */
  profile: WithRole<'server'>;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Fault switches (FAULTS[profile] names), each breaking exactly one promise. */
  faults?: string[];
  /** Compliant variants (VARIANTS[profile] names), each taking another reading the document allows. */
  variants?: string[];
  /** Where uploads are stored; default a temp dir removed on close. */
  mediaDir?: string;
  /** Access token lifetime, default 300 (SimpleJWT's 5 minutes). */
  accessTtlSeconds?: number;
  /** Validate every response and frame against its schema at run time; violations are logged (warn). */
  selfCheck?: boolean;
  /** A pino logger, or false for none; default JSON lines on stdout at LOG_LEVEL or info. */
  logger?: Logger | false;
  /** Shared storage (a RedisStore in the multi-process mode, cluster.ts); default a fresh MemoryStore. close() closes it. */
  store?: Store;
  /** Shared broadcast (a RedisBus in the multi-process mode); default a LocalBus. close() closes it. */
  bus?: Bus;
  /** The HS256 secret; processes sharing a store must share it. Default: 32 random bytes. */
  jwtSecret?: Uint8Array;
  /**
   * false when `store` already holds this dialect's seed (seedStore ran once, in the primary): the dialect's
   * create() then seeds a throwaway MemoryStore instead, so the seed is written exactly once. Default true.
   */
  seed?: boolean;
  /** Set by a cluster worker: sent as `x-chatconform-worker` on every response and upgrade, and logged. */
  workerId?: string;
  /** Origins allowed to call REST from a browser (reference-server/cors.ts); default none. */
  cors?: string[];
  /** The figures of a per-user connection limit, instead of the `socket-limit` variant's 10/60 s (or with no variant: this limit alone). */
  socketLimit?: SocketLimit;
  /**
   * Whether the target file states the connection limit the server enforces (`limits.socketsPerUser`);
   * default true. false describes a server whose limit nobody wrote down.
   */
  stateLimits?: boolean;
}

export interface RunningServer {
  baseUrl: string;
  wsUrl: string;
  target: TargetFile;
  /** the profile's operations this server routes (`list --coverage` counts them); a cluster leaves it out */
  operations?: string[];
  close(): Promise<void>;
}

/** The dialects the reference server speaks (manifest order): fuzz tests and tools iterate over this list. */
export const SERVED_PROFILES = idsWith('server');

/** The dialect's module; a TargetError (a usage error) for a profile the reference server does not speak. */
function moduleFor(profile: string): DialectModule {
  const module = DIALECT_MODULES[profile];
  if (!module) throw new TargetError(`the reference server speaks ${SERVED_PROFILES.join(', ')} so far, not ${profile}: give a target file`);
  return module;
}

/** How long close() lets in-flight requests finish before cutting connections. */
const DRAIN_MS = 5000;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const module = moduleFor(opts.profile);
  const faults = parseFaults(opts.profile, opts.faults ?? []);
  const variants = parseVariants(opts.profile, opts.variants ?? []);
  const log = createLogger(opts.logger, 'reference-server').child({ profile: opts.profile, ...(opts.workerId ? { worker: opts.workerId } : {}) });
  const media = await MediaStore.open(opts.mediaDir);
  const store = opts.store ?? new MemoryStore();
  const seedless = opts.seed === false ? scratchUntilSettled(store) : undefined;
  const sc: ServerContext = {
    store: seedless?.store ?? store,
    bus: opts.bus ?? new LocalBus(),
    jwt: new Jwt({ accessTtlSeconds: opts.accessTtlSeconds ?? 300, ...(opts.jwtSecret ? { secret: opts.jwtSecret } : {}) }),
    media,
    faults,
    variants,
    log,
    selfCheck: createSelfCheck(opts.selfCheck ?? false, log),
  };
  const dialect = withFaults(vary(await module.create(sc), opts.profile, variants), sc);
  seedless?.settle();

  let closing = false;
  let baseUrl = '';
  const isClosing = () => closing;
  const workerHeader = opts.workerId ? { 'x-chatconform-worker': opts.workerId } : undefined;
  // Paths and methods from the profile by operation name; close codes from its closeCodes, under the variant's.
  const profile = loadProfile(opts.profile);
  const endpoints = bindEndpoints(profile, dialect.sockets);
  const closeCodeOf = closeCodes(profileCloseTable(profile), variants.effect.close);
  const socketLimit = opts.socketLimit ?? variants.effect.socketLimit;
  const sockets = new SocketServer({ endpoints, bus: sc.bus, log, isClosing, closeCodeOf, ...(workerHeader ? { upgradeHeaders: workerHeader } : {}), ...(socketLimit ? { socketLimit } : {}) });
  const routes = resolveRoutes(profile, [...dialect.routes, ...specRoutes(opts.profile)]);
  const listener = createRequestListener({ routes, renderError: dialect.renderError, log, selfCheck: sc.selfCheck, origin: () => baseUrl, isClosing, cors: opts.cors ? parseCors(opts.cors) : undefined });
  const server = createServer(
    { requestTimeout: 30_000, headersTimeout: 10_000 },
    workerHeader
      ? (req, res) => {
          res.setHeader('x-chatconform-worker', workerHeader['x-chatconform-worker']);
          listener(req, res);
        }
      : listener,
  );
  server.on('upgrade', sockets.onUpgrade);
  server.on('clientError', createClientErrorListener({ renderError: dialect.renderError, log }));

  try {
    await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1');
  } catch (err) {
    await media.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  baseUrl = `http://${urlHost(address.address)}:${address.port}`;
  const wsUrl = baseUrl.replace(/^http/, 'ws');
  const described = await dialect.target({ baseUrl, wsUrl });
  const stated = socketLimit && opts.stateLimits !== false ? { ...described, limits: { ...described.limits, socketsPerUser: { count: socketLimit.count, seconds: socketLimit.seconds } } } : described;
  const target = assertValid<TargetFile>('meta/target', stated);
  log.info({ event: 'listening', baseUrl, wsUrl, faults: faults.list(), variants: variants.list(), selfCheck: sc.selfCheck.enabled });

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      closing = true;
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await sockets.closeAll();
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      await drained;
      clearTimeout(timer);
      await Promise.all([sc.bus.close(), sc.store.close(), media.close()]);
      log.info({ event: 'closed' });
    })());

  // auth.login and auth.refresh are the profile's auth entries; the rest operation at the same method and path is theirs.
  const aliases = (op: string): string[] => {
    const spec = op === 'auth.login' ? profile.auth.login : op === 'auth.refresh' ? profile.auth.refresh : undefined;
    return spec ? Object.entries(profile.rest).filter(([, r]) => r.path === spec.path && r.method === (spec.method ?? 'POST')).map(([name]) => name) : [];
  };
  const operations = [...new Set(routes.flatMap((r) => (r.op === undefined ? [] : Object.hasOwn(profile.rest, r.op) ? [r.op] : aliases(r.op))))];
  return { baseUrl, wsUrl, target, operations, close };
}

export interface SeedOptions {
  profile: ServerOptions['profile'];
  store: Store;
  jwtSecret: Uint8Array;
  mediaDir: string;
  faults?: string[];
  variants?: string[];
  accessTtlSeconds?: number;
  logger?: Logger | false;
}

/**
 * Seeds `store` once for every process that will share it (the primary of cluster.ts runs this before it
 * forks), and returns the target file maker: the seed's fixtures and the expired token are those of this
 * run, signed with the shared secret.
 */
export async function seedStore(opts: SeedOptions): Promise<{ target(urls: { baseUrl: string; wsUrl: string }): Promise<TargetFile> }> {
  const module = moduleFor(opts.profile);
  const log = createLogger(opts.logger, 'reference-server').child({ profile: opts.profile });
  const sc: ServerContext = {
    store: opts.store,
    bus: new LocalBus(),
    jwt: new Jwt({ accessTtlSeconds: opts.accessTtlSeconds ?? 300, secret: opts.jwtSecret }),
    media: await MediaStore.open(opts.mediaDir),
    faults: parseFaults(opts.profile, opts.faults ?? []),
    variants: parseVariants(opts.profile, opts.variants ?? []),
    log,
    selfCheck: createSelfCheck(false, log),
  };
  const dialect = vary(await module.create(sc), opts.profile, sc.variants);
  return { target: async (urls) => assertValid<TargetFile>('meta/target', await dialect.target(urls)) };
}

/**
 * A store that is a throwaway MemoryStore until settle(), then `real`: a dialect's create() seeds whatever
 * store it is given, and a worker must not seed the shared store a second time. Every method is looked up
 * at call time, so handlers that captured this store use `real` after settle().
 */
function scratchUntilSettled(real: Store): { store: Store; settle(): void } {
  let current: Store = new MemoryStore();
  const store = new Proxy({} as Store, {
    get: (_target, name) => {
      const value = current[name as keyof Store];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
  return { store, settle: () => void (current = real) };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** An address as it goes into a URL: wildcard binds are reached via loopback, IPv6 gets brackets. */
function urlHost(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '[::1]';
  return address.includes(':') ? `[${address}]` : address;
}
