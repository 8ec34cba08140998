/* Generated from schemas/ by `npm run gen` (tools/gen-types.ts). Do not edit. */
import type { UzbekhubUser } from './user.ts';
import type { UzbekhubUserListResponse } from './user-list-response.ts';

/**
 * 004 §Accounts API 15: GET /api/accounts/account/user/<pk>/ → "Same structure as Search Users response", which is an array. D-uzbekhub-14 reads one user object (a search item); the array of that one user is the literal reading, and both are accepted.
 */
export type UserDetailResponse = UzbekhubUser | UzbekhubUserListResponse;
