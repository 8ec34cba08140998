// Outside events (a customer writing on Telegram): no documented request makes them happen, so the target
// file names a way to, a shell command or an HTTP request with {placeholders}. Every run ends: the command
// is killed with its process group at its timeout, the request aborted.
import { spawn } from 'node:child_process';
import { PLACEHOLDER, type TargetFile } from '../core/target.ts';
import { httpExchange, NetworkError } from './http.ts';
import type { Transcript } from './transcript.ts';

export type Hook = NonNullable<TargetFile['hooks']>[string];
export type HookValues = Record<string, string | number>;

/** A hook that ran and did not do its job (exit code, HTTP status, timeout): the target file's to fix. */
export class HookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookError';
  }
}

const OUTPUT_CAP = 4096;

function fill(text: string, values: HookValues, encode: (v: string) => string): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in values ? encode(String(values[name])) : whole));
}

/** `it's` -> `'it'\''s'`: a value is one word to sh, whatever it holds. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function fillCommand(command: string, values: HookValues): string {
  return fill(command, values, shellQuote);
}

/** A body string that is exactly `{name}` takes the value with its type; other strings are filled in. */
export function fillBody(body: unknown, values: HookValues): unknown {
  if (typeof body === 'string') {
    const whole = /^\{(\w+)\}$/.exec(body);
    return whole && whole[1]! in values ? values[whole[1]!] : fill(body, values, (v) => v);
  }
  if (Array.isArray(body)) return body.map((b) => fillBody(b, values));
  if (body && typeof body === 'object') return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, fillBody(v, values)]));
  return body;
}

export interface HookRun {
  baseUrl: string;
  /** the command's working directory: the target file's folder */
  cwd: string;
  timeoutMs: number;
  transcript: Transcript;
}

/**
 * Runs `hook` for event `name` with `values`; resolves on success with what it gave back (a command's
 * standard output, trimmed; an HTTP hook's `value` field of the JSON body, else the body trimmed), throws
 * HookError otherwise.
 */
export async function runHook(name: string, hook: Hook, values: HookValues, run: HookRun): Promise<string> {
  const timeoutMs = hook.timeoutMs ?? run.timeoutMs;
  if (hook.command !== undefined) return runCommand(name, fillCommand(hook.command, values), run.cwd, timeoutMs, run.transcript);
  const http = hook.http!;
  const path = fill(http.path, values, encodeURIComponent);
  const absolute = /^https?:\/\//.test(path);
  const base = absolute ? new URL(path).origin : run.baseUrl;
  const target = absolute ? path.slice(base.length) || '/' : path;
  run.transcript.note(`hook ${name}: ${http.method ?? 'POST'} ${path}`);
  let res;
  try {
    res = await httpExchange(base, { method: http.method ?? 'POST', path: target, json: http.body === undefined ? undefined : fillBody(http.body, values), headers: http.headers }, timeoutMs, run.transcript);
  } catch (err) {
    throw new HookError(`hooks.${name} (${http.method ?? 'POST'} ${path}): ${err instanceof NetworkError ? err.message : String(err)}`);
  }
  if (res.status < 200 || res.status > 299) throw new HookError(`hooks.${name} (${http.method ?? 'POST'} ${path}) answered ${res.status}, not 2xx: ${res.text.slice(0, 200)}`);
  if (http.value === undefined) return res.text.trim();
  let at: unknown = res.json;
  for (const key of http.value.split('.')) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  if (typeof at !== 'string' && typeof at !== 'number') throw new HookError(`hooks.${name} (${http.method ?? 'POST'} ${path}): the response has no string or number at "${http.value}"`);
  return String(at);
}

function runCommand(name: string, command: string, cwd: string, timeoutMs: number, transcript: Transcript): Promise<string> {
  transcript.note(`hook ${name}: $ ${command}`);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    // Its own process group, so that a timeout kills what the command started too (a curl, a sleep).
    const child = spawn('/bin/sh', ['-c', command], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    const keep = (chunk: Buffer) => {
      if (output.length < OUTPUT_CAP) output += chunk.toString('utf8').slice(0, OUTPUT_CAP - output.length);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (stdout.length < OUTPUT_CAP) stdout += chunk.toString('utf8').slice(0, OUTPUT_CAP - stdout.length);
    });
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new HookError(`hooks.${name}: cannot start /bin/sh: ${err.message}`));
    });
    // A background process the command left behind may hold its output open: the exit decides.
    let done = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      const ms = Math.round(performance.now() - t0);
      const shown = output.trim();
      transcript.record('note', 'info', `hook ${name}: ${timedOut ? `killed after ${timeoutMs} ms` : signal ? `ended by ${signal}` : `exit ${code}`} (${ms} ms)`, shown || undefined);
      if (timedOut) reject(new HookError(`hooks.${name} did not finish within ${timeoutMs} ms (set hooks.${name}.timeoutMs to allow more)`));
      else if (code !== 0) reject(new HookError(`hooks.${name} ${signal ? `was ended by ${signal}` : `exited with ${code}`}${shown ? `: ${shown.split('\n').at(-1)!.slice(0, 200)}` : ''}`));
      else resolve(stdout.trim());
    };
    child.on('close', finish);
    child.on('exit', (code, signal) => setTimeout(() => finish(code, signal), 200));
  });
}
