// Compliant variants, the dual of faults: each one makes the reference server take another reading that
// its document allows where schemas/DECISIONS.md picked one, so that a check can be shown NOT to fail a
// server for what the document leaves open. A variant is data: what it changes (`apply`) is read at a few
// seams (admission close codes, serialization, delivery, validation, auth and the routes table), never by
// name inside a handler. Names are a contract with the tests: never rename one, only add.
// Each dialect keeps its table in <dialect>/variants.ts (reached through the manifest: tables.ts); this
// file merges the variants switched on into one effect.
import { VARIANTS } from './tables.ts';
import { DEFAULT_RULES, type Rules, type VariantEffect, type VariantSpec } from './variant-spec.ts';

export { DEFAULT_RULES } from './variant-spec.ts';
export type { LoginElsewhere, Rules, VariantEffect, VariantSpec } from './variant-spec.ts';
export { VARIANTS };

/** The variants switched on for one server, merged into one effect the seams read. */
export class VariantSet {
  readonly effect: Readonly<Omit<VariantEffect, 'rules'>>;
  readonly rules: Readonly<Rules>;

  constructor(private readonly specs: readonly VariantSpec[] = []) {
    const effect: VariantEffect = {};
    const rules: Rules = { ...DEFAULT_RULES };
    for (const s of specs) {
      const { rules: r, close, endpoints, unrouted, ...rest } = s.apply;
      Object.assign(effect, rest);
      if (close) effect.close = { ...effect.close, ...close };
      if (endpoints) effect.endpoints = mergeEndpoints(effect.endpoints ?? {}, endpoints);
      if (unrouted) effect.unrouted = [...(effect.unrouted ?? []), ...unrouted];
      Object.assign(rules, r);
    }
    this.effect = effect;
    this.rules = rules;
  }

  has(name: string): boolean {
    return this.specs.some((s) => s.name === name);
  }

  get size(): number {
    return this.specs.length;
  }

  list(): string[] {
    return this.specs.map((s) => s.name);
  }
}

function mergeEndpoints(a: Record<string, Record<string, unknown>>, b: Record<string, Record<string, unknown>>) {
  const out = { ...a };
  for (const [k, e] of Object.entries(b)) out[k] = { ...out[k], ...e };
  return out;
}

/** Validates variant names against the dialect's table; an unknown name is a usage error naming the valid ones. */
export function parseVariants(dialect: string, names: readonly string[] = []): VariantSet {
  const table = VARIANTS[dialect] ?? [];
  const unknown = names.filter((n) => !table.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown variant${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')} for profile ${dialect}; ` +
        `valid names: ${table.map((s) => s.name).join(', ') || '(none)'}`,
    );
  }
  return new VariantSet(table.filter((s) => names.includes(s.name)));
}
