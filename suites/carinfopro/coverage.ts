// What 003 shows, by the MUST checks that judge it (harness/coverage.ts; test/suites/coverage.test.ts).
import type { Coverage } from '../../harness/coverage.ts';

const NO_CODE = '003 names no close code (D-carinfopro-07): the refusal is MUST (carinfopro-access-01/05/08/09), its code SHOULD (carinfopro-close-*)';

export const coverage: Coverage = {
  must: {
    'frame:message': ['carinfopro-ws-01', 'carinfopro-ws-02'],
    'rest:chat.start': ['carinfopro-start-01'],
    'rest:rooms.list': ['carinfopro-rooms-01'],
    'rest:messages.list': ['carinfopro-history-01', 'carinfopro-history-02'],
  },
  exceptions: {
    'frame:error': '003 shows no error frame and no error case of the socket (D-carinfopro-08): carinfopro-err-* (SHOULD)',
    'rest:token.obtain': '003 shows "JWT_ACCESS" but no login endpoint (D-carinfopro-01): the harness\'s set-up',
    'rest:token.refresh': '003 names no refresh endpoint (D-carinfopro-01)',
    'close:4000': NO_CODE,
    'close:4001': NO_CODE,
    'close:4003': NO_CODE,
  },
};
