// The REST check families, generated from a profile's `rest` table (rest-plan.ts) and a dialect's data
// (RestAdapter): authentication required or not as each operation says, an unknown id answering 404, each
// resource's write-then-read round trip, another user refused what they do not own, lists in their
// documented shape (MUST: any reading the document allows; SHOULD: the one its example shows), every
// response the families obtain valid against its schema, and a field's spelling where the document has two.
// A new operation in the table gets its checks without code: only what is particular to a resource is data.
import type { Json } from '../../core/json.ts';
import { invented } from '../../core/redact.ts';
import type { DialectProfile } from '../../core/profiles.ts';
import { CheckBlocked, CheckSkip, type Check, type Level } from '../../harness/check.ts';
import type { CheckContext } from '../../harness/context.ts';
import type { FormData, HttpResponse } from '../../client/http.ts';
import { expectJsonBody, expectSchema, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { curlLine } from '../support.ts';
import { familyPlan, isList, pathParams, type FamilyPlanData, type PlannedCheck, type ResourcePlan, type RestOp } from './rest-plan.ts';

/** Who a request is made as: a fixture role, or a token of a user of the check's own. */
export interface Who {
  role?: string;
  token?: string;
  /** for what the checks say */
  label: string;
}

/** A request body: JSON, or a multipart form (made afresh for each request). */
export interface Body {
  json?: unknown;
  form?: () => FormData;
}

export interface Call extends Body {
  who: Who;
  params?: Record<string, string | number>;
  query?: Record<string, string | number>;
}

/** What a write sends and the fields a read must then show. */
export interface Write extends Body {
  shows: Json;
}

export type Setup = Record<string, string | number>;

export interface Resource<S> extends ResourcePlan {
  /** the record, for what the checks say ("a post") */
  what: string;
  /** who owns the records the checks make (default: the adapter's `member`) */
  owner?(ctx: CheckContext<S>): Promise<Who>;
  /** records this one needs first (a post to comment on), made as `who` */
  setup?(ctx: CheckContext<S>, who: Who): Promise<Setup>;
  /** path parameters of create and list (`{id}` of the post commented on) */
  params?(setup: Setup): Record<string, string | number>;
  /** the body of create */
  body?(ctx: CheckContext<S>, setup: Setup): Write;
  /** a record made otherwise than by `create` (a message sent on the socket): the record, with its id */
  make?(ctx: CheckContext<S>, who: Who, setup: Setup): Promise<Json>;
  /** the body of update */
  change?(ctx: CheckContext<S>, setup: Setup): Write;
  /** read back through another operation's body (my profile's `location`) */
  read?: { op: string; pick(body: Json): Json | undefined | null };
  /** one per user: get, update and delete take no id */
  singleton?: boolean;
  /** the id the record's own paths take, where a reading the document allows makes it another than `id` (a block by its blocked user's id) */
  pathId?(ctx: CheckContext<S>, who: Who, record: Json): Promise<string | number>;
  /** the round trip's level: MUST where the document shows each step, else the decision it rests on */
  decision?: string;
  /** quoted in the round trip's requirement */
  quote: string;
}

export interface OwnerRule {
  /** the decision the rule rests on (SHOULD), where the document says no "Owner only" */
  decision?: string;
  quote: string;
}

export interface RestAdapter<S> {
  /** the check id prefix and the seed document (`uzbekhub`, `004`) */
  prefix: string;
  document: string;
  /** the role that calls bearer operations and owns the records the checks make */
  member: string;
  /** the role that calls admin operations (its absence from the target file skips those checks) */
  staff: string;
  /** the other user who tries what they do not own */
  other: string;
  /**
   * An operation's section where its `doc` is a decision, and the families whose promise the document
   * itself makes there (the others rest on the decision: SHOULD).
   */
  sections: Record<string, { doc: string; shows: readonly PlannedCheck['family'][] }>;
  /** the profile's `{id}` kind of an operation (D-uzbekhub-25: uuid or integer) */
  idKind(name: string): 'uuid' | 'integer';
  /** a value for a path variable other than `id` (a search key, a username) */
  placeholder(param: string): string;
  quotes: { required: string; admin: string; none: (name: string) => string; unauthorized: string; notFound: string; forbidden: string };
  /** the document's reading of a list (D-uzbekhub-48): its items, over every page, or undefined for neither shape */
  readList(ctx: CheckContext<S>, op: string, call: Omit<Call, keyof Body>): Promise<{ res: HttpResponse; items: Json[] | undefined }>;
  /** the decision a plain-array list rests on (D-uzbekhub-06) */
  plainDecision: { id: string; text: string };
  /** the decision a field's two spellings rest on (D-uzbekhub-49) */
  spellingDecision: { id: string; text: string };
  plan: FamilyPlanData;
  resources: Record<string, Resource<S>>;
  owner: Record<string, OwnerRule>;
  /** how to call a list operation (its parent, its caller), where the member without parameters is not it */
  listCalls: Record<string, (ctx: CheckContext<S>) => Promise<Omit<Call, keyof Body>>>;
  /** how to obtain the response of a sampled operation (plan.samples) */
  samples: Record<string, (ctx: CheckContext<S>) => Promise<Call>>;
}

const UUID_NONE = '00000000-0000-4000-8000-000000000000';
const INT_NONE = 987654321;

const isDecision = (doc: string) => /^D-/.test(doc);
const statusOf = (o: RestOp): number => o.op.status ?? 200;

/** The request of a call, as ctx.rest takes it. */
function request(call: Call): Parameters<CheckContext['rest']>[1] {
  return {
    ...(call.who.role ? { role: call.who.role } : {}),
    ...(call.who.token ? { token: call.who.token } : {}),
    ...(call.params ? { params: call.params } : {}),
    ...(call.query ? { query: call.query } : {}),
    ...(call.json !== undefined ? { json: call.json } : {}),
    ...(call.form ? { form: call.form() } : {}),
  };
}

const objectOf = (res: HttpResponse): Json => (res.json && typeof res.json === 'object' && !Array.isArray(res.json) ? (res.json as Json) : {});

/** The keys of `want` whose values `got` does not show (compared as JSON, numbers and strings alike). */
function differing(got: Json | undefined, want: Json): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
  return Object.entries(want).filter(([k, v]) => !got || !same(got[k], v)).map(([k]) => k);
}

export function restFamilyChecks<S>(profile: DialectProfile, a: RestAdapter<S>): Check<S>[] {
  const rest = profile.rest;
  const errorSchema = (status: number) => profile.errors.body?.[String(status)] ?? profile.errors.body?.default;
  const line = (o: RestOp) => `${o.op.method} ${o.op.path}`;
  const section = (o: RestOp) => a.sections[o.name]?.doc ?? o.op.doc;
  /** MUST where the document shows the promise; SHOULD resting on the decision that names the operation otherwise. */
  const levelOf = (o: RestOp, family: PlannedCheck['family'], decision?: string): { level: Level; decision?: string } => {
    const d = decision ?? (isDecision(o.op.doc) && !a.sections[o.name]?.shows.includes(family) ? o.op.doc : undefined);
    return d ? { level: 'SHOULD', decision: d } : { level: 'MUST' };
  };
  const decided = (d: string | undefined, text: string) => (d ? `Decision ${d}: ${text}` : text);

  async function staffOr(ctx: CheckContext<S>): Promise<Who> {
    if (!ctx.env.sessions.get(a.staff)?.token) throw new CheckSkip(`the target file names no users.${a.staff} (an admin of the server), so the admin operations' own answers are not checked`);
    return { role: a.staff, label: `the ${a.staff}` };
  }
  const callerOf = (ctx: CheckContext<S>, o: RestOp): Promise<Who> => (o.op.auth === 'admin' ? staffOr(ctx) : Promise.resolve({ role: a.member, label: `the ${a.member}` }));

  /** Every path variable filled: `id` with an id of its kind that names nothing, the others with placeholders. */
  const unknownParams = (o: RestOp): Record<string, string | number> =>
    Object.fromEntries(pathParams(o.op).map((p) => [p, p === 'id' ? (a.idKind(o.name) === 'uuid' ? UUID_NONE : INT_NONE) : a.placeholder(p)]));
  const emptyBody = (o: RestOp): Body => (o.op.contentType ? { json: {} } : {});

  const reproduce = (ctx: CheckContext<S>, o: RestOp, call: Call) =>
    ctx.addReproduction(curlLine(o.op.method, Object.entries(call.params ?? {}).reduce((p, [k, v]) => p.replace(`{${k}}`, String(v)), o.op.path), call.who.role, call.json !== undefined ? { json: call.json } : {}));

  // ---- resources: making, reading back, sampling ----

  const ownerOf = (ctx: CheckContext<S>, r: Resource<S>): Promise<Who> => r.owner?.(ctx) ?? Promise.resolve({ role: a.member, label: `the ${a.member}` });

  interface Made {
    who: Who;
    setup: Setup;
    id: string | number | undefined;
    record: Json;
    /** what the create sent that a read must show */
    shows: Json;
    res?: HttpResponse;
  }

  /** A record of `r` made by its owner; `strict`: the create is the subject (its failure fails), else it blocks. */
  async function make(ctx: CheckContext<S>, name: string, strict: boolean): Promise<Made> {
    const r = a.resources[name]!;
    const who = await ownerOf(ctx, r);
    const setup = (await r.setup?.(ctx, who)) ?? {};
    if (r.make) {
      const record = await r.make(ctx, who, setup);
      return { who, setup, id: record.id as string | number, record, shows: {} };
    }
    const create = restOpOf(r.create!);
    const write = r.body!(ctx, setup);
    const call: Call = { who, params: r.params?.(setup), ...write };
    reproduce(ctx, create, call);
    const res = await ctx.rest(r.create!, request(call));
    const root = familyIdOf('roundtrip', create);
    if (res.status !== statusOf(create) && !(res.status >= 200 && res.status < 300 && !strict)) {
      if (strict) expectStatus(ctx, res, [statusOf(create)], `${line(create)} (${r.what}) as ${who.label}`);
      throw new CheckBlocked({ kind: 'check', id: root, reason: `${line(create)} as ${who.label} answered ${res.status}, so there is no ${r.what} to act on` });
    }
    const record = objectOf(res);
    if (!r.singleton && record.id === undefined) {
      if (strict) expectTrue(ctx, false, { expected: ['the created record with its id'], observed: short(res.json), pass: '', fail: `${line(create)} answered no id` });
      throw new CheckBlocked({ kind: 'check', id: root, reason: `${line(create)} answered no id` });
    }
    const id = r.pathId ? await r.pathId(ctx, who, record) : (record.id as string | number | undefined);
    return { who, setup, id, record, shows: write.shows, res };
  }

  /** The record as its owner reads it back: found (and what it shows), or gone. */
  async function readBack(ctx: CheckContext<S>, name: string, m: Made): Promise<{ found: boolean; record?: Json; status: number; text: string }> {
    const r = a.resources[name]!;
    if (r.get) {
      const res = await ctx.rest(r.get, request({ who: m.who, ...(r.singleton ? {} : { params: { id: m.id! } }) }));
      return { found: res.status === 200, record: res.status === 200 ? objectOf(res) : undefined, status: res.status, text: `HTTP ${res.status} ${short(res.text, 160)}` };
    }
    if (r.read) {
      const res = await ctx.rest(r.read.op, request({ who: m.who }));
      const record = r.read.pick(objectOf(res)) ?? undefined;
      return { found: res.status === 200 && record !== undefined, record, status: res.status, text: `${r.read.op}: HTTP ${res.status} ${short(record ?? null, 160)}` };
    }
    if (r.list) {
      const { res, items } = await a.readList(ctx, r.list, { who: m.who, params: r.params?.(m.setup) });
      const record = items?.find((i) => String(i.id) === String(m.id));
      return { found: record !== undefined, record, status: res.status, text: `${r.list}: HTTP ${res.status}, ${items?.length ?? 'no'} items${record ? '' : `, none with id ${String(m.id)}`}` };
    }
    throw new Error(`resource ${name} has no way to be read back (get, read or list)`);
  }

  const restOpOf = (name: string): RestOp => {
    const index = Object.keys(rest).indexOf(name);
    if (index < 0) throw new Error(`profile ${profile.id} has no operation '${name}'`);
    return { name, index: index + 1, op: rest[name]! };
  };
  const familyIdOf = (family: PlannedCheck['family'], o: RestOp) => `${a.prefix}-${family}-${String(o.index).padStart(3, '0')}`;
  const resourceOf = (op: string): [string, Resource<S>] | undefined => Object.entries(a.resources).find(([, r]) => [r.create, r.get, r.update].includes(op));

  /** The call a list operation is read with. */
  const listCall = async (ctx: CheckContext<S>, name: string): Promise<Omit<Call, keyof Body>> => {
    const o = restOpOf(name);
    const given = await a.listCalls[name]?.(ctx);
    if (given) return given;
    // A resource's own list is read with one record in it at least, so that its items can be judged.
    const owned = Object.entries(a.resources).find(([, r]) => r.list === name && (r.create || r.make));
    if (owned) {
      const m = await make(ctx, owned[0], false);
      return { who: m.who, ...(owned[1].params ? { params: owned[1].params(m.setup) } : {}) };
    }
    return { who: await callerOf(ctx, o) };
  };

  /** A success response of `name` as the families obtain it: a list read, a resource's create/get/update, a sample. */
  async function sample(ctx: CheckContext<S>, name: string): Promise<HttpResponse> {
    const o = restOpOf(name);
    if (isList(o.op)) {
      const call = await listCall(ctx, name);
      reproduce(ctx, o, call);
      return ctx.rest(name, request(call));
    }
    const owned = resourceOf(name);
    if (owned) {
      const [rname, r] = owned;
      const m = await make(ctx, rname, false);
      if (name === r.create && m.res) return m.res;
      const params = r.singleton ? undefined : { id: m.id! };
      const call: Call = { who: m.who, ...(params ? { params } : {}), ...(name === r.update ? r.change!(ctx, m.setup) : {}) };
      reproduce(ctx, o, call);
      return ctx.rest(name, request(call));
    }
    const recipe = a.samples[name];
    if (!recipe) throw new Error(`no way to obtain a response of ${name} (family data: samples)`);
    const call = await recipe(ctx);
    if (call.who.role === a.staff) await staffOr(ctx);
    reproduce(ctx, o, call);
    return ctx.rest(name, request(call));
  }

  // ---- the families ----

  const runs: Record<PlannedCheck['family'], (p: PlannedCheck) => Omit<Check<S>, 'id'>> = {
    authn(p) {
      const o = p.op;
      const required = o.op.auth !== 'none';
      const lv = levelOf(o, 'authn');
      const quote = o.op.auth === 'admin' ? a.quotes.admin : required ? a.quotes.required : a.quotes.none(o.name);
      return {
        ...lv,
        doc: section(o),
        title: required ? `${line(o)} refuses a request without a token, or with a bad one, with 401 {"detail"}` : `${line(o)} is answered without a token`,
        requirement: decided(lv.decision, required ? `${line(o)}: ${quote}; §Error Responses: ${a.quotes.unauthorized}` : `${line(o)}: ${quote} — answered without a token, not refused with 401 or 403.`),
        tags: ['auth', 'rest', 'family'],
        async run(ctx) {
          const call: Call = { who: { label: 'a client without a token' }, params: unknownParams(o), ...emptyBody(o) };
          reproduce(ctx, o, call);
          if (!required) {
            const res = await ctx.rest(o.name, request(call));
            expectTrue(ctx, res.status !== 401 && res.status !== 403, {
              expected: ['any answer but 401 or 403 (the request may still be invalid: 400, 404)'],
              observed: `HTTP ${res.status} ${short(res.text, 200)}`,
              pass: `${line(o)} answered ${res.status} without a token`,
              fail: `${line(o)} refused a request without a token (${res.status}), though the document says no authentication is required`,
            });
            return;
          }
          for (const [token, what] of [[undefined, 'without a token'], [invented('not-a-jwt'), 'with the token "not-a-jwt"']] as const) {
            const res = await ctx.rest(o.name, request({ ...call, who: { token, label: what } }));
            expectStatus(ctx, res, [401], `${line(o)} ${what}`);
            expectJsonBody(ctx, res, errorSchema(401)!, `the 401 body ${what}`);
          }
        },
      };
    },

    notfound(p) {
      const o = p.op;
      const lv = levelOf(o, 'notfound');
      return {
        ...lv,
        doc: section(o),
        title: `${line(o)} with an id that names nothing answers 404`,
        requirement: decided(lv.decision, `${line(o)}; §Error Responses: ${a.quotes.notFound} (the status; either body, as D-03 reads it, is taken).`),
        tags: ['errors', 'rest', 'family'],
        async run(ctx) {
          const call: Call = { who: await callerOf(ctx, o), params: unknownParams(o), ...emptyBody(o) };
          reproduce(ctx, o, call);
          const res = await ctx.rest(o.name, request(call));
          expectStatus(ctx, res, [404], `${line(o)} with id ${String(call.params!.id)} as ${call.who.label}`);
          expectJsonBody(ctx, res, errorSchema(404)!, 'the 404 body');
        },
      };
    },

    roundtrip(p) {
      const name = p.resource!;
      const r = a.resources[name]!;
      const lv = levelOf(p.op, 'roundtrip', r.decision);
      const steps = ['create', r.get || r.read || r.list ? 'read back' : '', r.update ? 'update, read again' : '', r.delete ? 'delete, read: gone' : ''].filter(Boolean).join(', ');
      return {
        ...lv,
        doc: section(p.op),
        title: `The ${r.what}: ${steps}`,
        requirement: decided(lv.decision, r.quote),
        tags: ['rest', 'roundtrip', 'family'],
        async run(ctx) {
          const m = await make(ctx, name, true);
          const shows = async (want: Json, what: string) => {
            const got = await readBack(ctx, name, m);
            const off = differing(got.record, want);
            expectTrue(ctx, got.found && off.length === 0, {
              expected: [`the ${r.what} read back showing ${short(want)}`],
              observed: got.found ? short(got.record) : got.text,
              pass: what,
              fail: got.found ? `${what}: read back, it differs (${off.join(', ')})` : `${what}: it could not be read back (${got.text})`,
            });
          };
          // The record's own id (its path id may be another: Resource.pathId).
          const id = m.record?.id ?? m.id;
          await shows({ ...(id !== undefined ? { id } : {}), ...m.shows }, `the ${r.what} created is read back as written`);
          if (r.update) {
            const o = restOpOf(r.update);
            const change = r.change!(ctx, m.setup);
            const call: Call = { who: m.who, ...(r.singleton ? {} : { params: { id: m.id! } }), ...change };
            reproduce(ctx, o, call);
            expectStatus(ctx, await ctx.rest(r.update, request(call)), [statusOf(o)], `${line(o)} as ${m.who.label}`);
            await shows(change.shows, `the ${r.what} read after the update shows it`);
          }
          if (r.delete) {
            const o = restOpOf(r.delete);
            const call: Call = { who: m.who, ...(r.singleton ? {} : { params: { id: m.id! } }) };
            reproduce(ctx, o, call);
            expectStatus(ctx, await ctx.rest(r.delete, request(call)), [statusOf(o)], `${line(o)} as ${m.who.label}`);
            const got = await readBack(ctx, name, m);
            const gone = !got.found && (r.get ? got.status === 404 : true);
            expectTrue(ctx, gone, {
              expected: [r.get ? `${rest[r.get]!.method} ${rest[r.get]!.path} answers 404` : `the ${r.what} no longer read back`],
              observed: got.text,
              pass: `the ${r.what} deleted is gone`,
              fail: `the ${r.what} deleted is still there (${got.text})`,
            });
          }
        },
      };
    },

    owner(p) {
      const o = p.op;
      const name = p.resource!;
      const r = a.resources[name]!;
      const rule = a.owner[o.name]!;
      const lv = levelOf(o, 'owner', rule.decision);
      const changes = o.op.method === 'PATCH' || o.op.method === 'PUT';
      return {
        ...lv,
        doc: section(o),
        title: `${line(o)}: another user cannot ${changes ? 'change' : o.op.method === 'DELETE' ? 'delete' : 'act on'} a ${r.what} they do not own, and nothing changes`,
        requirement: decided(lv.decision, `${line(o)}: ${rule.quote}; §Error Responses: ${a.quotes.forbidden} (or 404 where others' records are hidden).`),
        tags: ['access', 'rest', 'family'],
        async run(ctx) {
          const m = await make(ctx, name, false);
          const before = await readBack(ctx, name, m);
          if (!before.found) throw new CheckBlocked({ kind: 'check', id: r.create ? familyIdOf('roundtrip', restOpOf(r.create)) : familyIdOf('schema', restOpOf(r.list ?? r.get!)), reason: `the ${r.what} just made cannot be read back (${before.text})` });
          const other: Who = { role: a.other, label: `the ${a.other}` };
          const call: Call = { who: other, ...(r.singleton ? {} : { params: { id: m.id! } }), ...(changes ? r.change!(ctx, m.setup) : {}) };
          reproduce(ctx, o, call);
          const res = await ctx.rest(o.name, request(call));
          expectStatus(ctx, res, [403, 404], `${line(o)} on the ${r.what} of ${m.who.label} as ${other.label}`);
          if (res.status === 403) expectJsonBody(ctx, res, errorSchema(403)!, 'the 403 body');
          const after = await readBack(ctx, name, m);
          const off = after.found ? differing(after.record, before.record ?? {}) : [];
          expectTrue(ctx, after.found && off.length === 0, {
            expected: [`the ${r.what} still there, unchanged`],
            observed: after.found ? short(after.record) : after.text,
            pass: `the ${a.other}'s request changed nothing`,
            fail: after.found ? `the ${a.other}'s refused request changed the ${r.what} (${off.join(', ')})` : `the ${r.what} is gone after the ${a.other}'s refused request`,
          });
        },
      };
    },

    lists(p) {
      const o = p.op;
      const lv = levelOf(o, 'lists');
      return {
        ...lv,
        doc: section(o),
        title: `${line(o)} answers a list: a plain array, or the §Pagination envelope`,
        requirement: decided(lv.decision, `${line(o)} → 200 with the list its example shows; §Pagination: "List endpointlar pagination qo'llab-quvvatlaydi" (list endpoints support pagination): {"count", "next", "previous", "results"}. Either reading passes.`),
        tags: ['rest', 'lists', 'family'],
        async run(ctx) {
          const call = await listCall(ctx, o.name);
          reproduce(ctx, o, call);
          const { res, items } = await a.readList(ctx, o.name, call);
          expectStatus(ctx, res, [200], `${line(o)} as ${call.who.label}`);
          expectTrue(ctx, items !== undefined, {
            expected: ['a JSON array', 'the §Pagination envelope {"count", "next", "previous", "results": […]}'],
            observed: short(res.json ?? res.text),
            pass: `a list of ${items?.length ?? 0} items`,
            fail: `${line(o)} answered neither a plain array nor the §Pagination envelope`,
          });
        },
      };
    },

    plain(p) {
      const o = p.op;
      return {
        level: 'SHOULD',
        decision: a.plainDecision.id,
        doc: section(o),
        title: `${line(o)} answers the plain array its example shows`,
        requirement: `Decision ${a.plainDecision.id}: ${a.plainDecision.text}`,
        tags: ['rest', 'lists', 'family'],
        async run(ctx) {
          const call = await listCall(ctx, o.name);
          reproduce(ctx, o, call);
          const res = await ctx.rest(o.name, request(call));
          expectStatus(ctx, res, [200], `${line(o)} as ${call.who.label}`);
          expectTrue(ctx, Array.isArray(res.json), {
            expected: ['a JSON array, as the example shows'],
            observed: short(res.json ?? res.text),
            pass: 'a plain array',
            fail: `${line(o)} answered ${res.json && typeof res.json === 'object' ? `an object with ${Object.keys(res.json).join(', ')}` : 'no JSON array'}`,
          });
        },
      };
    },

    schema(p) {
      const o = p.op;
      const lv = levelOf(o, 'schema');
      return {
        ...lv,
        doc: section(o),
        title: `${line(o)} answers ${statusOf(o)} with a body valid against ${o.op.response}`,
        requirement: decided(lv.decision, `${line(o)} → "Response (${statusOf(o)})" as 004's example shows it (schemas/${o.op.response}.schema.json).`),
        tags: ['rest', 'schema', 'family'],
        async run(ctx) {
          if (isList(o.op)) {
            const call = await listCall(ctx, o.name);
            reproduce(ctx, o, call);
            const { res, items } = await a.readList(ctx, o.name, call);
            expectStatus(ctx, res, [statusOf(o)], `${line(o)} as ${call.who.label}`);
            if (items === undefined) throw new CheckBlocked({ kind: 'check', id: familyIdOf('lists', o), reason: `${line(o)} answered no list to judge` });
            // An empty list is valid against any list schema: with nothing in it, nothing was judged.
            if (items.length === 0) throw new CheckBlocked({ kind: 'check', id: familyIdOf('lists', o), reason: `${line(o)} answered an empty list after a record was made for it, so no item could be judged` });
            expectSchema(ctx, o.op.response!, items, `the items of ${line(o)}`);
            return;
          }
          const res = await sample(ctx, o.name);
          expectStatus(ctx, res, [statusOf(o)], line(o));
          expectJsonBody(ctx, res, o.op.response!, `the ${o.name} response`);
        },
      };
    },

    spelling(p) {
      const o = p.op;
      const { field, other } = a.plan.spelling[o.name]!;
      return {
        level: 'SHOULD',
        decision: a.spellingDecision.id,
        doc: section(o),
        title: `${line(o)} spells \`${field}\` as its example does`,
        requirement: `Decision ${a.spellingDecision.id}: ${a.spellingDecision.text} ${line(o)}'s example shows \`${field}\`.`,
        tags: ['rest', 'schema', 'family'],
        async run(ctx) {
          const res = await sample(ctx, o.name);
          expectStatus(ctx, res, [statusOf(o)], line(o));
          const body = res.json as Json | Json[] | undefined;
          const records = Array.isArray(body) ? body : Array.isArray(body?.results) ? (body!.results as Json[]) : body ? [body] : [];
          if (records.length === 0) throw new CheckBlocked({ kind: 'check', id: familyIdOf('schema', o), reason: `${line(o)} answered no record to judge` });
          const wrong = records.filter((x) => !(field in x));
          expectTrue(ctx, wrong.length === 0, {
            expected: [`\`${field}\` in each record`],
            observed: short(wrong[0] ?? records[0]),
            pass: `each record carries \`${field}\``,
            fail: `${wrong.length} of ${records.length} records lack \`${field}\`${other in (wrong[0] ?? {}) ? ` (they carry \`${other}\`)` : ''}`,
          });
        },
      };
    },
  };

  return familyPlan(profile, a.plan).map((p) => ({ id: p.id, ...runs[p.family](p) }));
}
