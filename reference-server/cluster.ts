// The multi-process reference server: `chatconform serve --workers N --redis URL`. Every dialect works across
// processes because the processes share nothing but Redis (RedisStore, RedisBus), one JWT secret and one
// media dir.
//
// Why node:cluster and not N child processes on N ports: cluster gives one port for all workers (the primary
// owns the listening socket and hands each new TCP connection to the next worker, round-robin on Linux), so a
// client, a target file and a load test see one server, exactly as behind a load balancer, and `--port 0`
// still means one port. The price: the primary touches every connection at accept time (not afterwards:
// the socket then belongs to the worker).
//
// Lifecycle. The primary checks Redis, picks a namespace `chatconform:<profile>:<runId>`, generates the JWT
// secret, seeds the store once (seedStore), forks N workers, sends each its config over IPC (never the
// environment: the secret would show in /proc), waits until all listen, and builds the target file. A
// worker runs startServer({store: RedisStore, bus: RedisBus, seed: false, workerId}) and names itself in an
// `x-chatconform-worker` header on every HTTP response and WebSocket upgrade. close() (SIGINT/SIGTERM in the
// CLI) asks every worker to close gracefully (sockets get 1001, in-flight requests finish), kills what is
// left after a grace period, deletes the namespace's keys and removes the media dir it made.
//
// The rate limit stays per connection, in the worker that holds the connection (D-medmapp-06 is per
// connection; a connection never moves between workers), so it needs no Redis round trip.
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { TargetFile } from '../core/target.ts';
import { seedStore, startServer, type RunningServer, type ServerOptions } from './index.ts';
import { createLogger, safeError, type Logger } from './log.ts';
import { RedisBus } from './redis-bus.ts';
import { RedisStore, createRedis, deleteNamespace, redactRedisUrl } from './redis-store.ts';

export interface ClusterOptions {
  profile: ServerOptions['profile'];
  /** Number of worker processes, at least 1. */
  workers: number;
  /** `redis://[:password@]host[:port][/db]`. */
  redisUrl: string;
  host?: string;
  port?: number;
  faults?: string[];
  /** compliant variants, applied by the seed and by every worker alike */
  variants?: string[];
  selfCheck?: boolean;
  accessTtlSeconds?: number;
  /** serve --cors origins, passed to every worker */
  cors?: string[];
  /** Shared by every worker; default a temp dir removed on close. */
  mediaDir?: string;
  /** The primary's logger (workers log JSON lines on the inherited stdout); false for none. */
  logger?: Logger | false;
  /** How long close() waits for a worker to finish before SIGKILL. Default 8000 ms. */
  shutdownGraceMs?: number;
}

export interface RunningCluster extends RunningServer {
  workers: number;
  /** The Redis URL with any password redacted. */
  redis: string;
  namespace: string;
  workerPids(): number[];
}

/** A Redis that cannot be reached at start: the CLI answers with exit code 3 (unreachable). */
export class RedisUnreachableError extends Error {
  readonly code = 'REDIS_UNREACHABLE';
}

interface WorkerConfig {
  profile: ServerOptions['profile'];
  redisUrl: string;
  namespace: string;
  /** base64 */
  jwtSecret: string;
  mediaDir: string;
  host: string;
  port: number;
  faults: string[];
  variants: string[];
  selfCheck: boolean;
  accessTtlSeconds: number;
  cors?: string[];
}

type ToWorker = { type: 'config'; config: WorkerConfig } | { type: 'shutdown' };
type FromWorker =
  | { type: 'ready' }
  | { type: 'listening'; baseUrl: string; wsUrl: string }
  | { type: 'failed'; message: string; code?: string };

const ENTRY = fileURLToPath(import.meta.url);
const WORKER_ENV = 'CHATCONFORM_CLUSTER_WORKER';

/** Fails fast (no retry loop) with a message that names the redacted URL. */
export async function probeRedis(url: string): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  let cause: Error | undefined;
  probe.on('error', (err: Error) => (cause ??= err));
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new RedisUnreachableError(`cannot reach Redis at ${redactRedisUrl(url)}: ${(cause ?? (err as Error)).message}`);
  } finally {
    probe.disconnect();
  }
}

export async function startCluster(opts: ClusterOptions): Promise<RunningCluster> {
  if (!cluster.isPrimary) throw new Error('startCluster runs in the primary process only');
  if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new Error(`workers must be a positive integer, got ${opts.workers}`);
  const log = createLogger(opts.logger, 'cluster').child({ profile: opts.profile });
  await probeRedis(opts.redisUrl);

  const redis = createRedis(opts.redisUrl);
  redis.on('error', (err: Error) => log.warn({ event: 'redis-error', err: safeError(err) }));
  const namespace = `chatconform:${opts.profile}:${randomBytes(6).toString('hex')}`;
  const ownsMedia = opts.mediaDir === undefined;
  const mediaDir = opts.mediaDir ?? (await mkdtemp(join(tmpdir(), 'chatconform-media-')));
  const jwtSecret = randomBytes(32);
  const workers = new Map<number, Worker>();
  let closing = false;

  const cleanup = async () => {
    await deleteNamespace(redis, namespace).catch((err: unknown) => log.warn({ event: 'redis-cleanup-failed', err: safeError(err) }));
    await redis.quit().catch(() => redis.disconnect());
    if (ownsMedia) await rm(mediaDir, { recursive: true, force: true });
  };

  const stopWorkers = async () => {
    const grace = opts.shutdownGraceMs ?? 8000;
    await Promise.all(
      [...workers.values()].map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            const timer = setTimeout(() => w.process.kill('SIGKILL'), grace);
            w.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            send(w, { type: 'shutdown' });
          }),
      ),
    );
  };

  let first: { baseUrl: string; wsUrl: string };
  let target: TargetFile;
  try {
    const seeded = await seedStore({
      profile: opts.profile,
      store: new RedisStore({ redis, namespace }),
      jwtSecret,
      mediaDir,
      faults: opts.faults ?? [],
      variants: opts.variants ?? [],
      accessTtlSeconds: opts.accessTtlSeconds ?? 300,
      logger: opts.logger ?? undefined,
    });
    log.info({ event: 'seeded', namespace });

    const config: WorkerConfig = {
      profile: opts.profile,
      redisUrl: opts.redisUrl,
      namespace,
      jwtSecret: jwtSecret.toString('base64'),
      mediaDir,
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? 0,
      faults: opts.faults ?? [],
      variants: opts.variants ?? [],
      selfCheck: opts.selfCheck ?? false,
      accessTtlSeconds: opts.accessTtlSeconds ?? 300,
      ...(opts.cors ? { cors: opts.cors } : {}),
    };
    const execArgv = process.execArgv.some((a, i) => a === 'tsx' && process.execArgv[i - 1] === '--import') ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
    cluster.setupPrimary({ exec: ENTRY, execArgv, args: [] });
    // A worker that dies after the start is replaced (its sockets are gone; clients reconnect to any
    // worker, the data is in Redis). At most 5 replacements a minute, so a crash loop ends in an error log.
    const restarts: number[] = [];
    const spawn = (): Promise<{ baseUrl: string; wsUrl: string }> => {
      const worker = cluster.fork({ [WORKER_ENV]: '1' });
      workers.set(worker.id, worker);
      return new Promise((resolve, reject) => {
        let up = false;
        worker.on('message', (msg: FromWorker) => {
          if (msg.type === 'ready') send(worker, { type: 'config', config });
          else if (msg.type === 'listening') {
            up = true;
            resolve(msg);
          }
          else if (msg.type === 'failed') reject(Object.assign(new Error(msg.message), msg.code ? { code: msg.code } : {}));
        });
        worker.once('exit', (code, signal) => {
          reject(new Error(`worker ${worker.id} exited before listening (${signal ?? `code ${code}`})`));
          if (closing) return;
          workers.delete(worker.id);
          const now = Date.now();
          restarts.push(now);
          while (restarts[0]! < now - 60_000) restarts.shift();
          const replace = up && restarts.length <= 5;
          log.error({ event: 'worker-exit', worker: worker.id, code, signal, replaced: replace });
          if (replace) spawn().catch((err: unknown) => log.error({ event: 'worker-replace-failed', err: safeError(err) }));
        });
      });
    };
    [first] = await Promise.all(Array.from({ length: opts.workers }, spawn));
    target = await seeded.target(first!);
  } catch (err) {
    closing = true;
    await stopWorkers();
    await cleanup();
    throw err;
  }
  log.info({ event: 'listening', baseUrl: first.baseUrl, workers: workers.size, redis: redactRedisUrl(opts.redisUrl), namespace });

  let closed: Promise<void> | undefined;
  return {
    baseUrl: first.baseUrl,
    wsUrl: first.wsUrl,
    target,
    workers: opts.workers,
    redis: redactRedisUrl(opts.redisUrl),
    namespace,
    workerPids: () => [...workers.values()].map((w) => w.process.pid!).filter(Boolean),
    close: () =>
      (closed ??= (async () => {
        closing = true;
        await stopWorkers();
        await cleanup();
        log.info({ event: 'closed' });
      })()),
  };
}

function send(worker: Worker, msg: ToWorker): void {
  if (worker.isConnected()) worker.send(msg);
}

/** The worker side: ask for the config, serve, report, and close when the primary says so (or is gone). */
async function runWorker(): Promise<void> {
  const id = String(cluster.worker?.id ?? process.pid);
  const log = createLogger(undefined, 'cluster').child({ worker: id });
  const reply = (msg: FromWorker) => process.send?.(msg);
  let server: RunningServer | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (why: string) =>
    (stopping ??= (async () => {
      log.info({ event: 'worker-stopping', why });
      await server?.close().catch((err: unknown) => log.error({ event: 'worker-close-failed', err: safeError(err) }));
      process.exit();
    })());

  // Ctrl-C reaches the whole process group: the primary coordinates the shutdown, so SIGINT is ignored here.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('disconnect', () => void stop('primary gone'));
  process.on('message', (msg: ToWorker) => {
    if (msg.type === 'shutdown') void stop('shutdown');
    else if (msg.type === 'config') {
      void serve(msg.config).then(
        (s) => {
          server = s;
          reply({ type: 'listening', baseUrl: s.baseUrl, wsUrl: s.wsUrl });
        },
        (err: Error) => {
          reply({ type: 'failed', message: err.message, ...((err as NodeJS.ErrnoException).code ? { code: (err as NodeJS.ErrnoException).code } : {}) });
          process.exitCode = 1;
          process.disconnect?.();
        },
      );
    }
  });
  reply({ type: 'ready' });

  async function serve(config: WorkerConfig): Promise<RunningServer> {
    const redis = createRedis(config.redisUrl);
    redis.on('error', (err: Error) => log.warn({ event: 'redis-error', err: safeError(err) }));
    const store = new RedisStore({ redis, namespace: config.namespace, ownsConnection: true });
    const bus = new RedisBus({ redis, namespace: config.namespace, onError: (err) => log.warn({ event: 'redis-bus-error', err: safeError(err) }) });
    try {
      return await startServer({
        profile: config.profile,
        host: config.host,
        port: config.port,
        faults: config.faults,
        variants: config.variants,
        selfCheck: config.selfCheck,
        accessTtlSeconds: config.accessTtlSeconds,
        cors: config.cors,
        mediaDir: config.mediaDir,
        store,
        bus,
        jwtSecret: Buffer.from(config.jwtSecret, 'base64'),
        seed: false,
        workerId: id,
      });
    } catch (err) {
      await Promise.allSettled([bus.close(), store.close()]);
      throw err;
    }
  }
}

if (cluster.isWorker && process.env[WORKER_ENV] === '1') void runWorker();
