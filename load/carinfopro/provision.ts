import { expandPath } from '../../core/profiles.ts';
import { mapLimit } from '../../core/async.ts';
import { valueAt } from '../../client/login.ts';
import type { FixtureRoom } from '../fixture.ts';
import { ProvisionError, accessToken, judge, requestJson, roomSocketPath, type Provisioner } from '../provision.ts';

// CarInfoPro (003): a room is a visitor and its owner. `POST /api/chat/start/` (public) creates one for the
// owner and hands out the room's visitor token; a load room of M members is M connections alternating the
// visitor (`?visitor=`) and the owner (`?token=`). The broadcast `{id, room_id, sender_type, message,
// created_at}` goes to every socket of the room, the sender's included (D-carinfopro-09); there is no
// documented rate limit, so nothing should ever be refused.
export const carinfopro: Provisioner = {
  async provision(req) {
    const { profile, target } = req;
    const owner = await accessToken(profile, target, 'owner', req.tokens?.owner);
    const ownerId = target.users.owner?.id;
    if (ownerId === undefined) throw new ProvisionError("the target's 'owner' user needs an 'id' (the owner's UUID) to start rooms");
    const start = profile.rest['chat.start'];
    if (!start) throw new ProvisionError('profile has no chat.start endpoint');
    const started = await mapLimit(Array.from({ length: req.rooms }, (_, i) => i), 8, async (i) => {
      const res = await requestJson(start.method, target.baseUrl, start.path, { user_id: ownerId, visitor_name: `chatconform load #${i + 1}` });
      const problem = judge(res, { room_id: ['string'], visitor_token: ['string'] });
      if (problem) throw new ProvisionError(`starting room ${i + 1}: ${problem}`);
      return { id: valueAt(res.body, 'room_id') as string, visitor: valueAt(res.body, 'visitor_token') as string };
    });
    const chat = roomSocketPath(profile, 'chat');
    const url = (roomId: string, param: string, token: string) => {
      const u = new URL(target.wsUrl + expandPath(chat, { id: roomId }));
      u.searchParams.set(param, token);
      return u.toString();
    };
    const rooms: FixtureRoom[] = started.map(({ id, visitor }) => ({
      id,
      members: Array.from({ length: req.members }, (_, j) =>
        j % 2 === 0 ? { url: url(id, 'visitor', visitor), label: `visitor#${id.slice(0, 8)}.${j}` } : { url: url(id, 'token', owner), label: `owner#${id.slice(0, 8)}.${j}` },
      ),
    }));
    const credentials = Object.values(target.users).flatMap((u) => Object.values(u.credentials ?? {}));
    return {
      rooms,
      secrets: [owner, ...started.map((r) => r.visitor), ...credentials],
      send: { template: { message: '$PAYLOAD' } },
      receive: { path: 'message', echo: true },
      refusal: { path: 'code', value: 'RATE_LIMIT_EXCEEDED' },
      limit: profile.rateLimit?.messagesPerSecond,
    };
  },
};

