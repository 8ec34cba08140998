// `--image` for `run` and `load`: the flags (as data), and withImage(), which starts the container, hands the
// command a target pointed at it, and removes the container however the command ends: success, failure,
// Ctrl-C (SIGINT/SIGTERM) or a run that outlives its deadline.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTargetFile, parseTarget, type TargetFile } from '../core/target.ts';
import {
  EngineUnavailable,
  ImageNotReady,
  ImageUnavailable,
  parseReadyRule,
  pointAt,
  removeOwned,
  startImage,
  type ImageOptions,
  type ImageTarget,
} from '../harness/container.ts';
import type { Reporter, RunResults } from '../reports/reporter.ts';
import { EXIT, UsageError, type Flag } from './command.ts';

export const IMAGE_FLAGS: Flag[] = [
  { flags: '--image <name>', description: "start the target from this container image (a local Docker engine); the target file, or the image's own, is pointed at it" },
  { flags: '--image-port <port>', description: "with --image: the port the server listens on inside the container (default: the image's first EXPOSE)" },
  { flags: '--image-env <K=V>', description: 'with --image: an environment variable for the container (repeatable), e.g. CHATCONFORM_FAULT=no-echo-to-sender', repeatable: true },
  { flags: '--image-wait <rule>', description: 'with --image: ready when http:/PATH answers 2xx or a log line matches log:REGEX (default: the first TCP answer on the port)' },
];

const SECRET_ENV = /pass|secret|token|key/i;

export type ImageSpec = Omit<ImageOptions, 'startupMs'>;

/** The --image flags as options, or undefined without --image. `profile` becomes CHATCONFORM_PROFILE unless --image-env sets it. */
export function imageSpec(opts: Record<string, unknown>, profile?: string): ImageSpec | undefined {
  const others = ['imagePort', 'imageEnv', 'imageWait'].filter((k) => opts[k] !== undefined);
  if (!opts.image) {
    if (others.length) throw new UsageError(`--${others[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --image`);
    return undefined;
  }
  if (opts.target) throw new UsageError('--image starts the target itself: drop --target (a --target-file is pointed at the container)');
  if (opts.fault) throw new UsageError('--fault switches the embedded server; bake a fault into the reference image with --image-env CHATCONFORM_FAULT=NAME');
  const env: Record<string, string> = profile ? { CHATCONFORM_PROFILE: profile } : {};
  for (const item of (opts.imageEnv as string[] | undefined) ?? []) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UsageError(`--image-env takes NAME=VALUE, got '${item}'`);
    env[item.slice(0, at)] = item.slice(at + 1);
  }
  let port: number | undefined;
  if (opts.imagePort !== undefined) {
    port = Number(opts.imagePort);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--image-port must be a port from 1 to 65535, got '${String(opts.imagePort)}'`);
  }
  let ready;
  try {
    ready = opts.imageWait === undefined ? undefined : parseReadyRule(String(opts.imageWait));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return { image: String(opts.image), env, ...(port ? { port } : {}), ...(ready ? { ready } : {}) };
}

export interface ImageWork {
  /** The target pointed at the container's mapped port. */
  target: TargetFile;
  /** What is left of the deadline once the container is ready. */
  remainingMs: number;
  container: ImageTarget;
  /** The reporters, each handed the results with the container's log added. */
  withLog(reporters: Reporter[]): Reporter[];
  /** For work that reads a target file (load): the target written owner-only for the call; the log goes to its outDir. */
  withTargetFile<R extends { outDir?: string }>(work: (file: string) => Promise<R>): Promise<R>;
}

/** Readiness gets ten network timeouts, at least 10 s (a node server on a busy 2-core box), at most the deadline. */
export function startupBudget(timeoutMs: number, deadlineMs: number): number {
  return Math.min(deadlineMs, Math.max(10_000, 10 * timeoutMs));
}

export async function withImage<T>(
  spec: ImageSpec,
  run: { timeoutMs: number; deadlineMs: number; targetFile?: string },
  work: (w: ImageWork) => Promise<T>,
): Promise<T> {
  // The runner loads every suite: only when an image is really started, so `--help` stays fast.
  const { TargetUnreachable } = await import('../harness/runner.ts');
  const t0 = Date.now();
  // A target file is read (and rejected) before anything starts.
  const fileTarget = run.targetFile ? await loadTargetFile(run.targetFile) : undefined;
  let container: ImageTarget | undefined;
  let aborting = false;
  const abort = async (why: string, code: number) => {
    if (aborting) return;
    aborting = true;
    process.stderr.write(`chatconform: ${why}; removing the target container\n`);
    await Promise.race([removeOwned().catch((err: unknown) => process.stderr.write(`chatconform: removing failed: ${(err as Error).message}\n`)), new Promise((r) => setTimeout(r, 10_000))]);
    process.exit(code);
  };
  const onInt = () => void abort('interrupted', 130);
  const onTerm = () => void abort('terminated', 143);
  // `on`, not `once`: signal-exit (a dependency's) re-raises the signal when it finds no other listener.
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  // The runner ends at its deadline; this is the backstop for a command that does not.
  const watchdog = setTimeout(() => void abort(`the run passed its deadline (${run.deadlineMs} ms) by 30 s`, EXIT.checkFailed), run.deadlineMs + 30_000);
  watchdog.unref();
  try {
    try {
      container = await startImage({ ...spec, startupMs: startupBudget(run.timeoutMs, run.deadlineMs), secrets: [...envSecrets(spec.env ?? {}), ...(fileTarget ? targetSecrets(fileTarget) : [])] });
    } catch (err) {
      if (err instanceof ImageNotReady) {
        const tail = err.lastLines.length ? `\n  last log lines:\n${err.lastLines.map((l) => `    ${l}`).join('\n')}` : '\n  (the container logged nothing)';
        throw new TargetUnreachable(`${err.message}${tail}`);
      }
      if (err instanceof EngineUnavailable || err instanceof ImageUnavailable) throw new TargetUnreachable(err.message);
      throw err;
    }
    process.stderr.write(`chatconform: ${spec.image} ready in ${container.readyInMs} ms at ${container.baseUrl} (container port ${container.containerPort})\n`);
    const published = fileTarget ? undefined : await container.publishedTarget();
    if (!fileTarget && published === undefined) {
      throw new UsageError(`--image ${spec.image}: the image does not write its own target file (no dev.chatconform.target-file label); give --target-file with its users`);
    }
    const target = pointAt(fileTarget ?? parseTarget(published, `the target file of image ${spec.image}`), container.baseUrl);
    container.log.redactor.add(...targetSecrets(target));
    const c = container;
    const withLog = (reporters: Reporter[]) =>
      reporters.map((r) => ({ ...r, onRunEnd: (results: RunResults) => r.onRunEnd({ ...results, container: { image: c.image, id: c.id, readyInMs: c.readyInMs, transcript: c.log.transcript() } }) }));
    const withTargetFile = async <R extends { outDir?: string }>(inner: (file: string) => Promise<R>): Promise<R> => {
      const dir = await mkdtemp(join(tmpdir(), 'chatconform-image-'));
      try {
        const file = join(dir, 'target.json');
        await writeFile(file, JSON.stringify(target), { mode: 0o600 });
        const result = await inner(file);
        if (result.outDir) await writeFile(join(result.outDir, 'container.log'), `${c.log.transcript().map((e) => `+${e.at}ms ${e.summary}`).join('\n')}\n`);
        return result;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    };
    return await work({ target, remainingMs: Math.max(1000, run.deadlineMs - (Date.now() - t0)), container, withLog, withTargetFile });
  } finally {
    clearTimeout(watchdog);
    await container?.stop().catch((err: unknown) => process.stderr.write(`chatconform: could not stop container ${container?.id}: ${(err as Error).message}\n`));
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

function envSecrets(env: Record<string, string>): string[] {
  return Object.entries(env).filter(([k]) => SECRET_ENV.test(k)).map(([, v]) => v);
}

function targetSecrets(target: TargetFile): (string | undefined)[] {
  return Object.values(target.users).flatMap((u) => [u.token, u.expiredToken, ...Object.entries(u.credentials ?? {}).filter(([k]) => /pass/i.test(k)).map(([, v]) => v)]);
}
