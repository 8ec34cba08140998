// §2 and §4 of document 000: conversations, paginated history, mark_as_read, media; plus PATCH for status
// changes (D-medmapp-02). Every conversation route answers 404 to non-participants (D-medmapp-17).
import { BLANK, REQUIRED, showValue } from '../django.ts';
import { ServerError } from '../errors.ts';
import { readJsonBody, type Reply, type RequestContext, type RouteDecl } from '../http.ts';
import { MEDIA_PREFIX } from '../media.ts';
import type { ServerContext } from '../dialect.ts';
import type { Id, RoomPatch, RoomRecord, UserRecord } from '../store.ts';
import { authenticate } from './auth.ts';
import { conversationView, isMember, memberId, messageView } from './serialize.ts';
import { uploadFileHandler } from './upload.ts';
import { frameOut, hazard, read, refuse, valid, write } from '../seams.ts';
import { frameText, statusUpdateFrame } from './wire.ts';

const STATUSES = ['new', 'in_progress', 'closed'];

export function conversationRoutes(sc: ServerContext): RouteDecl[] {
  const { store, media } = sc;
  const rules = sc.variants.rules;

  const users = () => {
    const cache = new Map<string, Promise<UserRecord | undefined>>();
    return (id: Id | undefined) => {
      if (id === undefined) return Promise.resolve(undefined);
      let p = cache.get(String(id));
      if (!p) cache.set(String(id), (p = store.getUser(id)));
      return p;
    };
  };

  async function unread(room: RoomRecord, viewer: UserRecord): Promise<number> {
    return store.countUnread(room.id, viewer.id, read(sc, 'unread.cursor', undefined, { room, viewer }));
  }

  async function view(room: RoomRecord, viewer: UserRecord, lookup = users()) {
    const [patient, operator, n] = await Promise.all([lookup(memberId(room, 'patient')), lookup(memberId(room, 'operator')), unread(room, viewer)]);
    return conversationView(room, patient, operator, n);
  }

  /**
   * The conversation `id` if `user` takes part in it; NOT_FOUND otherwise (the queryset is the user's).
   * `refusal` names the refusal of a non-participant where a fault may waive it.
   */
  async function mine(rc: RequestContext, user: UserRecord, opts: { anyone?: boolean; refusal?: 'history-not-participant' } = {}): Promise<RoomRecord> {
    const id = rc.params.id ?? '';
    if (!/^\d{1,15}$/.test(id)) throw new ServerError('NOT_FOUND');
    const room = await store.getRoom(Number(id));
    if (!room) throw new ServerError('NOT_FOUND');
    if (!opts.anyone && !isMember(room, user.id)) {
      const err = rules.foreignIs403 ? new ServerError('FORBIDDEN_ROOM', { message: 'You do not have permission to perform this action.' }) : new ServerError('NOT_FOUND');
      if (!opts.refusal) throw err;
      await refuse(sc, opts.refusal, err);
    }
    return room;
  }

  /** D-medmapp-10: absolute paths; the `absolute-page-links` variant renders absolute URLs as DRF does. */
  const link = (rc: RequestContext, page: number) => `${rules.absoluteLinks ? rc.origin : ''}${pageLink(rc.url, page)}`;

  const authed = (fn: (rc: RequestContext, user: UserRecord) => Promise<Reply | void>) => async (rc: RequestContext) =>
    fn(rc, await authenticate(rc, sc));

  return [
    {
      op: 'conversations.list',
      handler: authed(async (rc, user) => {
        let rooms = await store.listRooms(read(sc, 'room-list.member', user.id));
        // D-medmapp-20: the list is not paginated (count + results; next/previous always null), unless a
        // variant pages it (DRF PageNumberPagination, newest created first).
        const size = rules.listPageSize;
        const count = rooms.length;
        let links = { next: null as string | null, previous: null as string | null };
        if (size > 0) {
          rooms.sort((a, b) => Number(b.id) - Number(a.id));
          const pages = Math.max(1, Math.ceil(count / size));
          const page = pageNumber(rc.url, pages);
          rooms = rooms.slice((page - 1) * size, page * size);
          links = { next: page < pages ? link(rc, page + 1) : null, previous: page > 1 ? link(rc, page - 1) : null };
        } else rooms.sort((a, b) => (b.lastMessageAt ?? -1) - (a.lastMessageAt ?? -1) || Number(b.id) - Number(a.id));
        const lookup = users();
        const results = await Promise.all(rooms.map((r) => view(r, user, lookup)));
        return { status: 200, body: { count, ...links, results }, schema: 'medmapp/conversation-list-response' };
      }),
    },
    {
      op: 'conversations.create',
      handler: authed(async (rc, user) => {
        const room = await createConversation(sc, user, await readJsonBody(rc.req));
        return { status: sc.variants.rules.createStatus, body: await view(room, user), schema: 'medmapp/conversation-create-response' };
      }),
    },
    {
      method: 'GET',
      pattern: /^\/api\/conversations\/(?<id>[^/]+)\/?$/,
      undocumented: "a conversation by id: the retrieve of the update's ViewSet (§2 documents PATCH only)",
      handler: authed(async (rc, user) => ({ status: 200, body: await view(await mine(rc, user), user), schema: 'medmapp/conversation' })),
    },
    {
      op: 'conversations.update',
      handler: authed(async (rc, user) => {
        const body = await readJsonBody(rc.req);
        let room = await mine(rc, user, { anyone: true });
        const unassigned = user.role === 'operator' && memberId(room, 'operator') === undefined;
        if (!isMember(room, user.id) && !unassigned) throw new ServerError('NOT_FOUND');
        await hazard(sc, 'update.status', (body as { status?: unknown } | null)?.status);
        const requested = validateUpdate(body);
        const patch: RoomPatch = read(sc, 'update.changes', requested);
        // D-medmapp-01: an operator who changes an unassigned conversation takes it.
        if (unassigned) patch.members = [...room.members, { userId: user.id, role: 'operator' }];
        room = (await store.updateRoom(room.id, patch))!;
        // Broadcast whenever status or is_active is sent, changed or not, so a repeated PATCH is observable.
        if (requested.status !== undefined || requested.isActive !== undefined) {
          const frame = frameOut(sc, 'status', statusUpdateFrame(Number(room.id), room.status, room.isActive));
          if (frame) await sc.bus.publish(String(room.id), frameText(frame, sc.selfCheck));
        }
        return { status: 200, body: await view(room, user), schema: 'medmapp/conversation' };
      }),
    },
    {
      op: 'messages.list',
      handler: authed(async (rc, user) => {
        const room = await mine(rc, user, { refusal: 'history-not-participant' });
        const count = await store.countMessages(room.id);
        const size = rules.historyPageSize;
        const pages = Math.max(1, Math.ceil(count / size));
        const raw = await hazard(sc, 'history.page', rc.url.searchParams.get('page'));
        const page = raw === null || raw === '' ? 1 : raw === 'last' ? pages : /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
        if (page < 1 || !valid(sc, 'page-in-range', page <= pages)) throw new ServerError('INVALID_PAGE');
        const offset = read(sc, 'history.offset', (page - 1) * size, { page });
        const lookup = users();
        const records = rules.historyNewestFirst
          ? (await store.listMessages(room.id, Math.max(0, count - offset - size), Math.max(0, Math.min(size, count - offset)))).reverse()
          : await store.listMessages(room.id, offset, size);
        const results = await Promise.all(records.map(async (m) => messageView(m, await lookup(m.senderId), rc.origin)));
        return {
          status: 200,
          body: {
            count,
            next: page < pages ? link(rc, page + 1) : null,
            previous: page > 1 ? link(rc, page - 1) : null,
            results,
          },
          schema: 'medmapp/message-page-response',
        };
      }),
    },
    {
      op: 'conversations.markAsRead',
      handler: authed(async (rc, user) => {
        const room = await mine(rc, user);
        const marked = await write(sc, 'mark-read', () => store.markRead(room.id, user.id), { room, user, unread: () => unread(room, user) });
        return { status: 200, body: { marked }, schema: 'medmapp/mark-as-read-response' };
      }),
    },
    {
      op: 'conversations.uploadFile',
      handler: authed(async (rc, user) => uploadFileHandler(sc, rc, user, await mine(rc, user))),
    },
    ...['GET', 'HEAD'].map((method) => ({
      method,
      pattern: new RegExp(`^${MEDIA_PREFIX.replace(/\//g, '\\/')}(?<path>.+)$`),
      undocumented: 'media downloads: the file URLs that upload_file and attachments hand out (D-medmapp-21)',
      // Public, as Django serves MEDIA_URL: the unguessable URL is the capability (D-medmapp-21).
      async handler(rc: RequestContext) {
        await media.serve(read(sc, 'media.path', rc.params.path ?? ''), rc.res, method === 'HEAD');
      },
    })),
  ];
}

/** `?page=N` (or `last`) of a paginated list; 404 `Invalid page.` outside 1..pages, as DRF answers. */
function pageNumber(url: URL, pages: number): number {
  const raw = url.searchParams.get('page');
  const page = raw === null || raw === '' ? 1 : raw === 'last' ? pages : /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  if (page < 1 || page > pages) throw new ServerError('INVALID_PAGE');
  return page;
}

/**
 * DRF PageNumberPagination links as absolute paths (D-medmapp-10), other query parameters kept. Like DRF,
 * the link to page 1 drops the `page` parameter instead of saying `page=1`.
 */
export function pageLink(url: URL, page: number): string {
  const params = new URLSearchParams(url.search);
  if (page === 1) params.delete('page');
  else params.set('page', String(page));
  const query = params.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

async function createConversation(sc: ServerContext, user: UserRecord, body: unknown): Promise<RoomRecord> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ServerError.validation({ non_field_errors: ['Invalid data. Expected a dictionary.'] });
  }
  const { title, patient } = body as { title?: unknown; patient?: unknown };
  const { rules } = sc.variants;
  await hazard(sc, 'create.title', title);
  const errors: Record<string, string[]> = {};
  if (title === undefined || title === null) {
    if (!valid(sc, 'title-present', rules.titleOptional)) errors.title = [REQUIRED];
  } else if (typeof title !== 'string') errors.title = ['Not a valid string.'];
  else if (title.trim() === '' && !valid(sc, 'title-present', rules.titleOptional)) errors.title = [BLANK];
  else if (title.length > 255) errors.title = ['Ensure this field has no more than 255 characters.'];

  let patientId: number | undefined;
  if (patient !== undefined && patient !== null) {
    if (typeof patient === 'number' && Number.isInteger(patient)) patientId = patient;
    else if (typeof patient === 'string' && /^\d{1,15}$/.test(patient)) patientId = Number(patient);
    else errors.patient = [`Incorrect type. Expected pk value, received ${typeof patient === 'string' ? 'str' : typeof patient}.`];
  }
  if (!errors.patient) {
    if (user.role === 'operator') {
      if (patientId === undefined) errors.patient = [REQUIRED];
      else if ((await sc.store.getUser(patientId))?.role !== 'patient') errors.patient = [`Invalid pk "${patientId}" - object does not exist.`];
    } else if (patientId !== undefined && patientId !== Number(user.id)) {
      errors.patient = ['A patient may only open a conversation for themselves.'];
    }
  }
  const extra = rules.requiredCreateField;
  if (extra) {
    const value = (body as Record<string, unknown>)[extra];
    const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
    if (value === undefined || value === null || value === '') errors[extra] = [REQUIRED];
    else if (id === undefined || !(await sc.store.getUser(id))) errors[extra] = [`Invalid pk "${String(value)}" - object does not exist.`];
  }
  const byOperator = user.role === 'operator';
  if (rules.onePerPair && Object.keys(errors).length === 0) {
    const patientOf = byOperator ? patientId! : Number(user.id);
    const operatorOf = byOperator ? Number(user.id) : undefined;
    const open = (await sc.store.listRooms(patientOf)).some(
      (r) => r.isActive && memberId(r, 'patient') === patientOf && memberId(r, 'operator') === operatorOf,
    );
    if (open) errors.non_field_errors = ['An active conversation between this patient and operator already exists.'];
  }
  if (Object.keys(errors).length > 0) throw ServerError.validation(errors);

  const now = Date.now();
  const room: RoomRecord = {
    id: await sc.store.nextId('room'),
    title: typeof title === 'string' ? title.trim() : '',
    status: byOperator ? 'in_progress' : 'new',
    isActive: true,
    createdAt: now,
    updatedAt: now,
    lastMessageAt: null,
    members: byOperator
      ? [{ userId: patientId!, role: 'patient' }, { userId: user.id, role: 'operator' }]
      : [{ userId: user.id, role: 'patient' }],
  };
  await sc.store.putRoom(room);
  return room;
}

function validateUpdate(body: unknown): { status?: string; isActive?: boolean; title?: string; members?: RoomRecord['members'] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ServerError.validation({ non_field_errors: ['Invalid data. Expected a dictionary.'] });
  }
  const { status, is_active, title } = body as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  const patch: { status?: string; isActive?: boolean; title?: string } = {};
  if (status !== undefined) {
    if (typeof status === 'string' && STATUSES.includes(status)) patch.status = status;
    else errors.status = [`"${showValue(status)}" is not a valid choice.`];
  }
  if (is_active !== undefined) {
    if (typeof is_active === 'boolean') patch.isActive = is_active;
    else errors.is_active = ['Must be a valid boolean.'];
  }
  if (title !== undefined) {
    if (typeof title === 'string' && title.trim() !== '' && title.length <= 255) patch.title = title.trim();
    else errors.title = [BLANK];
  }
  if (Object.keys(errors).length > 0) throw ServerError.validation(errors);
  return patch;
}
