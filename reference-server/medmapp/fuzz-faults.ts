// Fuzz-only faults of this dialect (see ../fuzz-faults.ts): the server fails on one kind of input the way real servers do.
import type { FuzzFaultSpec } from '../fault-spec.ts';
import { crashProcess, neverAnswer } from '../fuzz-faults.ts';

const isObject = (v: unknown) => typeof v === 'object' && v !== null;
const notString = (v: unknown) => v !== undefined && v !== null && typeof v !== 'string';

export const MEDMAPP_FUZZ_FAULTS = [
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
