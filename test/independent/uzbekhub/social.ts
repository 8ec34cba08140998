// Accounts (items 1-2, 4-37), Posts API 1-14, Stories API 1-13, the Notifications API's comments
// and the dev-only endpoints of the blind UzbekHub server. Sign-in, token refresh and the chat
// live in server.ts. Every choice where the document is silent is listed in CHOICES.md.

import http from 'node:http';
import crypto from 'node:crypto';
import {
  ApiError,
  badRequest,
  notFound,
  forbidden,
  iso,
  UUID_RE,
  hashPassword,
  parseIntStrict,
  sendJson,
  readBody,
  listField,
  parseBool,
  sniffMedia,
  haversineKm,
  isBlank,
  Throttle,
  parseRate,
  IMAGE_INVALID,
  type Body,
  type Details,
  type Media,
  type UploadedFile,
  type User,
} from './common.ts';

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

export const THROTTLE_RATES: Record<string, string> = {
  email_verify: '30/min',
  forget_password: '30/min',
  new_password: '30/min',
  profile_search: '60/min',
  public_profile: '60/min',
};

const CODE_TTL_MS = 10 * 60 * 1000; // emailed 5-digit codes
const RESET_TTL_MS = 60 * 60 * 1000; // reset links
const STORY_TTL_MS = 24 * 60 * 60 * 1000;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const USERNAME_RE = /^[\w.@+-]+$/;
const PHONE_RE = /^\+?\d{7,15}$/;
const AUDIENCES = ['public', 'contact', 'marked'] as const;
type Audience = (typeof AUDIENCES)[number];
const MEDIA_EXT_RE = /\.(jpe?g|png|gif|webp|bmp|heic|mp4|mov|m4v|webm|mkv|avi|3gp)$/i;

// Reverse geocoding table (offline stand-in for a geocoder): nearest place within PLACE_RADIUS_KM.
const PLACE_RADIUS_KM = 40;
const PLACES = [
  { lat: 41.3111, long: 69.2797, country: 'Uzbekistan', city: 'Tashkent', county: 'Yunusabad', neighbourhood: 'Minor' },
  { lat: 41.2995, long: 69.2401, country: 'Uzbekistan', city: 'Tashkent', county: 'Shaykhantahur', neighbourhood: 'Chorsu' },
  { lat: 41.2756, long: 69.2034, country: 'Uzbekistan', city: 'Tashkent', county: 'Chilanzar', neighbourhood: 'Chilonzor' },
  { lat: 41.3281, long: 69.3347, country: 'Uzbekistan', city: 'Tashkent', county: 'Mirzo Ulugbek', neighbourhood: 'Buyuk Ipak Yuli' },
  { lat: 41.3650, long: 69.2870, country: 'Uzbekistan', city: 'Tashkent', county: 'Yunusabad', neighbourhood: 'Yunusobod-4' },
  { lat: 39.6542, long: 66.9597, country: 'Uzbekistan', city: 'Samarkand', county: 'Samarkand', neighbourhood: 'Registan' },
  { lat: 39.7747, long: 64.4286, country: 'Uzbekistan', city: 'Bukhara', county: 'Bukhara', neighbourhood: 'Lyabi-Hauz' },
  { lat: 40.9983, long: 71.6726, country: 'Uzbekistan', city: 'Namangan', county: 'Namangan', neighbourhood: 'Markaz' },
  { lat: 40.7821, long: 72.3442, country: 'Uzbekistan', city: 'Andijan', county: 'Andijan', neighbourhood: 'Markaz' },
  { lat: 40.3864, long: 71.7864, country: 'Uzbekistan', city: 'Fergana', county: 'Fergana', neighbourhood: 'Markaz' },
  { lat: 42.4531, long: 59.6103, country: 'Uzbekistan', city: 'Nukus', county: 'Nukus', neighbourhood: 'Markaz' },
  { lat: 41.5500, long: 60.6333, country: 'Uzbekistan', city: 'Urgench', county: 'Urgench', neighbourhood: 'Markaz' },
  { lat: 38.8606, long: 65.7891, country: 'Uzbekistan', city: 'Qarshi', county: 'Qarshi', neighbourhood: 'Markaz' },
  { lat: 37.2242, long: 67.2783, country: 'Uzbekistan', city: 'Termez', county: 'Termez', neighbourhood: 'Markaz' },
  { lat: 40.1158, long: 67.8422, country: 'Uzbekistan', city: 'Jizzakh', county: 'Jizzakh', neighbourhood: 'Markaz' },
  { lat: 40.1039, long: 65.3739, country: 'Uzbekistan', city: 'Navoiy', county: 'Navoiy', neighbourhood: 'Markaz' },
];

export function reverseGeocode(lat: number, long: number) {
  let best: (typeof PLACES)[number] | null = null;
  let bestD = Infinity;
  for (const p of PLACES) {
    const d = haversineKm(lat, long, p.lat, p.long);
    if (d < bestD) {
      bestD = d;
      best = p;
    }
  }
  if (!best || bestD > PLACE_RADIUS_KM) return { country: null, city: null, county: null, neighbourhood: null };
  return { country: best.country, city: best.city, county: best.county, neighbourhood: best.neighbourhood };
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export interface NewUserParams {
  email: string;
  password: string | null;
  active: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
}

export interface Core {
  users: Map<number, User>;
  media: Map<string, Media>;
  mintToken(userId: number, type: 'access' | 'refresh'): Promise<string>;
  verifyToken(token: string, type: 'access' | 'refresh'): Promise<User | null>;
  authenticate(req: http.IncomingMessage): Promise<User>;
  userSummary(u: User, origin: string): { id: number; username: string; full_name: string; profile_picture: string | null };
  storeMedia(folder: string, f: UploadedFile): string;
  newUser(p: NewUserParams): User;
  removeUserFromChat(userId: number): void;
  nextAuxId(): number;
}

interface Mail {
  to: string;
  kind: 'signup' | 'reset_password' | 'change_email' | 'delete_account';
  subject: string;
  body: string;
  code: string;
  link: string | null;
  sent_at: Date;
}
interface PendingCode {
  userId: number;
  code: string;
  expires: number;
  newEmail?: string;
}
interface Block {
  id: number;
  user: number;
  blocked: number;
  created_at: Date;
}
interface Contact {
  id: number;
  owner: number;
  contact: number;
  nikname: string;
  created_at: Date;
  update_at: Date;
}
interface PostImage {
  id: string;
  path: string;
  created_at: Date;
}
interface Post {
  id: string;
  owner: number;
  content: string;
  images: PostImage[];
  is_active: boolean;
  is_edited: boolean;
  created_at: Date;
  updated_at: Date | null;
  seq: number;
}
interface Like {
  id: string;
  owner: number;
  post: string;
  created_at: Date;
  seq: number;
}
interface PComment {
  id: string;
  owner: number;
  post: string;
  comment: string;
  reply_to: string | null;
  is_edited: boolean;
  created_at: Date;
  updated_at: Date | null;
  seq: number;
}
interface PView {
  id: string;
  owner: number;
  post: string;
  created_at: Date;
  seq: number;
}
interface Story {
  id: number;
  owner: number;
  media: string;
  caption: string;
  marked: number[];
  is_active: boolean;
  audience: Audience;
  created_at: Date;
  updated_at: Date;
}
interface Reaction {
  id: number;
  story: number;
  user: number;
  reaction: string;
  reacted_at: Date;
}
interface SView {
  id: number;
  story: number;
  viewer: number;
  viewed_at: Date;
}
interface GComment {
  id: number;
  content: string;
  created_at: Date;
}

interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  origin: string;
  method: string;
  params: string[];
  me: User; // only meaningful on authenticated routes
}
interface Route {
  re: RegExp;
  auth: boolean;
  throttle?: { scope: string; methods: string[] };
  methods: Record<string, (c: Ctx) => Promise<void> | void>;
}

// ---------------------------------------------------------------------------------------------
// Small validation helpers
// ---------------------------------------------------------------------------------------------

/** DRF CharField: strings and numbers are accepted (numbers become strings); bools/objects are not. */
function strIn(
  f: Record<string, unknown>,
  k: string,
  d: Details,
  o: { required?: boolean; allowBlank?: boolean; max?: number; min?: number; trim?: boolean } = {},
): string | undefined {
  const v = f[k];
  if (v === undefined || (v === null && !o.required)) {
    if (o.required) d[k] = ['This field is required.'];
    return undefined;
  }
  if (v === null) {
    d[k] = ['This field may not be null.'];
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number') {
    d[k] = ['Not a valid string.'];
    return undefined;
  }
  let s = String(v);
  if (o.trim !== false) s = s.trim();
  if (s === '' && !o.allowBlank) {
    d[k] = [o.required && v === '' ? 'This field may not be blank.' : 'This field may not be blank.'];
    return undefined;
  }
  if (o.max !== undefined && [...s].length > o.max) {
    d[k] = [`Ensure this field has no more than ${o.max} characters.`];
    return undefined;
  }
  if (o.min !== undefined && s.length < o.min) {
    d[k] = [`Ensure this field has at least ${o.min} characters.`];
    return undefined;
  }
  return s;
}

function throwIf(d: Details) {
  if (Object.keys(d).length) throw badRequest(d);
}

const invalidPk = (v: unknown) => `Invalid pk "${String(v)}" - object does not exist.`;

function pkIn(f: Record<string, unknown>, k: string, d: Details, exists: (id: number) => boolean): number | undefined {
  const v = f[k];
  if (isBlank(v)) {
    d[k] = ['This field is required.'];
    return undefined;
  }
  const id = parseIntStrict(v);
  if (id === null) {
    d[k] = [`Incorrect type. Expected pk value, received ${typeof v === 'string' ? 'str' : typeof v}.`];
    return undefined;
  }
  if (!exists(id)) {
    d[k] = [invalidPk(id)];
    return undefined;
  }
  return id;
}

function uuidIn<T>(f: Record<string, unknown>, k: string, d: Details, lookup: (id: string) => T | undefined): T | undefined {
  const v = f[k];
  if (isBlank(v)) {
    d[k] = ['This field is required.'];
    return undefined;
  }
  if (typeof v !== 'string' || !UUID_RE.test(v)) {
    d[k] = [`"${String(v)}" is not a valid UUID.`];
    return undefined;
  }
  const o = lookup(v.toLowerCase());
  if (o === undefined) {
    d[k] = [invalidPk(v)];
    return undefined;
  }
  return o;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function intParam(s: string): number {
  if (!/^\d+$/.test(s)) throw notFound();
  return parseInt(s, 10);
}

function uuidParam(s: string): string {
  if (!UUID_RE.test(s)) throw notFound();
  return s.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// The module
// ---------------------------------------------------------------------------------------------

export function createSocial(core: Core) {
  const { users } = core;
  const throttle = new Throttle(Object.fromEntries(Object.entries(THROTTLE_RATES).map(([k, v]) => [k, parseRate(v)])));

  // ---- state ----
  const outbox = new Map<string, Mail[]>(); // lower-cased address -> mails, oldest first
  const signupCodes = new Map<string, PendingCode>(); // code -> pending activation
  const resetLinks = new Map<string, PendingCode>(); // link segment -> pending reset
  const emailChanges = new Map<number, PendingCode>(); // userId -> pending change
  const deletions = new Map<number, PendingCode>(); // userId -> pending deletion
  const blocks = new Map<number, Block>();
  const contacts = new Map<number, Contact>();
  const posts = new Map<string, Post>();
  const likes = new Map<string, Like>();
  const pcomments = new Map<string, PComment>();
  const pviews = new Map<string, PView>();
  const stories = new Map<number, Story>();
  const reactions = new Map<number, Reaction>();
  const sviews = new Map<number, SView>();
  const gcomments = new Map<number, GComment>();
  let nextBlockId = 1;
  let nextContactId = 1;
  let nextStoryId = 1;
  let nextReactionId = 1;
  let nextSViewId = 1;
  let nextGCommentId = 1;
  let seq = 1;

  const abs = (origin: string, p: string | null) => (p ? `${origin}${p}` : null);
  const summary = (id: number, origin: string) => core.userSummary(users.get(id)!, origin);

  // ---- helpers ----
  function findUserByEmail(email: string): User | undefined {
    const e = email.trim().toLowerCase();
    return [...users.values()].find((u) => u.email.toLowerCase() === e);
  }
  function findUserByUsername(name: string, exact = true): User | undefined {
    const n = name.toLowerCase();
    return [...users.values()].find((u) => (exact ? u.username === name : u.username.toLowerCase() === n));
  }
  function checkPassword(u: User, pw: string): boolean {
    return crypto.timingSafeEqual(hashPassword(pw, u.pwSalt), u.pwHash);
  }
  function setPassword(u: User, pw: string) {
    u.pwSalt = crypto.randomBytes(16);
    u.pwHash = hashPassword(pw, u.pwSalt);
  }
  function newCode(taken: (c: string) => boolean): string {
    for (;;) {
      const c = String(crypto.randomInt(10000, 100000));
      if (!taken(c)) return c;
    }
  }
  function sendMail(to: string, kind: Mail['kind'], code: string, link: string | null) {
    const subjects: Record<Mail['kind'], string> = {
      signup: 'UzbekHub: verify your email',
      reset_password: 'UzbekHub: reset your password',
      change_email: 'UzbekHub: confirm your new email',
      delete_account: 'UzbekHub: confirm account deletion',
    };
    const body = link ? `Open this link to set a new password: ${link}` : `Your verification code: ${code}`;
    const m: Mail = { to, kind, subject: subjects[kind], body, code, link, sent_at: new Date() };
    const key = to.trim().toLowerCase();
    const list = outbox.get(key) ?? [];
    list.push(m);
    outbox.set(key, list);
  }
  function blockedEither(a: number, b: number): boolean {
    for (const x of blocks.values()) if ((x.user === a && x.blocked === b) || (x.user === b && x.blocked === a)) return true;
    return false;
  }
  function isContactOf(owner: number, viewer: number): boolean {
    for (const c of contacts.values()) if (c.owner === owner && c.contact === viewer) return true;
    return false;
  }
  function passwordIn(f: Record<string, unknown>, k: string, d: Details, minLen: boolean): string | undefined {
    const v = strIn(f, k, d, { required: true, trim: false });
    if (v !== undefined && minLen && v.length < 8) {
      d[k] = ['Ensure this field has at least 8 characters.'];
      return undefined;
    }
    if (v !== undefined && v.length > 128) {
      d[k] = ['Ensure this field has no more than 128 characters.'];
      return undefined;
    }
    return v;
  }
  function emailIn(f: Record<string, unknown>, k: string, d: Details): string | undefined {
    const v = strIn(f, k, d, { required: true, max: 254 });
    if (v !== undefined && !EMAIL_RE.test(v)) {
      d[k] = ['Enter a valid email address.'];
      return undefined;
    }
    return v;
  }
  function codeIn(f: Record<string, unknown>, d: Details): string | undefined {
    return strIn(f, 'code', d, { required: true, max: 64 });
  }

  // ---- serializers ----
  function locationOut(u: User, withOwner: boolean) {
    const l = u.location!;
    return {
      id: l.id,
      ...(withOwner ? { owner: u.id } : {}),
      lat: l.lat,
      long: l.long,
      country: l.country,
      city: l.city,
      county: l.county,
      neighbourhood: l.neighbourhood,
      created_at: iso(l.created_at),
      update_at: iso(l.update_at),
    };
  }
  function profileOut(u: User, origin: string) {
    return {
      id: u.id,
      first_name: u.first_name,
      last_name: u.last_name,
      email: u.email,
      username: u.username,
      bio: u.bio,
      profile_picture: abs(origin, u.profile_picture),
      phone: u.phone,
      is_private: u.is_private,
      is_active: u.is_active,
      is_staff: u.is_staff,
      date_joined: iso(u.date_joined),
      last_login: iso(u.last_login),
      last_online: iso(u.last_online),
      location: u.location ? locationOut(u, false) : null,
      status: u.status
        ? { id: u.status.id, content: u.status.content, created_at: iso(u.status.created_at), updated_at: iso(u.status.updated_at) }
        : null,
    };
  }
  function userOut(u: User, origin: string) {
    return {
      id: u.id,
      first_name: u.first_name,
      last_name: u.last_name,
      username: u.username,
      bio: u.bio,
      profile_picture: abs(origin, u.profile_picture),
      phone: u.phone,
      is_private: u.is_private,
      is_active: u.is_active,
      is_staff: u.is_staff,
      date_joined: iso(u.date_joined),
      last_login: iso(u.last_login),
      last_online: iso(u.last_online),
    };
  }
  function publicOut(u: User, origin: string) {
    return {
      id: u.id,
      first_name: u.first_name,
      last_name: u.last_name,
      username: u.username,
      bio: u.bio,
      profile_picture: abs(origin, u.profile_picture),
      is_private: u.is_private,
      date_joined: iso(u.date_joined),
    };
  }
  function statusOut(u: User) {
    const s = u.status!;
    return { id: s.id, user: u.id, content: s.content, created_at: iso(s.created_at), updated_at: iso(s.updated_at) };
  }
  function blockOut(b: Block, origin: string) {
    return { id: b.id, user: b.user, blocked_user: summary(b.blocked, origin), created_at: iso(b.created_at) };
  }
  function contactOut(c: Contact) {
    return { id: c.id, owner: c.owner, contact: c.contact, nikname: c.nikname, created_at: iso(c.created_at), update_at: iso(c.update_at) };
  }
  function postOut(p: Post, origin: string) {
    let like_count = 0;
    let comment_count = 0;
    let view_count = 0;
    for (const l of likes.values()) if (l.post === p.id) like_count++;
    for (const c of pcomments.values()) if (c.post === p.id) comment_count++;
    for (const v of pviews.values()) if (v.post === p.id) view_count++;
    return {
      id: p.id,
      content: p.content,
      owner: summary(p.owner, origin),
      images: p.images.map((i) => ({ id: i.id, image: abs(origin, i.path), created_at: iso(i.created_at) })),
      is_active: p.is_active,
      is_edited: p.is_edited,
      like_count,
      comment_count,
      view_count,
      created_at: iso(p.created_at),
      updated_at: iso(p.updated_at),
    };
  }
  function likeOut(l: Like | PView, origin: string) {
    return { id: l.id, owner: summary(l.owner, origin), post: l.post, created_at: iso(l.created_at) };
  }
  function pcommentOut(c: PComment, origin: string) {
    return {
      id: c.id,
      owner: summary(c.owner, origin),
      post: c.post,
      comment: c.comment,
      reply_to: c.reply_to && pcomments.has(c.reply_to) ? c.reply_to : null,
      is_edited: c.is_edited,
      created_at: iso(c.created_at),
      updated_at: iso(c.updated_at),
    };
  }
  function storyOut(s: Story, origin: string) {
    return {
      id: s.id,
      owner: summary(s.owner, origin),
      media: abs(origin, s.media),
      caption: s.caption,
      marked: s.marked.filter((id) => users.has(id)),
      is_active: s.is_active,
      audience: s.audience,
      created_at: iso(s.created_at),
      updated_at: iso(s.updated_at),
    };
  }
  function reactionOut(r: Reaction) {
    return { id: r.id, story: r.story, user: r.user, reaction: r.reaction, reacted_at: iso(r.reacted_at) };
  }
  function sviewOut(v: SView) {
    return { id: v.id, story: v.story, viewer: v.viewer, viewed_at: iso(v.viewed_at) };
  }
  function gcommentOut(g: GComment) {
    return { id: g.id, content: g.content, created_at: iso(g.created_at) };
  }

  // ---- cascades ----
  function deletePost(p: Post) {
    for (const [k, l] of likes) if (l.post === p.id) likes.delete(k);
    for (const [k, c] of pcomments) if (c.post === p.id) pcomments.delete(k);
    for (const [k, v] of pviews) if (v.post === p.id) pviews.delete(k);
    for (const i of p.images) core.media.delete(i.path);
    posts.delete(p.id);
  }
  function deleteStory(s: Story) {
    for (const [k, r] of reactions) if (r.story === s.id) reactions.delete(k);
    for (const [k, v] of sviews) if (v.story === s.id) sviews.delete(k);
    core.media.delete(s.media);
    stories.delete(s.id);
  }
  function purgeUser(uid: number) {
    for (const p of [...posts.values()]) if (p.owner === uid) deletePost(p);
    for (const [k, l] of likes) if (l.owner === uid) likes.delete(k);
    for (const [k, c] of pcomments) if (c.owner === uid) pcomments.delete(k);
    for (const [k, v] of pviews) if (v.owner === uid) pviews.delete(k);
    for (const s of [...stories.values()]) if (s.owner === uid) deleteStory(s);
    for (const s of stories.values()) s.marked = s.marked.filter((id) => id !== uid);
    for (const [k, r] of reactions) if (r.user === uid) reactions.delete(k);
    for (const [k, v] of sviews) if (v.viewer === uid) sviews.delete(k);
    for (const [k, b] of blocks) if (b.user === uid || b.blocked === uid) blocks.delete(k);
    for (const [k, c] of contacts) if (c.owner === uid || c.contact === uid) contacts.delete(k);
    for (const [k, p] of signupCodes) if (p.userId === uid) signupCodes.delete(k);
    for (const [k, p] of resetLinks) if (p.userId === uid) resetLinks.delete(k);
    emailChanges.delete(uid);
    deletions.delete(uid);
    core.removeUserFromChat(uid);
    const u = users.get(uid);
    if (u?.profile_picture) core.media.delete(u.profile_picture);
    users.delete(uid);
  }

  // ---- stories: audience and archiving ----
  function sweepStories() {
    const cutoff = Date.now() - STORY_TTL_MS;
    for (const s of stories.values()) if (s.is_active && s.created_at.getTime() <= cutoff) s.is_active = false;
  }
  function canSee(s: Story, viewer: number): boolean {
    if (s.owner === viewer) return true;
    if (s.audience === 'public') return true;
    if (s.audience === 'contact') return isContactOf(s.owner, viewer);
    return s.marked.includes(viewer);
  }

  // ---- uploads ----
  function imageUploads(body: Body, field: string, d: Details, many: boolean): UploadedFile[] {
    const ups = body.files[field] ?? body.files[`${field}[]`] ?? [];
    const out: UploadedFile[] = [];
    for (const up of many ? ups : ups.slice(0, 1)) {
      if (up.tooLarge) {
        d[field] = ['File too large.'];
        continue;
      }
      if (up.data.length === 0) {
        d[field] = ['The submitted file is empty.'];
        continue;
      }
      if (sniffMedia(up.data) !== 'image') {
        d[field] = [IMAGE_INVALID];
        continue;
      }
      out.push(up);
    }
    return out;
  }
  function notAFile(body: Body, field: string, d: Details) {
    // a non-file value where a file is expected (JSON bodies cannot carry files)
    const v = body.fields[field];
    if (body.files[field]) return;
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return;
    d[field] = ['The submitted data was not a file. Check the encoding type on the form.'];
  }
  function storyMedia(up: UploadedFile, d: Details): boolean {
    if (up.tooLarge) d.media = ['File too large.'];
    else if (up.data.length === 0) d.media = ['The submitted file is empty.'];
    else if (!(sniffMedia(up.data) || /^(image|video)\//i.test(up.mime) || MEDIA_EXT_RE.test(up.filename)))
      d.media = ['Unsupported file type. Upload an image or a video.'];
    else return true;
    return false;
  }

  function markedIn(body: Body, d: Details): number[] | undefined {
    const lf = listField(body, 'marked');
    if (!lf.present) return undefined;
    if (lf.error) {
      d.marked = [lf.error];
      return undefined;
    }
    const ids: number[] = [];
    for (const v of lf.values) {
      const id = parseIntStrict(v);
      if (id === null) {
        (d.marked ??= []).push(`Incorrect type. Expected pk value, received ${typeof v === 'string' ? 'str' : typeof v}.`);
        continue;
      }
      if (!users.has(id)) {
        (d.marked ??= []).push(invalidPk(id));
        continue;
      }
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  function latLongIn(f: Record<string, unknown>, d: Details): { lat: string; long: string } | undefined {
    const out: Record<string, string> = {};
    for (const [k, lo, hi] of [['lat', -90, 90], ['long', -180, 180]] as const) {
      const v = f[k];
      if (isBlank(v)) {
        d[k] = ['This field is required.'];
        continue;
      }
      if (typeof v !== 'string' && typeof v !== 'number') {
        d[k] = ['A valid number is required.'];
        continue;
      }
      const s = String(v).trim();
      if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) {
        d[k] = ['A valid number is required.'];
        continue;
      }
      const n = parseFloat(s);
      if (n < lo || n > hi) {
        d[k] = [`Ensure this value is ${n < lo ? 'greater' : 'less'} than or equal to ${n < lo ? lo : hi}.`];
        continue;
      }
      out[k] = s;
    }
    return d.lat || d.long ? undefined : { lat: out.lat, long: out.long };
  }

  // =============================================================================================
  // Handlers
  // =============================================================================================

  // ---- Accounts: authentication ----
  async function signup(c: Ctx) {
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const email = emailIn(f, 'email', d);
    const pw = passwordIn(f, 'password', d, true);
    const cpw = passwordIn(f, 'confirm_password', d, false);
    const existing = email !== undefined ? findUserByEmail(email) : undefined;
    if (existing && existing.is_active) d.email = ['user with this email already exists.'];
    if (pw !== undefined && cpw !== undefined && pw !== cpw) d.confirm_password = ['Passwords do not match.'];
    throwIf(d);
    let u = existing;
    if (u) setPassword(u, pw!);
    else u = core.newUser({ email: email!, password: pw!, active: false });
    for (const [k, p] of signupCodes) if (p.userId === u.id) signupCodes.delete(k);
    const code = newCode((x) => signupCodes.has(x));
    signupCodes.set(code, { userId: u.id, code, expires: Date.now() + CODE_TTL_MS });
    sendMail(u.email, 'signup', code, null);
    sendJson(c.res, 201, { status: true, user: u.email });
  }

  async function emailVerify(c: Ctx) {
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const code = codeIn(f, d);
    throwIf(d);
    const p = signupCodes.get(code!);
    const u = p && users.get(p.userId);
    if (!p || !u || p.expires < Date.now()) {
      if (p && p.expires < Date.now()) signupCodes.delete(code!);
      throw badRequest({ code: ['Invalid or expired verification code.'] });
    }
    signupCodes.delete(code!);
    u.is_active = true;
    sendJson(c.res, 200, { message: 'User is successfully activated' });
  }

  function decodeGoogleToken(token: string): { email: string; given?: string; family?: string } | null {
    const dev = token.match(/^dev(?:-google)?:(.+)$/i);
    if (dev) return EMAIL_RE.test(dev[1].trim()) ? { email: dev[1].trim() } : null;
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    try {
      const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
      if (typeof payload.email !== 'string' || !EMAIL_RE.test(payload.email)) return null;
      if (payload.email_verified === false || payload.email_verified === 'false') return null;
      if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) return null;
      return {
        email: payload.email,
        given: typeof payload.given_name === 'string' ? payload.given_name : undefined,
        family: typeof payload.family_name === 'string' ? payload.family_name : undefined,
      };
    } catch {
      return null;
    }
  }

  async function google(c: Ctx) {
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const token = strIn(f, 'token', d, { required: true });
    throwIf(d);
    const g = decodeGoogleToken(token!);
    if (!g) throw badRequest({ token: ['Invalid Google token.'] });
    let u = findUserByEmail(g.email);
    if (!u) u = core.newUser({ email: g.email, password: null, active: true, first_name: g.given, last_name: g.family });
    u.is_active = true;
    u.last_login = new Date();
    u.last_online = u.last_login;
    sendJson(c.res, 200, { access: await core.mintToken(u.id, 'access'), refresh: await core.mintToken(u.id, 'refresh') });
  }

  async function forgotPassword(c: Ctx) {
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const email = emailIn(f, 'email', d);
    throwIf(d);
    const u = findUserByEmail(email!);
    if (!u || !u.is_active) throw badRequest({ email: ['User with this email does not exist.'] });
    const link = crypto.randomBytes(20).toString('hex');
    resetLinks.set(link, { userId: u.id, code: link, expires: Date.now() + RESET_TTL_MS });
    sendMail(u.email, 'reset_password', link, `${c.origin}/api/accounts/auth/reset-password/${link}/`);
    sendJson(c.res, 200, { message: 'Password reset link has been sent to your email' });
  }

  async function resetPassword(c: Ctx) {
    const link = safeDecode(c.params[0]);
    const f = (await readBody(c.req)).fields;
    const p = resetLinks.get(link);
    const u = p && users.get(p.userId);
    if (!p || !u || p.expires < Date.now()) throw badRequest({ reset_link: ['Invalid or expired reset link.'] });
    const d: Details = {};
    const pw = passwordIn(f, 'new_password', d, true);
    const cpw = passwordIn(f, 'confirm_password', d, false);
    if (pw !== undefined && cpw !== undefined && pw !== cpw) d.confirm_password = ['Passwords do not match.'];
    throwIf(d);
    setPassword(u, pw!);
    for (const [k, x] of resetLinks) if (x.userId === u.id) resetLinks.delete(k);
    sendJson(c.res, 200, { message: 'Your password has been successfully updated' });
  }

  // ---- Accounts: profile ----
  function getProfile(c: Ctx) {
    sendJson(c.res, 200, profileOut(c.me, c.origin));
  }

  async function patchProfile(c: Ctx) {
    const me = c.me;
    const body = await readBody(c.req);
    const f = body.fields;
    const d: Details = {};
    const upd: Partial<User> = {};
    for (const k of ['first_name', 'last_name'] as const) {
      if (k in f) {
        const v = strIn(f, k, d, { allowBlank: true, max: 150 });
        if (v !== undefined) upd[k] = v;
        else if (f[k] === null && !d[k]) upd[k] = '';
      }
    }
    if ('username' in f) {
      const v = strIn(f, 'username', d, { required: true, max: 150 });
      if (v !== undefined) {
        if (!USERNAME_RE.test(v)) d.username = ['Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.'];
        else if ([...users.values()].some((u) => u.id !== me.id && u.username.toLowerCase() === v.toLowerCase()))
          d.username = ['A user with that username already exists.'];
        else upd.username = v;
      }
    }
    if ('bio' in f) {
      const v = strIn(f, 'bio', d, { allowBlank: true, max: 500 });
      if (v !== undefined) upd.bio = v;
      else if (f.bio === null && !d.bio) upd.bio = '';
    }
    if ('phone' in f) {
      const v = strIn(f, 'phone', d, { allowBlank: true, max: 20 });
      if (v !== undefined) {
        const compact = v.replace(/[\s()-]/g, '');
        if (compact !== '' && !PHONE_RE.test(compact)) d.phone = ['Enter a valid phone number.'];
        else upd.phone = compact;
      } else if (f.phone === null && !d.phone) upd.phone = '';
    }
    if ('is_private' in f) {
      const b = parseBool(f.is_private);
      if (b === undefined) d.is_private = ['Must be a valid boolean.'];
      else upd.is_private = b;
    }
    let newPw: string | undefined;
    if ('password' in f) newPw = passwordIn(f, 'password', d, true);
    let pic: UploadedFile | undefined;
    let clearPic = false;
    if (body.files.profile_picture) pic = imageUploads(body, 'profile_picture', d, false)[0];
    else if ('profile_picture' in f) {
      if (f.profile_picture === null || f.profile_picture === '') clearPic = true;
      else d.profile_picture = ['The submitted data was not a file. Check the encoding type on the form.'];
    }
    throwIf(d);
    Object.assign(me, upd);
    if (newPw !== undefined) setPassword(me, newPw);
    if (pic) {
      if (me.profile_picture) core.media.delete(me.profile_picture);
      me.profile_picture = core.storeMedia('profile_pictures', pic);
    } else if (clearPic) {
      if (me.profile_picture) core.media.delete(me.profile_picture);
      me.profile_picture = null;
    }
    sendJson(c.res, 200, profileOut(me, c.origin));
  }

  function checkUsername(c: Ctx) {
    const v = c.url.searchParams.get('username');
    if (v === null || v.trim() === '') throw badRequest({ username: ['This field is required.'] });
    const taken = findUserByUsername(v.trim(), false) !== undefined;
    sendJson(c.res, 200, { available: !taken });
  }

  async function changeEmail(c: Ctx) {
    const me = c.me;
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const newEmail = emailIn(f, 'new_email', d);
    const pw = strIn(f, 'password', d, { required: true, trim: false });
    if (pw !== undefined && !checkPassword(me, pw)) d.password = ['Incorrect password.'];
    if (newEmail !== undefined) {
      if (newEmail.toLowerCase() === me.email.toLowerCase()) d.new_email = ['The new email must differ from the current one.'];
      else if (findUserByEmail(newEmail)) d.new_email = ['user with this email already exists.'];
    }
    throwIf(d);
    const code = newCode(() => false);
    emailChanges.set(me.id, { userId: me.id, code, expires: Date.now() + CODE_TTL_MS, newEmail });
    sendMail(newEmail!, 'change_email', code, null);
    sendJson(c.res, 200, { message: 'A verification code has been sent to your new email address to update your email.' });
  }

  async function changeEmailConfirm(c: Ctx) {
    const me = c.me;
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const code = codeIn(f, d);
    throwIf(d);
    const p = emailChanges.get(me.id);
    if (!p || p.code !== code || p.expires < Date.now()) throw badRequest({ code: ['Invalid or expired verification code.'] });
    const other = findUserByEmail(p.newEmail!);
    if (other && other.id !== me.id) {
      emailChanges.delete(me.id);
      throw badRequest({ new_email: ['user with this email already exists.'] });
    }
    me.email = p.newEmail!;
    emailChanges.delete(me.id);
    sendJson(c.res, 200, { message: 'Email successfully updated' });
  }

  async function deleteAccount(c: Ctx) {
    const me = c.me;
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const pw = strIn(f, 'password', d, { required: true, trim: false });
    if (pw !== undefined && !checkPassword(me, pw)) d.password = ['Incorrect password.'];
    throwIf(d);
    const code = newCode(() => false);
    deletions.set(me.id, { userId: me.id, code, expires: Date.now() + CODE_TTL_MS });
    sendMail(me.email, 'delete_account', code, null);
    sendJson(c.res, 200, { message: 'Verification code sent to email' });
  }

  async function deleteAccountConfirm(c: Ctx) {
    const me = c.me;
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const code = codeIn(f, d);
    throwIf(d);
    const p = deletions.get(me.id);
    if (!p || p.code !== code || p.expires < Date.now()) throw badRequest({ code: ['Invalid or expired verification code.'] });
    purgeUser(me.id);
    sendJson(c.res, 204, null);
  }

  // ---- Accounts: search & discovery ----
  function search(c: Ctx) {
    const key = safeDecode(c.params[0]).trim().toLowerCase();
    const found = [...users.values()]
      .filter((u) => u.is_active)
      .filter((u) => key !== '' && [u.username, u.first_name, u.last_name].some((x) => x.toLowerCase().includes(key)))
      .filter((u) => u.id === c.me.id || !blockedEither(c.me.id, u.id))
      .sort((a, b) => a.id - b.id);
    sendJson(c.res, 200, found.map((u) => userOut(u, c.origin)));
  }

  function userById(c: Ctx) {
    const u = users.get(intParam(c.params[0]));
    if (!u) throw notFound();
    sendJson(c.res, 200, userOut(u, c.origin));
  }

  function publicProfile(c: Ctx) {
    const name = safeDecode(c.params[0]);
    const u = findUserByUsername(name, true);
    if (!u) throw notFound();
    sendJson(c.res, 200, publicOut(u, c.origin));
  }

  // ---- Accounts: location ----
  async function createLocation(c: Ctx) {
    const me = c.me;
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const ll = latLongIn(f, d);
    if (!d.lat && !d.long && me.location) d.non_field_errors = ['Location already exists. Use PUT to update it.'];
    throwIf(d);
    const now = new Date();
    me.location = { id: core.nextAuxId(), lat: ll!.lat, long: ll!.long, ...reverseGeocode(+ll!.lat, +ll!.long), created_at: now, update_at: now };
    sendJson(c.res, 201, locationOut(me, true));
  }
  async function updateLocation(c: Ctx) {
    const me = c.me;
    if (!me.location) throw notFound();
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const ll = latLongIn(f, d);
    throwIf(d);
    Object.assign(me.location, { lat: ll!.lat, long: ll!.long, ...reverseGeocode(+ll!.lat, +ll!.long), update_at: new Date() });
    sendJson(c.res, 200, locationOut(me, true));
  }
  function deleteLocation(c: Ctx) {
    if (!c.me.location) throw notFound();
    c.me.location = null;
    sendJson(c.res, 204, null);
  }
  function nearby(c: Ctx) {
    const me = c.me;
    const raw = safeDecode(c.params[0]).trim();
    if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(raw)) throw badRequest({ distance: ['A valid number is required.'] });
    const dist = parseFloat(raw);
    if (!(dist >= 0)) throw badRequest({ distance: ['Ensure this value is greater than or equal to 0.'] });
    if (!me.location) throw badRequest({ location: ['Set your location first.'] });
    const lat = parseFloat(me.location.lat);
    const long = parseFloat(me.location.long);
    const out: { u: User; d: number }[] = [];
    for (const u of users.values()) {
      if (u.id === me.id || !u.is_active || !u.location || blockedEither(me.id, u.id)) continue;
      const dd = haversineKm(lat, long, parseFloat(u.location.lat), parseFloat(u.location.long));
      if (dd <= dist) out.push({ u, d: dd });
    }
    out.sort((a, b) => a.d - b.d || a.u.id - b.u.id);
    sendJson(
      c.res,
      200,
      out.map(({ u, d }) => ({
        id: u.id,
        first_name: u.first_name,
        last_name: u.last_name,
        username: u.username,
        bio: u.bio,
        profile_picture: abs(c.origin, u.profile_picture),
        distance: Math.round(d * 100) / 100,
      })),
    );
  }

  // ---- Accounts: blocks ----
  function listBlocks(c: Ctx) {
    const mine = [...blocks.values()].filter((b) => b.user === c.me.id).sort((a, b) => a.id - b.id);
    sendJson(c.res, 200, mine.map((b) => blockOut(b, c.origin)));
  }
  async function createBlock(c: Ctx) {
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const target = pkIn(f, 'blocked_user', d, (id) => users.has(id));
    if (target !== undefined) {
      if (target === c.me.id) d.blocked_user = ['You cannot block yourself.'];
      else if ([...blocks.values()].some((b) => b.user === c.me.id && b.blocked === target)) d.blocked_user = ['You have already blocked this user.'];
    }
    throwIf(d);
    const b: Block = { id: nextBlockId++, user: c.me.id, blocked: target!, created_at: new Date() };
    blocks.set(b.id, b);
    sendJson(c.res, 201, blockOut(b, c.origin));
  }
  function myBlockOf(c: Ctx): Block {
    const uid = intParam(c.params[0]);
    const b = [...blocks.values()].find((x) => x.user === c.me.id && x.blocked === uid);
    if (!b) throw notFound();
    return b;
  }
  function getBlock(c: Ctx) {
    sendJson(c.res, 200, blockOut(myBlockOf(c), c.origin));
  }
  function deleteBlock(c: Ctx) {
    blocks.delete(myBlockOf(c).id);
    sendJson(c.res, 204, null);
  }

  // ---- Accounts: status ----
  function getStatus(c: Ctx) {
    if (!c.me.status) throw notFound();
    sendJson(c.res, 200, statusOut(c.me));
  }
  async function statusContent(c: Ctx): Promise<string> {
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const v = strIn(f, 'content', d, { required: true, max: 55 });
    throwIf(d);
    return v!;
  }
  async function createStatus(c: Ctx) {
    const content = await statusContent(c);
    if (c.me.status) throw badRequest({ non_field_errors: ['Status already exists. Use PUT to update it.'] });
    const now = new Date();
    c.me.status = { id: core.nextAuxId(), content, created_at: now, updated_at: now };
    sendJson(c.res, 201, statusOut(c.me));
  }
  async function updateStatus(c: Ctx) {
    if (!c.me.status) throw notFound();
    const content = await statusContent(c);
    c.me.status.content = content;
    c.me.status.updated_at = new Date();
    sendJson(c.res, 200, statusOut(c.me));
  }
  function deleteStatus(c: Ctx) {
    if (!c.me.status) throw notFound();
    c.me.status = null;
    sendJson(c.res, 204, null);
  }

  // ---- Accounts: contacts ----
  function listContacts(c: Ctx) {
    const mine = [...contacts.values()].filter((x) => x.owner === c.me.id).sort((a, b) => a.id - b.id);
    sendJson(c.res, 200, mine.map(contactOut));
  }
  function contactFields(f: Record<string, unknown>, c: Ctx, partial: boolean, self?: Contact) {
    const d: Details = {};
    let contact: number | undefined;
    let nikname: string | undefined;
    if (!partial || 'contact' in f) {
      contact = pkIn(f, 'contact', d, (id) => users.has(id));
      if (contact !== undefined) {
        if (contact === c.me.id) d.contact = ['You cannot add yourself as a contact.'];
        else if ([...contacts.values()].some((x) => x.owner === c.me.id && x.contact === contact && x !== self))
          d.contact = ['This user is already in your contacts.'];
      }
    }
    if (!partial || 'nikname' in f) nikname = strIn(f, 'nikname', d, { required: true, max: 100 });
    throwIf(d);
    return { contact, nikname };
  }
  async function createContact(c: Ctx) {
    const f = (await readBody(c.req)).fields;
    const v = contactFields(f, c, false);
    const now = new Date();
    const x: Contact = { id: nextContactId++, owner: c.me.id, contact: v.contact!, nikname: v.nikname!, created_at: now, update_at: now };
    contacts.set(x.id, x);
    sendJson(c.res, 201, contactOut(x));
  }
  function myContact(c: Ctx): Contact {
    const x = contacts.get(intParam(c.params[0]));
    if (!x || x.owner !== c.me.id) throw notFound();
    return x;
  }
  function getContact(c: Ctx) {
    sendJson(c.res, 200, contactOut(myContact(c)));
  }
  async function updateContact(c: Ctx, partial: boolean) {
    const x = myContact(c);
    const f = (await readBody(c.req)).fields;
    const v = contactFields(f, c, partial, x);
    if (v.contact !== undefined) x.contact = v.contact;
    if (v.nikname !== undefined) x.nikname = v.nikname;
    x.update_at = new Date();
    sendJson(c.res, 200, contactOut(x));
  }
  function deleteContact(c: Ctx) {
    contacts.delete(myContact(c).id);
    sendJson(c.res, 204, null);
  }

  // ---- Accounts: admin ----
  function requireStaff(c: Ctx) {
    if (!c.me.is_staff) throw forbidden();
  }
  function adminList(c: Ctx) {
    requireStaff(c);
    sendJson(c.res, 200, [...users.values()].sort((a, b) => a.id - b.id).map((u) => profileOut(u, c.origin)));
  }
  function adminUser(c: Ctx): User {
    requireStaff(c);
    const u = users.get(intParam(c.params[0]));
    if (!u) throw notFound();
    return u;
  }
  function adminGet(c: Ctx) {
    sendJson(c.res, 200, profileOut(adminUser(c), c.origin));
  }
  function adminDelete(c: Ctx) {
    purgeUser(adminUser(c).id);
    sendJson(c.res, 204, null);
  }

  // ---- Posts ----
  function listPosts(c: Ctx) {
    const all = [...posts.values()].filter((p) => p.is_active).sort((a, b) => b.seq - a.seq);
    sendJson(c.res, 200, all.map((p) => postOut(p, c.origin)));
  }
  function addImages(p: Post, ups: UploadedFile[]) {
    for (const up of ups) p.images.push({ id: crypto.randomUUID(), path: core.storeMedia('posts/images', up), created_at: new Date() });
  }
  async function createPost(c: Ctx) {
    const body = await readBody(c.req);
    const d: Details = {};
    const content = strIn(body.fields, 'content', d, { required: true, trim: false });
    if (content !== undefined && content.trim() === '') d.content = ['This field may not be blank.'];
    notAFile(body, 'images', d);
    const ups = imageUploads(body, 'images', d, true);
    throwIf(d);
    const p: Post = {
      id: crypto.randomUUID(),
      owner: c.me.id,
      content: content!,
      images: [],
      is_active: true,
      is_edited: false,
      created_at: new Date(),
      updated_at: null,
      seq: seq++,
    };
    addImages(p, ups);
    posts.set(p.id, p);
    sendJson(c.res, 201, postOut(p, c.origin));
  }
  function postOr404(id: string): Post {
    const p = posts.get(uuidParam(id));
    if (!p || !p.is_active) throw notFound();
    return p;
  }
  function getPost(c: Ctx) {
    sendJson(c.res, 200, postOut(postOr404(c.params[0]), c.origin));
  }
  async function patchPost(c: Ctx) {
    const p = postOr404(c.params[0]);
    if (p.owner !== c.me.id) throw forbidden();
    const body = await readBody(c.req);
    const d: Details = {};
    let content: string | undefined;
    if ('content' in body.fields) {
      content = strIn(body.fields, 'content', d, { required: true, trim: false });
      if (content !== undefined && content.trim() === '') d.content = ['This field may not be blank.'];
    }
    notAFile(body, 'images', d);
    const ups = imageUploads(body, 'images', d, true);
    throwIf(d);
    if (content !== undefined) p.content = content;
    addImages(p, ups);
    p.is_edited = true;
    p.updated_at = new Date();
    sendJson(c.res, 200, postOut(p, c.origin));
  }
  function deletePostH(c: Ctx) {
    const p = postOr404(c.params[0]);
    if (p.owner !== c.me.id) throw forbidden();
    deletePost(p);
    sendJson(c.res, 204, null);
  }
  const activePost = (id: string) => {
    const p = posts.get(id);
    return p && p.is_active ? p : undefined;
  };

  async function createLike(c: Ctx) {
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const p = uuidIn(f, 'post', d, activePost);
    if (p && [...likes.values()].some((l) => l.post === p.id && l.owner === c.me.id)) d.non_field_errors = ['You have already liked this post.'];
    throwIf(d);
    const l: Like = { id: crypto.randomUUID(), owner: c.me.id, post: p!.id, created_at: new Date(), seq: seq++ };
    likes.set(l.id, l);
    sendJson(c.res, 201, likeOut(l, c.origin));
  }
  function deleteLike(c: Ctx) {
    const l = likes.get(uuidParam(c.params[0]));
    if (!l) throw notFound();
    if (l.owner !== c.me.id) throw forbidden();
    likes.delete(l.id);
    sendJson(c.res, 204, null);
  }
  function postLikes(c: Ctx) {
    const p = postOr404(c.params[0]);
    const list = [...likes.values()].filter((l) => l.post === p.id).sort((a, b) => a.seq - b.seq);
    sendJson(c.res, 200, list.map((l) => likeOut(l, c.origin)));
  }

  async function createPComment(c: Ctx) {
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const p = uuidIn(f, 'post', d, activePost);
    const text = strIn(f, 'comment', d, { required: true, max: 2000 });
    let replyTo: string | null = null;
    if (!isBlank(f.reply_to)) {
      const r = uuidIn(f, 'reply_to', d, (id) => pcomments.get(id));
      if (r && p && r.post !== p.id) d.reply_to = ['The comment you reply to belongs to another post.'];
      else if (r) replyTo = r.id;
    }
    throwIf(d);
    const cm: PComment = {
      id: crypto.randomUUID(),
      owner: c.me.id,
      post: p!.id,
      comment: text!,
      reply_to: replyTo,
      is_edited: false,
      created_at: new Date(),
      updated_at: null,
      seq: seq++,
    };
    pcomments.set(cm.id, cm);
    sendJson(c.res, 201, pcommentOut(cm, c.origin));
  }
  function pcommentOr404(id: string): PComment {
    const cm = pcomments.get(uuidParam(id));
    if (!cm) throw notFound();
    return cm;
  }
  async function patchPComment(c: Ctx) {
    const cm = pcommentOr404(c.params[0]);
    if (cm.owner !== c.me.id) throw forbidden();
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    let text: string | undefined;
    if ('comment' in f) text = strIn(f, 'comment', d, { required: true, max: 2000 });
    throwIf(d);
    if (text !== undefined) cm.comment = text;
    cm.is_edited = true;
    cm.updated_at = new Date();
    sendJson(c.res, 200, pcommentOut(cm, c.origin));
  }
  function deletePComment(c: Ctx) {
    const cm = pcommentOr404(c.params[0]);
    if (cm.owner !== c.me.id) throw forbidden();
    pcomments.delete(cm.id);
    sendJson(c.res, 204, null);
  }
  function postComments(c: Ctx) {
    const p = postOr404(c.params[0]);
    const list = [...pcomments.values()].filter((x) => x.post === p.id).sort((a, b) => a.seq - b.seq);
    sendJson(c.res, 200, list.map((x) => pcommentOut(x, c.origin)));
  }

  async function createPView(c: Ctx) {
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const p = uuidIn(f, 'post', d, activePost);
    if (p && [...pviews.values()].some((v) => v.post === p.id && v.owner === c.me.id)) d.non_field_errors = ['You have already viewed this post.'];
    throwIf(d);
    const v: PView = { id: crypto.randomUUID(), owner: c.me.id, post: p!.id, created_at: new Date(), seq: seq++ };
    pviews.set(v.id, v);
    sendJson(c.res, 201, likeOut(v, c.origin));
  }
  function postViews(c: Ctx) {
    const p = postOr404(c.params[0]);
    const list = [...pviews.values()].filter((v) => v.post === p.id).sort((a, b) => a.seq - b.seq);
    sendJson(c.res, 200, list.map((v) => likeOut(v, c.origin)));
  }

  // ---- Stories ----
  function myActive(c: Ctx) {
    const list = [...stories.values()].filter((s) => s.owner === c.me.id && s.is_active).sort((a, b) => b.id - a.id);
    sendJson(c.res, 200, list.map((s) => storyOut(s, c.origin)));
  }
  function audienceIn(f: Record<string, unknown>, d: Details): Audience | undefined {
    const v = f.audience;
    if (isBlank(v)) return undefined;
    if (typeof v !== 'string' || !(AUDIENCES as readonly string[]).includes(v)) {
      d.audience = [`"${String(v)}" is not a valid choice.`];
      return undefined;
    }
    return v as Audience;
  }
  async function createStory(c: Ctx) {
    const body = await readBody(c.req);
    const f = body.fields;
    const d: Details = {};
    const up = body.files.media?.[0];
    if (!up) {
      d.media = [isBlank(f.media) ? (body.kind === 'multipart' ? 'No file was submitted.' : 'This field is required.') : 'The submitted data was not a file. Check the encoding type on the form.'];
    } else storyMedia(up, d);
    let caption = '';
    if ('caption' in f && f.caption !== null) {
      const v = strIn(f, 'caption', d, { allowBlank: true, max: 255 });
      if (v !== undefined) caption = v;
    }
    const audience = audienceIn(f, d) ?? 'public';
    const marked = markedIn(body, d) ?? [];
    if (audience === 'marked' && !d.marked && marked.length === 0) d.marked = ['Mark at least one user when the audience is "marked".'];
    throwIf(d);
    const now = new Date();
    const s: Story = {
      id: nextStoryId++,
      owner: c.me.id,
      media: core.storeMedia('stories', up!),
      caption,
      marked,
      is_active: true,
      audience,
      created_at: now,
      updated_at: now,
    };
    stories.set(s.id, s);
    sendJson(c.res, 201, storyOut(s, c.origin));
  }
  function activeStoryOr404(id: string): Story {
    const s = stories.get(intParam(id));
    if (!s || !s.is_active) throw notFound();
    return s;
  }
  function getStory(c: Ctx) {
    const s = activeStoryOr404(c.params[0]);
    if (!canSee(s, c.me.id)) throw forbidden();
    sendJson(c.res, 200, storyOut(s, c.origin));
  }
  async function patchStory(c: Ctx) {
    const s = activeStoryOr404(c.params[0]);
    if (s.owner !== c.me.id) throw forbidden();
    const body = await readBody(c.req);
    const f = body.fields;
    const d: Details = {};
    let caption: string | undefined;
    if ('caption' in f) {
      if (f.caption === null) caption = '';
      else caption = strIn(f, 'caption', d, { allowBlank: true, max: 255 });
    }
    const audience = audienceIn(f, d);
    const marked = markedIn(body, d);
    const up = body.files.media?.[0];
    if (up) storyMedia(up, d);
    else if (!isBlank(f.media)) d.media = ['The submitted data was not a file. Check the encoding type on the form.'];
    const finalAudience = audience ?? s.audience;
    const finalMarked = marked ?? s.marked;
    if (finalAudience === 'marked' && !d.marked && !d.audience && finalMarked.length === 0)
      d.marked = ['Mark at least one user when the audience is "marked".'];
    throwIf(d);
    if (caption !== undefined) s.caption = caption;
    if (audience !== undefined) s.audience = audience;
    if (marked !== undefined) s.marked = marked;
    if (up) {
      core.media.delete(s.media);
      s.media = core.storeMedia('stories', up);
    }
    s.updated_at = new Date();
    sendJson(c.res, 200, storyOut(s, c.origin));
  }
  function deleteStoryH(c: Ctx) {
    const s = activeStoryOr404(c.params[0]);
    if (s.owner !== c.me.id) throw forbidden();
    deleteStory(s);
    sendJson(c.res, 204, null);
  }
  function userStories(c: Ctx) {
    const uid = intParam(c.params[0]);
    if (!users.has(uid)) throw notFound();
    const list = [...stories.values()].filter((s) => s.owner === uid && s.is_active && canSee(s, c.me.id)).sort((a, b) => b.id - a.id);
    sendJson(c.res, 200, list.map((s) => storyOut(s, c.origin)));
  }
  function listArchive(c: Ctx) {
    const list = [...stories.values()].filter((s) => s.owner === c.me.id && !s.is_active).sort((a, b) => b.id - a.id);
    sendJson(c.res, 200, list.map((s) => storyOut(s, c.origin)));
  }
  function archivedOr404(c: Ctx): Story {
    const s = stories.get(intParam(c.params[0]));
    if (!s || s.is_active) throw notFound();
    if (s.owner !== c.me.id) throw forbidden();
    return s;
  }
  function getArchive(c: Ctx) {
    sendJson(c.res, 200, storyOut(archivedOr404(c), c.origin));
  }
  function deleteArchive(c: Ctx) {
    deleteStory(archivedOr404(c));
    sendJson(c.res, 204, null);
  }

  function storyRef(f: Record<string, unknown>, d: Details, me: number): Story | undefined {
    const id = pkIn(f, 'story', d, (x) => stories.get(x)?.is_active === true);
    if (id === undefined) return undefined;
    const s = stories.get(id)!;
    if (!canSee(s, me)) throw forbidden();
    return s;
  }
  function reactionIn(f: Record<string, unknown>, d: Details): string | undefined {
    return strIn(f, 'reaction', d, { required: true, max: 20 });
  }
  async function createReaction(c: Ctx) {
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const s = storyRef(f, d, c.me.id);
    const reaction = reactionIn(f, d);
    if (s && [...reactions.values()].some((r) => r.story === s.id && r.user === c.me.id)) d.non_field_errors = ['You have already reacted to this story.'];
    throwIf(d);
    const r: Reaction = { id: nextReactionId++, story: s!.id, user: c.me.id, reaction: reaction!, reacted_at: new Date() };
    reactions.set(r.id, r);
    sendJson(c.res, 201, reactionOut(r));
  }
  function reactionOr404(c: Ctx): Reaction {
    const r = reactions.get(intParam(c.params[0]));
    if (!r) throw notFound();
    if (r.user !== c.me.id) throw forbidden();
    return r;
  }
  async function patchReaction(c: Ctx) {
    const r = reactionOr404(c);
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    let reaction: string | undefined;
    if ('reaction' in f) reaction = reactionIn(f, d);
    throwIf(d);
    if (reaction !== undefined) r.reaction = reaction;
    r.reacted_at = new Date();
    sendJson(c.res, 200, reactionOut(r));
  }
  function deleteReaction(c: Ctx) {
    reactions.delete(reactionOr404(c).id);
    sendJson(c.res, 204, null);
  }
  async function markViewed(c: Ctx) {
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const s = storyRef(f, d, c.me.id);
    if (!isBlank(f.viewer) && parseIntStrict(f.viewer) === null) d.viewer = [`Incorrect type. Expected pk value, received ${typeof f.viewer}.`];
    throwIf(d);
    let v = [...sviews.values()].find((x) => x.story === s!.id && x.viewer === c.me.id);
    if (!v) {
      v = { id: nextSViewId++, story: s!.id, viewer: c.me.id, viewed_at: new Date() };
      sviews.set(v.id, v);
    }
    sendJson(c.res, 201, sviewOut(v));
  }

  // ---- Notifications API: comments ----
  function listGComments(c: Ctx) {
    sendJson(c.res, 200, [...gcomments.values()].sort((a, b) => a.id - b.id).map(gcommentOut));
  }
  async function createGComment(c: Ctx) {
    const f = (await readBody(c.req)).fields;
    const d: Details = {};
    const content = strIn(f, 'content', d, { required: true, max: 5000 });
    throwIf(d);
    const g: GComment = { id: nextGCommentId++, content: content!, created_at: new Date() };
    gcomments.set(g.id, g);
    sendJson(c.res, 201, gcommentOut(g));
  }

  // ---- dev-only endpoints (not part of the documented API) ----
  function devLastMail(c: Ctx) {
    const email = c.url.searchParams.get('email');
    if (!email) throw badRequest({ email: ['This query parameter is required.'] });
    const list = outbox.get(email.trim().toLowerCase());
    if (!list || list.length === 0) throw notFound();
    const m = list[list.length - 1];
    sendJson(c.res, 200, { to: m.to, kind: m.kind, subject: m.subject, body: m.body, code: m.code, link: m.link, sent_at: iso(m.sent_at) });
  }
  function devArchiveStory(c: Ctx) {
    const s = stories.get(intParam(c.params[0]));
    if (!s) throw notFound();
    s.is_active = false;
    sendJson(c.res, 200, storyOut(s, c.origin));
  }

  // =============================================================================================
  // Routing
  // =============================================================================================

  const routes: Route[] = [
    // authentication (sign-in and refresh are in server.ts)
    { re: /^\/api\/accounts\/auth\/signup\/$/, auth: false, methods: { POST: signup } },
    { re: /^\/api\/accounts\/auth\/email-verify\/$/, auth: false, throttle: { scope: 'email_verify', methods: ['POST'] }, methods: { POST: emailVerify } },
    { re: /^\/api\/accounts\/auth\/oauth2\/google\/$/, auth: false, methods: { POST: google } },
    { re: /^\/api\/accounts\/auth\/forgot-password\/$/, auth: false, throttle: { scope: 'forget_password', methods: ['POST'] }, methods: { POST: forgotPassword } },
    { re: /^\/api\/accounts\/auth\/reset-password\/([^/]+)\/$/, auth: false, throttle: { scope: 'new_password', methods: ['POST'] }, methods: { POST: resetPassword } },
    // profile
    { re: /^\/api\/accounts\/account\/profile\/$/, auth: true, methods: { GET: getProfile, PATCH: patchProfile } },
    { re: /^\/api\/accounts\/account\/check\/username\/$/, auth: true, methods: { GET: checkUsername } },
    { re: /^\/api\/accounts\/account\/change-email\/$/, auth: true, methods: { POST: changeEmail } },
    { re: /^\/api\/accounts\/account\/change-email\/confirm\/$/, auth: true, methods: { POST: changeEmailConfirm } },
    { re: /^\/api\/accounts\/account\/delete\/$/, auth: true, methods: { POST: deleteAccount } },
    { re: /^\/api\/accounts\/account\/delete\/confirm\/$/, auth: true, methods: { POST: deleteAccountConfirm } },
    // search & discovery
    { re: /^\/api\/accounts\/account\/search\/([^/]+)\/$/, auth: true, throttle: { scope: 'profile_search', methods: ['GET'] }, methods: { GET: search } },
    { re: /^\/api\/accounts\/account\/user\/([^/]+)\/$/, auth: true, methods: { GET: userById } },
    { re: /^\/api\/accounts\/account\/profile\/([^/]+)\/$/, auth: false, throttle: { scope: 'public_profile', methods: ['GET'] }, methods: { GET: publicProfile } },
    // location
    { re: /^\/api\/accounts\/account\/location\/$/, auth: true, methods: { POST: createLocation, PUT: updateLocation, DELETE: deleteLocation } },
    { re: /^\/api\/accounts\/account\/location\/([^/]+)\/$/, auth: true, methods: { GET: nearby } },
    // blocks
    { re: /^\/api\/accounts\/account\/block\/$/, auth: true, methods: { GET: listBlocks, POST: createBlock } },
    { re: /^\/api\/accounts\/account\/block\/([^/]+)\/$/, auth: true, methods: { GET: getBlock, DELETE: deleteBlock } },
    // status
    { re: /^\/api\/accounts\/account\/status\/$/, auth: true, methods: { GET: getStatus, POST: createStatus, PUT: updateStatus, DELETE: deleteStatus } },
    // contacts
    { re: /^\/api\/accounts\/account\/contact\/$/, auth: true, methods: { GET: listContacts, POST: createContact } },
    {
      re: /^\/api\/accounts\/account\/contact\/([^/]+)\/$/,
      auth: true,
      methods: { GET: getContact, PUT: (c) => updateContact(c, false), PATCH: (c) => updateContact(c, true), DELETE: deleteContact },
    },
    // admin
    { re: /^\/api\/accounts\/admin\/user\/$/, auth: true, methods: { GET: adminList } },
    { re: /^\/api\/accounts\/admin\/user\/([^/]+)\/$/, auth: true, methods: { GET: adminGet, DELETE: adminDelete } },
    // posts
    { re: /^\/api\/posts\/post\/$/, auth: true, methods: { GET: listPosts, POST: createPost } },
    { re: /^\/api\/posts\/post\/([^/]+)\/$/, auth: true, methods: { GET: getPost, PATCH: patchPost, DELETE: deletePostH } },
    { re: /^\/api\/posts\/like\/$/, auth: true, methods: { POST: createLike } },
    { re: /^\/api\/posts\/like\/([^/]+)\/$/, auth: true, methods: { DELETE: deleteLike } },
    { re: /^\/api\/posts\/comment\/$/, auth: true, methods: { POST: createPComment } },
    { re: /^\/api\/posts\/comment\/([^/]+)\/$/, auth: true, methods: { PATCH: patchPComment, DELETE: deletePComment } },
    { re: /^\/api\/posts\/views\/$/, auth: true, methods: { POST: createPView } },
    { re: /^\/api\/posts\/([^/]+)\/likes\/$/, auth: true, methods: { GET: postLikes } },
    { re: /^\/api\/posts\/([^/]+)\/comments\/$/, auth: true, methods: { GET: postComments } },
    { re: /^\/api\/posts\/([^/]+)\/views\/$/, auth: true, methods: { GET: postViews } },
    // stories
    { re: /^\/api\/stories\/active\/$/, auth: true, methods: { GET: myActive, POST: createStory } },
    { re: /^\/api\/stories\/active\/([^/]+)\/stories\/$/, auth: true, methods: { GET: userStories } },
    { re: /^\/api\/stories\/active\/([^/]+)\/$/, auth: true, methods: { GET: getStory, PATCH: patchStory, DELETE: deleteStoryH } },
    { re: /^\/api\/stories\/archive\/$/, auth: true, methods: { GET: listArchive } },
    { re: /^\/api\/stories\/archive\/([^/]+)\/$/, auth: true, methods: { GET: getArchive, DELETE: deleteArchive } },
    { re: /^\/api\/stories\/reaction\/$/, auth: true, methods: { POST: createReaction } },
    { re: /^\/api\/stories\/reaction\/([^/]+)\/$/, auth: true, methods: { PATCH: patchReaction, DELETE: deleteReaction } },
    { re: /^\/api\/stories\/viewed\/$/, auth: true, methods: { POST: markViewed } },
    // notifications API (comments)
    { re: /^\/api\/comments\/comment\/$/, auth: false, methods: { GET: listGComments, POST: createGComment } },
    // dev-only
    { re: /^\/_dev\/mail\/last\/$/, auth: false, methods: { GET: devLastMail } },
    { re: /^\/_dev\/stories\/([^/]+)\/archive\/$/, auth: false, methods: { POST: devArchiveStory } },
  ];

  function throttleIdent(req: http.IncomingMessage, user: User | null): string {
    if (user) return `user:${user.id}`;
    const xff = req.headers['x-forwarded-for'];
    if (typeof xff === 'string' && xff.trim() !== '') return xff.replace(/\s+/g, '');
    return req.socket.remoteAddress ?? 'unknown';
  }

  async function optionalUser(req: http.IncomingMessage): Promise<User | null> {
    const h = req.headers.authorization;
    if (!h) return null;
    const parts = h.trim().split(/\s+/);
    if (parts.length !== 2 || parts[0].toLowerCase() !== 'bearer') return null;
    return core.verifyToken(parts[1], 'access');
  }

  /** Handles the request if its path is one of this module's routes; returns false otherwise. */
  async function handle(req: http.IncomingMessage, res: http.ServerResponse, path: string, method: string, url: URL, origin: string): Promise<boolean> {
    let route: Route | undefined;
    let m: RegExpMatchArray | null = null;
    for (const r of routes) {
      m = path.match(r.re);
      if (m) {
        route = r;
        break;
      }
    }
    if (!route || !m) return false;
    if (path.startsWith('/api/stories/') || path.startsWith('/_dev/stories/')) sweepStories();
    const me = route.auth ? await core.authenticate(req) : await optionalUser(req);
    const h = route.methods[method];
    if (!h) throw new ApiError(405, { detail: `Method "${method}" not allowed.` });
    if (route.throttle && route.throttle.methods.includes(method)) {
      const wait = throttle.check(route.throttle.scope, throttleIdent(req, me));
      if (wait !== null) throw new ApiError(429, { message: 'Request was throttled', wait_seconds: wait }, { 'Retry-After': String(wait) });
    }
    await h({ req, res, url, origin, method, params: m.slice(1), me: me as User });
    return true;
  }

  return { handle, purgeUser };
}
