/**
 * "Years of history" for the renderer bench (bench/renderer.bench.ts) and the preview's `#scale` mode:
 * 2,000 contacts (500 of them with unread messages), 200 rooms, and one conversation with 10,000
 * messages. Deterministic, so every run measures the same rows. Development only.
 */
import type { ChatMessage, Contact, RoomInfo } from '../../shared/ipc/types';
import { DOMAIN, ROOM_DOMAIN, SELF, newRoom } from './sampleData';

export const SCALE_CONTACTS = 2_000;
export const SCALE_UNREAD_CONVERSATIONS = 500;
export const SCALE_ROOMS = 200;
export const SCALE_MESSAGES = 10_000;
/** The conversation with 10,000 messages; sorts first in the roster. */
export const SCALE_CONVERSATION = `aaron.abbott@${DOMAIN}`;

const FIRST = ['Aisha', 'Ben', 'Carla', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonah', 'Kira', 'Luis', 'Maya', 'Nate', 'Omar', 'Paula', 'Quinn', 'Rosa', 'Sam', 'Tara'];
const LAST = ['Adams', 'Brooks', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Iyer', 'Jensen', 'Kowalski', 'Lopez', 'Martin', 'Nguyen', 'Okoye', 'Patel', 'Quist', 'Reyes', 'Singh', 'Turner'];
const PRESENCE: Contact['presence'][] = ['online', 'away', 'offline', 'dnd', 'xa', 'chat', 'offline'];
const STATUS = ['In the office', 'Budget review until 3 PM', '', 'On leave until Monday', 'Presenting', '', 'Working remotely'];
const BODIES = [
  'OK.',
  'Thanks, I will take a look this afternoon.',
  'Can you send me the document number so I can find it in the records system?',
  'The FY27 submissions are due December 12; please use the new template from the intranet, under Finance > Budget > FY27.',
  'Agreed. Let us discuss it at the Thursday stand-up.',
  'Reminder: the records retention training is due by the end of the month. The portal link is on the intranet home page, and it takes about forty minutes including the short quiz at the end.',
  'On it.',
  'Who is covering the front desk on Monday?',
];

export function scaleContacts(): Contact[] {
  const out: Contact[] = [{ jid: SCALE_CONVERSATION, name: 'Aaron Abbott', subscription: 'both', ask: false, presence: 'online', status: 'Ten years of messages', unread: 3 }];
  for (let i = 1; i < SCALE_CONTACTS; i += 1) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const status = STATUS[i % STATUS.length]!;
    out.push({
      jid: `${first.toLowerCase()}.${last.toLowerCase()}${i}@${DOMAIN}`,
      name: `${first} ${last} ${i}`,
      subscription: 'both',
      ask: false,
      presence: PRESENCE[i % PRESENCE.length]!,
      unread: i < SCALE_UNREAD_CONVERSATIONS ? (i % 7) + 1 : 0,
      ...(status ? { status } : {}),
    });
  }
  return out;
}

export function scaleRooms(): RoomInfo[] {
  const out: RoomInfo[] = [];
  for (let i = 0; i < SCALE_ROOMS; i += 1) {
    const jid = `team-${String(i).padStart(3, '0')}@${ROOM_DOMAIN}`;
    out.push(newRoom(jid, 'Alex', { name: `Team ${String(i).padStart(3, '0')} ${LAST[i % LAST.length]}`, subject: `Weekly items for team ${i}`, unread: i % 10 === 0 ? 2 : 0 }));
  }
  return out;
}

/** 10,000 messages, a few minutes apart, ending an hour ago; oldest first (what 'chat:open' returns). */
export function scaleHistory(now: Date): ChatMessage[] {
  const out: ChatMessage[] = [];
  const end = now.getTime() - 3600_000;
  for (let i = 0; i < SCALE_MESSAGES; i += 1) {
    const out$ = i % 3 === 0;
    out.push({
      id: `scale-${i}`,
      conversation: SCALE_CONVERSATION,
      conversationType: 'chat',
      direction: out$ ? 'out' : 'in',
      from: out$ ? SELF : SCALE_CONVERSATION,
      body: `${BODIES[i % BODIES.length]} (#${i})`,
      sentAt: new Date(end - (SCALE_MESSAGES - i) * 7 * 60_000).toISOString(),
      state: out$ ? 'read' : 'received',
    });
  }
  return out;
}
