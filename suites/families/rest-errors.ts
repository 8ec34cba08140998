// REST errors are JSON bodies of the profile's `errors.body` schema (DRF's {"detail"}), not HTML pages:
// a request without a token, and the history of a room that does not exist.
import type { DialectProfile } from '../../core/profiles.ts';
import { expectJsonBody, expectStatus } from '../../harness/verify.ts';
import { ownList } from './auth.ts';
import type { ChatAdapter, Runs } from './adapter.ts';

export type RestErrorPromise = 'rest-error-body';

/** An id of the profile's room id type that names no room. */
export function unknownRoom(profile: DialectProfile): string | number {
  return profile.ids.room === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 987654321;
}

const bodySchema = (profile: DialectProfile, status: number): string => {
  const body = profile.errors.body;
  const key = body?.[String(status)] ?? body?.default;
  if (!key) throw new Error(`profile ${profile.id} names no errors.body schema for HTTP ${status}`);
  return key;
};

export function restErrorRuns<S>(a: ChatAdapter<S>): Runs<RestErrorPromise, S> {
  return {
    async 'rest-error-body'(ctx) {
      const list = ownList(ctx.profile);
      const op = ctx.profile.rest[list];
      const unauth = await ctx.rest(list, {});
      expectStatus(ctx, unauth, [401, 403], `${op.method} ${op.path} without a token`);
      expectJsonBody(ctx, unauth, bodySchema(ctx.profile, unauth.status), `the ${unauth.status} body`);
      const missing = await ctx.rest('messages.list', { role: a.member, params: { id: unknownRoom(ctx.profile) } });
      expectStatus(ctx, missing, a.missingRoomStatuses ?? [404], 'history of a room that does not exist');
      expectJsonBody(ctx, missing, bodySchema(ctx.profile, missing.status), `the ${missing.status} body`);
    },
  };
}
