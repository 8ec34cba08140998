// What 002 shows, by the MUST checks that judge it (harness/coverage.ts; test/suites/coverage.test.ts).
import type { Coverage } from '../../harness/coverage.ts';

const NO_CODE = '002 names no close code, only "Connection closed" (D-carechat-08): the refusal is MUST (carechat-access-01..03, carechat-auth-08/09), its code SHOULD (carechat-close-*)';

export const coverage: Coverage = {
  must: {
    'frame:message': ['carechat-ws-01', 'carechat-ws-04'],
    'frame:error': ['carechat-err-05', 'carechat-err-02'],
    'rest:chats.create': ['carechat-chats-01', 'carechat-chats-02'],
  },
  exceptions: {
    'rest:token.obtain': '002 says "Obtain a JWT token from your authentication endpoint" without naming it (D-carechat-01): the harness\'s set-up',
    'rest:token.refresh': '002 names no refresh endpoint (D-carechat-01)',
    'close:4000': NO_CODE,
    'close:4001': NO_CODE,
    'close:4003': NO_CODE,
  },
};
