// 004 §Chat API 7-14: the members list with each member's role, join and leave, and the five member
// operations with their role column: set_admin, remove_admin, transfer_owner (Owner only), add_member,
// remove_member (Admin/Owner only). The role that may succeeds and the list shows the change; every role
// that may not gets 403 {"detail"} and the list is unchanged.
import type { Json } from '../../core/json.ts';
import type { Check } from '../../harness/check.ts';
import { expectJsonBody, expectSchema, expectStatus, expectTrue, short } from '../../harness/verify.ts';
import { readList } from './lists.ts';
import { curlLine } from '../support.ts';
import { expectRefused, expectRole, fixtureRoom, idOf, ownRoom, type Ctx, type Role, type UzState } from './support.ts';

type MemberOp = 'members.setAdmin' | 'members.removeAdmin' | 'members.transferOwner' | 'members.add' | 'members.remove';
const PATHS: Record<MemberOp, string> = {
  'members.setAdmin': 'set_admin', 'members.removeAdmin': 'remove_admin', 'members.transferOwner': 'transfer_owner', 'members.add': 'add_member', 'members.remove': 'remove_member',
};

/** `op` on `room` naming `target`, as `role`. */
function act(ctx: Ctx, op: MemberOp, room: string, role: Role, target: Role) {
  const json = { user_id: idOf(ctx, target) };
  ctx.addReproduction(curlLine('POST', `/api/chat/members/${room}/${PATHS[op]}/`, role, { json }));
  return ctx.rest(op, { role, params: { id: room }, json });
}

async function succeeds(ctx: Ctx, op: MemberOp, room: string, role: Role, target: Role): Promise<void> {
  const res = await act(ctx, op, room, role, target);
  expectStatus(ctx, res, [200], `${PATHS[op]} of the ${target} by the ${role}`);
  expectJsonBody(ctx, res, 'uzbekhub/ack-response', `the ${PATHS[op]} answer`);
}

async function refused(ctx: Ctx, op: MemberOp, room: string, role: Role, target: Role, unchanged: { who: Role; role: string | undefined }): Promise<void> {
  expectRefused(ctx, await act(ctx, op, room, role, target), role, `${PATHS[op]} of the ${target}`);
  await expectRole(ctx, room, idOf(ctx, unchanged.who), unchanged.role, `the ${role}'s ${PATHS[op]} changed nothing (the ${unchanged.who} is still ${unchanged.role ?? 'out of the room'})`);
}

export const memberChecks: Check<UzState>[] = [
  {
    id: 'uzbekhub-members-01',
    level: 'MUST',
    doc: '004 §Chat API 7',
    title: 'list_members answers a list of member objects',
    requirement: 'GET /api/chat/members/<room_id>/list_members/ → 200 [{"id", "room", "user": {"id", "username", "full_name", "profile_picture"}, "role": "owner" | "admin" | "member", "joined_at"}] (the documented form, whatever the target file\'s endpoints say); §Pagination: "List endpointlar pagination qo\'llab-quvvatlaydi" (a plain array or the page envelope, D-uzbekhub-48; the plain array is uzbekhub-plain-072\'s).',
    tags: ['members', 'rest', 'schema'],
    async run(ctx) {
      const id = fixtureRoom(ctx);
      ctx.addReproduction(curlLine('GET', `/api/chat/members/${id}/list_members/`, 'member'));
      const { res, items } = await readList(ctx, 'members.list', { role: 'member', params: { id }, documented: true });
      expectStatus(ctx, res, [200], 'list_members as the member');
      expectTrue(ctx, items !== undefined, { expected: ['a JSON array', 'the §Pagination envelope'], observed: short(res.json ?? res.text), pass: 'a list', fail: 'list_members answered neither a plain array nor the §Pagination envelope' });
      expectSchema(ctx, 'uzbekhub/member-list-response', items, 'the members listed');
    },
  },
  {
    id: 'uzbekhub-members-02',
    level: 'MUST',
    doc: '004 §Chat API 8',
    title: 'join: a user joins a group room and is listed as a member',
    requirement: 'POST /api/chat/members/<room_id>/join/ "✅ Required" → 201 Created {"message": "Successfully joined the room"}; §7 roles: "member - Oddiy a\'zo".',
    tags: ['members', 'rest'],
    async run(ctx) {
      const id = await ownRoom(ctx);
      ctx.addReproduction(curlLine('POST', `/api/chat/members/${id}/join/`, 'outsider'));
      const res = await ctx.rest('members.join', { role: 'outsider', params: { id } });
      expectStatus(ctx, res, [201], 'join as a user outside the room');
      expectJsonBody(ctx, res, 'uzbekhub/ack-response', 'the join answer');
      await expectRole(ctx, id, idOf(ctx, 'outsider'), 'member', 'the user who joined is listed as a member');
    },
  },
  {
    id: 'uzbekhub-members-03',
    level: 'MUST',
    doc: '004 §Chat API 9',
    title: 'leave: a member leaves and is no longer listed; someone outside the room cannot leave it',
    requirement: 'POST /api/chat/members/<room_id>/leave/ "Authentication: ✅ Required (Member only)" → 200 {"message": "Successfully left the room"}.',
    tags: ['members', 'rest', 'roles'],
    async run(ctx) {
      const id = await ownRoom(ctx);
      ctx.addReproduction(curlLine('POST', `/api/chat/members/${id}/leave/`, 'outsider'));
      expectRefused(ctx, await ctx.rest('members.leave', { role: 'outsider', params: { id } }), 'outsider', 'leave');
      ctx.addReproduction(curlLine('POST', `/api/chat/members/${id}/leave/`, 'member'));
      const res = await ctx.rest('members.leave', { role: 'member', params: { id } });
      expectStatus(ctx, res, [200], 'leave as a member');
      expectJsonBody(ctx, res, 'uzbekhub/ack-response', 'the leave answer');
      await expectRole(ctx, id, idOf(ctx, 'member'), undefined, 'the member who left is no longer listed');
    },
  },
  {
    id: 'uzbekhub-members-04',
    level: 'MUST',
    doc: '004 §Chat API 10',
    title: 'set_admin: the owner makes a member admin; an admin, a member or an outsider may not',
    requirement: 'POST /api/chat/members/<room_id>/set_admin/ {"user_id"} "Authentication: ✅ Required (Owner only)" → 200 {"message": "User promoted to admin"}.',
    tags: ['members', 'rest', 'roles'],
    async run(ctx) {
      const id = await ownRoom(ctx, { withAdmin: false });
      await succeeds(ctx, 'members.setAdmin', id, 'owner', 'admin');
      await expectRole(ctx, id, idOf(ctx, 'admin'), 'admin', 'after set_admin the list shows the user as admin');
      for (const role of ['admin', 'member', 'outsider'] as const) await refused(ctx, 'members.setAdmin', id, role, 'member', { who: 'member', role: 'member' });
    },
  },
  {
    id: 'uzbekhub-members-05',
    level: 'MUST',
    doc: '004 §Chat API 11',
    title: 'remove_admin: the owner takes the admin role back; an admin, a member or an outsider may not',
    requirement: 'POST /api/chat/members/<room_id>/remove_admin/ {"user_id"} "Authentication: ✅ Required (Owner only)" → 200 {"message": "Admin role removed"}.',
    tags: ['members', 'rest', 'roles'],
    async run(ctx) {
      const id = await ownRoom(ctx);
      for (const role of ['admin', 'member', 'outsider'] as const) await refused(ctx, 'members.removeAdmin', id, role, 'admin', { who: 'admin', role: 'admin' });
      await succeeds(ctx, 'members.removeAdmin', id, 'owner', 'admin');
      await expectRole(ctx, id, idOf(ctx, 'admin'), 'member', 'after remove_admin the list shows the user as a plain member');
    },
  },
  {
    id: 'uzbekhub-members-06',
    level: 'MUST',
    doc: '004 §Chat API 12',
    title: 'transfer_owner: the owner hands the room over; an admin, a member or an outsider may not',
    requirement: 'POST /api/chat/members/<room_id>/transfer_owner/ {"user_id"} "Authentication: ✅ Required (Owner only)" → 200 {"message": "Ownership transferred successfully"}.',
    tags: ['members', 'rest', 'roles'],
    async run(ctx) {
      const id = await ownRoom(ctx);
      for (const [role, target] of [['admin', 'admin'], ['member', 'member'], ['outsider', 'admin']] as const) await refused(ctx, 'members.transferOwner', id, role, target, { who: 'owner', role: 'owner' });
      await succeeds(ctx, 'members.transferOwner', id, 'owner', 'member');
      const after = await readList(ctx, 'members.list', { role: 'member', params: { id } });
      const roles = new Map((after.items ?? []).map((m) => [Number((m.user as Json | undefined)?.id), String(m.role)]));
      const owners = [...roles].filter(([, r]) => r === 'owner').map(([u]) => u);
      expectTrue(ctx, owners.length === 1 && owners[0] === idOf(ctx, 'member'), {
        expected: [`user ${idOf(ctx, 'member')} (the new owner) is the only "owner"`],
        observed: short([...roles].map(([u, r]) => `${u}:${r}`).join(', ')),
        pass: 'ownership moved to the member',
        fail: owners.includes(idOf(ctx, 'member')) ? 'the room has two owners after the transfer' : 'the member is not the owner after the transfer',
      });
    },
  },
  {
    id: 'uzbekhub-members-07',
    level: 'MUST',
    doc: '004 §Chat API 13',
    title: 'add_member: the owner and an admin add users; a member or an outsider may not',
    requirement: 'POST /api/chat/members/<room_id>/add_member/ {"user_id"} "Authentication: ✅ Required (Admin/Owner only)" → 200 {"message": "Member added successfully"}.',
    tags: ['members', 'rest', 'roles'],
    async run(ctx) {
      const id = await ownRoom(ctx);
      for (const role of ['member', 'outsider'] as const) await refused(ctx, 'members.add', id, role, 'outsider', { who: 'outsider', role: undefined });
      await succeeds(ctx, 'members.add', id, 'admin', 'outsider');
      await expectRole(ctx, id, idOf(ctx, 'outsider'), 'member', 'the user the admin added is listed as a member');
      const other = await ownRoom(ctx, { members: ['admin'] });
      await succeeds(ctx, 'members.add', other, 'owner', 'member');
      await expectRole(ctx, other, idOf(ctx, 'member'), 'member', 'the user the owner added is listed as a member');
    },
  },
  {
    id: 'uzbekhub-members-08',
    level: 'MUST',
    doc: '004 §Chat API 14',
    title: 'remove_member: the owner and an admin remove members; a member or an outsider may not',
    requirement: 'POST /api/chat/members/<room_id>/remove_member/ {"user_id"} "Authentication: ✅ Required (Admin/Owner only)" → 200 {"message": "Member removed successfully"}.',
    tags: ['members', 'rest', 'roles'],
    async run(ctx) {
      const id = await ownRoom(ctx, { members: ['admin', 'member', 'outsider'] });
      await refused(ctx, 'members.remove', id, 'member', 'outsider', { who: 'outsider', role: 'member' });
      const other = await ownRoom(ctx);
      await refused(ctx, 'members.remove', other, 'outsider', 'member', { who: 'member', role: 'member' });
      await succeeds(ctx, 'members.remove', id, 'admin', 'outsider');
      await expectRole(ctx, id, idOf(ctx, 'outsider'), undefined, 'the member the admin removed is no longer listed');
      await succeeds(ctx, 'members.remove', id, 'owner', 'member');
      await expectRole(ctx, id, idOf(ctx, 'member'), undefined, 'the member the owner removed is no longer listed');
    },
  },
  // members-09 is the role half of members-01, through the target's own form of the list.
  {
    id: 'uzbekhub-members-09',
    level: 'MUST',
    doc: '004 §Chat API 7',
    title: 'list_members shows each member with its role, and only to members',
    requirement: 'GET /api/chat/members/<room_id>/list_members/ "Authentication: ✅ Required (Member only)" → [{"id", "room", "user": {…}, "role": "owner" | "admin" | "member", "joined_at"}].',
    tags: ['members', 'rest', 'roles', 'schema'],
    async run(ctx) {
      const id = fixtureRoom(ctx);
      ctx.addReproduction(curlLine('GET', `/api/chat/members/${id}/list_members/`, 'member'));
      const { res, items } = await readList(ctx, 'members.list', { role: 'member', params: { id } });
      expectStatus(ctx, res, [200], 'list_members as the member');
      const roles = new Map((items ?? []).map((m) => [Number((m.user as Json | undefined)?.id), m.role]));
      const want: [Role, string][] = [['owner', 'owner'], ['admin', 'admin'], ['member', 'member']];
      const off = want.filter(([r, role]) => roles.get(idOf(ctx, r)) !== role);
      expectTrue(ctx, off.length === 0 && !roles.has(idOf(ctx, 'outsider')), {
        expected: ['owner "owner", admin "admin", member "member"; the outsider not listed'],
        observed: short([...roles].map(([u, r]) => `${u}:${String(r)}`).join(', ')),
        pass: 'each fixture user is listed with its role',
        fail: off.length ? `${off.map(([r]) => r).join(', ')} listed with another role` : 'the outsider is listed',
      });
      for (const role of ['owner', 'admin'] as const) expectStatus(ctx, await ctx.rest('members.list', { role, params: { id } }), [200], `list_members as the ${role}`);
      ctx.addReproduction(curlLine('GET', `/api/chat/members/${id}/list_members/`, 'outsider'));
      expectRefused(ctx, await ctx.rest('members.list', { role: 'outsider', params: { id } }), 'outsider', 'list_members');
    },
  },
];
