// Close codes of the socket (D-carechat-08; 002 says only "Connection closed", so the codes are SHOULD while
// the disconnection itself is MUST in access.ts and auth.ts): accept, then close with 4000, 4001 or 4003.
import type { Check } from '../../harness/check.ts';
import { families as f } from './families.ts';
import type { CarechatState } from './support.ts';

export const closeChecks: Check<CarechatState>[] = [
  f['close-no-credential'],
  f['close-bad-token'],
  f['close-outsider'],
  f['close-unknown-room'],
  f['close-malformed-id'],
];
