// The role matrix of 004 §Chat API: every operation whose "Authentication" line names a role rule, what
// the document says each role may do, and the check that tries that role. `may`: the role succeeds and
// the effect is seen afterwards; `refused`: 403 {"detail"} (404 accepted for someone outside the room,
// D-uzbekhub-28) and nothing changed. test/suites/uzbekhub/role-matrix.test.ts holds it to the suite.
import type { Role } from './support.ts';

export type Cell = 'may' | 'refused' | 'n/a';

export interface MatrixRow {
  op: string;
  /** the operation's "Authentication" line, as 004 writes it */
  rule: string;
  roles: Record<Role, Cell>;
  check: string;
}

const row = (op: string, rule: string, owner: Cell, admin: Cell, member: Cell, outsider: Cell, check: string): MatrixRow => ({ op, rule, roles: { owner, admin, member, outsider }, check });

export const ROLE_MATRIX: readonly MatrixRow[] = [
  row('rooms.get', 'Member only', 'may', 'may', 'may', 'refused', 'uzbekhub-rooms-07'),
  row('rooms.update', 'Admin/Owner only', 'may', 'may', 'refused', 'refused', 'uzbekhub-rooms-08'),
  row('rooms.delete (group)', 'Owner only for group', 'may', 'refused', 'refused', 'refused', 'uzbekhub-rooms-09'),
  // a private room has two members, its creator and the other: the other's DELETE is the one tried
  row('rooms.delete (private)', 'any member for private', 'n/a', 'n/a', 'may', 'refused', 'uzbekhub-rooms-10'),
  row('rooms.clearMessages', 'Owner only', 'may', 'refused', 'refused', 'refused', 'uzbekhub-rooms-11'),
  row('members.list', 'Member only', 'may', 'may', 'may', 'refused', 'uzbekhub-members-09'),
  row('members.join', 'Required', 'n/a', 'n/a', 'n/a', 'may', 'uzbekhub-members-02'),
  row('members.leave', 'Member only', 'n/a', 'n/a', 'may', 'refused', 'uzbekhub-members-03'),
  row('members.setAdmin', 'Owner only', 'may', 'refused', 'refused', 'refused', 'uzbekhub-members-04'),
  row('members.removeAdmin', 'Owner only', 'may', 'refused', 'refused', 'refused', 'uzbekhub-members-05'),
  row('members.transferOwner', 'Owner only', 'may', 'refused', 'refused', 'refused', 'uzbekhub-members-06'),
  row('members.add', 'Admin/Owner only', 'may', 'may', 'refused', 'refused', 'uzbekhub-members-07'),
  row('members.remove', 'Admin/Owner only', 'may', 'may', 'refused', 'refused', 'uzbekhub-members-08'),
  row('messages.list', 'Member only', 'may', 'may', 'may', 'refused', 'uzbekhub-history-04'),
  // the member sends the message: the member is the sender, everyone else is refused
  row('messages.delete', 'Sender only', 'refused', 'refused', 'may', 'refused', 'uzbekhub-history-06'),
  // the member uploads the file: the member is its owner
  row('files.delete', 'Owner only', 'refused', 'n/a', 'may', 'refused', 'uzbekhub-files-04'),
];

/** The matrix as a Markdown table: operation x role, what 004 says, and the check that tries it. */
export function matrixTable(): string {
  const head = '| operation | 004 says | owner | admin | member | outsider | check |\n| --- | --- | --- | --- | --- | --- | --- |';
  const mark = (c: Cell) => (c === 'may' ? 'may ✓' : c === 'refused' ? '403 ✓' : '—');
  return [head, ...ROLE_MATRIX.map((r) => `| ${r.op} | ${r.rule} | ${mark(r.roles.owner)} | ${mark(r.roles.admin)} | ${mark(r.roles.member)} | ${mark(r.roles.outsider)} | ${r.check} |`)].join('\n');
}
