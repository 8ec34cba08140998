// The CarInfoPro suite (document 003): one file per area.
import { coverage } from './coverage.ts';
import { defineSuite } from '../../harness/suite.ts';
import { accessChecks } from './access.ts';
import { authChecks } from './auth.ts';
import { closeChecks } from './close.ts';
import { errorChecks } from './errors.ts';
import { historyChecks } from './history.ts';
import { messagingChecks } from './messaging.ts';
import { roomChecks } from './rooms.ts';
import { secretChecks } from './secret.ts';
import { startChecks } from './start.ts';
import { families } from './families.ts';
import { prepare } from './support.ts';

export const carinfopro = defineSuite({
  profile: 'carinfopro',
  coverage,
  checks: [
    ...startChecks,
    ...roomChecks,
    ...historyChecks,
    ...messagingChecks,
    ...accessChecks,
    ...secretChecks,
    ...errorChecks,
    ...closeChecks,
    ...authChecks,
    families['schema-tour'],
  ],
  prepare,
});
