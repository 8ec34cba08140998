// UzbekHub's part-2 compliant variants (variants-accounts): each takes another reading 004 §Accounts API allows
// where schemas/DECISIONS.md picked one (see variants.ts). Names are a contract: never rename one, only add.
import { v } from '../variant-spec.ts';
import './accounts-spec.ts';

export const ACCOUNT_VARIANTS = [
  v('block-pk-user', 'a block\'s detail and unblock take the blocked user\'s id as `pk` (§23-24: "`pk` (integer): Blocked user ID")', 'D-uzbekhub-38', { rules: { uzBlockPkUser: true } }, undefined, {
    'not-owner-blocks-delete': 'a pk that is the blocked user\'s id names a block among the caller\'s own: nobody can name someone else\'s block',
  }),
  v('forgot-unknown-404', 'forgot-password for an address of no account answers 404 (a server that tells the caller)', 'D-uzbekhub-31', { rules: { uzForgotUnknown404: true } }),
  v('own-username-available', 'the username check answers the caller\'s own username available (it is theirs to keep)', 'D-uzbekhub-34', { rules: { uzOwnUsernameAvailable: true } }),
  v('user-by-id-array', 'a user by id answers a one-item array ("Same structure as Search Users response", which is an array)', 'D-uzbekhub-14', { rules: { uzUserByIdArray: true } }),
  v('search-hides-own-blocks', 'search hides the users the caller blocked, not those who blocked the caller (one reading of "Bloklagan foydalanuvchilar")', 'D-uzbekhub-35', { rules: { uzSearchHidesOwnBlocksOnly: true } }),
  v('location-post-upsert', 'POST of a location when the user has one updates it (update_or_create), answering 200', 'D-uzbekhub-37', { rules: { uzLocationUpsert: true } }),
] as const;
