// The UzbekHub suite (document 004), its chat: one file per section.
import { coverage } from './coverage.ts';
import { defineSuite } from '../../harness/suite.ts';
import { accessChecks } from './access.ts';
import { authChecks } from './auth.ts';
import { errorChecks } from './errors.ts';
import { fileChecks } from './files.ts';
import { historyChecks } from './history.ts';
import { memberChecks } from './members.ts';
import { roomChecks } from './rooms.ts';
import { socketChecks } from './socket.ts';
import { prepare } from './support.ts';

export const uzbekhub = defineSuite({
  profile: 'uzbekhub',
  coverage,
  checks: [...authChecks, ...roomChecks, ...memberChecks, ...historyChecks, ...fileChecks, ...socketChecks, ...accessChecks, ...errorChecks],
  prepare,
});
