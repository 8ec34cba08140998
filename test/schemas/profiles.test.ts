// Profiles and schemas hang together: every profile is a valid DialectProfile, names only schemas that exist
// and decisions that DECISIONS.md records, and every schema compiles in Ajv's strict mode.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_ROOT, listSchemas, validate, validator } from '../../core/schemas.ts';
import { DIALECTS } from '../../core/profiles.ts';

const decisionsText = readFileSync(join(SCHEMA_ROOT, 'DECISIONS.md'), 'utf8');
const recorded = new Set([...decisionsText.matchAll(/^\| (D-[a-z]+-\d{2}) \|/gm)].map((m) => m[1]!));
const schemas = new Set(listSchemas());
const raw = (dialect: string) => JSON.parse(readFileSync(join(SCHEMA_ROOT, dialect, 'profile.json'), 'utf8'));

/** Every schema key a profile names, with where it names it. */
function schemaKeys(profile: Record<string, any>): [string, string][] {
  const out: [string, string][] = [];
  if (profile.auth?.login?.response) out.push(['auth.login.response', profile.auth.login.response]);
  for (const [name, ep] of Object.entries<any>(profile.rest ?? {})) {
    if (ep.request) out.push([`rest.${name}.request`, ep.request]);
    if (ep.response) out.push([`rest.${name}.response`, ep.response]);
  }
  for (const dir of ['in', 'out']) {
    for (const [type, key] of Object.entries<string>(profile.frames?.[dir] ?? {})) out.push([`frames.${dir}.${type}`, key]);
  }
  out.push(['errors.frame', profile.errors.frame]);
  for (const [status, key] of Object.entries<string>(profile.errors.body ?? {})) out.push([`errors.body.${status}`, key]);
  if (profile.pagination.envelope) out.push(['pagination.envelope', profile.pagination.envelope]);
  return out;
}

/** Every decision id a profile cites: its `decisions` list and any `doc` that is a decision id. */
function citedDecisions(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string' && /^D-[a-z]+-\d{2}$/.test(value)) out.add(value);
  else if (Array.isArray(value)) value.forEach((v) => citedDecisions(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => citedDecisions(v, out));
  return out;
}

describe.each(DIALECTS)('%s profile', (dialect) => {
  const profile = raw(dialect);

  it('is valid against meta/profile', () => {
    expect(validate('meta/profile', profile).errors).toEqual([]);
    expect(profile.id).toBe(dialect);
  });

  it('names only schemas that exist', () => {
    const missing = schemaKeys(profile).filter(([, key]) => !schemas.has(key)).map(([at, key]) => `${at}: ${key}`);
    expect(missing).toEqual([]);
  });

  it('cites only decisions recorded in DECISIONS.md, and lists every decision of its dialect', () => {
    const cited = [...citedDecisions(profile)];
    expect(cited.filter((id) => !recorded.has(id))).toEqual([]);
    const own = [...recorded].filter((id) => id.startsWith(`D-${dialect}-`));
    expect(own.length).toBeGreaterThan(0);
    expect(own.filter((id) => !profile.decisions.includes(id))).toEqual([]);
  });
});

describe('schemas', () => {
  it('all compile in strict mode', () => {
    const failures: string[] = [];
    for (const key of schemas) {
      try {
        validator(key);
      } catch (err) {
        failures.push(`${key}: ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(schemas.size).toBeGreaterThan(100);
  });

  it('dialect schemas carry a title and an x-doc, and cite only recorded decisions', () => {
    const problems: string[] = [];
    for (const key of schemas) {
      const schema = JSON.parse(readFileSync(join(SCHEMA_ROOT, `${key}.schema.json`), 'utf8'));
      if (!schema.title) problems.push(`${key}: no title`);
      if (key.startsWith('common/') || key.startsWith('meta/')) continue;
      if (!/^00[0-4] §/.test(schema['x-doc'] ?? '')) problems.push(`${key}: x-doc must read '00N §section'`);
      if (schema['x-decision'] && !recorded.has(schema['x-decision'])) problems.push(`${key}: x-decision ${schema['x-decision']} is not in DECISIONS.md`);
    }
    expect(problems).toEqual([]);
  });
});
