/**
 * From what happened (a message in or out, a correction, a retraction, a refused transfer, a DLP
 * override…) to a journal record.
 *
 * Record ids. The server keeps record ids unique across the whole store, and every participant's client
 * journals the same stanza (Alice's record of her message, Bob's record of receiving it, a carbon on
 * Alice's second device). So a record id is the stanza id (origin-id) qualified by this device and a tag:
 * `<deviceId>/<tag>/<stanza id>`. It is deterministic, so a resumed stream, a carbon or a replay of the
 * same stanza maps to the same id and the spool drops it; and two devices can never collide.
 */
import type { ChatMessage } from '../../../shared/ipc/types';
import { MAX_BODY_LENGTH, MAX_ID_LENGTH, type JournalRecord, type RecordKind } from '../../../shared/journal/record';
import { sha256Hex } from './crypto';

export type Direction = 'in' | 'out';
export type ConversationType = 'chat' | 'groupchat';

/** A record before the spool gives it a device, a sequence number and a time. */
export interface RecordDraft {
  kind: RecordKind;
  /** Record id namespace: the direction for stanzas; `xfer-in`, `dlp`, `notice`… for the other kinds. */
  tag: string;
  /** The stanza id (origin-id) or the other kind's natural id. */
  key: string;
  /** For corrections and retractions: the original's tag and stanza id. */
  replaces?: { tag: string; key: string };
  conversation: string;
  conversationType: ConversationType;
  direction: Direction;
  sender: string;
  recipients: string[];
  sentAt: string;
  body: string;
  stanzaId?: string;
  meta?: Record<string, string>;
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
const STANZA_KINDS = new Set<RecordKind>(['message', 'correction', 'retraction', 'dlp-override', 'dlp-log']);
const MAX_META_KEY = 256;
const MAX_META_VALUE = 16_384;

function cleanMeta(meta: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!meta) return undefined;
  const out: Record<string, string> = {};
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
  let meta: Record<string, string> | undefined = STANZA_KINDS.has(draft.kind) ? { ...draft.meta, messageId: draft.key } : draft.meta;
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

/** A chat message in or out (1:1 or room), as the core hands it to the journal. */
export function messageDraft(m: ChatMessage, account: string, meta?: Record<string, string>): RecordDraft {
  return {
    kind: 'message',
    tag: m.direction,
    key: m.id,
    conversation: m.conversation,
    conversationType: m.conversationType,
    direction: m.direction,
    sender: m.direction === 'out' ? account || m.from : m.from,
    recipients: recipientsFor(m.conversation, m.conversationType, m.direction, account),
    sentAt: m.sentAt,
    body: m.body,
    ...(meta ? { meta } : {}),
  };
}

/** A correction (XEP-0308): a new record with the new text, pointing at the original message. */
export function correctionDraft(m: ChatMessage, replacesId: string, account: string, meta?: Record<string, string>): RecordDraft {
  return { ...messageDraft(m, account, meta), kind: 'correction', replaces: { tag: m.direction, key: replacesId } };
}

export interface RetractionInput {
  /** The retraction stanza's id. */
  id: string;
  /** The retracted message's id. */
  replacesId: string;
  conversation: string;
  conversationType: ConversationType;
  direction: Direction;
  from: string;
  sentAt: string;
  meta?: Record<string, string>;
}

export function retractionDraft(r: RetractionInput, account: string): RecordDraft {
  return {
    kind: 'retraction',
    tag: r.direction,
    key: r.id,
    replaces: { tag: r.direction, key: r.replacesId },
    conversation: r.conversation,
    conversationType: r.conversationType,
    direction: r.direction,
    sender: r.direction === 'out' ? account || r.from : r.from,
    recipients: recipientsFor(r.conversation, r.conversationType, r.direction, account),
    sentAt: r.sentAt,
    body: '',
    ...(r.meta ? { meta: r.meta } : {}),
  };
}

export interface RefusedTransferInput {
  /** The offer's id (stanza id, SI/Jingle sid…). */
  id: string;
  conversation: string;
  direction: Direction;
  /** Who offered (inbound) or who it was for (outbound). */
  from: string;
  /** E.g. jingle-ft, si, ibb, socks5, oob, http-upload. */
  protocol: string;
  /** What was offered, if known (file name and size; never content). */
  description?: string;
  sentAt: string;
  meta?: Record<string, string>;
}

export function refusedTransferDraft(t: RefusedTransferInput, account: string): RecordDraft {
  return {
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
  };
}

export interface DlpDecisionInput {
  /** The message the decision is about. */
  messageId: string;
  conversation: string;
  conversationType: ConversationType;
  /** Finding types, e.g. US_SSN. */
  findings: string[];
  /** The user's justification (dlp-override). */
  justification?: string;
  /** Rule names that matched. */
  rules?: string[];
  sentAt: string;
  meta?: Record<string, string>;
}

/** The user sent despite a DLP warning: who, which findings, and the justification they gave. */
export function dlpDraft(kind: 'dlp-override' | 'dlp-log', d: DlpDecisionInput, account: string): RecordDraft {
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
      ...d.meta,
      findings: d.findings.join(','),
      ...(d.rules?.length ? { rules: d.rules.join(',') } : {}),
      ...(d.justification !== undefined ? { justification: d.justification } : {}),
    },
  };
}

/** The user acknowledged the records notice (text version or hash in `noticeId`). */
export function noticeAckDraft(n: { noticeId: string; at: string; text?: string }, account: string): RecordDraft {
  return {
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
    meta: { noticeId: n.noticeId },
  };
}

/** A record the core hands over in the record's own shape (records notice, DLP decisions…), without ids. */
export interface GenericRecordInput {
  kind: RecordKind;
  conversation: string;
  conversationType: ConversationType;
  direction: Direction;
  sender: string;
  recipients: string[];
  sentAt: string;
  body: string;
  meta?: Record<string, string>;
}

const TAG_OF: Partial<Record<RecordKind, string>> = { 'notice-ack': 'notice', 'dlp-override': 'dlp', 'dlp-log': 'dlplog' };

/**
 * The key is the natural id when the input names one (meta.message: the message a DLP decision is
 * about; meta.refusalId), else a hash of the whole input, so the same fact handed over twice is one record.
 */
export function genericDraft(r: GenericRecordInput): RecordDraft {
  const tag = r.kind === 'refused-transfer' ? `xfer-${r.direction}` : (TAG_OF[r.kind] ?? r.kind);
  const natural = r.meta?.message ?? r.meta?.messageId ?? r.meta?.refusalId;
  const key = natural || JSON.stringify([r.kind, r.conversation, r.direction, r.sender, r.recipients, r.sentAt, r.body, r.meta ?? {}]);
  return { ...r, tag, key, recipients: [...r.recipients], ...(r.meta ? { meta: { ...r.meta } } : {}) };
}
