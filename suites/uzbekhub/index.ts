// The UzbekHub suite (document 004): one file per section of the chat (part 1); accounts, posts and stories
// by hand (part 2), and the check families generated from the profile's rest table (operations.ts).
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
import { accountChecks } from './accounts.ts';
import { socialChecks } from './social.ts';
import { operationChecks } from './operations.ts';

export const uzbekhub = defineSuite({
  profile: 'uzbekhub',
  coverage,
  checks: [...authChecks, ...roomChecks, ...memberChecks, ...historyChecks, ...fileChecks, ...socketChecks, ...accessChecks, ...errorChecks, ...accountChecks, ...socialChecks, ...operationChecks],
  prepare,
});
