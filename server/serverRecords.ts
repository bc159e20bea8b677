/**
 * Server records: what the Prosody module (server/prosody/mod_approved_im.lua) saw the XMPP server route,
 * and the sessions it asked for their software. The module posts plain facts; this module turns each
 * into a JournalRecord so it is stored, hashed, put in the same Merkle tree and checked by the same
 * `verify` as client records. They are marked with their source: deviceId `xmpp-server:<host>` and
 * `meta.source = "xmpp-server"`.
 *
 * Idempotency: the record id is derived from the module's id for the message (the server's stanza-id,
 * or an id the module minted and kept in its queue), and every other field comes from the module's
 * payload, so a batch sent twice yields the same records and the same hashes: "duplicate", stored once.
 */
import { z } from 'zod';
import { MAX_BODY_LENGTH, MAX_ID_LENGTH, MAX_JID_LENGTH, canonicalRecordJson, type JournalRecord } from '../shared/journal/record';
import { sha256Hex } from './hash';
import { bareJid } from '../shared/xmpp/jid';

export const SERVER_RECORDS_PATH = '/v1/server-records';
export const SESSIONS_PATH = '/v1/sessions';
export const SERVER_SOURCE = 'xmpp-server';
export const SERVER_DEVICE_PREFIX = 'xmpp-server:';

const jid = z.string().min(1).max(MAX_JID_LENGTH);
const id = z.string().min(1).max(1024);
const when = z.string().max(64).refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO 8601 timestamp');
const host = z.string().min(1).max(1023).regex(/^[^\s/@]+$/, 'must be a domain');
const text = (max: number) => z.string().max(max);

/** One message as the module tapped it (a Lua table encoded by util.json: absent fields are omitted). */
export const ServerMessageSchema = z.strictObject({
  id,
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  host,
  path: z.enum(['local', 's2s-in', 's2s-out', 'muc']),
  kind: z.enum(['message', 'correction', 'retraction']),
  type: z.enum(['chat', 'groupchat', 'normal', 'headline']),
  from: jid,
  to: jid,
  room: jid.optional(),
  nick: text(1023).optional(),
  messageId: id.optional(),
  originId: id.optional(),
  stanzaId: id.optional(),
  stanzaIdBy: jid.optional(),
  replaces: id.optional(),
  time: when,
  body: z.string().max(MAX_BODY_LENGTH),
  hints: text(256).optional(),
});
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

export const ServerRecordsRequestSchema = z.strictObject({
  batchId: z.string().min(1).max(MAX_ID_LENGTH),
  records: z.array(ServerMessageSchema).min(1).max(1000),
});

/** One session report: which software a new session identified as, and what the module did. */
export const SessionReportSchema = z.strictObject({
  id: z.string().min(1).max(64),
  /** From the same per-host counter as the messages (one gap-free sequence per server host). */
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  at: when,
  jid,
  host,
  name: text(1024).optional(),
  version: text(1024).optional(),
  os: text(1024).optional(),
  method: text(256),
  identified: z.boolean(),
  approved: z.boolean(),
  mode: z.enum(['report', 'enforce']),
  action: z.enum(['reported', 'closed']),
});
export type SessionReport = z.infer<typeof SessionReportSchema>;

export const SessionsRequestSchema = z.strictObject({
  batchId: z.string().min(1).max(MAX_ID_LENGTH),
  sessions: z.array(SessionReportSchema).min(1).max(1000),
});

const SAFE_KEY = /^[A-Za-z0-9._:@+=-]{1,64}$/;

/** `xmpp-server:<host>/<tag>/<key>`, with a long or unusual key replaced by its SHA-256. */
export function serverRecordId(hostName: string, tag: string, key: string): string {
  const k = SAFE_KEY.test(key) ? key : `h-${Buffer.from(sha256Hex(key), 'hex').toString('base64url')}`;
  const full = `${SERVER_DEVICE_PREFIX}${hostName}/${tag}/${k}`;
  return full.length <= MAX_ID_LENGTH ? full : `${SERVER_DEVICE_PREFIX}h-${Buffer.from(sha256Hex(full), 'hex').toString('base64url')}`;
}

function iso(s: string): string {
  return new Date(Date.parse(s)).toISOString();
}

function compact(meta: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/** A tapped message as a journal record (direction "out": as the sender's server routed it). */
export function messageRecord(m: ServerMessage): JournalRecord {
  const groupchat = m.type === 'groupchat';
  const conversation = groupchat ? bareJid(m.room ?? m.to) : bareJid(m.to);
  // The real sender as the server authenticated them (also for rooms, so a participant search finds it).
  const sender = bareJid(m.from);
  return {
    recordId: serverRecordId(m.host, 'msg', m.id),
    deviceId: `${SERVER_DEVICE_PREFIX}${m.host}`,
    seq: m.seq,
    conversation,
    conversationType: groupchat ? 'groupchat' : 'chat',
    direction: 'out',
    sender,
    recipients: [conversation],
    sentAt: iso(m.time),
    recordedAt: iso(m.time),
    kind: m.kind,
    body: m.body,
    ...(m.stanzaId ? { stanzaId: m.stanzaId } : {}),
    policyHash: '',
    meta: compact({
      source: SERVER_SOURCE,
      host: m.host,
      path: m.path,
      stanzaType: m.type,
      senderFull: m.from,
      realSender: bareJid(m.from),
      occupant: groupchat && m.nick ? `${conversation}/${m.nick}` : undefined,
      to: m.to,
      messageId: m.originId ?? m.messageId,
      stanzaIdAttr: m.messageId,
      originId: m.originId,
      stanzaIdBy: m.stanzaIdBy,
      replacesMessageId: m.replaces,
      hints: m.hints,
    }),
  };
}

/** A session report as a journal record of kind `xmpp-session` (no message content). */
export function sessionRecord(s: SessionReport): JournalRecord {
  const user = bareJid(s.jid);
  return {
    recordId: serverRecordId(s.host, 'session', s.id),
    deviceId: `${SERVER_DEVICE_PREFIX}${s.host}`,
    seq: s.seq,
    conversation: user,
    conversationType: 'chat',
    direction: 'in',
    sender: s.jid,
    recipients: [],
    sentAt: iso(s.at),
    recordedAt: iso(s.at),
    kind: 'xmpp-session',
    body: '',
    policyHash: '',
    meta: compact({
      source: SERVER_SOURCE,
      host: s.host,
      software: s.name,
      softwareVersion: s.version,
      os: s.os,
      method: s.method,
      identified: String(s.identified),
      approved: String(s.approved),
      mode: s.mode,
      action: s.action,
    }),
  };
}

/** The batch the ingestor takes: records with their content hashes. */
export function asBatch(batchId: string, records: JournalRecord[]): { batchId: string; records: { record: JournalRecord; hash: string }[] } {
  return { batchId: `${SERVER_DEVICE_PREFIX}${batchId}`.slice(0, MAX_ID_LENGTH), records: records.map((record) => ({ record, hash: sha256Hex(canonicalRecordJson(record)) })) };
}

export function isServerRecord(r: Pick<JournalRecord, 'deviceId' | 'meta'>): boolean {
  return r.deviceId.startsWith(SERVER_DEVICE_PREFIX) && r.meta?.source === SERVER_SOURCE;
}
