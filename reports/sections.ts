// What a report says about a document section and a decision: the section's own title, as the seed
// document heads it (with a gloss where the document is not in English), and the decision text of
// schemas/DECISIONS.md. The titles are data here so that reports need no seed document at run time;
// test/reports/sections.test.ts checks them against the documents when ../shared/seeds is present.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root.ts';

export const SECTION_TITLES: Record<string, string> = {
  '000 §1': 'Autentifikatsiya (authentication)',
  '000 §2': 'Conversations (Suhbatlar) API',
  '000 §2.1': "Suhbatlar Ro'yxatini Olish (listing conversations)",
  '000 §2.2': 'Yangi Suhbat Yaratish (creating a conversation)',
  '000 §2.3': 'Suhbat Xabarlarini Olish (Pagination) (message history)',
  '000 §2.4': "Xabarlarni O'qilgan Deb Belgilash (marking as read)",
  '000 §3': 'WebSocket - Real-time Chat',
  '000 §3.1': 'Ulanish (connecting)',
  '000 §3.2': 'Xabar Yuborish (sending a message)',
  '000 §3.3': 'Xabar Qabul Qilish (receiving messages)',
  '000 §3.4': 'Close Kodlari (close codes)',
  '000 §3.5': 'Rate Limiting',
  '000 §4': 'Fayl Yuborish (sending files)',
  '000 §4.1': 'Fayl Yuklash (HTTP orqali) (file upload over HTTP)',
  '000 §5': 'Frontend Integratsiya Algoritmi (frontend integration)',
  '000 §6': 'Xavfsizlik Eslatmalari (security notes)',
  '000 §7': 'Test Qilish (testing)',
  '001 §Overview': 'Overview',
  '001 §Authentication': 'Authentication',
  '001 §Endpoints 1': '1. Conversation List',
  '001 §Endpoints 2': '2. Specific Chat',
  '001 §Incoming Events': 'Incoming Events (Frontend → Backend)',
  '001 §conversations_list': 'conversations_list',
  '001 §new_customer_message': 'new_customer_message',
  '001 §conversation_updated': 'conversation_updated',
  '001 §chat_message': 'chat_message',
  '001 §recent_messages': 'recent_messages',
  '001 §typing_indicator': 'typing_indicator',
  '001 §messages_read': 'messages_read',
  '001 §user_presence': 'user_presence',
  '001 §error': 'error',
  '001 §Error Handling': 'Error Handling',
  '001 §Message Flow Diagram': 'Message Flow Diagram',
  '002 §WebSocket URL': 'WebSocket URL',
  '002 §URL Parameters': 'URL Parameters',
  '002 §Authentication': 'Authentication',
  '002 §Getting a Chat ID': 'Getting a Chat ID',
  '002 §Sending Messages': 'Sending Messages',
  '002 §Receiving Messages': 'Receiving Messages',
  '002 §Error Responses': 'Error Responses',
  '002 §Connection Flow': 'Connection Flow',
  '002 §Access Control': 'Access Control',
  '002 §Multi-Profile Users': 'Multi-Profile Users',
  '002 §Best Practices': 'Best Practices',
  '002 §Rate Limiting': 'Rate Limiting',
  '002 §Troubleshooting': 'Troubleshooting',
  '003 §Roles': 'Roles',
  '003 §Base URL': 'Base URL',
  '003 §Auth': 'Auth',
  '003 §REST Endpoints': 'REST Endpoints',
  '003 §1) Start Chat': '1) Start Chat (Visitor)',
  '003 §2) Get Room IDs': '2) Get Room IDs (Owner App)',
  '003 §3) Get Message History': '3) Get Message History',
  '003 §WebSocket': 'WebSocket',
  '003 §Send a Message': 'Send a Message',
  '003 §Notes': 'Notes',
  '004 §Authentication': 'Authentication',
  '004 §Accounts API 3': '3. Sign In',
  '004 §Accounts API 7': '7. Get My Profile',
  '004 §Accounts API 1': '1. Sign Up',
  '004 §Accounts API 2': '2. Email Verification',
  '004 §Accounts API 4': '4. Google OAuth Login',
  '004 §Accounts API 5': '5. Forgot Password',
  '004 §Accounts API 6': '6. Reset Password',
  '004 §Accounts API 8': '8. Update My Profile',
  '004 §Accounts API 9': '9. Check Username Availability',
  '004 §Accounts API 10': '10. Change Email - Request',
  '004 §Accounts API 11': '11. Change Email - Confirm',
  '004 §Accounts API 12': '12. Delete Account - Request',
  '004 §Accounts API 13': '13. Delete Account - Confirm',
  '004 §Accounts API 14': '14. Search Users',
  '004 §Accounts API 15': '15. Get User Profile by ID',
  '004 §Accounts API 16': '16. Get Public Profile by Username',
  '004 §Accounts API 17': '17. Create Location',
  '004 §Accounts API 18': '18. Update Location',
  '004 §Accounts API 19': '19. Delete Location',
  '004 §Accounts API 20': '20. Search Users by Location',
  '004 §Accounts API 21': '21. Get Blocked Users',
  '004 §Accounts API 22': '22. Block User',
  '004 §Accounts API 23': '23. Get Blocked User Detail',
  '004 §Accounts API 24': '24. Unblock User',
  '004 §Accounts API 25': '25. Get My Status',
  '004 §Accounts API 26': '26. Create Status',
  '004 §Accounts API 27': '27. Update Status',
  '004 §Accounts API 28': '28. Delete Status',
  '004 §Accounts API 29': '29. Get Contacts',
  '004 §Accounts API 30': '30. Add Contact',
  '004 §Accounts API 31': '31. Get Contact Detail',
  '004 §Accounts API 32': '32. Update Contact (Full)',
  '004 §Accounts API 33': '33. Update Contact (Partial)',
  '004 §Accounts API 34': '34. Delete Contact',
  '004 §Accounts API 35': '35. Admin - List Users',
  '004 §Accounts API 36': '36. Admin - Get User',
  '004 §Accounts API 37': '37. Admin - Delete User',
  '004 §Posts API 1': '1. List Posts',
  '004 §Posts API 2': '2. Create Post',
  '004 §Posts API 3': '3. Get Post Detail',
  '004 §Posts API 4': '4. Update Post',
  '004 §Posts API 5': '5. Delete Post',
  '004 §Posts API 6': '6. Like Post',
  '004 §Posts API 7': '7. Unlike Post',
  '004 §Posts API 8': '8. Get Post Likes',
  '004 §Posts API 9': '9. Create Comment',
  '004 §Posts API 10': '10. Update Comment',
  '004 §Posts API 11': '11. Delete Comment',
  '004 §Posts API 12': '12. Get Post Comments',
  '004 §Posts API 13': '13. Record Post View',
  '004 §Posts API 14': '14. Get Post Views',
  '004 §Stories API 1': '1. List My Active Stories',
  '004 §Stories API 2': '2. Create Story',
  '004 §Stories API 3': '3. Get Story Detail',
  '004 §Stories API 4': '4. Update Story',
  '004 §Stories API 5': '5. Delete Story',
  '004 §Stories API 6': '6. Get User Stories',
  '004 §Stories API 7': '7. List Archive Stories',
  '004 §Stories API 8': '8. Get Archive Story Detail',
  '004 §Stories API 9': '9. Delete Archive Story',
  '004 §Stories API 10': '10. React to Story',
  '004 §Stories API 11': '11. Update Reaction',
  '004 §Stories API 12': '12. Delete Reaction',
  '004 §Stories API 13': '13. Mark Story as Viewed',
  '004 §Notifications API 1': '1. List Comments',
  '004 §Notifications API 2': '2. Create Comment',
  '004 §Chat API 1': '1. List Chat Rooms',
  '004 §Chat API 2': '2. Create Chat Room',
  '004 §Chat API 3': '3. Get Chat Room Detail',
  '004 §Chat API 4': '4. Update Chat Room',
  '004 §Chat API 5': '5. Delete Chat Room',
  '004 §Chat API 6': '6. Clear Room Messages',
  '004 §Chat API 7': '7. List Room Members',
  '004 §Chat API 8': '8. Join Room',
  '004 §Chat API 9': '9. Leave Room',
  '004 §Chat API 10': '10. Set Admin',
  '004 §Chat API 11': '11. Remove Admin',
  '004 §Chat API 12': '12. Transfer Ownership',
  '004 §Chat API 13': '13. Add Member',
  '004 §Chat API 14': '14. Remove Member',
  '004 §Chat API 15': '15. List Messages by Room',
  '004 §Chat API 16': '16. Delete Message',
  '004 §Chat API 17': '17. List Files',
  '004 §Chat API 18': '18. Upload File',
  '004 §Chat API 19': '19. Delete File',
  '004 §WebSocket Connections': 'WebSocket Connections',
  '004 §Error Responses': 'Error Responses',
  '004 §Pagination': 'Pagination',
  '004 §Best Practices': 'Best Practices',
};

/** The title of a section (`000 §3.4`), or of the nearest enclosing one (`000 §3.4.1` -> §3.4); '' if unknown. */
export function sectionTitle(doc: string): string {
  if (SECTION_TITLES[doc]) return SECTION_TITLES[doc]!;
  for (let key = doc; key.includes('.'); ) {
    key = key.slice(0, key.lastIndexOf('.'));
    if (SECTION_TITLES[key]) return SECTION_TITLES[key]!;
  }
  return '';
}

export interface Decision {
  id: string;
  question: string;
  decision: string;
}

let decisions: Map<string, Decision> | undefined;

/** The rows of schemas/DECISIONS.md (`| D-medmapp-07 | question | decision |`), parsed once. */
export function loadDecisions(file = join(PACKAGE_ROOT, 'schemas', 'DECISIONS.md')): Map<string, Decision> {
  if (decisions && !arguments.length) return decisions;
  const out = new Map<string, Decision>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // Reports still render without the decision texts.
  }
  for (const line of text.split('\n')) {
    const m = /^\|\s*(D-[a-z]+-\d{2})\s*\|(.*)\|(.*)\|\s*$/.exec(line);
    if (m) out.set(m[1]!, { id: m[1]!, question: m[2]!.trim(), decision: m[3]!.trim() });
  }
  if (!arguments.length) decisions = out;
  return out;
}

/** The decision a check or section rests on, from the check's `decision` or a `doc` that names one. */
export function decisionFor(ref: string | undefined): Decision | undefined {
  if (!ref) return undefined;
  const id = /D-[a-z]+-\d{2}/.exec(ref)?.[0];
  return id ? loadDecisions().get(id) : undefined;
}

/** The first sentence of a decision, for one-line places (console, JUnit messages). */
export function firstSentence(text: string, max = 160): string {
  const m = /^(.+?[.!?])(?:\s|$)/.exec(text);
  const s = m ? m[1]! : text;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
