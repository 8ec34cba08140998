// The Fiko suite (document 001): one file per area, both sockets.
import { coverage } from './coverage.ts';
import { defineSuite } from '../../harness/suite.ts';
import { accessChecks } from './access.ts';
import { authChecks } from './auth.ts';
import { chatChecks } from './chat.ts';
import { closeChecks } from './close.ts';
import { errorChecks } from './errors.ts';
import { listChecks } from './list.ts';
import { notifyChecks } from './notify.ts';
import { presenceChecks } from './presence.ts';
import { readChecks } from './read.ts';

export const fiko = defineSuite({
  profile: 'fiko',
  coverage,
  checks: [...authChecks, ...closeChecks, ...accessChecks, ...listChecks, ...chatChecks, ...readChecks, ...presenceChecks, ...errorChecks, ...notifyChecks],
});
