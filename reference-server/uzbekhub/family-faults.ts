// A fault per generated family check (suites/uzbekhub/operations.ts), generated from the same plan: each
// breaks its check's promise for one operation at a seam, never by a branch in a handler. The REST
// refusal of one operation waived (caller()), an AllowAny operation answering 401, 404 turned 403, a list
// neither an array nor an envelope, a list wrapped in the envelope, a required response field removed,
// `update_at` spelled the other way (reply seam, selected by op), an update or delete without effect
// (`uz.effect`), someone else let through (`uz.owns`).
import { loadProfile } from '../../core/profiles.ts';
import { validate } from '../../core/schemas.ts';
import type { FaultSpec, Json } from '../fault-spec.ts';
import type { Reply } from '../http.ts';
import { editBody, envelope, items } from '../fault-edits.ts';
import { familyPlan, type PlannedCheck } from '../../suites/families/rest-plan.ts';
import { familyData as data } from '../../suites/uzbekhub/operations-plan.ts';
import type { FamilyPlanData } from '../../suites/families/rest-plan.ts';
import { FIXTURE_USERS } from './state.ts';

const profile = loadProfile('uzbekhub');
const familyData: FamilyPlanData = data;
/** The route names an operation is served under: its own, and `auth.login`/`auth.refresh` where the profile's login is it. */
const routeOps = (op: string): string[] => {
  const { method, path } = profile.rest[op]!;
  return [op, ...(['login', 'refresh'] as const).filter((k) => profile.auth[k]?.path === path && profile.auth[k]?.method === method).map((k) => `auth.${k}`)];
};
const slug = (op: string) => op.replace(/\./g, '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A field the response schema requires, removed from the body (from each item of a list, either reading). */
function withoutRequired(reply: Reply, schema: string): Reply {
  const b = reply.body;
  const list = Array.isArray(b) || (b !== null && typeof b === 'object' && Array.isArray((b as Json).results) && !schema.includes('page'));
  const records: Json[] = list ? items(b) : b !== null && typeof b === 'object' ? [b as Json] : [];
  const whole = (): unknown => (list ? items(b) : b);
  // The first key, from the last, whose removal the schema notices: a required one.
  for (const key of Object.keys(records[0] ?? {}).reverse()) {
    const saved = records.map((r) => r[key]);
    for (const r of records) delete r[key];
    if (!validate(schema, whole()).ok) return reply;
    records.forEach((r, i) => (r[key] = saved[i]));
  }
  return reply;
}

/** `from` renamed `to` at any depth. */
function respell(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) return value.map((v) => respell(v, from, to));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k === from ? to : k, respell(v, from, to)]));
}

const forbidden = { detail: 'You do not have permission to perform this action.' };
const unauthorized = { detail: 'Authentication credentials were not provided.' };

function faultOf(p: PlannedCheck): FaultSpec {
  const { name: op } = p.op;
  const ops = routeOps(op);
  const on = `${p.op.op.method} ${p.op.op.path}`;
  const base = { check: p.id };
  switch (p.family) {
    case 'authn':
      return p.op.op.auth === 'none'
        ? { ...base, name: `auth-required-${slug(op)}`, breaks: `${on} refuses a request without a token with 401`, seam: 'reply', reply: { op: ops, edit: () => ({ status: 401, body: unauthorized, schema: 'uzbekhub/error-detail' }), error: () => ({ status: 401, body: unauthorized, schema: 'uzbekhub/error-detail' }) } }
        : { ...base, name: `no-auth-${slug(op)}`, breaks: `${on} serves a request without a token as the fixture owner`, seam: 'auth', waive: { reason: 'uz-rest-no-credential', as: (ctx) => (ctx.op === op ? FIXTURE_USERS[0] : undefined) } };
    case 'notfound':
      return { ...base, name: `unknown-id-403-${slug(op)}`, breaks: `${on} answers an unknown id with 403, not 404`, seam: 'reply', reply: { op: ops, error: (r) => (r.status === 404 ? { status: 403, body: forbidden, schema: 'uzbekhub/error-detail' } : r) } };
    case 'roundtrip': {
      const r = familyData.resources[p.resource!]!;
      const target = r.update ?? r.delete ?? r.create!;
      return { ...base, name: `no-effect-${slug(target)}`, breaks: `${target} answers success and changes nothing`, seam: 'read', read: { 'uz.effect': (applies, ctx) => (ctx.op === target ? false : applies) } };
    }
    case 'owner':
      return { ...base, name: `not-owner-${slug(op)}`, breaks: `${on} lets someone else act on a record they do not own`, seam: 'read', read: { 'uz.owns': (owns, ctx) => (ctx.op === op ? true : owns) } };
    case 'lists':
      return { ...base, name: `list-keyed-${slug(op)}`, breaks: `${on} answers {"items": […]}: neither a plain array nor the §Pagination envelope`, seam: 'reply', reply: { op: ops, edit: (r) => (r.status === 200 ? editBody(r, (b) => ({ items: Array.isArray(b) ? b : items(b) })) : r) } };
    case 'plain':
      return { ...base, name: `list-paged-${slug(op)}`, breaks: `${on} answers the §Pagination envelope, not the plain array its example shows`, seam: 'reply', reply: { op: ops, edit: (r) => (r.status === 200 && Array.isArray(r.body) ? editBody(r, envelope) : r) } };
    case 'schema':
      return { ...base, name: `missing-field-${slug(op)}`, breaks: `${on} leaves out a field its response requires`, seam: 'reply', reply: { op: ops, edit: (r) => (r.status < 300 ? withoutRequired(r, p.op.op.response!) : r) } };
    case 'spelling': {
      const { field, other } = familyData.spelling[op]!;
      return { ...base, name: `respelled-${slug(op)}`, breaks: `${on} spells \`${field}\` as \`${other}\``, seam: 'reply', reply: { op: ops, edit: (r) => ({ ...r, body: respell(r.body, field, other) }) } };
    }
  }
}

export const FAMILY_FAULTS: readonly FaultSpec[] = familyPlan(profile, familyData).map(faultOf);
