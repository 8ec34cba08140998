// What 001 shows, by the MUST checks that judge it (harness/coverage.ts; test/suites/coverage.test.ts).
import type { Coverage } from '../../harness/coverage.ts';

export const coverage: Coverage = {
  must: {
    'frame:conversations_list': ['fiko-list-01'],
    'frame:new_customer_message': ['fiko-notify-04'],
    'frame:chat_message': ['fiko-chat-07', 'fiko-notify-02'],
    'frame:recent_messages': ['fiko-chat-09'],
    'frame:typing_indicator': ['fiko-chat-08'],
    'frame:messages_read': ['fiko-read-03'],
    'frame:user_presence': ['fiko-presence-02'],
    'frame:error': ['fiko-err-08'],
    'close:1008': ['fiko-close-04'],
  },
  exceptions: {
    'frame:conversation_updated': 'the handler is shown, but not what sends it: no documented request is said to update a conversation (D-fiko-13); fiko-notify-03 (SHOULD)',
    'rest:token.obtain': '001 documents no REST endpoint: the token comes from a login it does not show (D-fiko-01), the harness\'s set-up',
    'rest:token.refresh': '001 documents no REST endpoint (D-fiko-01)',
  },
};
