import { mapLimit } from '../../core/async.ts';
import { valueAt } from '../../client/login.ts';
import type { FixtureRoom } from '../fixture.ts';
import { ProvisionError, accessToken, judge, requestJson, wsUrlFor, type Provisioner } from '../provision.ts';

// Medmapp (000): a conversation has exactly two participants, the patient and its operator. A load room
// of M members is therefore M *connections* to one conversation, alternating the patient's and the
// operator's tokens (member 0 patient, 1 operator, 2 patient, ...): the server broadcasts to every socket
// of the conversation (D-medmapp-18), so each connection is a receiver, and the rate limit is per
// connection (D-medmapp-06), so each connection may send at the full rate.
export const medmapp: Provisioner = {
  async provision(req) {
    const { profile, target } = req;
    const patient = await accessToken(profile, target, 'patient', req.tokens?.patient);
    const operator = await accessToken(profile, target, 'operator', req.tokens?.operator);
    const patientId = target.users.patient?.id;
    if (patientId === undefined) throw new ProvisionError("the target's 'patient' user needs an 'id' to create conversations");
    const create = profile.rest['conversations.create'];
    if (!create) throw new ProvisionError('profile has no conversations.create endpoint');
    const stamp = new Date().toISOString();
    const ids = await mapLimit(Array.from({ length: req.rooms }, (_, i) => i), 8, async (i) => {
      const res = await requestJson(create.method, target.baseUrl, create.path, { patient: patientId, title: `chatconform load ${stamp} #${i + 1}` }, operator);
      const problem = judge(res, { id: ['number', 'string'] });
      if (problem) throw new ProvisionError(`creating conversation ${i + 1}: ${problem}`);
      return valueAt(res.body, 'id') as string | number;
    });
    const rooms: FixtureRoom[] = ids.map((id) => ({
      id,
      members: Array.from({ length: req.members }, (_, j) => {
        const role = j % 2 === 0 ? 'patient' : 'operator';
        return { url: wsUrlFor(profile, target.wsUrl, id, role === 'patient' ? patient : operator), label: `${role}#${id}.${j}` };
      }),
    }));
    const credentials = Object.values(target.users).flatMap((u) => Object.values(u.credentials ?? {}));
    return {
      rooms,
      secrets: [patient, operator, ...credentials],
      send: { template: { message: '$PAYLOAD' } },
      receive: { path: 'data.content', typeField: 'type', typeValue: 'chat_message', echo: true },
      refusal: { path: 'code', value: profile.rateLimit?.errorCode ?? 'RATE_LIMIT_EXCEEDED' },
      limit: profile.rateLimit?.messagesPerSecond,
    };
  },
};

