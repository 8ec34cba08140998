// Target files: how the harness reaches a server someone else wrote (schemas/meta/target.schema.json).
import { DIALECTS, isDialect } from './dialects.ts';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCHEMA_ROOT, formatErrors, validator } from './schemas.ts';
import { didYouMean } from './suggest.ts';
import { loadProfile } from './profiles.ts';
import type { TargetFile } from '../generated/types/meta/target.ts';

export type { TargetFile };
export type TargetUser = TargetFile['users'][string];

/** A reference server started for one run: the CLI and the programmatic API inject how (index.ts), so the harness and load need no server. */
export interface EmbeddedTarget {
  target: TargetFile;
  close(): Promise<void>;
}
export type StartEmbedded = (req: { profile: string; faults?: string[]; variants?: string[] }) => Promise<EmbeddedTarget>;

/** A usage error the CLI maps to exit code 2, with a message that says what to fix. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

export function deriveWsUrl(baseUrl: string): string {
  return baseUrl.replace(/^http/, 'ws').replace(/\/+$/, '');
}

export function parseTarget(value: unknown, source = 'target'): TargetFile & { wsUrl: string } {
  malformedLimits(value, source);
  const fn = validator('meta/target');
  if (!fn(value)) {
    const errors = formatErrors(fn.errors).map((line, i) => line + keyHint(fn.errors![i]!));
    throw new TargetError(`${source} does not match schemas/meta/target.schema.json:\n  ${errors.join('\n  ')}`);
  }
  const target = value as TargetFile;
  if (!isDialect(target.profile)) throw new TargetError(`${source}: unknown profile '${target.profile}'${didYouMean(target.profile, DIALECTS)}; profiles: ${DIALECTS.join(', ')}`);
  unknownRoles(target, source);
  unknownHooks(target, source);
  return { ...target, baseUrl: target.baseUrl.replace(/\/+$/, ''), wsUrl: (target.wsUrl ?? deriveWsUrl(target.baseUrl)).replace(/\/+$/, '') };
}

export async function loadTargetFile(path: string): Promise<TargetFile & { wsUrl: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new TargetError(`cannot read target file ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TargetError(`target file ${path} is not valid JSON: ${jsonWhere(text, (err as Error).message)}`);
  }
  return parseTarget(value, `target file ${path}`);
}

/** `Unexpected token } in JSON at position 41` -> `line 3, column 5: Unexpected token }`, with the line shown. */
export function jsonWhere(text: string, message: string): string {
  const m = /(.*?)(?: in JSON)? at position (\d+)/.exec(message);
  const at = m ? Number(m[2]) : /end of JSON input/i.test(message) ? text.length : -1;
  if (at < 0) return message;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  const shown = (text.split('\n')[line - 1] ?? '').replace(/\t/g, ' ');
  return `line ${line}, column ${column}: ${m ? m[1] : message}\n    ${shown}\n    ${' '.repeat(Math.max(0, column - 1))}^`;
}

/** The stated limits, in what the harness needs of them: a malformed value says which and what a good one looks like. */
function malformedLimits(value: unknown, source: string): void {
  const limits = (value as { limits?: unknown } | null)?.limits;
  if (limits === undefined) return;
  const example = 'e.g. "limits": {"socketsPerUser": {"count": 10, "seconds": 60}}';
  if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) throw new TargetError(`${source}: limits must be an object (${example})`);
  const sockets = (limits as { socketsPerUser?: unknown }).socketsPerUser;
  if (sockets === undefined) return;
  if (typeof sockets !== 'object' || sockets === null || Array.isArray(sockets)) throw new TargetError(`${source}: limits.socketsPerUser must be an object with count and seconds (${example})`);
  const { count, seconds } = sockets as { count?: unknown; seconds?: unknown };
  if (!(typeof count === 'number' && Number.isInteger(count) && count >= 1)) {
    throw new TargetError(`${source}: limits.socketsPerUser.count must be a whole number of sockets, at least 1 (got ${JSON.stringify(count) ?? 'nothing'}; ${example})`);
  }
  if (!(typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 && seconds <= 3600)) {
    throw new TargetError(`${source}: limits.socketsPerUser.seconds must be a number of seconds above 0 and at most 3600 (got ${JSON.stringify(seconds) ?? 'nothing'}; ${example})`);
  }
}

/** A role the profile does not know is a typo more often than not: say which roles it has. */
function unknownRoles(target: TargetFile, source: string): void {
  const roles = Object.keys(loadProfile(target.profile).roles ?? {});
  if (!roles.length) return;
  const unknown = Object.keys(target.users).filter((r) => !roles.includes(r));
  if (unknown.length) {
    throw new TargetError(`${source}: users.${unknown[0]} is not a role of ${target.profile}${didYouMean(unknown[0]!, roles)}; its roles are ${roles.join(', ')}`);
  }
}

export const PLACEHOLDER = /\{(\w+)\}/g;
/** What every hook may name besides its event's placeholders. */
export const TARGET_PLACEHOLDERS = ['baseUrl', 'wsUrl'];

/** The placeholders a hook uses. */
export function placeholdersOf(hook: NonNullable<TargetFile['hooks']>[string]): string[] {
  const text = hook.command ?? JSON.stringify([hook.http!.path, hook.http!.body ?? {}]);
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** A hook for an event the profile does not have, or naming a value nobody fills in, would never work. */
function unknownHooks(target: TargetFile, source: string): void {
  const events = loadProfile(target.profile).hooks ?? {};
  for (const [name, hook] of Object.entries(target.hooks ?? {})) {
    const event = events[name];
    if (!event) {
      const known = Object.keys(events);
      throw new TargetError(`${source}: hooks.${name} is not an event of ${target.profile}${didYouMean(name, known)}; ${known.length ? `its events are ${known.join(', ')}` : 'it has no outside events'}`);
    }
    const offered = [...Object.keys(event.placeholders), ...TARGET_PLACEHOLDERS];
    const unknown = placeholdersOf(hook).filter((p) => !offered.includes(p));
    if (unknown.length) throw new TargetError(`${source}: hooks.${name} uses {${unknown[0]}}${didYouMean(unknown[0]!, offered)}; it may use ${offered.map((p) => `{${p}}`).join(', ')}`);
  }
}

let schemaJson: Record<string, unknown> | undefined;

/** For an unknown key: ` (did you mean 'credentials'?)` from the keys the schema allows at that place. */
function keyHint(e: { keyword: string; schemaPath: string; params: unknown }): string {
  if (e.keyword !== 'additionalProperties' || !e.schemaPath.startsWith('#/')) return '';
  try {
    schemaJson ??= JSON.parse(readFileSync(join(SCHEMA_ROOT, 'meta', 'target.schema.json'), 'utf8')) as Record<string, unknown>;
    let node: unknown = schemaJson;
    for (const part of e.schemaPath.slice(2).split('/').slice(0, -1)) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    const keys = Object.keys((node as { properties?: object }).properties ?? {});
    return didYouMean((e.params as { additionalProperty: string }).additionalProperty, keys);
  } catch {
    return '';
  }
}

/** A stated limit on sockets per user (`limits.socketsPerUser`). */
export type SocketLimit = NonNullable<NonNullable<TargetFile['limits']>['socketsPerUser']>;
