// A fault test and its proof, as test/suites/prove.ts proves checks: the same assertion passes against a
// server with the faults on and fails with each one of them switched off, so it cannot pass by accident.
import { expect, it } from 'vitest';
import type { ServerOptions } from '../../reference-server/index.ts';
import { start, within, type Harness } from './probe.ts';

export interface FaultTestOptions {
  profile?: ServerOptions['profile'];
  /** Variants on in every run, with the faults and without each one. */
  variants?: string[];
  /** Bound on one run of the body; a body that waits for what never comes fails instead of hanging. */
  timeoutMs?: number;
}

async function runWith(faults: string[], body: (h: Harness) => Promise<void>, opts: FaultTestOptions): Promise<void> {
  const h = await start({ ...(opts.profile ? { profile: opts.profile } : {}), ...(opts.variants ? { variants: opts.variants } : {}), faults });
  try {
    await within(body(h), opts.timeoutMs ?? 8000, 'the fault test body');
  } finally {
    await h.server.close();
  }
}

/**
 * Why running `body` with `off` switched off (the other faults on) does not prove the test, or undefined when
 * it does: it must fail on an assertion or a bounded wait, not on anything else (a crash proves nothing).
 */
export async function disproof(faults: string[], off: string, body: (h: Harness) => Promise<void>, opts: FaultTestOptions = {}): Promise<string | undefined> {
  const failure = await runWith(faults.filter((f) => f !== off), body, opts).then(() => undefined, (err: unknown) => err as Error);
  if (!failure) return `the test passed with ${off} off`;
  if (failure.name === 'AssertionError' || /^timed out/.test(failure.message)) return undefined;
  return `with ${off} off it failed for another reason: ${failure.stack}`;
}

/** `it(title)` with `faults` on, and per fault `it(title: fails with F off)`, which must see `disproof` find nothing. */
export function faultTest(title: string, faults: string[], body: (h: Harness) => Promise<void>, opts: FaultTestOptions = {}): void {
  it(title, () => runWith(faults, body, opts), 20_000);
  for (const off of faults) {
    it(`${title}: fails with ${off} off`, async () => {
      expect(await disproof(faults, off, body, opts)).toBeUndefined();
    }, 20_000);
  }
}
