import { expandPath } from '../../core/profiles.ts';
import type { FixtureMember, FixtureRoom } from '../fixture.ts';
import { ProvisionError, accessToken, judge, requestJson, roomSocketPath, type Provisioner } from '../provision.ts';

// UzbekHub (004): each load room is a group room the owner creates through POST /api/chat/rooms/ with the
// admin, the member and the outsider as members (§Chat API 2; the creator is its owner, D-uzbekhub-13), so
// every room is new and any number of rooms can be made. A room of M members is M connections cycling
// through the four users (the token in `?token=`, D-uzbekhub-08); each sends
// {"type": "chat_message", "message", "reply_to": null, "files": []} (§Send Message), and the
// {"type": "chat_message", "message": {…, "text", …}} event reaches every socket, the sender's included
// (D-uzbekhub-10). No WebSocket rate limit (D-uzbekhub-16): any error frame answering a load message counts
// as a refusal.
const ROLES = ['owner', 'admin', 'member', 'outsider'] as const;

export const uzbekhub: Provisioner = {
  async provision(req) {
    const { profile, target } = req;
    const tokens = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await accessToken(profile, target, r, req.tokens?.[r])] as const))) as Record<(typeof ROLES)[number], string>;
    // A user's id: the target file's, else my profile's (004 §Accounts API 7), as the suite finds it.
    const profileOp = profile.rest['profile.get'];
    const ids = await Promise.all(ROLES.slice(1).map(async (r) => {
      const given = target.users[r]?.id;
      if (typeof given === 'number') return given;
      const res = profileOp ? await requestJson(profileOp.method, target.baseUrl, profileOp.path, undefined, tokens[r]) : undefined;
      const id = (res?.body as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'number') throw new ProvisionError(`no id for the target's ${r}: users.${r}.id is not given and GET /api/accounts/account/profile/ answered ${res?.status ?? 'nothing'}`);
      return id;
    }));
    const create = profile.rest['rooms.create'];
    if (!create) throw new ProvisionError('profile has no rooms.create endpoint');
    const chat = roomSocketPath(profile, 'chat');
    const rooms: FixtureRoom[] = [];
    for (let i = 0; i < req.rooms; i++) {
      const name = `load_${Date.now().toString(36)}_${i}`;
      const res = await requestJson(create.method, target.baseUrl, create.path, { room_type: 'group', name: `Load ${i}`, username: name, description: 'chatconform load', members: ids }, tokens.owner);
      const problem = judge(res, { id: ['string'] });
      if (problem) throw new ProvisionError(`creating load room ${i + 1}: ${problem}`);
      const id = (res.body as { id: string }).id;
      const base = target.wsUrl + expandPath(chat, { id });
      const members = Array.from({ length: req.members }, (_, j): FixtureMember => {
        const role = ROLES[j % ROLES.length]!;
        const u = new URL(base);
        u.searchParams.set('token', tokens[role]);
        return { url: u.toString(), label: `${role}#${id.slice(0, 8)}.${j}` };
      });
      rooms.push({ id, members });
    }
    const credentials = Object.values(target.users).flatMap((u) => Object.values(u.credentials ?? {}));
    return {
      rooms,
      secrets: [...Object.values(tokens), ...credentials],
      send: { template: { type: 'chat_message', message: '$PAYLOAD', reply_to: null, files: [] } },
      receive: { path: 'message.text', typeField: 'type', typeValue: 'chat_message', echo: true },
      refusal: { path: 'type', value: 'error' },
    };
  },
};
