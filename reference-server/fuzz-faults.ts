// Fuzz-only faults: each makes the reference server fail on one kind of input the way real servers do
// (the process dies, a 500, no answer), so that `chatconform fuzz` can be shown to find and report it.
// They break no document promise a conformance check tests, so they are kept apart from FAULTS (whose
// every entry names the check that detects it) and never appear in `serve --list-faults`.

export interface FuzzFaultSpec {
  name: string;
  /** what goes wrong, one line */
  breaks: string;
}

const f = (name: string, breaks: string): FuzzFaultSpec => ({ name, breaks });

export const FUZZ_FAULTS: Record<string, FuzzFaultSpec[]> = {
  medmapp: [
    f('fuzz-crash-non-string-title', 'POST /api/conversations/ whose `title` is neither a string nor null kills the process'),
    f('fuzz-500-object-status', 'PATCH /api/conversations/{id}/ whose `status` is an object or array answers 500'),
    f('fuzz-hang-negative-page', 'GET /api/conversations/{id}/messages/?page=-1 never answers'),
  ],
  carinfopro: [
    f('fuzz-crash-non-string-visitor-name', 'POST /api/chat/start/ whose `visitor_name` is neither a string nor null kills the process'),
  ],
};

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
