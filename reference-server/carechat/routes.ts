// 002 §Getting a Chat ID: POST /chat/chats/ creates or gets the chat of a patient/professional pair. The
// body names the other side: `professional` when the caller acts as patient, `patient` when it acts as
// professional (D-carechat-02); 201 for a new chat, 200 for the pair's existing one; 400 for a caller
// without that profile, an unknown profile, both keys or neither (D-carechat-02), and a chat with oneself
// (D-carechat-13).
import { ServerError } from '../errors.ts';
import { readJsonBody, type RequestContext, type RouteDecl } from '../http.ts';
import type { ServerContext } from '../dialect.ts';
import { REQUIRED } from '../django.ts';
import { read, refuse, valid } from '../seams.ts';
import { UUID, bearer, userFromToken } from './auth.ts';
import { holderOf, newChat, pairChatId, userOf, type FixtureUser, type Side } from './seed.ts';
import { chatView } from './wire.ts';

const other = (side: Side): Side => (side === 'patient' ? 'professional' : 'patient');

export function chatRoutes(sc: ServerContext): RouteDecl[] {
  const { store } = sc;
  const rules = sc.variants.rules;

  async function caller(rc: RequestContext): Promise<FixtureUser> {
    const token = bearer(rc.req);
    if (token !== undefined) return userFromToken(sc, token, 'rest');
    const instead = await refuse(sc, 'rest-no-credential', new ServerError('AUTH_MISSING'));
    return userOf(String(instead.id))!;
  }

  return [
    {
      op: 'chats.create',
      async handler(rc) {
        const user = await caller(rc);
        const { patient, professional } = await validateCreate(sc, user, await readJsonBody(rc.req));
        const id = read(sc, 'chat.id', pairChatId(patient, professional));
        const existing = await store.getRoom(id);
        if (existing) return { status: rules.chatExistingStatus, body: chatView(existing, rules.fractionDigits), schema: 'carechat/chat-create-response' };
        const chat = newChat(id, patient, professional);
        await store.putRoom(chat);
        return { status: rules.chatCreatedStatus, body: chatView(chat, rules.fractionDigits), schema: 'carechat/chat-create-response' };
      },
    },
  ];
}

/** The pair of profiles the body names with the caller, or a DRF 400. */
async function validateCreate(sc: ServerContext, user: FixtureUser, body: unknown): Promise<{ patient: string; professional: string }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ServerError.validation({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`] });
  }
  const fields = body as Record<string, unknown>;
  const given = (['professional', 'patient'] as const).filter((k) => fields[k] !== undefined && fields[k] !== null);
  if (given.length === 0) throw ServerError.validation({ professional: [REQUIRED], patient: [REQUIRED] });
  if (!valid(sc, 'chat-one-side', given.length === 1)) throw ServerError.validation({ non_field_errors: ['Give either professional or patient, not both.'] });
  // The key names the other side; the caller takes the remaining one (`professional` given: the caller is the patient).
  const named: Side = given[0]!;
  const mine = other(named);
  const value = fields[named];
  if (typeof value !== 'string' || !UUID.test(value)) throw ServerError.validation({ [named]: ['Must be a valid UUID.'] });
  const otherId = value.toLowerCase();
  const own = user.profiles[mine];
  if (!own) throw ServerError.validation({ [named]: [`Only a user with a ${mine} profile can name a ${named}.`] });
  const holder = holderOf(named, otherId);
  if (!valid(sc, 'chat-profile-exists', holder !== undefined)) throw ServerError.validation({ [named]: [`Invalid pk "${otherId}" - object does not exist.`] });
  if (!valid(sc, 'chat-two-users', holder?.id !== user.id)) throw ServerError.validation({ non_field_errors: ['A chat needs two different users.'] });
  return mine === 'patient' ? { patient: own, professional: otherId } : { patient: otherId, professional: own };
}
