// Every dialect's suite (suites/<id>/), by dialect id, from the manifest (dialects.ts).
import { loadRole } from '../dialects.ts';
import type { Suite } from '../harness/suite.ts';

export const SUITES: Readonly<Record<string, Suite>> = await loadRole('suite');
