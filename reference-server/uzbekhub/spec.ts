// UzbekHub's own names at the shared seams (module augmentation): the refusals its handlers name, the rules
// its validators report, the values a fault may change, and the rules its variants set. They live here,
// not in the shared lists of fault-spec.ts and variant-spec.ts.
import type { UzUser } from './state.ts';

export type UzRole = 'owner' | 'admin' | 'member';

declare module '../fault-spec.ts' {
  interface Refusals {
    /** a REST request of 004's chat without a token: a fault waiving it acts as the fixture owner */
    'uz-rest-no-credential': UzUser;
    /** a room operation whose role column the caller's role does not meet (Member only, Admin/Owner only, Owner only) */
    'uz-role': undefined;
    /** DELETE /api/chat/message/{id}/ by someone other than the sender (Sender only) */
    'uz-not-sender': undefined;
    /** DELETE /api/chat/files/{id}/ by someone other than the uploader (Owner only) */
    'uz-not-file-owner': undefined;
    /** a socket of a room the user is not a member of */
    'uz-ws-not-member': undefined;
    /** a socket of a room that does not exist: a fault waiving it puts a room in its place */
    'uz-ws-unknown-room': import('./state.ts').UzRoom;
  }
  interface DialectRules {
    /** 004 §Chat API 2: a private chat has no name, username, description, profile_pic */
    'uz-private-no-group-fields': true;
    /** 004 §Chat API 2: a group chat has a name */
    'uz-group-name': true;
    /** D-uzbekhub-13: a private chat has exactly two members */
    'uz-private-two': true;
    /** D-uzbekhub-09: a chat_message has text or files */
    'uz-message-not-empty': true;
  }
  interface Reads {
    /** the role the caller holds in a room, as a role rule reads it */
    'uz.role': UzRole | undefined;
    /** list_by_room's limit when none is given (004 §Chat API 15: 50) */
    'uz.history.default-limit': number;
    /** the offset list_by_room reads from */
    'uz.history.offset': number;
    /** the content hash an upload is de-duplicated by (004 §Chat API 18 note) */
    'uz.file.hash': string;
    /** whether a REST operation's effect is applied (ctx.op: the profile operation) */
    'uz.effect': boolean;
    /** the `reply_to` a chat_message is stored with */
    'uz.reply-to': string | null;
    /** the user a room operation's body names (`user_id`) */
    'uz.member.target': number;
  }
}

declare module '../variant-spec.ts' {
  interface Rules {
    /** uzbekhub: 404 bodies are DRF's {"detail": "Not found."} (D-uzbekhub-03: {"error"}) */
    uzDrf404?: boolean;
    /** uzbekhub: the creator of a private room is a plain `member` (D-uzbekhub-13: owner) */
    uzPrivateCreatorMember?: boolean;
    /** uzbekhub: a group room also needs a `username` (D-uzbekhub-13: only `name`) */
    uzGroupUsernameRequired?: boolean;
    /** uzbekhub: the socket reads the token from the Authorization header only (D-uzbekhub-08: query or header) */
    uzHeaderOnly?: boolean;
    /** uzbekhub: REST access to a room of others answers 404 (D-uzbekhub-12/03: 403) */
    uzForeign404?: boolean;
    /** uzbekhub: `next`/`previous` are paths, not absolute URLs (D-uzbekhub-07) */
    uzRelativeLinks?: boolean;
    /** uzbekhub: list_by_room is served at this path template instead of 004's (a real server's difference) */
    uzHistoryPath?: string;
    /** uzbekhub: rooms name their members `participants`, list_members answers {count, members: […]} */
    uzMembersKey?: boolean;
    /** uzbekhub: clear_messages is DELETE, not POST */
    uzClearDelete?: boolean;
    /** uzbekhub: user_typing goes to the typist's socket too (D-uzbekhub-10: the others only) */
    uzTypingEcho?: boolean;
  }
}
