// What a dialect plugs into the shared server: its REST routes, how it renders errors, its WebSocket
// behaviour, its seed data and the target file describing it. Medmapp lives in medmapp/; CarInfoPro would
// live in carinfopro/ behind the same interface.
import type { Bus } from './bus.ts';
import type { FaultSet } from './faults.ts';
import type { FaultSpec, FuzzFaultSpec } from './fault-spec.ts';
import type { VariantSpec } from './variant-spec.ts';
import type { VariantSet } from './variants.ts';
import type { Reply, RequestContext, RouteDecl } from './http.ts';
import type { Jwt } from './jwt.ts';
import type { Logger } from './log.ts';
import type { MediaStore } from './media.ts';
import type { SelfCheck } from './self-check.ts';
import type { Store } from './store.ts';
import type { SocketEndpoint } from './ws.ts';
import type { ServerError } from './errors.ts';
import type { TargetFile } from '../core/target.ts';

export interface ServerContext {
  store: Store;
  bus: Bus;
  jwt: Jwt;
  media: MediaStore;
  faults: FaultSet;
  /** Compliant variants: other readings the document allows (variants.ts), read at the seams. */
  variants: VariantSet;
  log: Logger;
  selfCheck: SelfCheck;
}

export interface DialectServer<S = unknown> {
  /** By profile operation name (routes.ts takes method and path from the profile). */
  routes: RouteDecl[];
  /** `ctx` is absent for a request Node could not parse (431, 414, malformed HTTP). */
  renderError(err: ServerError, ctx?: RequestContext): Reply;
  /** One per socket operation of the profile the dialect serves (`profile.ws`). */
  sockets: SocketEndpoint<S>[];
  /** The target file for the running server (after seeding), with fixture logins and ids. */
  target(urls: { baseUrl: string; wsUrl: string }): Promise<TargetFile>;
}

export interface DialectModule {
  id: string;
  /** Each switch breaks one promise of the document (<dialect>/faults.ts). */
  faults: readonly FaultSpec[];
  /** Fuzz-only failures (<dialect>/fuzz-faults.ts), listed apart from `faults`. */
  fuzzFaults?: readonly FuzzFaultSpec[];
  /** Other readings the document allows (<dialect>/variants.ts). */
  variants: readonly VariantSpec[];
  /** Why the dialect runs in one process only (records the shared Store cannot hold): `serve --redis` refuses it. */
  singleProcess?: string;
  /** Seeds the store and returns the dialect's handlers. */
  create(ctx: ServerContext): Promise<DialectServer<unknown>>;
}
