// Logging in: shared by the conformance runner and the load provisioning, so both read the tokens the same
// way, through the documented login endpoint or the one the target file names instead.
import type { DialectProfile } from '../core/profiles.ts';
import { AUTH_LOGIN, Endpoints, shapeBody, valueAt, type Endpoint, type EndpointOverride } from './endpoints.ts';
import { httpExchange, type HttpResponse } from './http.ts';
import type { Transcript } from './transcript.ts';

export { valueAt };

export interface TokenPair {
  access: string;
  refresh?: string;
  res: HttpResponse;
}

/** POSTs `credentials` (named as the profile names them) to `ep`; throws with the reason when no access token comes back. */
export async function loginAt(ep: Endpoint, baseUrl: string, credentials: Record<string, string>, timeoutMs: number, transcript?: Transcript): Promise<TokenPair> {
  const res = await httpExchange(baseUrl, { method: ep.method, path: ep.path, json: shapeBody(ep, credentials, () => undefined) }, timeoutMs, transcript);
  const access = valueAt(res.json, ep.accessPath);
  if (res.status < 200 || res.status >= 300 || typeof access !== 'string') {
    throw new Error(`${ep.method} ${ep.path} answered ${res.status} without '${ep.accessPath}'${res.status >= 400 ? ` (${res.text.slice(0, 120)})` : ''}`);
  }
  const refresh = ep.refreshPath ? valueAt(res.json, ep.refreshPath) : undefined;
  return { access, refresh: typeof refresh === 'string' ? refresh : undefined, res };
}

/** The access token of `credentials`, through the login the target's server serves. */
export async function obtainAccessToken(profile: DialectProfile, baseUrl: string, credentials: Record<string, string>, timeoutMs: number, transcript?: Transcript, overrides?: Record<string, EndpointOverride>): Promise<string> {
  if (!profile.auth.login) throw new Error(`profile ${profile.id} documents no login endpoint`);
  return (await loginAt(new Endpoints(profile, overrides).resolve(AUTH_LOGIN), baseUrl, credentials, timeoutMs, transcript)).access;
}
