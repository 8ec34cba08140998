// The accounts part's own names at the shared seams (module augmentation, as spec.ts does for the chat):
// the refusals, validator rules and values its handlers name, and the rules its variants set.
import type { UzUser } from './state.ts';

/** 004 §Rate Limiting: the five throttled scopes (profile rest.<op>.throttle). */
export type ThrottleScope = 'email_verify' | 'forget_password' | 'new_password' | 'profile_search' | 'public_profile';

declare module '../fault-spec.ts' {
  interface Refusals {
    /** a wrong current password where §10 and §12 need it (ctx.op): a fault waiving it goes on */
    'uz-wrong-password': true;
    /** a caller who is not staff on an admin endpoint (§35-37, D-uzbekhub-41) */
    'uz-not-staff': undefined;
  }
  interface DialectRules {
    /** 004 §Accounts API 1: "Password minimum 8 characters" */
    'uz-signup-min-length': true;
    /** 004 §Accounts API 1: "Passwords must match" */
    'uz-signup-match': true;
    /** D-uzbekhub-31: a new password of 8 characters at least (§6) */
    'uz-reset-min-length': true;
    /** D-uzbekhub-31: new_password and confirm_password match (§6) */
    'uz-reset-match': true;
    /** 004 §Accounts API 1: "Email must be unique" */
    'uz-email-unique': true;
    /** D-uzbekhub-30: an account signs in only once its code is verified */
    'uz-active-to-sign-in': true;
    /** D-uzbekhub-50: a Google token the server cannot verify is refused */
    'uz-google-token': true;
    /** D-uzbekhub-34: the username check needs `username` */
    'uz-username-param': true;
    /** D-uzbekhub-33: a username another user has is refused */
    'uz-username-unique': true;
    /** D-uzbekhub-37: one location per user */
    'uz-one-location': true;
    /** D-uzbekhub-38: nobody blocks themselves */
    'uz-block-not-self': true;
    /** 004 §Accounts API 26: "Content max 55 characters" */
    'uz-status-max-55': true;
    /** D-uzbekhub-39: one status per user */
    'uz-one-status': true;
    /** D-uzbekhub-40: a contact is someone other than the caller */
    'uz-contact-not-self': true;
    /** D-uzbekhub-32: an email change is confirmed by the code emailed to the new address */
    'uz-change-code-matches': true;
    /** D-uzbekhub-32: a deletion is confirmed by the code emailed for it */
    'uz-delete-code-matches': true;
  }
  interface Reads {
    /** a scope's limit (D-uzbekhub-16: 30 a minute); null: not throttled */
    'uz.throttle': { limit: number; windowMs: number } | null;
    /** whether a username is taken (§9; ctx: the caller) */
    'uz.username.taken': boolean;
    /** the users a search key matches, before the blocks are applied (§14) */
    'uz.search.hits': UzUser[];
    /** whether a block hides a user from a search (ctx.direction: `mine`, the caller blocked them; `theirs`, they blocked the caller) */
    'uz.search.hides': boolean;
    /** the account §16 answers for a username (undefined: none) */
    'uz.public.user': UzUser | undefined;
    /** whether another user's location is within the searched distance (§20) */
    'uz.nearby.within': boolean;
  }
}

declare module '../variant-spec.ts' {
  interface Rules {
    /** uzbekhub: a block's `pk` is the blocked user's id (D-uzbekhub-38: the block's own id) */
    uzBlockPkUser?: boolean;
    /** uzbekhub: forgot-password for an address of no account answers 404 (D-uzbekhub-31: 200) */
    uzForgotUnknown404?: boolean;
    /** uzbekhub: the caller's own username is available to them (D-uzbekhub-34: taken) */
    uzOwnUsernameAvailable?: boolean;
    /** uzbekhub: user-by-id answers a one-item array, as search does (D-uzbekhub-14: the object) */
    uzUserByIdArray?: boolean;
    /** uzbekhub: search hides the users the caller blocked, not those who blocked the caller (D-uzbekhub-35: both) */
    uzSearchHidesOwnBlocksOnly?: boolean;
    /** uzbekhub: POST of a location when one exists updates it (D-uzbekhub-37: 400) */
    uzLocationUpsert?: boolean;
  }
}
