// The target as a report shows it: ids, URLs and what differs from the document, never a token or a
// password. Shared by conformance runs and fuzz sessions.
import { deriveWsUrl, type TargetFile } from '../core/target.ts';
import type { RunResults } from '../generated/types/meta/results.ts';

export function shownTarget(target: TargetFile & { wsUrl?: string }, embedded: boolean, opts: { faults?: string[]; variants?: string[] } = {}): RunResults['target'] {
  const users: RunResults['target']['users'] = {};
  for (const [role, u] of Object.entries(target.users)) {
    users[role] = {};
    if (u.id !== undefined) users[role].id = u.id;
    if (u.credentials) users[role].credentials = Object.fromEntries(Object.entries(u.credentials).map(([k, v]) => [k, /pass/i.test(k) ? '[redacted]' : v]));
    if (u.token) users[role].token = '[redacted]';
    if (u.expiredToken) users[role].expiredToken = '[redacted]';
    if (u.refreshToken) users[role].refreshToken = '[redacted]';
  }
  return {
    profile: target.profile,
    baseUrl: target.baseUrl,
    wsUrl: target.wsUrl ?? deriveWsUrl(target.baseUrl),
    embedded,
    users,
    ...(target.fixtures ? { fixtures: target.fixtures } : {}),
    ...(target.endpoints ? { endpoints: target.endpoints } : {}),
    ...(target.hooks ? { hooks: Object.fromEntries(Object.entries(target.hooks).map(([name, h]) => [name, h.command ?? `${h.http!.method ?? 'POST'} ${h.http!.path}`])) } : {}),
    ...(target.limits ? { limits: target.limits } : {}),
    ...(target.throttles ? { throttles: target.throttles } : {}),
    ...(opts.variants?.length ? { variants: opts.variants } : {}),
    ...(opts.faults?.length ? { faults: opts.faults } : {}),
  };
}
