// Fuzz-only faults of this dialect (see ../fuzz-faults.ts): the server fails on one kind of input the way real servers do.
import type { FuzzFaultSpec } from '../fault-spec.ts';
import { crashProcess } from '../fuzz-faults.ts';

const notString = (v: unknown) => v !== undefined && v !== null && typeof v !== 'string';

export const CARINFOPRO_FUZZ_FAULTS = [
  {
    name: 'fuzz-crash-non-string-visitor-name', breaks: 'POST /api/chat/start/ whose `visitor_name` is neither a string nor null kills the process',
    hazard: { 'start.visitor_name': (name: unknown) => (notString(name) ? crashProcess('non-string visitor_name') : undefined) },
  },
] as const satisfies readonly FuzzFaultSpec[];
