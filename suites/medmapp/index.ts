// The Medmapp suite (document 000): one file per area.
import { coverage } from './coverage.ts';
import { defineSuite } from '../../harness/suite.ts';
import { access } from './access.ts';
import { auth } from './auth.ts';
import { errors } from './errors.ts';
import { messaging } from './messaging.ts';
import { pagination } from './pagination.ts';
import { rateLimit } from './rate-limit.ts';
import { read } from './read.ts';
import { rest } from './rest.ts';
import { status } from './status.ts';
import { uploads } from './upload.ts';
import { families } from './families.ts';
import { prepare } from './support.ts';

export const medmapp = defineSuite({
  profile: 'medmapp',
  coverage,
  checks: [...auth, ...access, ...messaging, ...errors, ...rest, ...pagination, ...rateLimit, ...read, ...uploads, ...status, families['schema-tour']],
  prepare,
});
