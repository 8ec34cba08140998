// `chatconform spec`: a dialect as OpenAPI 3.1 (its REST operations) or AsyncAPI 3.0 (its sockets), both
// generated from schemas/<id>/profile.json and the JSON Schemas, never written by hand.
import { loadProfile } from '../core/profiles.ts';
import type { JsonObject } from './components.ts';
import { asyncapi } from './asyncapi.ts';
import { openapi } from './openapi.ts';
import { restOperations, sockets } from './operations.ts';

export const SPEC_FORMATS = ['openapi', 'asyncapi'] as const;
export type SpecFormat = (typeof SPEC_FORMATS)[number];

export interface SpecOptions {
  /** The server the document names (`http://host:port`); default http://127.0.0.1:8000. */
  baseUrl?: string;
}

/** The document of one dialect in one format. */
export function exportSpec(profileId: string, format: SpecFormat, opts: SpecOptions = {}): JsonObject {
  const profile = loadProfile(profileId);
  return format === 'openapi' ? openapi(profile, opts) : asyncapi(profile, opts.baseUrl ? { wsUrl: opts.baseUrl } : {});
}

export interface SpecCounts {
  /** REST operations of the profile (login and refresh included) and in the OpenAPI document */
  operations: { profile: number; exported: number };
  /** frames of the profile (in + out, per socket) and messages on the AsyncAPI channels */
  messages: { profile: number; exported: number };
  sockets: { profile: number; exported: number };
}

/** What a profile has against what the two documents carry: the figures `spec --counts` prints. */
export function specCounts(profileId: string): SpecCounts {
  const profile = loadProfile(profileId);
  const oas = openapi(profile);
  const aa = asyncapi(profile);
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  const exportedOps = Object.values(oas.paths as Record<string, JsonObject>).reduce((n, item) => n + Object.keys(item).filter((m) => methods.includes(m)).length, 0);
  const channels = aa.channels as Record<string, { messages: JsonObject }>;
  const socketList = sockets(profile);
  return {
    operations: { profile: restOperations(profile).length, exported: exportedOps },
    messages: { profile: socketList.reduce((n, s) => n + s.in.length + s.out.length, 0), exported: Object.values(channels).reduce((n, c) => n + Object.keys(c.messages).length, 0) },
    sockets: { profile: socketList.length, exported: Object.keys(channels).length },
  };
}
