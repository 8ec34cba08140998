// Fixture data (D-fiko-01, D-fiko-18): the agent owns conversations with customers from Telegram and
// Instagram, each with unread customer messages; a colleague shares the fixture conversation (so presence
// has someone to see it, D-fiko-10); the outsider owns a conversation of its own, so an unfiltered list or
// an unchecked chat socket is visible. Passwords are dev fixtures (banner and target file only, never logged).
import type { MessageRecord, RoomRecord, Store } from '../store.ts';

export interface FixtureAgent {
  role: 'agent' | 'colleague' | 'outsider';
  id: number;
  username: string;
  password: string;
  fullName: string;
}

export const FIXTURE_AGENTS: readonly FixtureAgent[] = [
  { role: 'agent', id: 7, username: 'agent', password: 'agent-pass', fullName: 'Support Agent' },
  { role: 'colleague', id: 8, username: 'colleague', password: 'colleague-pass', fullName: 'Second Agent' },
  { role: 'outsider', id: 9, username: 'outsider', password: 'outsider-pass', fullName: 'Other Business' },
];

export const FIXTURE_CONVERSATION = 'conv_101';

/** The member id a customer writes under (a customer is no user: it writes on Telegram or Instagram). */
export const customerMember = (customerId: number | string) => `customer:${customerId}`;
export const isCustomer = (senderId: number | string) => String(senderId).startsWith('customer:');

interface SeedConversation {
  id: string;
  agents: number[];
  source: 'telegram' | 'instagram';
  customer: { id: number; first: string; last: string };
  status: string;
  lines: [string, 'customer' | 'support'][];
  /** how many of the last customer lines are unread */
  unread: number;
}

const OLDER: [string, 'customer' | 'support'][] = Array.from({ length: 26 }, (_, i) => [`Oldingi xabar ${i + 1}`, i % 2 === 0 ? 'customer' : 'support']);

const CONVERSATIONS: SeedConversation[] = [
  {
    id: FIXTURE_CONVERSATION, agents: [7, 8], source: 'telegram', customer: { id: 1, first: 'John', last: 'Doe' }, status: 'active', unread: 2,
    // Older history first, so that recent_messages' limit (D-fiko-06; 20 with a variant) has something to cut.
    lines: [...OLDER, ['Salom, buyurtmam qayerda?', 'customer'], ['Assalomu alaykum! Tekshirib ko\u2018raman.', 'support'], ['Rahmat', 'customer'], ['Yana bir savol bor', 'customer']],
  },
  {
    id: 'conv_102', agents: [7], source: 'instagram', customer: { id: 2, first: 'Sara', last: 'Karimova' }, status: 'active', unread: 1,
    lines: [['Narxi qancha?', 'customer']],
  },
  {
    id: 'conv_103', agents: [7], source: 'instagram', customer: { id: 3, first: 'Ali', last: 'Valiyev' }, status: 'closed', unread: 0,
    lines: [['Hammasi joyida, rahmat', 'customer'], ['Marhamat!', 'support']],
  },
  {
    id: 'conv_201', agents: [9], source: 'telegram', customer: { id: 4, first: 'Bobur', last: 'Aliyev' }, status: 'active', unread: 1,
    lines: [['Outsider conversation', 'customer']],
  },
];

export function customerOf(room: RoomRecord): { id: number; first_name: string; last_name: string; source: 'telegram' | 'instagram' } {
  const l = room.labels ?? {};
  return { id: Number(l.customerId), first_name: l.firstName ?? '', last_name: l.lastName ?? '', source: (l.source === 'instagram' ? 'instagram' : 'telegram') };
}

export const messageId = async (store: Store) => `msg_${await store.nextId('message')}`;

export async function seed(store: Store): Promise<void> {
  for (const a of FIXTURE_AGENTS) await store.putUser({ id: a.id, role: 'agent', fullName: a.fullName, login: a.username, password: a.password });
  const base = Date.now() - 3 * 60 * 60_000;
  for (const [n, c] of CONVERSATIONS.entries()) {
    const start = base + n * 10 * 60_000;
    await store.putRoom({
      id: c.id,
      title: `${c.source} - ${c.customer.first} ${c.customer.last}`,
      status: c.status,
      isActive: c.status === 'active',
      createdAt: start,
      updatedAt: start,
      lastMessageAt: null,
      members: [...c.agents.map((id, i) => ({ userId: id, role: i === 0 ? 'owner' : 'agent' })), { userId: customerMember(c.customer.id), role: 'customer' }],
      labels: { customerId: String(c.customer.id), firstName: c.customer.first, lastName: c.customer.last, source: c.source },
    });
    const customerLines = c.lines.filter(([, who]) => who === 'customer').length;
    let seen = 0;
    for (const [i, [content, who]] of c.lines.entries()) {
      if (who === 'customer') seen++;
      const record: MessageRecord = {
        id: await messageId(store),
        roomId: c.id,
        senderId: who === 'customer' ? customerMember(c.customer.id) : c.agents[0]!,
        type: who,
        content,
        createdAt: start + (i + 1) * 10_000,
        readByRecipient: who === 'support' || seen <= customerLines - c.unread,
        attachments: [],
      };
      await store.addMessage(record);
    }
  }
}
