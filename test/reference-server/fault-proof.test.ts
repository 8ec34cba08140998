// fault-proof.ts: the proof of a fault test says no to a body that cannot fail and to one that crashes.
import { describe, expect, it } from 'vitest';
import { disproof } from './fault-proof.ts';
import { connectOpen, login, type Harness } from './probe.ts';

describe('disproof', () => {
  const letsExpiredIn = async ({ server }: Harness) => {
    (await connectOpen(server, server.target.users.patient!.expiredToken!)).close();
  };

  it('finds nothing wrong with a body that fails once its fault is off', async () => {
    expect(await disproof(['ws-accepts-expired-token'], 'ws-accepts-expired-token', letsExpiredIn)).toBeUndefined();
  });

  it('names a body that passes with its fault off', async () => {
    const cannotFail = async ({ server }: Harness) => void (await login(server, 'patient'));
    expect(await disproof(['ws-accepts-expired-token'], 'ws-accepts-expired-token', cannotFail)).toBe('the test passed with ws-accepts-expired-token off');
  });

  it('names a body that fails for another reason than an assertion', async () => {
    const crashes = async () => {
      throw new TypeError('boom');
    };
    expect(await disproof(['ws-accepts-expired-token'], 'ws-accepts-expired-token', crashes)).toMatch(/failed for another reason: TypeError: boom/);
  });
});
