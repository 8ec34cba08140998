// Fuzz-only faults: each makes the reference server fail on one kind of input the way real servers do
// (the process dies, a 500, no answer), so that `chatconform fuzz` can be shown to find and report it.
// They break no document promise a conformance check tests, so they are kept apart from FAULTS (whose
// every entry names the check that detects it) and never appear in `serve --list-faults`. Each is applied
// at the hazard seam (seams.ts `hazard`): the input named by the key, before it is validated.
import type { FuzzFaultSpec } from './fault-spec.ts';

export type { FuzzFaultSpec } from './fault-spec.ts';

const isObject = (v: unknown) => typeof v === 'object' && v !== null;
const notString = (v: unknown) => v !== undefined && v !== null && typeof v !== 'string';

const MEDMAPP = [
  {
    name: 'fuzz-crash-non-string-title', breaks: 'POST /api/conversations/ whose `title` is neither a string nor null kills the process',
    hazard: { 'create.title': (title: unknown) => (notString(title) ? crashProcess('non-string title') : undefined) },
  },
  {
    name: 'fuzz-500-object-status', breaks: 'PATCH /api/conversations/{id}/ whose `status` is an object or array answers 500',
    hazard: {
      'update.status': (status: unknown) => {
        if (isObject(status)) throw new Error('fuzz fault: object status');
      },
    },
  },
  {
    name: 'fuzz-hang-negative-page', breaks: 'GET /api/conversations/{id}/messages/?page=-1 never answers',
    hazard: { 'history.page': (page: unknown) => (page === '-1' ? neverAnswer() : undefined) },
  },
] as const satisfies readonly FuzzFaultSpec[];

const CARINFOPRO = [
  {
    name: 'fuzz-crash-non-string-visitor-name', breaks: 'POST /api/chat/start/ whose `visitor_name` is neither a string nor null kills the process',
    hazard: { 'start.visitor_name': (name: unknown) => (notString(name) ? crashProcess('non-string visitor_name') : undefined) },
  },
] as const satisfies readonly FuzzFaultSpec[];

export const FUZZ_FAULTS: Record<string, readonly FuzzFaultSpec[]> = { medmapp: MEDMAPP, carinfopro: CARINFOPRO };

/** What the crash faults do: an exception no handler catches, the way an unguarded stream error ends Node. */
export function crashProcess(what: string): Promise<never> {
  process.nextTick(() => {
    throw new Error(`fuzz fault: ${what}`);
  });
  return new Promise<never>(() => {});
}

/** What the hang faults do: a request that is never answered (Node's requestTimeout ends it after 30 s). */
export function neverAnswer(): Promise<never> {
  return new Promise<never>(() => {});
}
