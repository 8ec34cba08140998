// 004 §Posts API, §Stories API and §Notifications API: posts with likes, comments and views; stories with their audience, archive, reactions and views; site comments.
import type { RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import type { UzState } from './state.ts';

export function socialRoutes(_sc: ServerContext, _state: UzState): RouteDecl[] {
  return [];
}
