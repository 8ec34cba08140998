// Fault switches: each one turns off exactly one promise of a document, so that every conformance check
// can be shown to fail (STYLE.md: "a check that cannot fail is a defect"). Each dialect keeps its table in
// its own folder (<dialect>/faults.ts, reached through the manifest: tables.ts); this file switches faults on.
// Names and check ids are a contract with the suites: never rename one (keep the old name as an alias).

import type { FaultEffects } from './fault-spec.ts';
import { FAULTS, FUZZ_FAULTS } from './tables.ts';

export type { FaultSpec } from './fault-spec.ts';
export { FAULTS, FUZZ_FAULTS };

/** The canonical name of a fault of `dialect`, given it or one of its aliases; undefined when it is none. */
export function canonicalFault(dialect: string, name: string): string | undefined {
  const table = [...(FAULTS[dialect] ?? []), ...(FUZZ_FAULTS[dialect] ?? [])] as readonly (FaultEffects & { aliases?: readonly string[] })[];
  return table.find((f) => f.name === name || f.aliases?.includes(name))?.name;
}

/** The set of faults switched on for one server: the seams (seams.ts) read what they change. */
export class FaultSet {
  private readonly memos = new Map<string, Map<unknown, unknown>>();

  /** `on` in table order; `given` are the names as they were switched on (aliases included). */
  constructor(private readonly on: readonly FaultEffects[] = [], private readonly given: readonly string[] = on.map((f) => f.name)) {}

  /** The faults switched on that change something at `field`'s seam, in table order. */
  at<K extends Exclude<keyof FaultEffects, 'name'>>(field: K): readonly FaultEffects[] {
    return this.on.filter((f) => f[field] !== undefined);
  }

  /** Per fault: state it keeps for the life of this server. */
  memo(fault: FaultEffects): Map<unknown, unknown> {
    let m = this.memos.get(fault.name);
    if (!m) this.memos.set(fault.name, (m = new Map()));
    return m;
  }

  get size(): number {
    return this.on.length;
  }

  /** The names as switched on. */
  list(): string[] {
    return [...this.given];
  }
}

/** Validates fault names (or aliases) against the dialect's table; an unknown name is a usage error naming the valid ones. */
export function parseFaults(dialect: string, names: readonly string[] = []): FaultSet {
  // Fuzz-only faults (fuzz-faults.ts) are switched on the same way but listed apart.
  const table: readonly FaultEffects[] = [...(FAULTS[dialect] ?? []), ...(FUZZ_FAULTS[dialect] ?? [])];
  const unknown = names.filter((n) => canonicalFault(dialect, n) === undefined);
  if (unknown.length > 0) {
    throw new Error(
      `unknown fault${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')} for profile ${dialect}; ` +
        `valid names: ${table.map((x) => x.name).join(', ') || '(none)'}`,
    );
  }
  const on = new Set(names.map((n) => canonicalFault(dialect, n)));
  return new FaultSet(table.filter((f) => on.has(f.name)), names);
}
