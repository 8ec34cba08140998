// Which REST check families an operation of a profile's `rest` table gets, derived from the table alone
// and a dialect's small data (its resources, its owner-only operations, what it samples): the suite
// generates a check per entry and the reference server a fault per check (graphql-http's audits from
// arrays). Imports nothing of the harness, so that a reference server's fault table can read it too.
import type { DialectProfile } from '../../core/profiles.ts';
import { validator } from '../../core/schemas.ts';

export type RestOperation = DialectProfile['rest'][string];

export interface RestOp {
  name: string;
  /** 1-based position in the profile's `rest` table: the NNN of the op's family check ids */
  index: number;
  op: RestOperation;
}

/** The families, by the area of their check ids (`<profile>-<family>-NNN`). */
export type RestFamily = 'authn' | 'notfound' | 'roundtrip' | 'owner' | 'lists' | 'plain' | 'schema' | 'spelling';

/** What a dialect says of a resource that the plan needs (the suite adds how to make one). */
export interface ResourcePlan {
  /** absent where records are made otherwise (a message, on the socket): no round trip then */
  create?: string;
  get?: string;
  update?: string;
  delete?: string;
  /** read back through this list where there is no get */
  list?: string;
}

export interface FamilyPlanData {
  prefix: string;
  resources: Record<string, ResourcePlan>;
  /** owner-only operations (the record's owner alone may change or delete it) -> their resource */
  owner: Record<string, string>;
  /** operations whose response the schema family obtains beyond lists and resources (parameterless GETs with a recipe) */
  samples: readonly string[];
  /** operations -> the spelling of a field their example shows where the document spells it two ways (D-uzbekhub-49) */
  spelling: Record<string, { field: string; other: string }>;
}

export interface PlannedCheck {
  id: string;
  family: RestFamily;
  /** the operation the check is about (roundtrip: the resource's create) */
  op: RestOp;
  /** roundtrip and owner: the resource */
  resource?: string;
}

export const restOps = (profile: DialectProfile): RestOp[] => Object.entries(profile.rest).map(([name, op], i) => ({ name, index: i + 1, op }));

export const familyId = (prefix: string, family: RestFamily, index: number): string => `${prefix}-${family}-${String(index).padStart(3, '0')}`;

/** The path variables of an operation (`{id}`, `{key}`). */
export const pathParams = (op: RestOperation): string[] => [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** The schema a list operation's items are judged by: its response schema when that is an array. */
export function isList(op: RestOperation): boolean {
  if (op.method !== 'GET' || !op.response) return false;
  return (validator(op.response).schema as { type?: unknown }).type === 'array';
}

/** Every family check of the profile, in table order, family by family. */
export function familyPlan(profile: DialectProfile, data: FamilyPlanData): PlannedCheck[] {
  const ops = restOps(profile);
  const byName = new Map(ops.map((o) => [o.name, o]));
  const at = (name: string): RestOp => {
    const o = byName.get(name);
    if (!o) throw new Error(`profile ${profile.id} has no operation '${name}' (family data)`);
    return o;
  };
  const out: PlannedCheck[] = [];
  const add = (family: RestFamily, op: RestOp, resource?: string) => out.push({ id: familyId(data.prefix, family, op.index), family, op, ...(resource ? { resource } : {}) });
  for (const o of ops) add('authn', o);
  for (const o of ops) if (pathParams(o.op).includes('id')) add('notfound', o);
  for (const [name, r] of Object.entries(data.resources)) if (r.create) add('roundtrip', at(r.create), name);
  for (const [name, resource] of Object.entries(data.owner)) add('owner', at(name), resource);
  const lists = ops.filter((o) => isList(o.op));
  for (const o of lists) add('lists', o);
  for (const o of lists) add('plain', o);
  // The schema family judges every response the families obtain: lists, resources' create/get/update, samples.
  const sampled = new Set<string>([...lists.map((o) => o.name), ...data.samples]);
  for (const r of Object.values(data.resources)) for (const n of [r.create, r.get, r.update]) if (n) sampled.add(n);
  for (const o of ops) if (o.op.response && sampled.has(o.name)) add('schema', o);
  for (const name of Object.keys(data.spelling)) add('spelling', at(name));
  return out;
}
