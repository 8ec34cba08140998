// 004 §Accounts API 1-2, 4-6, 8-37: sign-up and its code, password reset, my profile's update, email change, account deletion, search, public profiles, locations, blocks, status, contacts, admin; the emailed codes' outbox and the throttled scopes.
import type { RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import type { UzState } from './state.ts';

export function accountRoutes(_sc: ServerContext, _state: UzState): RouteDecl[] {
  return [];
}
