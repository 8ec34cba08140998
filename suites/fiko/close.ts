// Close codes of the socket (D-carinfopro-07; the document gives none, so the codes are SHOULD while the
// refusal itself is MUST in access.ts): accept, then close with 4000, 4001 or 4003 before any frame. The
// codes of no credential, a bad JWT, another room's credential, an unknown and a malformed room are the
// shared families' (families.ts); a visitor token of no room is CarInfoPro's own.
import { randomUUID } from 'node:crypto';
import { invented } from '../../core/redact.ts';
import type { Check } from '../../harness/check.ts';
import { expectClose } from '../../harness/verify.ts';
import { closeCode } from '../families/close-codes.ts';
import { families as f } from './families.ts';
import { fixtureRoom, visitorSocket, type CarinfoproState } from './support.ts';

export const closeChecks: Check<CarinfoproState>[] = [
  f['close-no-credential'],
  f['close-bad-token'],
  {
    id: 'fiko-close-03',
    level: 'SHOULD',
    doc: '003 §WebSocket',
    decision: 'D-carinfopro-07',
    title: 'A visitor token of no room closes with 4001',
    requirement: 'Decision D-carinfopro-07 (the document is silent): 4001 (Unauthorized) when the visitor token belongs to no room.',
    tags: ['close-code', 'websocket', 'auth', 'visitor'],
    run: async (ctx) => expectClose(ctx, await visitorSocket(ctx, fixtureRoom(ctx), invented(randomUUID()), 'guesser'), [closeCode(ctx.env.profile, 'Unauthorized')], 'a random UUID as visitor token'),
  },
  f['close-outsider'],
  f['close-unknown-room'],
  f['close-malformed-id'],
];
