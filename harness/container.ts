// Targets started from container images (`--image`): testcontainers' GenericContainer on the local engine,
// one port mapped to 127.0.0.1, a readiness rule, the log kept for the reports (redacted when read), and
// the container removed on every exit path. Each container is labelled with its owner's pid and host, so
// removeOwned() can clean up without a handle (Ctrl-C during start) and a later run removes what a killed
// run left behind. Ryuk (the reaper) is off: its image cannot be pulled without a registry.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import type { ContainerRuntimeClient, StartedTestContainer, WaitStrategy } from 'testcontainers';
import { Redactor } from '../core/redact.ts';
import type { TargetFile } from '../core/target.ts';
import type { TranscriptEntry } from '../client/transcript.ts';

export const LABEL = {
  run: 'dev.chatconform.run',
  pid: 'dev.chatconform.owner-pid',
  host: 'dev.chatconform.owner-host',
  /** Set by an image that writes its own target file (the reference server's): where, inside the container. */
  targetFile: 'dev.chatconform.target-file',
} as const;

export type ReadyRule = { kind: 'tcp' } | { kind: 'http'; path: string } | { kind: 'log'; pattern: RegExp };

/** `http:/PATH` or `log:REGEX`; throws an Error whose message says what is accepted. */
export function parseReadyRule(text: string): ReadyRule {
  if (text.startsWith('http:/')) return { kind: 'http', path: text.slice('http:'.length) };
  if (text.startsWith('log:') && text.length > 4) {
    try {
      return { kind: 'log', pattern: new RegExp(text.slice(4)) };
    } catch (err) {
      throw new Error(`--image-wait log:REGEX has an invalid regular expression: ${(err as Error).message}`);
    }
  }
  throw new Error(`--image-wait takes http:/PATH (e.g. http:/api/health) or log:REGEX (e.g. 'log:listening'), got '${text}'`);
}

export function describeRule(rule: ReadyRule): string {
  return rule.kind === 'http' ? `a 2xx answer to GET ${rule.path}` : rule.kind === 'log' ? `a log line matching /${rule.pattern.source}/` : 'a TCP answer on the port';
}

export interface ImageOptions {
  image: string;
  /** Container port of the server; default the image's first EXPOSEd TCP port. */
  port?: number;
  env?: Record<string, string>;
  ready?: ReadyRule;
  /** Start, readiness included. */
  startupMs: number;
  /** Known secrets (env values, the target's passwords) to redact from the log, even before it is ready. */
  secrets?: (string | undefined)[];
}

/** No engine answers (no dockerd, no DOCKER_HOST). */
export class EngineUnavailable extends Error {
  override name = 'EngineUnavailable';
}
/** The image is not on the engine and cannot be pulled, or it exposes no port and none was given. */
export class ImageUnavailable extends Error {
  override name = 'ImageUnavailable';
}
/** The container exited or did not meet the readiness rule in time; `lastLines` are its last log lines, redacted. */
export class ImageNotReady extends Error {
  override name = 'ImageNotReady';
  constructor(message: string, readonly lastLines: string[]) {
    super(message);
  }
}

const MAX_LINES = 2000;
const MAX_LINE = 2048;
// Log lines are free text: `password patient-pass` (the reference server's banner) has no JSON or query shape.
const LOG_SECRET = /\b(password|passwd|secret|token)(\s*[:=]\s*|\s+)(?!\[redacted\])("?)[^\s"',]+/gi;

/** The container's stdout and stderr as lines, raw in memory, redacted whenever read. */
export class ContainerLog {
  private readonly lines: { at: number; text: string }[] = [];
  private partial = '';
  private dropped = 0;
  private readonly t0 = performance.now();

  constructor(readonly redactor: Redactor = new Redactor()) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const text of parts) this.add(text);
    if (this.partial.length > MAX_LINE) {
      this.add(this.partial);
      this.partial = '';
    }
  }

  private add(text: string): void {
    if (!text.trim()) return;
    this.lines.push({ at: Math.round((performance.now() - this.t0) * 10) / 10, text: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}… (${text.length} chars)` : text });
    if (this.lines.length > MAX_LINES) {
      this.lines.shift();
      this.dropped++;
    }
  }

  private clean(text: string): string {
    return this.redactor.text(text).replace(LOG_SECRET, '$1$2$3[redacted]');
  }

  tail(n: number): string[] {
    const all = [...this.lines.map((l) => l.text), ...(this.partial ? [this.partial] : [])];
    return all.slice(-n).map((t) => this.clean(t));
  }

  /** The log as transcript entries (channel note, direction recv), times from the container's start. */
  transcript(): TranscriptEntry[] {
    const entries: TranscriptEntry[] = [];
    if (this.dropped) entries.push({ at: 0, channel: 'note', dir: 'info', summary: `${this.dropped} earlier log lines not kept` });
    for (const l of this.lines) entries.push({ at: l.at, channel: 'note', dir: 'recv', summary: this.clean(l.text) });
    return entries;
  }
}

export interface ImageTarget {
  image: string;
  id: string;
  /** http://127.0.0.1:<mapped port> */
  baseUrl: string;
  containerPort: number;
  /** From start() to ready. */
  readyInMs: number;
  log: ContainerLog;
  /** The target file the image writes itself (label dev.chatconform.target-file), or undefined. */
  publishedTarget(): Promise<unknown>;
  /** Graceful stop (SIGTERM, 5 s), then removal. Idempotent. */
  stop(): Promise<void>;
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!;
}

let runtime: Promise<{ tc: typeof import('testcontainers'); client: ContainerRuntimeClient }> | undefined;

/** testcontainers, loaded with the two settings a registry-less engine needs (unless the caller set them). */
async function engine(): Promise<{ tc: typeof import('testcontainers'); client: ContainerRuntimeClient }> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
  runtime ??= (async () => {
    const tc = await import('testcontainers');
    try {
      return { tc, client: await tc.getContainerRuntimeClient() };
    } catch (err) {
      runtime = undefined;
      throw new EngineUnavailable(`no Docker engine reachable (${firstLine(err)}); start dockerd or set DOCKER_HOST`);
    }
  })();
  return runtime;
}

/** True when an engine answers; for tests that skip without one. */
export async function engineAvailable(): Promise<boolean> {
  try {
    await engine();
    return true;
  } catch {
    return false;
  }
}

async function removeWhere(client: ContainerRuntimeClient, labels: string[], keep: (l: Record<string, string>) => boolean = () => false): Promise<number> {
  const found = await client.container.dockerode.listContainers({ all: true, filters: { label: labels } });
  let removed = 0;
  await Promise.all(
    found
      .filter((c) => !keep(c.Labels ?? {}))
      .map(async (c) => {
        try {
          await client.container.dockerode.getContainer(c.Id).remove({ force: true, v: true });
          removed++;
        } catch (err) {
          // 404: already gone; 409: removal already in progress (a stop racing Ctrl-C).
          if (![404, 409].includes((err as { statusCode?: number }).statusCode ?? 0)) throw err;
        }
      }),
  );
  return removed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes (force) every container this process started: for Ctrl-C and deadlines, when no handle may exist yet. */
export async function removeOwned(): Promise<number> {
  if (!runtime) return 0;
  const { client } = await engine();
  return removeWhere(client, [`${LABEL.pid}=${process.pid}`, `${LABEL.host}=${hostname()}`]);
}

/** Containers of chatconform runs on this host whose process is gone (killed with -9, a crashed CI step). */
export async function removeLeftovers(): Promise<number> {
  const { client } = await engine();
  return removeWhere(client, [LABEL.pid, `${LABEL.host}=${hostname()}`], (l) => alive(Number(l[LABEL.pid])));
}

/** Readiness without a shell in the image: the first TCP answer on the mapped port. */
function tcpAnswer(containerPort: number): WaitStrategy {
  let timeout = 60_000;
  return {
    withStartupTimeout(ms: number) {
      timeout = ms;
      return this;
    },
    isStartupTimeoutSet: () => true,
    getStartupTimeout: () => timeout,
    async waitUntilReady(container, boundPorts) {
      const port = boundPorts.getBinding(containerPort);
      const end = Date.now() + timeout;
      while (Date.now() < end) {
        const state = (await container.inspect()).State;
        if (!state.Running) throw new Error(`the container exited with code ${state.ExitCode} before anything answered on port ${containerPort}`);
        if (await answers(process.env.TESTCONTAINERS_HOST_OVERRIDE ?? '127.0.0.1', port)) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`nothing answered on port ${containerPort} within ${timeout} ms`);
    },
  };
}

/**
 * docker-proxy accepts every connection on a published port and closes it at once when nothing listens
 * inside, so "connected" proves nothing: a server answers when it sends bytes or keeps the connection open.
 */
export function answers(host: string, port: number, holdMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let timer: NodeJS.Timeout | undefined;
    const done = (ok: boolean) => {
      clearTimeout(timer);
      // A FIN, not a reset: docker-proxy passes it on, so the server does not keep a half-open socket
      // (the reference server's graceful close would wait for it).
      socket.end();
      socket.destroySoon();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => (timer = setTimeout(() => done(true), holdMs)));
    socket.once('data', () => done(true));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/** One file out of the tar stream the engine sends for a path. */
async function readSingleFile(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  const tar = Buffer.concat(chunks);
  const size = parseInt(tar.subarray(124, 136).toString('ascii').replace(/\0/g, '').trim() || '0', 8);
  return tar.subarray(512, 512 + size).toString('utf8');
}

export async function startImage(opts: ImageOptions): Promise<ImageTarget> {
  const { tc, client } = await engine();
  await removeLeftovers();
  const name = tc.ImageName.fromString(opts.image);
  if (!(await client.image.exists(name))) {
    try {
      await client.image.pull(name);
    } catch (err) {
      throw new ImageUnavailable(`image ${opts.image} is not on this engine and could not be pulled: ${firstLine(err)}`);
    }
  }
  const info = await client.image.inspect(name);
  const exposed = Object.keys(info.Config?.ExposedPorts ?? {}).filter((p) => p.endsWith('/tcp')).map((p) => Number.parseInt(p, 10));
  const containerPort = opts.port ?? exposed[0];
  if (!containerPort) throw new ImageUnavailable(`image ${opts.image} exposes no TCP port: give the server's port with --image-port`);
  const rule = opts.ready ?? { kind: 'tcp' };
  const strategy =
    rule.kind === 'http'
      ? tc.Wait.forHttp(rule.path, containerPort, { abortOnContainerExit: true }).forStatusCodeMatching((s) => s >= 200 && s < 300)
      : rule.kind === 'log'
        ? tc.Wait.forLogMessage(rule.pattern)
        : tcpAnswer(containerPort);

  const log = new ContainerLog(new Redactor().add(...(opts.secrets ?? [])));
  const runId = randomUUID();
  const container = new tc.GenericContainer(opts.image)
    .withExposedPorts(containerPort)
    .withEnvironment(opts.env ?? {})
    .withLabels({ [LABEL.run]: runId, [LABEL.pid]: String(process.pid), [LABEL.host]: hostname() })
    .withLogConsumer((stream) => {
      stream.on('data', (d) => log.push(String(d)));
      stream.on('error', () => {});
    })
    .withWaitStrategy(strategy)
    .withStartupTimeout(opts.startupMs);

  const t0 = performance.now();
  let started: StartedTestContainer;
  let timer: NodeJS.Timeout | undefined;
  try {
    // testcontainers bounds the wait; this bounds everything else (create, start, inspect) as well.
    started = await Promise.race([
      container.start(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`start did not finish within ${opts.startupMs + 10_000} ms`)), opts.startupMs + 10_000);
      }),
    ]);
  } catch (err) {
    await removeWhere(client, [`${LABEL.run}=${runId}`]);
    await new Promise((r) => setTimeout(r, 100)); // the log stream's last chunk
    throw new ImageNotReady(`${opts.image} did not become ready (${describeRule(rule)}, within ${opts.startupMs} ms): ${firstLine(err)}`, log.tail(20));
  } finally {
    clearTimeout(timer);
  }
  const readyInMs = Math.round(performance.now() - t0);
  const baseUrl = `http://${urlHost(started.getHost())}:${started.getMappedPort(containerPort)}`;
  let stopped: Promise<void> | undefined;
  return {
    image: opts.image,
    id: started.getId(),
    baseUrl,
    containerPort,
    readyInMs,
    log,
    async publishedTarget() {
      const path = started.getLabels()[LABEL.targetFile];
      if (!path) return undefined;
      // The server writes it just after it starts listening: give it a moment.
      const end = Date.now() + 5000;
      for (;;) {
        try {
          return JSON.parse(await readSingleFile(await started.copyArchiveFromContainer(path)));
        } catch (err) {
          if (Date.now() > end) throw new ImageUnavailable(`the image names ${path} as its target file (label ${LABEL.targetFile}), but it cannot be read: ${firstLine(err)}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },
    stop: () =>
      (stopped ??= (async () => {
        try {
          await started.stop({ timeout: 5000, remove: true });
        } finally {
          await removeWhere(client, [`${LABEL.run}=${runId}`]);
        }
      })()),
  };
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The target file with its origin replaced by the container's mapped one (paths kept). */
export function pointAt(target: TargetFile, baseUrl: string): TargetFile {
  const origin = new URL(baseUrl);
  const move = (url: string, ws: boolean) => {
    const u = new URL(url);
    u.protocol = ws ? (origin.protocol === 'https:' ? 'wss:' : 'ws:') : origin.protocol;
    u.host = origin.host;
    return u.href.replace(/\/+$/, '');
  };
  return { ...target, baseUrl: move(target.baseUrl, false), ...(target.wsUrl ? { wsUrl: move(target.wsUrl, true) } : {}) };
}
