// Reproduction lines that run as printed, in bash or zsh, in a fresh shell in the project folder: the
// `npx chatconform run` line with every flag that shaped the run, then the requests a check made by hand
// (curl, `npx chatconform ws`), each credential fetched into a variable first by `npx chatconform token`.
// Against the embedded reference server (a random port, gone after the run) the hand lines start their own
// `npx chatconform serve` on a fixed port with the same faults and variants, and stop it at the end.
import type { ResolvedTarget } from './context.ts';

/** One HTTP request a check made. `role` sends `Authorization: Bearer $ROLE_TOKEN`. */
export interface HttpStep {
  kind: 'http';
  method: string;
  /** path with its query, e.g. `/api/conversations/1/messages/?page=1`; `$ROLE_TOKEN` may appear in it */
  path: string;
  role?: string;
  json?: unknown;
  /** multipart fields; a value `@file` uploads that file */
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** One WebSocket a check opened: the token goes where the path's query puts `$ROLE_TOKEN`. */
export interface WsStep {
  kind: 'ws';
  /** path with its query, e.g. `/ws/chat/1/?token=$PATIENT_TOKEN` */
  path: string;
  /** frames to send once it is open */
  send?: string[];
}

export type ReproStep = HttpStep | WsStep;

/** What shaped the run, beyond the target. */
export interface RunShape {
  faults?: string[];
  variants?: string[];
  timeoutMs?: number;
}

/** Where the hand lines' own reference server listens, and the target file it writes. */
export const REPRO_PORT = 8765;
export const reproTargetFile = (profile: string): string => `.chatconform/repro-${profile}.json`;

const VAR = /\$([A-Z][A-Z0-9_]*)_TOKEN\b/g;

/** A shell word in single quotes (nothing expands). */
export function sq(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A shell word in double quotes, `$ROLE_TOKEN` expanding and nothing else (no globbing: zsh takes `?`). */
function dq(s: string): string {
  return `"${s.replace(/[\\"`]/g, '\\$&').replace(/\$(?![A-Z][A-Z0-9_]*_TOKEN\b)/g, '\\$')}"`;
}

export const tokenVar = (role: string): string => `$${role.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_TOKEN`;

/** `npx chatconform run …` with every flag that shaped the run. */
export function runLine(checkId: string, target: ResolvedTarget, shape: RunShape = {}): string {
  const words = ['npx', 'chatconform', 'run'];
  if (target.file) words.push('--target-file', sq(target.file));
  else {
    words.push('--profile', target.profile);
    for (const f of shape.faults ?? []) words.push('--fault', sq(f));
    for (const v of shape.variants ?? []) words.push('--variant', sq(v));
  }
  if (shape.timeoutMs !== undefined && shape.timeoutMs !== 3000) words.push('--timeout', String(shape.timeoutMs));
  words.push('--only', checkId);
  return words.join(' ');
}

function curl(step: HttpStep, baseUrl: string): string {
  const words = ['curl', '-sS', '-i', '-X', step.method];
  if (step.role) words.push('-H', dq(`Authorization: Bearer ${tokenVar(step.role)}`));
  for (const [k, v] of Object.entries(step.headers ?? {})) words.push('-H', sq(`${k}: ${v}`));
  if (step.json !== undefined) words.push('-H', sq('content-type: application/json'), '-d', sq(JSON.stringify(step.json)));
  for (const [k, v] of Object.entries(step.form ?? {})) words.push('-F', sq(`${k}=${v}`));
  words.push(dq(`${baseUrl}${step.path}`));
  return words.join(' ');
}

function ws(step: WsStep, wsUrl: string): string {
  const line = `npx chatconform ws ${dq(`${wsUrl}${step.path}`)}`;
  return step.send?.length ? `printf '%s\\n' ${step.send.map(sq).join(' ')} | ${line}` : line;
}

function rolesIn(steps: ReproStep[]): string[] {
  const roles = new Set<string>();
  for (const s of steps) {
    if (s.kind === 'http' && s.role) roles.add(s.role);
    for (const m of `${s.path}${s.kind === 'http' ? JSON.stringify(s.headers ?? {}) : ''}`.matchAll(VAR)) roles.add(m[1]!.toLowerCase());
  }
  return [...roles];
}

/** Ids in a path (numbers, UUIDs) that are not fixtures: resources the check created during its run. */
function createdIds(steps: ReproStep[], fixtures: Record<string, string | number>): string[] {
  const known = new Set(Object.values(fixtures).map(String));
  const ids = new Set<string>();
  for (const s of steps) {
    for (const seg of s.path.split('?')[0]!.split('/')) {
      if (/^\d+$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(seg) && !known.has(seg)) ids.add(seg);
    }
  }
  return [...ids];
}

/**
 * Every reproduction line of a failed check. `steps` are what the check recorded: structured requests, or
 * plain text, which is printed as a comment since nothing here can vouch that it runs.
 */
export function reproductionFor(checkId: string, target: ResolvedTarget, steps: (ReproStep | string)[], fixtures: Record<string, string | number>, shape: RunShape = {}): string[] {
  const lines = [runLine(checkId, target, shape)];
  const structured = steps.filter((s): s is ReproStep => typeof s !== 'string');
  const notes = steps.filter((s): s is string => typeof s === 'string').map((s) => `# ${s}`);
  if (!structured.length) return [...lines, ...notes];
  if (target.embedded) {
    const made = createdIds(structured, fixtures);
    if (made.length) {
      // A fresh server has the fixtures only, not what this check created: the run line above is the repro.
      return [...lines, `# ${made.join(', ')} existed only in the run's embedded server; the line above reproduces the failure`, ...notes];
    }
    const file = reproTargetFile(target.profile);
    // node, not npx, for the one background process: `kill $SERVER` must reach the server itself.
    const serve = ['node', 'bin/chatconform.js', 'serve', '--profile', target.profile, '--port', String(REPRO_PORT)];
    for (const f of shape.faults ?? []) serve.push('--fault', sq(f));
    for (const v of shape.variants ?? []) serve.push('--variant', sq(v));
    serve.push('--target-out', file);
    lines.push(
      `rm -f ${file}; ${serve.join(' ')} > /dev/null & SERVER=$!`,
      `for i in $(seq 100); do [ -s ${file} ] && break; sleep 0.2; done`,
    );
    const base = `http://127.0.0.1:${REPRO_PORT}`;
    lines.push(...handLines(structured, file, base, `ws://127.0.0.1:${REPRO_PORT}`), 'kill $SERVER', ...notes);
    return lines;
  }
  const file = target.file;
  if (!file) return [...lines, ...notes];
  return [...lines, ...handLines(structured, file, target.baseUrl, target.wsUrl), ...notes];
}

function handLines(steps: ReproStep[], targetFile: string, baseUrl: string, wsUrl: string): string[] {
  const tokens = rolesIn(steps).map((role) => `${tokenVar(role).slice(1)}=$(npx chatconform token ${sq(role)} --target-file ${sq(targetFile)})`);
  return [...tokens, ...steps.map((s) => (s.kind === 'http' ? curl(s, baseUrl) : ws(s, wsUrl)))];
}
