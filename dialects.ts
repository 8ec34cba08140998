// The manifest: one entry per document, and the only place a dialect is registered. Everything that lists
// dialects (profile choices, the reference server, `serve`, the suites, load provisioning, the id snapshots)
// derives its list from this table. A role a dialect does not have yet is simply absent.
//
// Each role is one folder of its own (reference-server/<id>/, suites/<id>/, load/<id>/), reached through a
// lazy import so that `chatconform --help` loads none of them. The profile is schemas/<id>/profile.json.
import type { DialectModule } from './reference-server/dialect.ts';
import type { Suite } from './harness/suite.ts';
import type { Provisioner } from './load/provision.ts';

export interface Dialect {
  /** The seed document in ../shared/seeds/ (000..004). */
  doc: string;
  /** The reference server: routes, socket, seed, fixtures, and its fault and variant tables. */
  server?: () => Promise<DialectModule>;
  /** The conformance checks and their set-up. */
  suite?: () => Promise<Suite>;
  /** Rooms and frame shapes for the k6 load scripts. */
  load?: () => Promise<Provisioner>;
}

export const MANIFEST = {
  medmapp: {
    doc: '000',
    server: () => import('./reference-server/medmapp/index.ts').then((m) => m.medmapp),
    suite: () => import('./suites/medmapp/index.ts').then((m) => m.medmapp),
    load: () => import('./load/medmapp/provision.ts').then((m) => m.medmapp),
  },
  fiko: {
    doc: '001',
    server: () => import('./reference-server/fiko/index.ts').then((m) => m.fiko),
    suite: () => import('./suites/fiko/index.ts').then((m) => m.fiko),
    load: () => import('./load/fiko/provision.ts').then((m) => m.fiko),
  },
  carechat: {
    doc: '002',
    server: () => import('./reference-server/carechat/index.ts').then((m) => m.carechat),
    suite: () => import('./suites/carechat/index.ts').then((m) => m.carechat),
    load: () => import('./load/carechat/provision.ts').then((m) => m.carechat),
  },
  carinfopro: {
    doc: '003',
    server: () => import('./reference-server/carinfopro/index.ts').then((m) => m.carinfopro),
    suite: () => import('./suites/carinfopro/index.ts').then((m) => m.carinfopro),
    load: () => import('./load/carinfopro/provision.ts').then((m) => m.carinfopro),
  },
  uzbekhub: {
    doc: '004',
    server: () => import('./reference-server/uzbekhub/index.ts').then((m) => m.uzbekhub),
    suite: () => import('./suites/uzbekhub/index.ts').then((m) => m.uzbekhub),
    load: () => import('./load/uzbekhub/provision.ts').then((m) => m.uzbekhub),
  },
} as const satisfies Record<string, Dialect>;

export type DialectId = keyof typeof MANIFEST;
export type Role = 'server' | 'suite' | 'load';
/** The ids of the dialects that have `role`, as a type: `ServerOptions.profile` is `WithRole<'server'>`. */
export type WithRole<R extends Role> = { [K in DialectId]: (typeof MANIFEST)[K] extends Record<R, unknown> ? K : never }[DialectId];

export const DIALECT_IDS = Object.keys(MANIFEST) as DialectId[];

export function isDialect(name: string): name is DialectId {
  return Object.hasOwn(MANIFEST, name);
}

/** The ids of the dialects that have `role`, in manifest order. */
export function idsWith<R extends Role>(role: R): WithRole<R>[] {
  return DIALECT_IDS.filter((id) => role in MANIFEST[id]) as WithRole<R>[];
}

type Part<R extends Role> = Awaited<ReturnType<NonNullable<Dialect[R]>>>;

/** Loads one role of every dialect that has it: the registries (SUITES, the server's dialects, PROVISIONERS) are this. */
export async function loadRole<R extends Role>(role: R): Promise<Record<WithRole<R>, Part<R>>> {
  const entries = await Promise.all(idsWith(role).map(async (id) => [id, await (MANIFEST[id] as Dialect)[role]!()] as const));
  return Object.fromEntries(entries) as Record<WithRole<R>, Part<R>>;
}

/** One role of one dialect, or undefined when the manifest has no such dialect or it lacks the role. */
export async function partOf<R extends Role>(id: string, role: R): Promise<Part<R> | undefined> {
  if (!isDialect(id)) return undefined;
  const load = (MANIFEST[id] as Dialect)[role];
  return load ? ((await load()) as Part<R>) : undefined;
}
