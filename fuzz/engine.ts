// The fuzz loop: cases go one at a time (so a crash names its input exactly), each judged by oracle.ts;
// after every batch the server's liveness and one real round trip (log in, open the socket, send a valid
// message, see it come back) are checked. Bounded by a case count and a duration; every wait has a timeout.
import { loadProfile, type DialectProfile } from '../core/profiles.ts';
import { REDACTED, Redactor } from '../core/redact.ts';
import type { TargetFile } from '../core/target.ts';
import { obtainAccessToken } from '../client/login.ts';
import { buildCases, FAMILIES, wsCredential, type Family, type FuzzCase } from './cases.ts';
import { judgeHttp, judgeWs, type Verdict } from './oracle.ts';
import { clientFrame, endpointOf, httpRaw, tcpAlive, upgradeRequest, wsRaw, type Endpoint } from './raw.ts';
import { objectShape, validInstance } from './schema-shape.ts';

export interface FuzzOptions {
  target: TargetFile & { wsUrl?: string };
  /** at most this many cases (default 1000) */
  cases?: number;
  /** and at most this long (default 60 s) */
  durationMs?: number;
  seed?: number;
  /** per exchange (default 3000 ms) */
  timeoutMs?: number;
  /** cases between liveness + round-trip checks (default 50) */
  batch?: number;
  /** only these case ids (a reproduction) */
  only?: number[];
  /** only cases of these families */
  families?: Family[];
  /** stop after this many findings */
  maxFindings?: number;
  /** how the target file was given, for reproductions */
  reproduceWith?: string;
}

export interface Finding {
  caseId: number;
  family: Family;
  verdict: Exclude<Verdict, 'ok'>;
  what: string;
  observed: string;
  /** command lines, secrets as $TOKEN */
  reproduce: string[];
}

export interface FuzzCounts {
  cases: number;
  crashes: number;
  '5xx': number;
  hangs: number;
  shapes: number;
}

export interface FuzzReport {
  profile: string;
  seed: number;
  counts: FuzzCounts;
  byFamily: Record<string, number>;
  batches: number;
  roundTrips: { ok: number; failed: number; lastError?: string };
  findings: Finding[];
  /** the run stopped early: the target died or the deadline passed */
  stopped?: string;
  durationMs: number;
}

interface Secrets {
  token: string;
  room: string;
  host: string;
}

const fill = (text: string, s: Secrets) => text.replaceAll('{{token}}', s.token).replaceAll('{{room}}', s.room).replaceAll('{{host}}', s.host);
const shown = (text: string) => text.replaceAll('{{token}}', '$TOKEN').replaceAll('{{room}}', '$ROOM').replaceAll('{{host}}', '$HOST');

function httpBytes(c: FuzzCase, s: Secrets): Buffer {
  const h = c.http!;
  const body = h.body === undefined ? Buffer.alloc(0) : Buffer.from(fill(h.body, s), 'utf8');
  const length = h.contentLength ? `Content-Length: ${body.length}\r\n` : '';
  const head = `${h.method} ${fill(h.target, s)} HTTP/1.1\r\nHost: ${s.host}\r\nConnection: close\r\n${fill(h.headers, s)}${length}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

function wsBytes(c: FuzzCase, s: Secrets): { request: Buffer; after: Buffer } {
  const frames = c.ws!.frames.map((f) => clientFrame(f.opcode, Buffer.from(fill(f.payload, s), 'latin1'), f));
  // A ping after the case's frames: its pong says the socket still answers.
  return { request: upgradeRequest(fill(c.ws!.target, s), s.host), after: Buffer.concat([...frames, clientFrame(0x9, Buffer.from('fuzz'))]) };
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "'\\''").replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

function reproduction(c: FuzzCase, ep: Endpoint, opts: FuzzOptions, seed: number, cases: number, room: string): string[] {
  const lines = [`chatconform fuzz ${opts.reproduceWith ?? `--profile ${opts.target.profile}`} --seed ${seed} --cases ${cases} --case ${c.id}`];
  // The room id is no secret and goes in as it is; the token stays a shell variable.
  const dummy: Secrets = { token: '{{token}}', room, host: `${ep.host}:${ep.port}` };
  if (c.http) {
    const text = shown(httpBytes(c, dummy).toString('latin1'));
    if (text.length <= 4000) lines.push(`printf '%b' ${quote(text).replaceAll('$TOKEN', `'"$TOKEN"'`)} | nc ${ep.host} ${ep.port}`);
    else lines.push(`# ${text.length} bytes: ${JSON.stringify(text.slice(0, 300))}…`);
  } else if (c.ws) {
    const target = shown(fill(c.ws.target, dummy));
    lines.push(`websocat "ws://${ep.host}:${ep.port}${target}"   # then send: ${c.ws.frames.map((f) => JSON.stringify(shown(f.payload).slice(0, 300))).join(' ')}`);
  }
  if (lines.some((l) => l.includes('$TOKEN'))) lines.push(`# TOKEN: an access token of a member of room ${room} (log in as the target file's member role)`);
  return lines;
}

interface Member {
  token: string;
  room: string;
}

/** A member's access token and the fixture room, from the target file and the profile. */
async function member(profile: DialectProfile, target: FuzzOptions['target'], timeoutMs: number): Promise<Member> {
  const room = String(Object.values(target.fixtures ?? {})[0] ?? '');
  for (const [role, spec] of Object.entries(profile.roles)) {
    if (!spec.member || spec.credential === 'visitor-token') continue;
    const user = target.users[role];
    if (!user) continue;
    if (user.token) return { token: user.token, room };
    if (user.credentials) return { token: await obtainAccessToken(profile, target.baseUrl, user.credentials, timeoutMs), room };
  }
  throw new Error(`the target file gives no token or credentials for a member role of ${profile.id} (${Object.keys(profile.roles).join(', ')})`);
}

/**
 * A valid incoming frame carrying `nonce`: from the first incoming frame schema that has somewhere to put it
 * (Fiko's first, get_conversations, is only a `type`; its chat_message has `content`).
 */
function validFrame(profile: DialectProfile, nonce: string): string {
  const frames = Object.values(profile.frames?.in ?? {}).map((key) => JSON.stringify(validInstance(objectShape(key), nonce)));
  return frames.find((f) => f.includes(nonce)) ?? frames[0] ?? JSON.stringify({ message: nonce });
}

async function roundTrip(profile: DialectProfile, target: FuzzOptions['target'], ep: Endpoint, timeoutMs: number): Promise<string | undefined> {
  let m: Member;
  try {
    m = await member(profile, target, timeoutMs);
  } catch (err) {
    return `login: ${(err as Error).message}`;
  }
  // The chat socket where there are several (Fiko's conversation list echoes nothing).
  const wsPath = profile.ws ? (profile.ws.chat ?? Object.values(profile.ws)[0])?.path : undefined;
  if (!wsPath) return undefined;
  const nonce = `fuzz-round-trip-${Math.random().toString(36).slice(2)}`;
  const secrets: Secrets = { token: m.token, room: m.room, host: `${ep.host}:${ep.port}` };
  const target_ = `${wsPath.replace(/\{\w+\}/g, '{{room}}')}?${wsCredential(profile)}`;
  const frame = clientFrame(0x1, Buffer.from(validFrame(profile, nonce), 'utf8'));
  const o = await wsRaw(ep, upgradeRequest(fill(target_, secrets), secrets.host), Buffer.concat([frame, clientFrame(0x9, Buffer.from('rt'))]), timeoutMs, timeoutMs, (frames) => frames.some((f) => f.includes(nonce)));
  if (o.kind === 'open' || o.kind === 'closed') {
    if (o.frames.some((f) => f.includes(nonce))) return undefined;
    return `the message sent was not echoed back (${o.kind}${o.kind === 'closed' ? ` ${o.code}` : ''}, ${o.frames.length} other frame(s))`;
  }
  return `socket: ${o.kind}${o.kind === 'refused-http' ? ` ${o.status}` : ''}`;
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const t0 = performance.now();
  const profile = loadProfile(opts.target.profile);
  const seed = opts.seed ?? 1;
  const total = opts.cases ?? 1000;
  const timeoutMs = opts.timeoutMs ?? 3000;
  const deadline = Date.now() + (opts.durationMs ?? 60_000);
  const batch = opts.batch ?? 50;
  const ep = endpointOf(opts.target.baseUrl);
  let cases = buildCases(profile, { cases: total, seed });
  if (opts.only?.length) cases = cases.filter((c) => opts.only!.includes(c.id));
  if (opts.families?.length) cases = cases.filter((c) => opts.families!.includes(c.family));

  const m = await member(profile, opts.target, timeoutMs);
  const redactor = new Redactor().add(m.token);
  for (const u of Object.values(opts.target.users)) redactor.add(u.token, u.expiredToken, ...Object.entries(u.credentials ?? {}).filter(([k]) => /pass/i.test(k)).map(([, v]) => v));
  const secrets: Secrets = { token: m.token, room: m.room, host: `${ep.host}:${ep.port}` };
  // Reproductions are built from the placeholders, never from a filled request; known secrets and any JWT
  // are still scrubbed by value (the regex redactor would eat the escaped CRLFs after `Bearer $TOKEN`).
  const known = [m.token, ...Object.values(opts.target.users).flatMap((u) => [u.token, u.expiredToken, ...Object.entries(u.credentials ?? {}).filter(([k]) => /pass/i.test(k)).map(([, v]) => v)])].filter((v): v is string => Boolean(v && v.length >= 4));
  const scrub = (line: string) => known.reduce((l, k) => l.split(k).join(REDACTED), line).replace(/eyJ[\w-]{6,}(?:\.[\w-]*){0,2}/g, REDACTED);

  const counts: FuzzCounts = { cases: 0, crashes: 0, '5xx': 0, hangs: 0, shapes: 0 };
  const byFamily: Record<string, number> = Object.fromEntries(FAMILIES.map((f) => [f, 0]));
  const findings: Finding[] = [];
  const roundTrips = { ok: 0, failed: 0 } as FuzzReport['roundTrips'];
  let batches = 0;
  let stopped: string | undefined;

  const checkBatch = async () => {
    batches++;
    const err = (await tcpAlive(ep, timeoutMs)) ? await roundTrip(profile, opts.target, ep, timeoutMs) : 'the port refuses connections';
    if (err) {
      roundTrips.failed++;
      roundTrips.lastError = redactor.text(err);
    } else roundTrips.ok++;
  };

  for (const c of cases) {
    if (Date.now() > deadline) {
      stopped = `duration reached after ${counts.cases} of ${cases.length} cases`;
      break;
    }
    let judgement;
    if (c.http) {
      const o = await httpRaw(ep, httpBytes(c, secrets), timeoutMs);
      const alive = o.kind === 'reply' ? await tcpAlive(ep, timeoutMs) : await settleAlive(ep, timeoutMs);
      judgement = judgeHttp(profile, c, o, alive);
    } else {
      const { request, after } = wsBytes(c, secrets);
      const watch = Math.min(timeoutMs, 400);
      const o = await wsRaw(ep, request, after, timeoutMs, watch, (frames) => c.ws!.frames.length === 0 || frames.length > 0);
      const alive = o.kind === 'open' || o.kind === 'closed' || o.kind === 'refused-http' ? await tcpAlive(ep, timeoutMs) : await settleAlive(ep, timeoutMs);
      judgement = judgeWs(profile, o, alive, true);
    }
    counts.cases++;
    byFamily[c.family] = (byFamily[c.family] ?? 0) + 1;
    if (judgement.verdict !== 'ok') {
      const key = judgement.verdict === 'crash' ? 'crashes' : judgement.verdict === 'hang' ? 'hangs' : judgement.verdict === 'shape' ? 'shapes' : '5xx';
      counts[key]++;
      findings.push({
        caseId: c.id,
        family: c.family,
        verdict: judgement.verdict,
        what: redactor.text(shown(c.what)),
        observed: redactor.text(judgement.observed),
        reproduce: reproduction(c, ep, opts, seed, total, m.room).map(scrub),
      });
      if (judgement.verdict === 'crash') {
        stopped = `the target stopped accepting connections after case ${c.id}`;
        break;
      }
      if (opts.maxFindings && findings.length >= opts.maxFindings) {
        stopped = `${findings.length} finding(s), the most asked for`;
        break;
      }
    }
    if (counts.cases % batch === 0) await checkBatch();
  }
  if (!stopped || !stopped.startsWith('the target')) await checkBatch();
  return { profile: profile.id, seed, counts, byFamily, batches, roundTrips, findings, ...(stopped ? { stopped } : {}), durationMs: Math.round(performance.now() - t0) };
}

/** After a case without a reply: a dying process may need a moment to release its port. */
async function settleAlive(ep: Endpoint, timeoutMs: number): Promise<boolean> {
  await new Promise((r) => setTimeout(r, 150));
  return tcpAlive(ep, timeoutMs);
}

/** One line for CI logs: `fuzz medmapp: 1000 cases, 0 crashes, 0 5xx, 0 hangs, 0 wrong shapes (round trips 21/21)`. */
export function countsLine(r: FuzzReport): string {
  const c = r.counts;
  return `fuzz ${r.profile} (seed ${r.seed}): ${c.cases} cases, ${c.crashes} crashes, ${c['5xx']} 5xx, ${c.hangs} hangs, ${c.shapes} wrong shapes; round trips ${r.roundTrips.ok}/${r.roundTrips.ok + r.roundTrips.failed} ok; ${r.durationMs} ms${r.stopped ? ` (stopped: ${r.stopped})` : ''}`;
}
