// The care chat suite (document 002): one file per area.
import { coverage } from './coverage.ts';
import { defineSuite } from '../../harness/suite.ts';
import { accessChecks } from './access.ts';
import { authChecks } from './auth.ts';
import { chatChecks } from './chats.ts';
import { closeChecks } from './close.ts';
import { errorChecks } from './errors.ts';
import { messagingChecks } from './messaging.ts';
import { rateChecks } from './rate.ts';
import { roleChecks } from './roles.ts';
import { prepare } from './support.ts';

export const carechat = defineSuite({
  profile: 'carechat',
  coverage,
  checks: [...authChecks, ...accessChecks, ...chatChecks, ...messagingChecks, ...roleChecks, ...errorChecks, ...rateChecks, ...closeChecks],
  prepare,
});
