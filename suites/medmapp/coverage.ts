// What 000 shows, by the MUST checks that judge it (harness/coverage.ts; test/suites/coverage.test.ts).
import type { Coverage } from '../../harness/coverage.ts';

export const coverage: Coverage = {
  must: {
    'frame:chat_message': ['medmapp-msg-01', 'medmapp-schema-01'],
    'frame:error': ['medmapp-err-06', 'medmapp-rate-02'],
    'rest:conversations.list': ['medmapp-rest-01'],
    'rest:conversations.create': ['medmapp-rest-02'],
    'rest:messages.list': ['medmapp-page-01', 'medmapp-msg-04'],
    'rest:conversations.markAsRead': ['medmapp-read-01'],
    'rest:conversations.uploadFile': ['medmapp-upload-01'],
    'close:4000': ['medmapp-access-03'],
    'close:4001': ['medmapp-auth-04', 'medmapp-auth-05'],
    'close:4003': ['medmapp-access-01'],
  },
  exceptions: {
    'frame:status_update': '§3.3 handles it, but no documented request changes a status (the PATCH that does is D-medmapp-02): judged by medmapp-status-01 (SHOULD)',
    'rest:conversations.update': '000 documents no endpoint that changes a conversation (D-medmapp-02): medmapp-status-01 (SHOULD)',
    'close:4500': 'a server error: no request a client may send makes a correct server fail',
  },
};
