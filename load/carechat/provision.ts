import { expandPath } from '../../core/profiles.ts';
import type { FixtureMember, FixtureRoom } from '../fixture.ts';
import { ProvisionError, accessToken, judge, requestJson, roomSocketPath, type Provisioner } from '../provision.ts';

// The care chat (002): a chat is one patient/professional pair, and a pair has exactly one chat, so each
// load room is the chat of one pair of the target's users, found with POST /chat/chats/ (create-or-get).
// Four users make five pairs (the user holding both profiles takes either side, never both of one chat),
// so at most five rooms; a room of M members is M connections alternating the pair's patient and
// professional. Half the sockets carry their token in `Authorization: Bearer` instead of `?token=` (002 §Authentication: both methods). The broadcast `{"message": {…, content, …}}` reaches
// every socket, the sender's included (D-carechat-11). No rate limit is documented; clients should keep to
// once a second (§Rate Limiting): `--rate 1` is that pace, the default 5 the usual load.
type Role = 'patient' | 'professional' | 'outsider' | 'dual';

/** creator, the body naming the other side, and who takes the patient and professional side */
const PAIRS: { by: Role; names: ['professional' | 'patient', Role]; patient: Role; professional: Role }[] = [
  { by: 'patient', names: ['professional', 'professional'], patient: 'patient', professional: 'professional' },
  { by: 'outsider', names: ['professional', 'professional'], patient: 'outsider', professional: 'professional' },
  { by: 'dual', names: ['professional', 'professional'], patient: 'dual', professional: 'professional' },
  { by: 'dual', names: ['patient', 'patient'], patient: 'patient', professional: 'dual' },
  { by: 'dual', names: ['patient', 'outsider'], patient: 'outsider', professional: 'dual' },
];

export const carechat: Provisioner = {
  async provision(req) {
    const { profile, target } = req;
    if (req.rooms > PAIRS.length && !req.upTo) throw new ProvisionError(`a care chat is one patient/professional pair: the target's users make at most ${PAIRS.length} chats (asked for ${req.rooms} rooms; use --rooms ${PAIRS.length} or fewer, with more --members)`);
    const pairs = PAIRS.slice(0, req.rooms);
    const roles = [...new Set(pairs.flatMap((p) => [p.by, p.patient, p.professional]))];
    const tokens = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await accessToken(profile, target, r, req.tokens?.[r])] as const))) as Record<Role, string>;
    const create = profile.rest['chats.create'];
    if (!create) throw new ProvisionError('profile has no chats.create endpoint');
    const chat = roomSocketPath(profile, 'chat');
    const rooms: FixtureRoom[] = [];
    for (const pair of pairs) {
      const [key, role] = pair.names;
      const otherId = target.users[role]?.id;
      if (otherId === undefined) throw new ProvisionError(`the target's '${role}' user needs an 'id' (its ${key} profile's UUID) to get the chat of a pair`);
      const res = await requestJson(create.method, target.baseUrl, create.path, { [key]: otherId }, tokens[pair.by]);
      const problem = judge(res, { id: ['string'] });
      if (problem) throw new ProvisionError(`getting the chat of ${pair.patient} and ${pair.professional}: ${problem}`);
      const id = (res.body as { id: string }).id;
      const base = target.wsUrl + expandPath(chat, { id });
      const members = Array.from({ length: req.members }, (_, j): FixtureMember => {
        const side = j % 2 === 0 ? pair.patient : pair.professional;
        const label = `${side}#${id.slice(0, 8)}.${j}`;
        // q, h, h, q, q, h, h, q…: half the sockets by header, both sides by both methods.
        if ((j + Math.floor(j / 2)) % 2 === 1) return { url: base, headers: { Authorization: `Bearer ${tokens[side]}` }, label: `${label}.header` };
        const u = new URL(base);
        u.searchParams.set('token', tokens[side]);
        return { url: u.toString(), label };
      });
      rooms.push({ id, members });
    }
    const credentials = Object.values(target.users).flatMap((u) => Object.values(u.credentials ?? {}));
    return {
      rooms,
      secrets: [...Object.values(tokens), ...credentials],
      send: { template: { content: '$PAYLOAD' } },
      receive: { path: 'message.content', echo: true },
      refusal: { path: 'error', value: 'Rate limit exceeded' },
    };
  },
};
