// Dialect profiles: what each seed document promises, as data (schemas/<dialect>/profile.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_ROOT, assertValid } from './schemas.ts';
import type { DialectProfile } from '../generated/types/meta/profile.ts';

export type { DialectProfile };
import { DIALECTS, isDialect, type DialectId } from './dialects.ts';

export { DIALECTS, isDialect, type DialectId };

const cache = new Map<string, DialectProfile>();

export function loadProfile(name: string): DialectProfile {
  if (!isDialect(name)) throw new Error(`unknown profile '${name}': choose one of ${DIALECTS.join(', ')}`);
  let profile = cache.get(name);
  if (!profile) {
    const raw = JSON.parse(readFileSync(join(SCHEMA_ROOT, name, 'profile.json'), 'utf8'));
    profile = assertValid<DialectProfile>('meta/profile', raw);
    cache.set(name, profile);
  }
  return profile;
}

/** The path template of a socket operation (`profile.ws[op]`); throws naming the sockets the profile has. */
export function socketPath(profile: DialectProfile, op: string): string {
  const spec = profile.ws[op];
  if (!spec) throw new Error(`profile ${profile.id} has no socket '${op}'; it has ${Object.keys(profile.ws).join(', ')}`);
  return spec.path;
}

/** Fills an RFC 6570 level-1 template: /api/conversations/{id}/ with {id: 3}. */
export function expandPath(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in params)) throw new Error(`path ${template} needs '${key}'`);
    return encodeURIComponent(String(params[key]));
  });
}
