// `chatconform serve`: runs the reference server until SIGINT/SIGTERM. Flags are data; the work is
// reference-server/index.ts's startServer.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import pc from 'picocolors';
import { EXIT, UsageError, list, type CommandSpec } from './command.ts';
import { FAULTS } from '../reference-server/faults.ts';
import { VARIANTS } from '../reference-server/variants.ts';
import { SOCKET_LIMIT } from '../reference-server/variant-spec.ts';
import { DEFAULT_CORS, parseCors } from '../reference-server/cors.ts';
import { SPEC_PATHS } from '../reference-server/routes.ts';
import { loadProfile } from '../core/profiles.ts';
import { idsWith, type WithRole } from '../dialects.ts';
import type { RunningServer } from '../reference-server/index.ts';
import type { RunningCluster } from '../reference-server/cluster.ts';
import type { TargetFile } from '../core/target.ts';

/** The dialects the manifest gives a reference server. */
const SERVED = idsWith('server');

export const command: CommandSpec = {
  name: 'serve',
  description: 'run the reference server (a conforming backend, or a broken one with --fault)',
  flags: [
    { flags: '--profile <name>', description: 'dialect to serve', default: 'medmapp', choices: SERVED },
    { flags: '--host <host>', description: 'address to bind', default: '127.0.0.1' },
    { flags: '--port <port>', description: 'port to bind (0 = any free port)', default: '8000' },
    { flags: '--target-out <file>', description: 'write a target file describing this server (for `chatconform run --target`)' },
    { flags: '--fault <name>', description: 'switch a fault on (repeatable); see --list-faults', repeatable: true },
    { flags: '--list-faults', description: 'print every fault name and the promise it breaks, then exit' },
    { flags: '--variant <name>', description: 'take another reading the document allows (repeatable); see --list-variants', repeatable: true },
    { flags: '--list-variants', description: 'print every variant name, the reading it takes and the decision it departs from, then exit' },
    { flags: '--socket-limit <count/seconds>', description: "refuse a user's sockets beyond COUNT within any SECONDS with HTTP 403 (the socket-limit variant's figure is 10/60); COUNT/SECONDS:CODE accepts them and closes at once with CODE instead" },
    { flags: '--unstated-limits', description: 'leave the connection limit the server enforces out of the --target-out file (a server whose limit nobody wrote down)' },
    { flags: '--self-check', description: 'validate every response and frame against the schemas; log violations' },
    { flags: '--access-ttl <seconds>', description: 'access token lifetime in seconds (SimpleJWT default: 5 minutes)', default: '300' },
    { flags: '--cors <origin>', description: "origins whose pages may call the REST API: '*', 'none', http://host:port or http://host:* (repeatable)", repeatable: true, default: DEFAULT_CORS, defaultText: DEFAULT_CORS.join(', ') },
    { flags: '--workers <n>', description: 'worker processes sharing one port (more than 1 needs --redis)', default: '1' },
    { flags: '--redis <url>', description: 'share storage and broadcast through Redis (redis://[:password@]host[:port][/db])' },
  ],
  async action(opts) {
    const profile = String(opts.profile ?? 'medmapp');
    if (opts.listFaults) {
      process.stdout.write(listFaults(profile));
      return EXIT.ok;
    }
    if (opts.listVariants) {
      process.stdout.write(listVariants(profile));
      return EXIT.ok;
    }
    const variants = (opts.variant as string[] | undefined) ?? [];
    if (!isServed(profile)) throw new UsageError(`the reference server speaks ${SERVED.join(', ')} so far, not ${profile}`);
    const port = toInt(opts.port, '--port', 0, 65535);
    const accessTtlSeconds = toInt(opts.accessTtl, '--access-ttl', 1, 10 * 365 * 86_400);
    const workers = toInt(opts.workers ?? '1', '--workers', 1, 256);
    const redisUrl = typeof opts.redis === 'string' ? opts.redis : undefined;
    if (workers > 1 && !redisUrl) {
      throw new UsageError(`--workers ${workers} needs --redis URL: the workers share storage and broadcast through Redis (e.g. --redis redis://127.0.0.1:6379)`);
    }
    if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new UsageError('--redis must be a redis:// or rediss:// URL');
    const single = redisUrl ? (await import('../reference-server/tables.ts')).DIALECT_MODULES[profile]?.singleProcess : undefined;
    if (single) throw new UsageError(`--redis: the ${profile} reference server runs in one process (${single}); serve it without --workers and --redis`);
    let socketLimit: { count: number; seconds: number } | undefined;
    if (typeof opts.socketLimit === 'string') {
      const { SocketLimiter } = await import('../reference-server/socket-limit.ts');
      try {
        socketLimit = SocketLimiter.parse(opts.socketLimit);
      } catch (err) {
        throw new UsageError(`--socket-limit: ${(err as Error).message}`);
      }
      if (redisUrl) throw new UsageError('--socket-limit applies to the single-process server; with --workers each worker would count on its own');
    }
    let cors: string[] | undefined;
    try {
      cors = parseCors(list(opts.cors))?.origins;
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { startServer } = await import('../reference-server/index.ts');
    const { RedisUnreachableError, startCluster } = await import('../reference-server/cluster.ts');
    let server: RunningServer | RunningCluster;
    try {
      const common = {
        profile,
        host: String(opts.host ?? '127.0.0.1'),
        port,
        faults: (opts.fault as string[] | undefined) ?? [],
        variants,
        selfCheck: Boolean(opts.selfCheck),
        accessTtlSeconds,
        ...(cors ? { cors } : {}),
      };
      // Without --redis: the embedded single-process server, exactly as before.
      server = redisUrl ? await startCluster({ ...common, workers, redisUrl }) : await startServer({ ...common, ...(socketLimit ? { socketLimit } : {}), stateLimits: !opts.unstatedLimits });
    } catch (err) {
      if (err instanceof RedisUnreachableError) {
        process.stderr.write(`chatconform: ${err.message}\n`);
        return EXIT.unreachable;
      }
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use; pick another with --port (0 = any free port)`);
      if (code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new UsageError(`cannot bind ${String(opts.host)}:${port} (${code})`);
      if (err instanceof Error && /^unknown (fault|variant)/.test(err.message)) throw new UsageError(err.message);
      throw err;
    }
    if (typeof opts.targetOut === 'string') {
      // The target holds dev fixture passwords and a token: readable by the owner only.
      await mkdir(dirname(opts.targetOut), { recursive: true });
      await writeFile(opts.targetOut, `${JSON.stringify(server.target, null, 2)}\n`, { mode: 0o600 });
    }
    process.stdout.write(banner(server, (opts.fault as string[] | undefined) ?? [], typeof opts.targetOut === 'string' ? opts.targetOut : undefined, { cors, accessTtlSeconds, variants, ...(socketLimit || variants.includes('socket-limit') ? { socketLimit: socketLimit ?? SOCKET_LIMIT } : {}) }));
    await untilSignal();
    process.stdout.write('shutting down...\n');
    await server.close();
    return EXIT.ok;
  },
};

export function listFaults(profile: string): string {
  const faults = FAULTS[profile] ?? [];
  const width = Math.max(0, ...faults.map((f) => f.name.length));
  return faults.map((f) => `${f.name.padEnd(width)}  ${f.breaks}  [${f.check}]\n`).join('');
}

function isServed(profile: string): profile is WithRole<'server'> {
  return (SERVED as readonly string[]).includes(profile);
}

function toInt(value: unknown, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${String(value)}'`);
  return n;
}

/** Every socket of the profile by name, with the URL templates it accepts: `/ws/chat/{id}/?token={access}` or `?visitor={visitor_token}`. */
function wsLines(t: TargetFile, wsUrl: string): string[] {
  const profile = loadProfile(t.profile);
  const named = Object.keys(profile.ws).length > 1;
  return Object.entries(profile.ws).map(([op, { path }]) => {
    const urls = profile.auth.ws.filter((c) => c.in === 'query').map((c) => pc.cyan(`${wsUrl}${path}?${c.name}={${c.kind === 'visitor-token' ? 'visitor_token' : 'access'}}`));
    return `${named ? `${op}: ` : ''}${urls.join(' or ')}`;
  });
}

/** Where the profile's operations live: `/api/`, and `/chat/` for the care chat's `POST /chat/chats/`. */
function restRoots(t: TargetFile): string[] {
  const roots = Object.values(loadProfile(t.profile).rest).map((op) => /^\/[^/{]+\//.exec(op.path)?.[0] ?? '/');
  return [...new Set(roots)];
}

/** The console banner: where it listens and the dev fixture logins (printed here only, never logged). */
export function banner(server: RunningServer | RunningCluster, faults: string[], targetOut?: string, extra: { cors?: string[]; accessTtlSeconds?: number; variants?: string[]; socketLimit?: { count: number; seconds: number; closeCode?: number } } = {}): string {
  const t: TargetFile = server.target;
  const lines = [
    '',
    `${pc.bold('chatconform reference server')} (${t.profile})`,
    `  REST       ${restRoots(t).map((root) => pc.cyan(`${server.baseUrl}${root}`)).join(' and ')}`,
    ...wsLines(t, server.wsUrl).map((line, i) => `  ${i === 0 ? 'WebSocket' : ''.padEnd(9)}  ${line}`),
    ...Object.entries(t.fixtures ?? {}).map(([name, id]) => `  fixture ${name}: ${String(id)}`),
    // An outside event the document has no request for (Fiko: a customer writes), and how to make it happen.
    ...Object.entries(t.hooks ?? {}).map(([name, h]) => `  hook ${name}: ${h.command ?? `${h.http!.method ?? 'POST'} ${server.baseUrl}${h.http!.path} ${JSON.stringify(h.http!.body ?? {})}`}`),
    `  API docs   ${pc.cyan(`${server.baseUrl}${SPEC_PATHS.openapi}`)} (OpenAPI 3.1) and ${pc.cyan(`${server.baseUrl}${SPEC_PATHS.asyncapi}`)} (AsyncAPI 3.0)`,
    ...('workers' in server ? [`  workers    ${server.workers} processes on one port, sharing Redis ${server.redis} (keys ${server.namespace}:*)`] : []),
    '',
    '  dev fixture logins:',
  ];
  for (const [role, user] of Object.entries(t.users)) {
    const c = user.credentials ?? {};
    // A token-only role has nothing to show here; where to find its token depends on --target-out.
    const login = Object.entries(c).map(([k, v]) => `${k} ${v}`).join('  ') || (targetOut ? `token in ${targetOut}` : 'no login: a ready token only');
    lines.push(`    ${role.padEnd(11)} ${login}${user.id === undefined ? '' : `  (id ${String(user.id)})`}`);
  }
  const first = Object.values(t.users).find((u) => u.credentials)?.credentials;
  if (first) {
    const moved = t.endpoints?.['auth.login'];
    const fields = Object.fromEntries(Object.entries(first).map(([k, v]) => [moved?.fields?.[k] ?? k, v]));
    lines.push('', '  try:', `    curl -s -X POST ${server.baseUrl}${moved?.path ?? loadProfile(t.profile).auth.login?.path ?? '/api/token/'} -H 'Content-Type: application/json' -d '${JSON.stringify(fields)}'`);
  }
  const auth = loadProfile(t.profile).auth;
  if (extra.accessTtlSeconds) lines.push('', `  access tokens live ${extra.accessTtlSeconds} s (--access-ttl)${auth.refresh ? `; refresh: POST ${server.baseUrl}${auth.refresh.path} {"refresh": …}` : ''}`);
  lines.push(`  CORS       ${extra.cors ? extra.cors.join(', ') : 'off'} (--cors)`);
  if (faults.length > 0) lines.push('', `  ${pc.yellow('faults on:')} ${faults.join(', ')}`);
  if (extra.variants?.length) lines.push('', `  ${pc.yellow('variants on:')} ${extra.variants.join(', ')}`);
  const limit = extra.socketLimit ?? server.target.limits?.socketsPerUser;
  if (limit) {
    const beyond = 'closeCode' in limit && limit.closeCode ? `accepted and closed with ${limit.closeCode} beyond` : 'HTTP 403 beyond';
    const stated = server.target.limits?.socketsPerUser ? 'stated in the target file' : 'not stated in the target file: --unstated-limits';
    lines.push(`  ${pc.yellow('connection limit:')} ${limit.count} sockets per user within ${limit.seconds} s, ${beyond} (${stated})`);
  }
  if (targetOut) lines.push('', `  target file written to ${targetOut}`);
  lines.push('', '  Ctrl-C to stop', '', '');
  return lines.join('\n');
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

export function listVariants(profile: string): string {
  const variants = VARIANTS[profile] ?? [];
  const width = Math.max(0, ...variants.map((v) => v.name.length));
  return variants.map((v) => `${v.name.padEnd(width)}  ${v.reading}  [${v.decision}]${v.departs ? ` (departs from the document: ${v.departs.statement})` : ''}\n`).join('');
}
