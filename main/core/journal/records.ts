/**
 * From what happened (a message in or out, a correction, a retraction, a refused file transfer, a DLP
 * decision, a room subject, an invitation, a status text, an alert…) to a journal record: ONE typed
 * builder per record kind (`draftFor(kind, input)`, typed by `RecordInput[kind]`).
 *
 * Record ids are `<deviceId>/<tag>/<key>`, deterministic, so a resumed stream, a carbon or a replay of the
 * same stanza maps to the same id and the spool drops it; two devices never collide.
 *  - Outbound stanzas: the key is our own stanza id (origin-id), which we chose.
 *  - Inbound stanzas: the sender chose the id, so the key is a hash of conversation, sender, id AND the
 *    content hash: a sender who reuses an id with different text makes a new record (and the spool
 *    reports the reuse, which becomes an alert record), never a dropped message.
 *  - Archived copies (MAM) carry the archive's stanza-id (XEP-0359) as an alias: the spool journals a
 *    stanza-id once, however often history is paged.
 */
import { MAX_BODY_LENGTH, MAX_ID_LENGTH, type JournalRecord, type RecordKind } from '../../../shared/journal/record';
import { sha256Hex } from './crypto';
import type { ConversationType, Direction, DlpDecisionInput, Meta, MessageInput, RecordInput, ClientRecordKind } from './recordInputs';

export type * from './recordInputs';

/** A record before the spool gives it a device, a sequence number and a time. */
export interface RecordDraft {
  kind: RecordKind;
  /** Record id namespace: the direction for stanzas; `xfer-in`, `dlp`, `notice`… for the other kinds. */
  tag: string;
  /** The stanza id (outbound), the hashed identity (inbound) or the other kind's natural id. */
  key: string;
  /** For corrections and retractions: the original's record id parts, when known. */
  replaces?: { tag: string; key: string };
  conversation: string;
  conversationType: ConversationType;
  direction: Direction;
  sender: string;
  recipients: string[];
  sentAt: string;
  body: string;
  stanzaId?: string;
  meta?: Meta;
  /** Inbound stanzas: who chose the id and what it carried, so the spool can notice an id reused. */
  identity?: { ident: string; content: string };
  /** Other names of the same fact (the archive's stanza-id): any one already known makes it a duplicate. */
  aliases?: string[];
}

const SAFE_KEY = /^[A-Za-z0-9._:@+=-]{1,80}$/;

/** `<deviceId>/<tag>/<key>`; a long or unusual key is replaced by its SHA-256 (base64url). */
export function recordIdFor(deviceId: string, tag: string, key: string): string {
  const k = SAFE_KEY.test(key) ? key : `h-${Buffer.from(sha256Hex(key), 'hex').toString('base64url')}`;
  const id = `${deviceId}/${tag}/${k}`;
  if (id.length > MAX_ID_LENGTH) throw new Error('record id too long');
  return id;
}

export function draftRecordId(deviceId: string, draft: RecordDraft): string {
  return recordIdFor(deviceId, draft.tag, draft.key);
}

/** Kinds whose key is a message stanza id (kept in meta.messageId for searches by message id). */
const STANZA_KINDS = new Set<RecordKind>(['message', 'correction', 'retraction', 'dlp-override', 'dlp-log', 'encrypted-blocked']);
const MAX_META_KEY = 256;
const MAX_META_VALUE = 16_384;

function cleanMeta(meta: Meta | undefined): Meta | undefined {
  if (!meta) return undefined;
  const out: Meta = {};
  for (const [k, v] of Object.entries(meta)) out[k.slice(0, MAX_META_KEY)] = String(v).slice(0, MAX_META_VALUE);
  return Object.keys(out).length ? out : undefined;
}

function isoOr(value: string, fallback: string): string {
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString() : fallback;
}

/** The full record, as spooled and as sent. Over-long bodies are cut with their length and hash in meta. */
export function finalizeRecord(draft: RecordDraft, ctx: { deviceId: string; seq: number; recordedAt: string; policyHash: string }): JournalRecord {
  let body = draft.body;
  const messageId = draft.meta?.messageId ?? draft.key;
  let meta: Meta | undefined = STANZA_KINDS.has(draft.kind) ? { ...draft.meta, messageId } : draft.meta;
  if (body.length > MAX_BODY_LENGTH) {
    meta = { ...meta, bodyTruncatedFrom: String(body.length), bodySha256: sha256Hex(body) };
    body = body.slice(0, MAX_BODY_LENGTH);
  }
  const record: JournalRecord = {
    recordId: draftRecordId(ctx.deviceId, draft),
    deviceId: ctx.deviceId,
    seq: ctx.seq,
    conversation: draft.conversation,
    conversationType: draft.conversationType,
    direction: draft.direction,
    sender: draft.sender,
    recipients: draft.recipients,
    sentAt: isoOr(draft.sentAt, ctx.recordedAt),
    recordedAt: ctx.recordedAt,
    kind: draft.kind,
    body,
    policyHash: ctx.policyHash,
  };
  if (draft.replaces) record.replaces = recordIdFor(ctx.deviceId, draft.replaces.tag, draft.replaces.key);
  if (draft.stanzaId) record.stanzaId = draft.stanzaId;
  const m = cleanMeta(meta);
  if (m) record.meta = m;
  return record;
}

function recipientsFor(conversation: string, conversationType: ConversationType, direction: Direction, account: string): string[] {
  if (conversationType === 'groupchat' || direction === 'out') return [conversation];
  return account ? [account] : [];
}

/** The identity of an inbound stanza: conversation, sender and the id the sender chose. */
function inboundIdent(conversation: string, sender: string, id: string): string {
  return JSON.stringify([conversation.toLowerCase(), sender, id]);
}

/** The key of a stanza: our own id outbound; inbound, the identity together with the content hash. */
function stanzaKey(direction: Direction, conversation: string, sender: string, id: string, body: string): Pick<RecordDraft, 'key' | 'identity' | 'meta'> {
  if (direction === 'out') return { key: id };
  const ident = inboundIdent(conversation, sender, id);
  const content = sha256Hex(body);
  return { key: JSON.stringify([ident, content]), identity: { ident, content }, meta: { messageId: id } };
}

type Builders = { [K in ClientRecordKind]: (input: RecordInput[K], account: string) => RecordDraft };

function messageDraft({ message: m, stanzaId, meta }: MessageInput, account: string): RecordDraft {
  const sender = m.direction === 'out' ? account || m.from : m.from;
  const k = stanzaKey(m.direction, m.conversation, sender, m.id, m.body);
  const allMeta = { ...meta, ...k.meta };
  return {
    kind: 'message',
    tag: m.direction,
    key: k.key,
    ...(k.identity ? { identity: k.identity } : {}),
    ...(stanzaId ? { stanzaId, aliases: [`sid:${m.conversation.toLowerCase()}:${stanzaId}`] } : {}),
    conversation: m.conversation,
    conversationType: m.conversationType,
    direction: m.direction,
    sender,
    recipients: recipientsFor(m.conversation, m.conversationType, m.direction, account),
    sentAt: m.sentAt,
    body: m.body,
    ...(Object.keys(allMeta).length ? { meta: allMeta } : {}),
  };
}

/** The original's record id parts: ours by id; a correspondent's only when its text is known. */
function originalRef(direction: Direction, conversation: string, id: string, original: { from: string; body: string } | undefined) {
  if (direction === 'out') return { tag: 'out', key: id };
  return original ? { tag: 'in', key: stanzaKey('in', conversation, original.from, id, original.body).key } : undefined;
}

export const recordBuilders: Builders = {
  message: messageDraft,
  correction(c, account) {
    const ref = originalRef(c.message.direction, c.message.conversation, c.replacesId, c.original);
    const d = messageDraft(c, account);
    return { ...d, kind: 'correction', ...(ref ? { replaces: ref } : {}), meta: { ...d.meta, replacesMessageId: c.replacesId } };
  },
  retraction(r, account) {
    const sender = r.direction === 'out' ? account || r.from : r.from;
    const k = stanzaKey(r.direction, r.conversation, sender, r.id, '');
    const ref = originalRef(r.direction, r.conversation, r.replacesId, r.original);
    return {
      kind: 'retraction',
      tag: r.direction,
      key: k.key,
      ...(k.identity ? { identity: k.identity } : {}),
      ...(ref ? { replaces: ref } : {}),
      conversation: r.conversation,
      conversationType: r.conversationType,
      direction: r.direction,
      sender,
      recipients: recipientsFor(r.conversation, r.conversationType, r.direction, account),
      sentAt: r.sentAt,
      body: '',
      meta: { ...r.meta, ...k.meta, replacesMessageId: r.replacesId },
    };
  },
  'refused-transfer': (t, account) => ({
    kind: 'refused-transfer',
    tag: `xfer-${t.direction}`,
    key: t.id,
    conversation: t.conversation,
    conversationType: 'chat',
    direction: t.direction,
    sender: t.direction === 'out' ? account : t.from,
    recipients: t.direction === 'out' ? [t.conversation] : [account],
    sentAt: t.sentAt,
    body: t.description ?? '',
    meta: { ...t.meta, protocol: t.protocol },
  }),
  'dlp-override': (d, account) => dlpDraft('dlp-override', d, account),
  'dlp-log': (d, account) => dlpDraft('dlp-log', d, account),
  'notice-ack': (n, account) => ({
    kind: 'notice-ack',
    tag: 'notice',
    key: `${n.noticeId}@${n.at}`,
    conversation: account,
    conversationType: 'chat',
    direction: 'out',
    sender: account,
    recipients: [],
    sentAt: n.at,
    body: n.text ?? '',
    meta: { ...n.meta, noticeId: n.noticeId },
  }),
  'room-subject': (s, account) => ({
    ...textDraft('room-subject', 'subject', s.direction, s.room, s.sender, s.id, s.subject, account),
    conversationType: 'groupchat',
    recipients: [s.room],
    sentAt: s.sentAt,
  }),
  invitation: (i, account) => ({
    ...textDraft('invitation', 'invite', i.direction, i.room, i.from, i.id, i.reason, account),
    conversationType: 'groupchat',
    recipients: [i.to],
    sentAt: i.sentAt,
    meta: { invitee: i.to, room: i.room },
  }),
  'presence-status': (p) => ({
    ...textDraft('presence-status', 'status', 'out', p.account, p.account, p.id, p.status, p.account),
    recipients: [],
    sentAt: p.sentAt,
    meta: { show: p.show },
  }),
  profile: (p, account) => ({
    ...textDraft('profile', 'profile', 'out', p.target, account, p.id, p.value, account),
    conversationType: p.field === 'nickname' ? 'groupchat' : 'chat',
    recipients: [p.target],
    sentAt: p.sentAt,
    meta: { field: p.field },
  }),
  'encrypted-blocked': (e, account) => {
    const k = stanzaKey('in', e.conversation, e.from, e.id, e.envelope);
    return {
      kind: 'encrypted-blocked',
      tag: 'e2e',
      key: k.key,
      ...(e.stanzaId ? { stanzaId: e.stanzaId, aliases: [`sid:${e.conversation.toLowerCase()}:${e.stanzaId}`] } : {}),
      conversation: e.conversation,
      conversationType: e.conversationType,
      direction: 'in',
      sender: e.from,
      recipients: recipientsFor(e.conversation, e.conversationType, 'in', account),
      sentAt: e.sentAt,
      body: '',
      meta: { ...k.meta, protocol: e.protocol, envelope: e.envelope },
    };
  },
  alert: (a, account) => ({
    kind: 'alert',
    tag: 'alert',
    key: `${a.alert}:${a.id}`,
    conversation: a.conversation || account,
    conversationType: 'chat',
    // The device reports it: an outbound record of the signed-in account (the server checks the sender).
    direction: 'out',
    sender: account,
    recipients: [],
    sentAt: a.sentAt,
    body: '',
    meta: { ...a.details, alert: a.alert },
  }),
};

/** Texts other than messages (subjects, invitations, status, profile fields), keyed like stanzas. */
function textDraft(kind: RecordKind, tag: string, direction: Direction, conversation: string, sender: string, id: string, body: string, account: string): RecordDraft {
  const from = direction === 'out' ? account || sender : sender;
  const k = stanzaKey(direction, conversation, from, id, body);
  return {
    kind,
    tag: `${tag}-${direction}`,
    key: k.key,
    ...(k.identity ? { identity: k.identity } : {}),
    conversation,
    conversationType: 'chat',
    direction,
    sender: from,
    recipients: [],
    sentAt: '',
    body,
  };
}

/** A DLP decision: who, which findings, and the justification they gave (dlp-override). */
function dlpDraft(kind: 'dlp-override' | 'dlp-log', d: DlpDecisionInput, account: string): RecordDraft {
  return {
    kind,
    tag: kind === 'dlp-override' ? 'dlp' : 'dlplog',
    key: d.messageId,
    conversation: d.conversation,
    conversationType: d.conversationType,
    direction: 'out',
    sender: account,
    recipients: [d.conversation],
    sentAt: d.sentAt,
    body: d.justification ?? '',
    meta: {
      messageId: d.messageId,
      findings: d.findings.join(','),
      ...(d.rules?.length ? { rules: d.rules.join(',') } : {}),
      ...(d.justification !== undefined ? { justification: d.justification } : {}),
    },
  };
}

/** The draft for one record of `kind`, typed by its input. */
export function draftFor<K extends ClientRecordKind>(kind: K, input: RecordInput[K], account: string): RecordDraft {
  const build = recordBuilders[kind] as (i: RecordInput[K], a: string) => RecordDraft;
  return build(input, account);
}
