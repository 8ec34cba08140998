// The role matrix is what the suite tries: every row names a check of the suite, every operation of 004's
// chat with a role rule has a row, and each row's check has a fault in the reference server (so each
// refusal it tries can be shown broken).
import { expect, it } from 'vitest';
import { FAULTS } from '../../../reference-server/index.ts';
import { SUITES } from '../../../suites/index.ts';
import { ROLE_MATRIX } from '../../../suites/uzbekhub/role-matrix.ts';

it('names checks of the suite, covers every role-ruled operation, and each row is proven by a fault', () => {
  const ids = new Set(SUITES.uzbekhub!.checks.map((c) => c.id));
  for (const r of ROLE_MATRIX) expect(ids, r.op).toContain(r.check);
  const ops = new Set(ROLE_MATRIX.map((r) => r.op.split(' ')[0]));
  const ruled = ['rooms.get', 'rooms.update', 'rooms.delete', 'rooms.clearMessages', 'members.list', 'members.join', 'members.leave', 'members.setAdmin', 'members.removeAdmin', 'members.transferOwner', 'members.add', 'members.remove', 'messages.list', 'messages.delete', 'files.delete'];
  expect(ruled.filter((op) => !ops.has(op))).toEqual([]);
  const proven = new Set(FAULTS.uzbekhub!.map((f) => f.check));
  expect(ROLE_MATRIX.filter((r) => !proven.has(r.check)).map((r) => r.check)).toEqual([]);
});
