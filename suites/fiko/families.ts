// The Fiko checks of the shared families (suites/families/): document 001's sections and quotes, or the
// decisions where it is silent, for each promise, run by the family with the Fiko adapter. Login, refresh,
// REST errors, the schema tour and the named close codes do not apply: 001 has no REST API (D-fiko-01)
// and one close code, 1008, for every refusal (close.ts).
import { familyChecks } from '../families/index.ts';
import { adapter } from './adapter.ts';

const D05 = 'Decision D-fiko-05 (the document is silent):';
const D14 = 'Decision D-fiko-14 (the document shows the error, not when):';

export const families = familyChecks(adapter, {
  'round-trip': {
    id: 'fiko-chat-07',
    level: 'MUST',
    doc: '001 §Message Flow Diagram',
    title: 'A chat_message sent comes back as a chat_message frame of the documented shape',
    requirement: '"|--- Send Message --------->|" … "|<-- Message Sent ---------|", and §chat_message: the message sent on the chat socket comes back as {"type": "chat_message", "message": {id, content, type, created_at}} on the conversation\'s chat sockets (the sender\'s or another: who exactly is D-fiko-07, checked by fiko-chat-03 and -04).',
    tags: ['messaging', 'websocket', 'schema'],
  },
  'peer-broadcast': {
    id: 'fiko-chat-03',
    level: 'SHOULD',
    doc: '001 §chat_message',
    decision: 'D-fiko-07',
    title: 'A message reaches every other socket of the conversation as chat_message',
    requirement: 'Decision D-fiko-07 (the document shows the frame, not who gets it): {"type": "chat_message", "content"} is stored and broadcast to every socket of the conversation as {"type": "chat_message", "message": {id, content, type: "support", created_at}}.',
    tags: ['messaging', 'websocket', 'schema'],
  },
  echo: {
    id: 'fiko-chat-04',
    level: 'SHOULD',
    doc: '001 §Message Flow Diagram',
    decision: 'D-fiko-07',
    title: 'The sending socket receives its own chat_message',
    requirement: 'Decision D-fiko-07: "|<-- Message Sent ---------|" — the sender\'s socket is one of the conversation\'s and gets the chat_message too.',
    tags: ['messaging', 'websocket'],
  },
  persistence: {
    id: 'fiko-chat-05',
    level: 'SHOULD',
    doc: '001 §recent_messages',
    decision: 'D-fiko-06',
    title: 'A message sent is in recent_messages of a new chat socket, with the same id',
    requirement: 'Decision D-fiko-06: recent_messages (the first frame on connect) lists the last 50 messages; the message just broadcast is there with its id, its content and type "support".',
    tags: ['messaging', 'websocket', 'persistence'],
  },
  'empty-message': {
    id: 'fiko-err-01',
    timing: 'alone',
    level: 'SHOULD',
    doc: '001 §error',
    decision: 'D-fiko-14',
    title: 'Empty content is refused with an error frame',
    requirement: `${D14} a chat_message whose content is empty or whitespace is answered with {"type": "error", "error": "Message content cannot be empty"}; nothing is stored or broadcast.`,
    tags: ['errors', 'websocket', 'validation'],
  },
  'invalid-json': {
    id: 'fiko-err-02',
    timing: 'alone',
    level: 'SHOULD',
    doc: '001 §Error Handling',
    decision: 'D-fiko-19',
    title: 'Invalid JSON is answered with an error frame',
    requirement: 'Decision D-fiko-19 (the document is silent): invalid JSON on either socket is answered with an error frame "Invalid JSON"; the socket stays open and nothing is stored.',
    tags: ['errors', 'websocket'],
  },
  'wrong-type': {
    id: 'fiko-err-05',
    timing: 'alone',
    level: 'SHOULD',
    doc: '001 §Incoming Events',
    decision: 'D-fiko-14',
    title: 'Content that is not a string is refused with an error frame',
    requirement: `${D14} a chat_message whose content is not a string ({"content": 123456789}) gets "Message content cannot be empty" and is not coerced or stored.`,
    tags: ['errors', 'websocket', 'validation'],
  },
  'usable-after-error': {
    id: 'fiko-err-06',
    level: 'SHOULD',
    doc: '001 §Error Handling',
    decision: 'D-fiko-05',
    title: 'The chat socket stays usable after an error frame',
    requirement: `${D05} after an error frame the socket stays open: the next valid chat_message is delivered.`,
    tags: ['errors', 'websocket'],
  },
  'error-frame-schema': {
    id: 'fiko-err-07',
    timing: 'alone',
    level: 'SHOULD',
    doc: '001 §error',
    decision: 'D-fiko-04',
    title: 'Error frames are {"type": "error", "error": "<text>"}',
    requirement: 'Decision D-fiko-04: §error shows {"type": "error", "error": "Message content cannot be empty", "message": "…"} and the handlers read data.error: type and error are required, message optional.',
    tags: ['errors', 'websocket', 'schema'],
  },
  'expired-token': {
    id: 'fiko-auth-02',
    level: 'MUST',
    doc: '001 §Authentication',
    title: 'An expired token closes the connection',
    requirement: '"توکن expired در production باعث قطع connection می‌شود" (an expired token ends the connection): both sockets with an expired access token are closed before any frame but an error frame.',
    tags: ['auth', 'websocket', 'security'],
  },
  'refresh-as-access': {
    id: 'fiko-auth-04',
    level: 'SHOULD',
    doc: '001 §Authentication',
    decision: 'D-fiko-02',
    title: 'A refresh token does not open a socket',
    requirement: 'Decision D-fiko-02: "?token={JWT_TOKEN}" takes the access token (localStorage access_token); a SimpleJWT refresh token is refused on both sockets like any invalid token.',
    tags: ['auth', 'websocket', 'security'],
  },
});
