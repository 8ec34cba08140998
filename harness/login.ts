// Logging in through the profile's documented endpoint: shared by the conformance runner and the load
// provisioning, so both read the access token the same way.
import type { DialectProfile } from '../core/profiles.ts';
import { httpExchange } from './http.ts';
import type { Transcript } from './transcript.ts';

/** `token.access` of `{token: {access}}`: the value at a dotted path, or undefined. */
export function valueAt(value: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

/** POSTs `credentials` to the profile's login endpoint and returns the access token; throws with the reason. */
export async function obtainAccessToken(profile: DialectProfile, baseUrl: string, credentials: Record<string, string>, timeoutMs: number, transcript?: Transcript): Promise<string> {
  const spec = profile.auth.login;
  if (!spec) throw new Error(`profile ${profile.id} documents no login endpoint`);
  const res = await httpExchange(baseUrl, { method: spec.method, path: spec.path, json: credentials }, timeoutMs, transcript);
  const token = valueAt(res.json, spec.accessPath);
  if (res.status >= 300 || typeof token !== 'string') throw new Error(`POST ${spec.path} answered ${res.status} without '${spec.accessPath}'`);
  return token;
}
