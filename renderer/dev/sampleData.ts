/** Sample people and history for the fake bridge (development preview and UI tests only). */
import type { ChatMessage, Contact, PolicyView, RoomInfo } from '../../shared/ipc/types';

export const DOMAIN = 'agency.example.gov';
export const SELF = `alex.morgan@${DOMAIN}`;
export const jidOf = (local: string): string => `${local}@${DOMAIN}`;

export function sampleContacts(): Contact[] {
  const c = (local: string, name: string, presence: Contact['presence'], status?: string, unread = 0): Contact => ({
    jid: jidOf(local),
    name,
    subscription: 'both',
    ask: false,
    presence,
    unread,
    ...(status ? { status } : {}),
  });
  return [
    c('dana.whitfield', 'Dana Whitfield', 'online', 'Budget review until 3 PM'),
    { ...c('marcus.lee', 'Marcus Lee', 'away', undefined, 2), idleSince: new Date(Date.now() - 25 * 60_000).toISOString() },
    c('priya.raman', 'Priya Raman', 'dnd', 'Presenting'),
    c('tom.alvarez', 'Tom Alvarez', 'offline'),
    c('janet.okafor', 'Janet Okafor', 'online'),
    c('service.desk', 'IT Service Desk', 'chat', 'Staffed 7 AM – 6 PM'),
    c('records.office', 'Records Management Office', 'xa'),
  ];
}

let seq = 0;
export function nextId(prefix = 'm'): string {
  seq += 1;
  return `${prefix}-${Date.now().toString(36)}-${seq}`;
}

function at(now: Date, daysAgo: number, hour: number, minute: number): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo, hour, minute);
  return d.toISOString();
}

/** Minutes before now (keeps "today" messages in the past whatever time the preview runs). */
function ago(now: Date, minutes: number): string {
  return new Date(now.getTime() - minutes * 60_000).toISOString();
}

function msg(conversation: string, direction: 'in' | 'out', sentAt: string, body: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: nextId(),
    conversation,
    conversationType: 'chat',
    direction,
    from: direction === 'out' ? SELF : conversation,
    body,
    sentAt,
    state: direction === 'out' ? 'read' : 'received',
    ...extra,
  };
}

/** Recent history per conversation (what 'chat:open' returns first). */
export function sampleHistory(now: Date): Record<string, ChatMessage[]> {
  const dana = jidOf('dana.whitfield');
  const marcus = jidOf('marcus.lee');
  const janet = jidOf('janet.okafor');
  const desk = jidOf('service.desk');
  return {
    [dana]: [
      msg(dana, 'in', at(now, 1, 9, 12), 'Morning! Did the Q3 travel reimbursement numbers come back from Finance?'),
      msg(dana, 'out', at(now, 1, 9, 20), 'Not yet. I pinged Carla and she expects them by end of day.'),
      msg(dana, 'out', at(now, 1, 9, 21), "I'll forward the summary as soon as it lands."),
      msg(dana, 'in', at(now, 1, 9, 24), 'Perfect, thanks.'),
      msg(dana, 'in', ago(now, 95), 'Here is the draft agenda for Thursday:', {}),
      msg(dana, 'in', ago(now, 95), '[file link removed]', { notice: 'File sharing is blocked by policy' }),
      msg(dana, 'out', ago(now, 80), 'Thanks. Files are blocked here, could you paste the agenda items as text?'),
      msg(dana, 'in', ago(now, 74), '1. Budget status\n2. Hiring freeze exceptions\n3. Records retention training — due Nov 30\n4. Open floor', {
        edited: true,
      }),
      msg(dana, 'out', ago(now, 70), 'Got it. I can cover item 3 — the training portal link is on the intranet home page (https://intranet.agency.example.gov/training).'),
      msg(dana, 'out', ago(now, 69), 'Also <b>bold</b> text and <script>alert(1)</script> stay plain text here.'),
    ],
    [marcus]: [
      msg(marcus, 'out', at(now, 3, 16, 5), 'Are we still on for the vendor call Friday?'),
      msg(marcus, 'in', ago(now, 40), 'Yes — 10:30 in conference room B.'),
      msg(marcus, 'in', ago(now, 39), 'Can you bring the signed copy of the MOU?'),
    ],
    [janet]: [
      msg(janet, 'out', at(now, 8, 14, 2), 'Welcome to the team, Janet!'),
      msg(janet, 'in', at(now, 8, 14, 30), 'Thank you! Glad to be here.'),
      msg(janet, 'out', ago(now, 15), 'Reminder: timesheets are due today by 5 PM.', { state: 'failed' }),
    ],
    [desk]: [msg(desk, 'in', at(now, 2, 11, 0), 'Ticket INC-20418 is resolved. Reply here if the VPN issue comes back.')],
  };
}

const TOPICS = [
  'Can you review the updated procurement checklist?',
  'Reviewed — two small comments on section 4.',
  'The steering committee moved to Wednesday.',
  'Noted, I updated the calendar hold.',
  'Who is covering the front desk on Monday?',
  'I can, until noon.',
  'Thanks for sending the minutes.',
  'Quick reminder to file your training certificate.',
];

/** Older pages for 'chat:loadOlder': `count` messages ending before `before`, spread over days. */
export function olderMessages(conversation: string, before: Date, count: number): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = count; i >= 1; i -= 1) {
    const t = new Date(before.getTime() - i * 3 * 3600_000);
    const dir = i % 3 === 0 ? 'out' : 'in';
    out.push(msg(conversation, dir, t.toISOString(), TOPICS[i % TOPICS.length] ?? 'OK'));
  }
  return out;
}

export const REPLIES = [
  'Sounds good.',
  'Thanks — I will take a look this afternoon.',
  'Agreed. Let us discuss it at the Thursday stand-up.',
  'Can you send me the document number so I can find it in the records system?',
  'On it.',
];

/**
 * IdleSignOutMinutes in the sample: the user's own value (or the default, 0) unless `idleManaged` sets it
 * by group policy (locked at 30 minutes).
 */
export function samplePolicy(opts: { idleUserMinutes?: number | null; idleManaged?: boolean; notificationText?: boolean } = {}): PolicyView {
  const source = '/etc/approved-im/policies/managed/agency.json';
  type Entry = PolicyView['entries'][number];
  const entry = (name: string, title: string, category: string, value: string, extra: Partial<Entry> = {}): Entry => ({
    name,
    title,
    description: title,
    category,
    scope: 'machine',
    value,
    level: 'mandatory-machine',
    source,
    status: 'ok',
    message: '',
    runtime: false,
    sensitive: false,
    securityCritical: true,
    locked: true,
    ...extra,
  });
  return {
    entries: [
      entry('XmppDomain', 'Messaging domain', 'Connection', DOMAIN),
      entry('XmppHost', 'Messaging server', 'Connection', `xmpp.${DOMAIN}`),
      entry('XmppPort', 'Server port', 'Connection', '5222'),
      entry('AllowedContactDomains', 'Domains users may message', 'Messaging', DOMAIN, { runtime: true, securityCritical: false }),
      entry('RetentionServerUrl', 'Retention server', 'Records', `https://records.${DOMAIN}`),
      entry('RetentionServerToken', 'Client token for the retention server', 'Records', '••••••', { sensitive: true }),
      entry('RetentionFailMode', 'When the retention server is unreachable', 'Records', 'fail-open-spooled', { securityCritical: false }),
      entry('RememberPasswordAllowed', 'Users may save their password', 'Sign-in', 'true', { securityCritical: false, runtime: true }),
      opts.notificationText
        ? entry('NotificationShowsText', 'Show message text in desktop notifications', 'Messaging', 'true', { scope: 'user', runtime: true, securityCritical: false })
        : entry('NotificationShowsText', 'Show message text in desktop notifications', 'Messaging', 'false', {
            scope: 'user',
            runtime: true,
            securityCritical: false,
            level: 'default',
            source: 'default',
            locked: false,
          }),
      entry('DevToolsAllowed', 'Developer tools', 'Sign-in', '', { status: 'unset', level: 'default', source: 'default', securityCritical: false }),
      opts.idleManaged
        ? entry('IdleSignOutMinutes', 'Sign out after idle minutes', 'Sign-in', '30', { scope: 'user', runtime: true, securityCritical: false })
        : typeof opts.idleUserMinutes === 'number'
          ? entry('IdleSignOutMinutes', 'Sign out after idle minutes', 'Sign-in', String(opts.idleUserMinutes), {
              scope: 'user',
              runtime: true,
              securityCritical: false,
              level: 'user-setting',
              source: 'user settings',
              locked: false,
            })
          : entry('IdleSignOutMinutes', 'Sign out after idle minutes', 'Sign-in', '0', {
              scope: 'user',
              runtime: true,
              securityCritical: false,
              level: 'default',
              source: 'default',
              locked: false,
            }),
    ],
    hash: '3f9c2a7be0d14c55a8e1f0b6c2d9e47a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e',
    policyVersion: '2026.2',
    reviewedOn: '2026-03-15',
    reviewOverdue: false,
    warnings: [],
    fatal: [],
    sources: [{ level: 'mandatory-machine', source }],
  };
}

export const RECORDS_NOTICE = `Instant messaging on state systems is for state business only, and only when no more suitable means of communication is practical.

Do not send sensitive or confidential information. Messages are text only; file transfers are blocked.

Every message you send or receive is a public record. It is retained under the state's retention schedules and may be reviewed, monitored or disclosed by authorized personnel (State IT Policy 630-04).`;

export const ROOM_DOMAIN = `conference.${DOMAIN}`;
export const BUDGET_ROOM = `budget-office@${ROOM_DOMAIN}`;

export function newRoom(jid: string, nick: string, extra: Partial<RoomInfo> = {}): RoomInfo {
  return {
    jid,
    name: '',
    nick,
    joined: true,
    subject: '',
    occupants: [{ nick, role: 'participant', affiliation: 'member', jid: SELF, presence: 'online' }],
    role: 'participant',
    affiliation: 'member',
    bookmarked: true,
    autojoin: true,
    unread: 0,
    ...extra,
  };
}

export function sampleRooms(): RoomInfo[] {
  return [
    newRoom(BUDGET_ROOM, 'Alex Morgan', {
      name: 'Budget Office',
      subject: 'FY27 submissions due Dec 12',
      unread: 2,
      occupants: [
        { nick: 'Alex Morgan', role: 'participant', affiliation: 'member', jid: SELF, presence: 'online' },
        { nick: 'Dana Whitfield', role: 'moderator', affiliation: 'owner', jid: jidOf('dana.whitfield'), presence: 'online' },
        { nick: 'Marcus Lee', role: 'participant', affiliation: 'member', jid: jidOf('marcus.lee'), presence: 'away' },
        { nick: 'Priya Raman', role: 'participant', affiliation: 'member', jid: jidOf('priya.raman'), presence: 'dnd' },
      ],
    }),
  ];
}

function roomMsg(nick: string, sentAt: string, body: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  const own = nick === 'Alex Morgan';
  return {
    id: nextId('g'),
    conversation: BUDGET_ROOM,
    conversationType: 'groupchat',
    direction: own ? 'out' : 'in',
    from: own ? SELF : `${BUDGET_ROOM}/${nick}`,
    fromName: nick,
    body,
    sentAt,
    state: own ? 'delivered' : 'received',
    ...extra,
  };
}

export function sampleRoomHistory(now: Date): ChatMessage[] {
  return [
    roomMsg('Dana Whitfield', at(now, 1, 15, 2), 'Reminder: division submissions are due December 12. Please use the new template.'),
    roomMsg('Marcus Lee', at(now, 1, 15, 10), 'Will the template be on the intranet or sent by email?'),
    roomMsg('Dana Whitfield', at(now, 1, 15, 11), 'Intranet, under Finance > Budget > FY27.'),
    roomMsg('Alex Morgan', ago(now, 50), 'Thanks. Our draft is about 80% done.'),
    roomMsg('Priya Raman', ago(now, 22), '@Alex Morgan can you include the travel line items from Q3?', { mention: true }),
    roomMsg('Dana Whitfield', ago(now, 20), 'Good catch, Priya. Everyone please break out travel separately this year.'),
  ];
}
