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
import type { CheckBlocked } from './check.ts';
import { isInvented } from '../core/redact.ts';
import { SocketGate, type SocketUser } from './socket-gate.ts';

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
  /** the target file's throttle limits, scope -> DRF rate ("10/min"): a scope left out is probed */
  throttles: Record<string, string>;
  /** every socket open of the run, per user: paced by the target file's `limits.socketsPerUser`, counted always */
  sockets: SocketGate;
}

/** The root cause of every check a server's connection limit kept from a fresh socket. */
export const LIMIT_ID = 'limit:sockets';
/** How recently a user must have been admitted for a refusal of it to be a limit, when no window is stated. */
const RECENT_MS = 120_000;
/** How often one socket open waits out a recognised limit before the check is blocked by it. */
const LIMIT_RETRIES = 2;
/** A socket closed this soon after its 101, with a code or reason of a limit, may be the limit's refusal. */
const CLOSED_AT_ONCE_MS = 1000;
/** Close codes servers use for "too many": 1013 Try Again Later, and 4029/4429 after HTTP 429. */
const LIMIT_CLOSE_CODES = [1013, 4029, 4429];
const limitLike = (c: { code: number; reason: string }) => LIMIT_CLOSE_CODES.includes(c.code) || /too many|limit/i.test(c.reason);

/** The longest Retry-After a check waits for. */
const MAX_RETRY_AFTER_S = 120;

/**
 * Whose socket this is, as a server would count it: the role whose access token it carries (also a fresh
 * token of the same user), another user's id, or the holder of an opaque token (a visitor). Undefined for
 * no token, a made-up one, or one the server refuses before it is anyone's (expired, a refresh token).
 */
export function socketUser(env: RunEnv, token: string | undefined, role?: string): SocketUser | undefined {
  if (!token || isInvented(token)) return undefined;
  if (role && env.sessions.get(role)?.token === token) return { key: `role:${role}`, shown: role };
  for (const [r, s] of env.sessions) if (s.token === token) return { key: `role:${r}`, shown: r };
  for (const x of env.extras.values()) if (token === x.expiredToken || token === x.refreshToken) return undefined;
  const claims = claimsOf(token);
  if (!claims) return { key: `token:${token}`, shown: 'visitor' };
  if (claims.token_type === 'refresh' || (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now())) return undefined;
  const id = claims.user_id ?? claims.sub;
  if (id === undefined) return undefined;
  // The same user as a role: the claim of the role's own token (a target file's `id` may name a profile, D-carechat-15), else its id.
  for (const [r, s] of env.sessions) {
    const own = s.token ? claimsOf(s.token) : undefined;
    if (own && (own.user_id ?? own.sub) === id) return { key: `role:${r}`, shown: r };
  }
  for (const r of env.sessions.keys()) if (sessionUserId(env, r) === id) return { key: `role:${r}`, shown: r };
  return { key: `user:${String(id)}`, shown: `user ${String(id)}` };
}

/** A JWT's claims, or undefined for a token that is no JWT (an opaque visitor token). */
function claimsOf(token: string): ReturnType<typeof decodeJwt> | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

/** The root cause's text: each user's evidence, once. */
export function limitReason(env: RunEnv): string {
  const stated = env.sockets.limit;
  const users = env.sockets.recognisedAll().map((r) => {
    const body = r.body.trim().replace(/\s+/g, ' ');
    const answer = r.status === 101 ? `was ${body}` : `was refused with HTTP ${r.status}${body ? ` ${body.length > 160 ? `${body.slice(0, 160)}…` : body}` : ''}`;
    return `${r.user}: ${r.admitted} socket${r.admitted === 1 ? '' : 's'} accepted (101) of ${r.opened} opened in ${(r.spanMs / 1000).toFixed(1)} s, then an upgrade (${r.path}) ${answer}`;
  });
  const how = stated
    ? `the target file states ${stated.count} per ${stated.seconds} s, and the server refused sooner: each user's sockets waited for the window and were tried again`
    : 'the target file states no limit: state it as "limits": {"socketsPerUser": {"count": N, "seconds": S}} and the run paces its sockets to it instead';
  return `the server limits sockets per user. ${users.join('; ')}. A refused upgrade was tried again and then where the user was last admitted, refused there too, so it is the limit, not the socket (a close at once says so by its code or reason); ${how}`;
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
  /**
   * The check needs an open socket there, not a fresh one (it neither waits for a greeting nor leaves the
   * socket changed): when the target file states a connection limit, a socket a passed check left open to
   * the same place is handed over instead of a new one opened (see WsProbe.handedOver).
   */
  reuse?: boolean;
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
  /** whose each socket of this check is, and where it went */
  private readonly owners = new Map<WsProbe, { user: SocketUser; url: string; headers: Record<string, string> }>();
  /** sockets this check may leave open for another (reuse), by place */
  private readonly reusable = new Map<WsProbe, string>();
  private cleanedUp = false;
  /** socket opens of this check waiting for the limit now, since when, and the wait before: the check's budget leaves it out */
  private limitWaiting = 0;
  private limitSince = 0;
  private limitWaited = 0;

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
    const res = this.http({ ...opts, json, method: ep.method, path: expandPath(ep.path, opts.params ?? {}), token }).then((r) => this.notThrottled(name, r));
    // What the server answers under other names (the target file's responseFields, itemsPath) is read as documented.
    return ep.responseFields || ep.itemsPath ? res.then((r) => ({ ...r, json: documentedBody(ep, r.json) })) : res;
  }

  /**
   * A 429 of a throttled scope met by a check about something else (one that does not run alone) is the
   * throttle's doing, not a failure: the check is blocked by `throttle:<scope>`.
   */
  private notThrottled(name: string, res: HttpResponse): HttpResponse {
    const scope = this.profile.rest[name]?.throttle;
    if (res.status !== 429 || scope === undefined || this.check.timing === 'alone') return res;
    const id = `throttle:${scope}`;
    if (!this.env.prereqs.failed(id)) this.env.prereqs.record(id, `stay within the ${scope} throttle`, 'failed', `${name} answered 429: the window of the ${scope} throttle is spent (the checks using it are more than its limit allows; throttle checks run alone, after the others)`, this.transcript);
    return this.env.prereqs.block(id);
  }

  wsUrl(pathTemplate: string, params: Record<string, string | number>, query: Record<string, string> = {}): string {
    const url = new URL(expandPath(pathTemplate, params).replace(/^\//, ''), `${this.env.target.wsUrl}/`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  /** How long this check has waited for a connection limit (its budget leaves this out). */
  get limitWaitedMs(): number {
    return this.limitWaited + (this.limitWaiting > 0 ? Date.now() - this.limitSince : 0);
  }

  private waitingForLimit = (on: boolean): void => {
    if (on && this.limitWaiting++ === 0) this.limitSince = Date.now();
    if (!on && --this.limitWaiting === 0) this.limitWaited += Date.now() - this.limitSince;
  };

  /** One upgrade, after the user's slot of the run's socket gate (paced by a stated limit). */
  private async connect(url: string, headers: Record<string, string>, label: string | undefined, user: SocketUser | undefined, timeoutMs: number): Promise<WsProbe> {
    const sent = user ? await this.env.sockets.acquire(user.key, this.waitingForLimit) : 0;
    const connecting = WsProbe.connect(url, { headers, timeoutMs, transcript: this.transcript, label });
    const probe = await (user ? this.env.sockets.track(user.key, connecting) : connecting);
    this.probes.push(probe);
    if (user && probe.handshake.kind === 'open') this.env.sockets.admitted(user.key, sent, url, headers, probe);
    if (user) this.owners.set(probe, { user, url, headers });
    if (user && probe.handshake.kind === 'refused') this.env.sockets.refused(user.key, sent);
    // A check cut off by its deadline may still be running: what it opens afterwards is closed at once.
    if (this.cleanedUp) probe.close();
    return probe;
  }

  /**
   * An upgrade of `user` refused although the user was admitted moments ago: tried once more, then the place
   * that last admitted the user is tried. Refused there too, it is the server's connection limit: recorded
   * once as the root cause, waited out when its window is known (stated, or Retry-After), else the check is
   * blocked by it. Admitted there, the refusal is about this socket, and the check judges it.
   */
  private async limitOrRefusal(first: WsProbe, url: string, headers: Record<string, string>, label: string | undefined, user: SocketUser, timeoutMs: number, attempt: number): Promise<WsProbe> {
    const refused = first.handshake as Extract<WsProbe['handshake'], { kind: 'refused' }>;
    const shown = new URL(url).pathname;
    const status = (p: WsProbe) => (p.handshake.kind === 'refused' ? `HTTP ${p.handshake.status}` : p.handshake.kind === 'open' ? 'accepted (101)' : p.handshake.kind);
    const stated = this.env.sockets.windowMs;
    const recognise = (lines: string[]) => {
      if (!this.env.sockets.recognise(user, { status: refused.status, body: refused.body, path: shown })) return;
      this.recordLimit(`[${user.shown}] refused: HTTP ${refused.status} instead of 101 (${shown}, in ${this.check.id})`, refused.body, lines);
    };
    this.note(`${user.shown} was admitted moments ago and this upgrade was refused (HTTP ${refused.status}): trying it again, then where ${user.shown} was last admitted, to tell a connection limit from a refusal of this socket`);
    const again = await this.connect(url, headers, label, user, timeoutMs);
    if (again.handshake.kind !== 'refused') {
      if (again.handshake.kind === 'open') this.note(`admitted the second time: the first refusal was not about this socket`);
      return again;
    }
    const last = await this.env.sockets.lastAdmitted(user.key, RECENT_MS, this.quietMs);
    if (!last) return again;
    const control = await this.connect(last.url, last.headers, `${user.shown} control`, user, timeoutMs);
    control.close();
    if (control.handshake.kind !== 'refused') {
      // Admitted there: the refusal is about this socket, or the window moved on meanwhile (and the control
      // took the slot that freed). With a stated window the difference shows after waiting one out.
      if (stated === undefined || attempt > 0) {
        this.note(`the control socket of ${user.shown} was admitted: the refusal is about this socket, not a connection limit`);
        return again;
      }
      this.note(`the control socket of ${user.shown} was admitted; waiting out the stated window (${(stated / 1000).toFixed(1)} s) once, in case the window moved on meanwhile`);
      this.env.sockets.holdOff(user.key, stated);
      const later = await this.connect(url, headers, label, user, timeoutMs);
      if (later.handshake.kind === 'open') {
        recognise([`tried again at once: ${status(again)}; where ${user.shown} was last admitted (${new URL(last.url).pathname}): ${status(control)}; after waiting the stated window: accepted (101)`]);
        this.note(`admitted after waiting the stated window: the refusal was the connection limit`);
      } else this.note(`refused again after waiting the stated window: the refusal is about this socket`);
      return later;
    }
    recognise([`tried again: ${status(again)}; where ${user.shown} was last admitted (${new URL(last.url).pathname}): ${status(control)}`]);
    const windowMs = stated ?? (refused.retryAfter !== undefined && refused.retryAfter <= MAX_RETRY_AFTER_S ? refused.retryAfter * 1000 : undefined);
    if (windowMs === undefined || attempt >= LIMIT_RETRIES || this.cleanedUp) this.env.prereqs.block(LIMIT_ID);
    this.note(`connection limit of ${user.shown}: waiting ${(windowMs / 1000).toFixed(1)} s for its window, then trying again`);
    this.env.sockets.holdOff(user.key, windowMs);
    const next = await this.connect(url, headers, label, user, timeoutMs);
    if (next.handshake.kind === 'refused') return this.limitOrRefusal(next, url, headers, label, user, timeoutMs, attempt + 1);
    return next;
  }

  /** Adds a user's refusal to the limit's evidence and (re)records the root cause with every user's. */
  private recordLimit(summary: string, body: string | undefined, notes: string[]): void {
    const evidence = (this.env.sockets.evidence ??= new Transcript(this.env.redactor));
    evidence.record('ws', 'recv', summary, body);
    for (const line of notes) evidence.note(line);
    this.env.prereqs.record(LIMIT_ID, 'connection limit of the server', 'failed', limitReason(this.env), evidence);
  }

  /**
   * After the check failed: was one of its sockets accepted and closed at once by a connection limit (a
   * server that limits in its consumer)? A socket of a user admitted moments ago, closed within a second of
   * its 101 with a code or reason that says so (1013 Try Again Later, 4029, 4429, "too many", "limit"), is
   * the limit: recorded as the root cause, and the check's failure is not its own. No second socket is tried
   * to confirm it: by the time a check has failed the window may have moved on, and the close says why.
   * Returns the root cause's CheckBlocked, or undefined.
   */
  async closedByLimit(): Promise<CheckBlocked | undefined> {
    for (const p of this.probes) {
      const owner = this.owners.get(p);
      if (!owner || p.handshake.kind !== 'open' || !p.closed || p.openedAtMs === undefined || p.closedAtMs === undefined) continue;
      if (p.closedAtMs - p.openedAtMs > CLOSED_AT_ONCE_MS || !limitLike(p.closed)) continue;
      const last = await this.env.sockets.lastAdmitted(owner.user.key, RECENT_MS, this.quietMs);
      if (!last) continue;
      const shown = new URL(owner.url).pathname;
      if (this.env.sockets.recognise(owner.user, { status: 101, body: `closed at once: ${p.closed.code}${p.closed.reason ? ` "${p.closed.reason}"` : ''}`, path: shown })) {
        this.recordLimit(`[${owner.user.shown}] accepted (101), then closed ${p.closed.code} after ${Math.round(p.closedAtMs - p.openedAtMs)} ms (${shown}, in ${this.check.id})`, p.closed.reason, [
          `${owner.user.shown} was admitted moments before (${new URL(last.url).pathname}, and the socket stayed open)`,
        ]);
      }
      try {
        this.env.prereqs.block(LIMIT_ID);
      } catch (err) {
        return err as CheckBlocked;
      }
    }
    return undefined;
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
    // Whose socket it is: the bearer of the token, whichever way it travels (an extra Authorization header too).
    const bearer = token ?? /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    const user = socketUser(this.env, bearer, opts.role);
    const label = opts.label ?? opts.role;
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const place = opts.reuse && user && this.env.sockets.limit && !this.cleanedUp ? `${url.toString()} ${JSON.stringify(headers)}` : undefined;
    if (place) {
      const parked = this.env.sockets.take(place);
      if (parked) {
        parked.handOver(this.transcript, label);
        this.probes.push(parked);
        this.reusable.set(parked, place);
        return parked;
      }
    }
    const probe = await this.connect(url.toString(), headers, label, user, timeoutMs);
    if (place && probe.handshake.kind === 'open') this.reusable.set(probe, place);
    if (user && probe.handshake.kind === 'refused') {
      await this.env.sockets.settled(user.key);
      const last = await this.env.sockets.lastAdmitted(user.key, RECENT_MS, this.quietMs);
      if (last) return this.limitOrRefusal(probe, url.toString(), headers, label, user, timeoutMs, 0);
    }
    return probe;
  }

  /**
   * Makes outside event `name` happen through the target file's hook (profile `hooks`). Skipped when the
   * target file has none; a hook that fails is the root cause `hook:<name>` of every check needing it.
   */
  async hook(name: string, values: HookValues): Promise<void> {
    await this.hookValue(name, values);
  }

  /**
   * What hook `name` gives back (profile hooks.<name>.returns: an emailed code). Skipped without the hook;
   * blocked by `hook:<name>` when it fails or gives back nothing. The value is redacted from the reports.
   */
  async hookValue(name: string, values: HookValues): Promise<string> {
    const hook = this.env.hooks[name];
    const id = `hook:${name}`;
    if (!hook) {
      const event = this.profile.hooks?.[name];
      throw new CheckSkip(`the target file has no hooks.${name}${event ? ` (${event.description})` : ''}: add a command or an HTTP request that makes it happen (README, "Hooks")`);
    }
    if (this.env.prereqs.failed(id)) this.env.prereqs.block(id);
    let value = '';
    try {
      value = await runHook(name, hook, { baseUrl: this.env.target.baseUrl, wsUrl: this.env.target.wsUrl, ...values }, { baseUrl: this.env.target.baseUrl, cwd: this.env.hookDir, timeoutMs: Math.max(5000, this.timeoutMs), transcript: this.transcript });
      if (this.profile.hooks?.[name]?.returns !== undefined && value === '') throw new HookError(`hooks.${name} gave back nothing (${this.profile.hooks[name]!.returns})`);
    } catch (err) {
      if (!(err instanceof HookError)) throw err;
      if (!this.env.prereqs.failed(id)) this.env.prereqs.record(id, `run hooks.${name}`, 'failed', err.message, this.transcript);
      this.env.prereqs.block(id);
    }
    if (this.profile.hooks?.[name]?.returns !== undefined) this.env.redactor.add(value);
    if (!this.env.prereqs.get(id)) this.env.prereqs.record(id, `run hooks.${name}`, 'ok', 'ran');
    return value;
  }

  /** A request to replay by hand, shown with a failure (harness/reproduce.ts prints it); text becomes a comment. */
  addReproduction(line: ReproStep | string): void {
    this.reproduce.push(line);
  }

  private readonly onEnd: ((passed: boolean) => void)[] = [];

  /** Runs `fn` when the check ends (`passed`: it passed): hands back what it borrowed from the run. */
  onCleanup(fn: (passed: boolean) => void): void {
    this.onEnd.push(fn);
  }

  /** Closes the check's sockets; with `keep` (the check passed), those it opened for reuse stay open for the next. */
  cleanup(keep = false): void {
    this.cleanedUp = true;
    for (const fn of this.onEnd.splice(0)) fn(keep);
    for (const p of this.probes) {
      const place = this.reusable.get(p);
      if (keep && place && p.isOpen) this.env.sockets.park(place, p);
      else p.close();
    }
  }
}
