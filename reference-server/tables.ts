// Every served dialect's fault, fuzz-fault and variant tables, by dialect id, from the manifest: each table
// lives in reference-server/<id>/ and its module names it. Dialect modules import from here nothing but
// types (this module awaits them: a value import from one would wait on itself).
import { loadRole } from '../dialects.ts';
import type { DialectModule } from './dialect.ts';
import type { FaultSpec, FuzzFaultSpec } from './fault-spec.ts';
import type { VariantSpec } from './variant-spec.ts';

const SERVED: Readonly<Record<string, DialectModule>> = await loadRole('server');

const by = <T>(pick: (m: DialectModule) => T): Readonly<Record<string, T>> =>
  Object.fromEntries(Object.entries(SERVED).map(([id, m]) => [id, pick(m)]));

export const DIALECT_MODULES = SERVED;
/** Canonical names only; `aliases` lists the old ones. */
export const FAULTS = by((m): readonly FaultSpec[] => m.faults);
export const FUZZ_FAULTS = by((m): readonly FuzzFaultSpec[] => m.fuzzFaults ?? []);
export const VARIANTS = by((m): readonly VariantSpec[] => m.variants);
