// The `socket-limit` variant's case in a dialect's variant test (the same variant in every table): with it,
// one user's 11th socket within a minute is refused with HTTP 403 and the target file states the limit;
// without it, the 11th is admitted like the first and the target file states none.
import { expect } from 'vitest';
import type { RunningServer } from '../../reference-server/index.ts';
import type { Client } from './probe.ts';

/** `open(s)` resolves to a function opening one more socket of the same user (admitted when no limit holds). */
export function socketLimitCase(open: (s: RunningServer) => Promise<() => Client>): { on: (s: RunningServer) => Promise<void>; off: (s: RunningServer) => Promise<void> } {
  const eleven = async (s: RunningServer): Promise<string[]> => {
    const next = await open(s);
    const clients: Client[] = [];
    const outcomes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const c = next();
      clients.push(c);
      outcomes.push(await c.admission());
    }
    for (const c of clients) c.close();
    return outcomes;
  };
  return {
    on: async (s) => {
      expect(s.target.limits).toEqual({ socketsPerUser: { count: 10, seconds: 60 } });
      expect(await eleven(s)).toEqual([...Array(10).fill('admitted'), 'refused HTTP 403']);
    },
    off: async (s) => {
      expect(s.target.limits).toBeUndefined();
      expect(await eleven(s)).toEqual(Array(11).fill('admitted'));
    },
  };
}
