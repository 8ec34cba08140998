// What a check sees: the target, logged-in sessions, and probes that record into the check's transcript.
import { decodeJwt } from 'jose';
import type { DialectProfile } from '../core/profiles.ts';
import { expandPath } from '../core/profiles.ts';
import type { Redactor } from '../core/redact.ts';
import { CheckSkip, type Check, type Observation } from './check.ts';
import { HookError, runHook, type Hook, type HookValues } from '../client/hook.ts';
import { documentedBody, shapeBody, valueAt, type Endpoints } from '../client/endpoints.ts';
import { httpExchange, type HttpRequest, type HttpResponse } from '../client/http.ts';
import type { Prerequisites } from './prerequisites.ts';
import type { ReproStep } from './reproduce.ts';
import { Transcript } from '../client/transcript.ts';
import { WsProbe } from '../client/ws.ts';

export interface Session {
  role: string;
  token?: string;
  /** from the login response, or users.<role>.refreshToken */
  refreshToken?: string;
  id?: string | number;
  /** why there is no token, when login failed */
  loginError?: string;
}

export interface ResolvedTarget {
  profile: string;
  baseUrl: string;
  wsUrl: string;
  /** the target file's path, for reproduction lines; undefined for the embedded server */
  file?: string;
  embedded: boolean;
  /** the embedded server's faults and variants, for reproduction lines */
  faults?: string[];
  variants?: string[];
}

/** Shared by every check of one run. */
export interface RunEnv {
  profile: DialectProfile;
  target: ResolvedTarget;
  timeoutMs: number;
  redactor: Redactor;
  sessions: Map<string, Session>;
  /** target-file fixtures plus what the suite's prepare() resolved */
  fixtures: Record<string, string | number>;
  /** per-user data from the target file that checks may need (credentials, expiredToken, refreshToken) */
  extras: Map<string, { credentials?: Record<string, string>; expiredToken?: string; refreshToken?: string }>;
  /** documented endpoints with the target file's overrides */
  endpoints: Endpoints;
  /** logins, fixtures, fresh rooms: established once, the root cause of every check they block */
  prereqs: Prerequisites;
  /** median HTTP round trip measured during setup; quiet windows derive from it */
  rttMs: number;
  /** what the suite's prepare() returned; checks read it typed, as ctx.state */
  state: unknown;
  /** the target file's hooks (outside events), and the folder their commands run in */
  hooks: Record<string, Hook>;
  hookDir: string;
}

/** A user of the target file, as far as the run knows it: its session (token, id) and its extras. */
export interface TargetUser {
  role: string;
  id?: string | number;
  token?: string;
  refreshToken?: string;
  credentials?: Record<string, string>;
  expiredToken?: string;
}

export interface WsOptions {
  role?: string;
  /** explicit token (overrides role); null sends none */
  token?: string | null;
  /** how to present the token: the profile's first WS credential by default */
  via?: 'query' | 'header';
  query?: Record<string, string>;
  /** extra upgrade headers (a second credential beside the first, D-carechat-10) */
  headers?: Record<string, string>;
  label?: string;
  timeoutMs?: number;
}

/** A role's user id: the target file's `id`, else the `user_id` claim of its (SimpleJWT) access token. */
export function sessionUserId(env: RunEnv, role: string): number | string | undefined {
  const s = env.sessions.get(role);
  if (s?.id !== undefined) return s.id;
  if (!s?.token) return undefined;
  try {
    const claim = decodeJwt(s.token).user_id;
    return typeof claim === 'number' || typeof claim === 'string' ? claim : undefined;
  } catch {
    return undefined;
  }
}

/** A target value named in an endpoint body (`{users.operator.id}`, `{fixtures.conversation}`), or undefined. */
export function targetValue(env: RunEnv, ref: string): unknown {
  const [head, name, field] = ref.split('.');
  if (head === 'users' && field === 'id') return env.sessions.get(name)?.id;
  if (head === 'fixtures') return env.fixtures[name];
  return valueAt(env.state, ref);
}

export class CheckContext<S = unknown> {
  readonly transcript: Transcript;
  readonly reproduce: (ReproStep | string)[] = [];
  /** every verification that held, in order (a failing one is the CheckFailure) */
  readonly observations: Observation[] = [];
  private readonly probes: WsProbe[] = [];
  private cleanedUp = false;

  constructor(readonly env: RunEnv, readonly check: Check<S>) {
    this.transcript = new Transcript(env.redactor);
  }

  /** What the suite's prepare() resolved. */
  get state(): S {
    return this.env.state as S;
  }

  /** The last verification that held. */
  get observation(): Observation | undefined {
    return this.observations.at(-1);
  }

  get profile(): DialectProfile {
    return this.env.profile;
  }

  get timeoutMs(): number {
    return this.env.timeoutMs;
  }

  /** A fixture the suite resolved in prepare(); blocked by `fixture:<name>` when it could not. */
  fixture(name: string): string | number {
    const v = this.env.fixtures[name];
    if (v === undefined) {
      if (!this.env.prereqs.get(`fixture:${name}`)) this.env.prereqs.record(`fixture:${name}`, `fixture '${name}'`, 'failed', `not available: add "fixtures": {"${name}": …} to the target file`);
      this.env.prereqs.block(`fixture:${name}`);
    }
    return v;
  }

  /** A logged-in role; blocked by `login:<role>` when the target file lacks it or its login failed. */
  session(role: string): Session & { token: string } {
    const s = this.env.sessions.get(role);
    if (!s?.token) this.env.prereqs.block(`login:${role}`);
    return s as Session & { token: string };
  }

  /**
   * The target file's user of `role` (credentials, tokens, id); blocked by `login:<role>` when the target
   * file has no such user, so a check needing one is never failed for the file's gap.
   */
  user(role: string): TargetUser {
    const s = this.env.sessions.get(role);
    const x = this.env.extras.get(role);
    if (!s && !x) {
      const known = this.profile.roles[role];
      if (!this.env.prereqs.get(`login:${role}`)) this.env.prereqs.record(`login:${role}`, `log in as ${role}`, 'failed', known ? `users.${role} is not in the target file (${known.description}): add it with credentials or a token` : `the profile ${this.profile.id} has no role '${role}' (roles: ${Object.keys(this.profile.roles).join(', ')})`);
      this.env.prereqs.block(`login:${role}`);
    }
    return { role, ...x, ...(s?.id !== undefined ? { id: s.id } : {}), ...(s?.token ? { token: s.token } : {}), refreshToken: x?.refreshToken ?? s?.refreshToken };
  }

  /** How long to wait for a frame that must not come: a few round trips, never under 200 ms. */
  get quietMs(): number {
    return Math.min(this.timeoutMs, Math.max(200, Math.round(this.env.rttMs * 8 + 150)));
  }

  /** Fills `{users.operator.id}`, `{fixtures.conversation}` in the target file's endpoint bodies. */
  lookup(ref: string): unknown {
    return targetValue(this.env, ref);
  }

  token(role: string): string {
    return this.session(role).token;
  }

  note(line: string): void {
    this.transcript.note(line);
  }

  /** Records what a verifier saw, so a passing check still shows all its evidence. */
  observe(o: Observation): void {
    this.observations.push(o);
  }

  http(req: HttpRequest): Promise<HttpResponse> {
    return httpExchange(this.env.target.baseUrl, req, this.timeoutMs, this.transcript);
  }

  /**
   * Calls an operation of the profile by name (`conversations.list`, `auth.login`) where this target serves it: the
   * documented endpoint, or the target file's override (path, method, renamed and added body fields, and the
   * response read back into the documented shape).
   */
  rest(name: string, opts: { role?: string; token?: string; params?: Record<string, string | number> } & Omit<HttpRequest, 'method' | 'path' | 'token'> = {}): Promise<HttpResponse> {
    const ep = this.env.endpoints.resolve(name);
    const token = opts.token ?? (opts.role ? this.token(opts.role) : undefined);
    const json = opts.json === undefined ? undefined : shapeBody(ep, opts.json, (ref) => this.lookup(ref));
    if (opts.form) {
      const extra = shapeBody(ep, {}, (ref) => this.lookup(ref)) as Record<string, unknown>;
      for (const [k, v] of Object.entries(extra)) if (!opts.form.has(k)) opts.form.append(k, String(v));
    }
    const res = this.http({ ...opts, json, method: ep.method, path: expandPath(ep.path, opts.params ?? {}), token });
    // What the server answers under other names (the target file's responseFields, itemsPath) is read as documented.
    return ep.responseFields || ep.itemsPath ? res.then((r) => ({ ...r, json: documentedBody(ep, r.json) })) : res;
  }

  wsUrl(pathTemplate: string, params: Record<string, string | number>, query: Record<string, string> = {}): string {
    const url = new URL(expandPath(pathTemplate, params).replace(/^\//, ''), `${this.env.target.wsUrl}/`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  /** Opens a WebSocket to `path` (already expanded) authenticating as the profile says. */
  async ws(path: string, opts: WsOptions = {}): Promise<WsProbe> {
    const token = opts.token === null ? undefined : (opts.token ?? (opts.role ? this.token(opts.role) : undefined));
    const cred = this.profile.auth.ws.find((c) => c.in === (opts.via ?? this.profile.auth.ws[0].in)) ?? this.profile.auth.ws[0];
    const url = new URL(path.replace(/^\//, ''), `${this.env.target.wsUrl}/`);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    if (token !== undefined) {
      if (cred.in === 'query') url.searchParams.set(cred.name, token);
      else headers[cred.name.toLowerCase()] = `${cred.prefix ?? ''}${token}`;
    }
    const probe = await WsProbe.connect(url.toString(), {
      headers,
      timeoutMs: opts.timeoutMs ?? this.timeoutMs,
      transcript: this.transcript,
      label: opts.label ?? opts.role,
    });
    this.probes.push(probe);
    // A check cut off by its deadline may still be running: what it opens afterwards is closed at once.
    if (this.cleanedUp) probe.close();
    return probe;
  }

  /**
   * Makes outside event `name` happen through the target file's hook (profile `hooks`). Skipped when the
   * target file has none; a hook that fails is the root cause `hook:<name>` of every check needing it.
   */
  async hook(name: string, values: HookValues): Promise<void> {
    const hook = this.env.hooks[name];
    const id = `hook:${name}`;
    if (!hook) {
      const event = this.profile.hooks?.[name];
      throw new CheckSkip(`the target file has no hooks.${name}${event ? ` (${event.description})` : ''}: add a command or an HTTP request that makes it happen (README, "Hooks")`);
    }
    if (this.env.prereqs.failed(id)) this.env.prereqs.block(id);
    try {
      await runHook(name, hook, { baseUrl: this.env.target.baseUrl, wsUrl: this.env.target.wsUrl, ...values }, { baseUrl: this.env.target.baseUrl, cwd: this.env.hookDir, timeoutMs: Math.max(5000, this.timeoutMs), transcript: this.transcript });
    } catch (err) {
      if (!(err instanceof HookError)) throw err;
      if (!this.env.prereqs.failed(id)) this.env.prereqs.record(id, `run hooks.${name}`, 'failed', err.message, this.transcript);
      this.env.prereqs.block(id);
    }
    if (!this.env.prereqs.get(id)) this.env.prereqs.record(id, `run hooks.${name}`, 'ok', 'ran');
  }

  /** A request to replay by hand, shown with a failure (harness/reproduce.ts prints it); text becomes a comment. */
  addReproduction(line: ReproStep | string): void {
    this.reproduce.push(line);
  }

  cleanup(): void {
    this.cleanedUp = true;
    for (const p of this.probes) p.close();
  }
}
