/**
 * The journal record: one retained fact about an IM conversation (a message in or out, an edit, a
 * retraction, a refused file transfer, a DLP decision, a records-notice acknowledgement).
 *
 * The client spools these and ships them to the retention server, which stores them immutably. Both
 * sides agree on the content hash: SHA-256 (hex) of `canonicalRecordJson(record)`. This module is pure
 * (shared/ runs in the renderer too), so the digest itself is injected: `recordHash(record, sha256Hex)`
 * with node:crypto on the client and the server.
 */
import { z } from 'zod';

/** Longest JID we accept (RFC 7622: 3 × 1023 octets + separators). */
export const MAX_JID_LENGTH = 3071;
/** Longest body retained in one record (characters). */
export const MAX_BODY_LENGTH = 262_144;
/** Longest record id / device id. */
export const MAX_ID_LENGTH = 128;

export const RECORD_KINDS = [
  'message',
  'correction',
  'retraction',
  'refused-transfer',
  'dlp-override',
  'dlp-log',
  'notice-ack',
  // Issue "one way out, one way in": every text that leaves or arrives is retained, not only messages.
  'room-subject',
  'invitation',
  'presence-status',
  'profile',
  'encrypted-blocked',
  'alert',
  /** A session on the XMPP server and the software it identified as (from the Prosody module). */
  'xmpp-session',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

const isoTimestamp = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 timestamp with Z or an offset' });
const jid = z.string().max(MAX_JID_LENGTH);

/**
 * Strict: unknown keys are refused rather than silently dropped, because a dropped field would change
 * the content hash and lose retained data. A client that adds a field needs a server that knows it.
 */
export const JournalRecordSchema = z.strictObject({
  /** = the XMPP stanza id (origin-id) for messages; unique across the whole store. */
  recordId: z.string().min(1).max(MAX_ID_LENGTH),
  deviceId: z.string().min(1).max(MAX_ID_LENGTH),
  /** Per-device sequence number, starts at 1, no gaps expected (the server reports gaps). */
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /** Bare JID of the peer (1:1) or the room (groupchat). */
  conversation: jid,
  conversationType: z.enum(['chat', 'groupchat']),
  direction: z.enum(['in', 'out']),
  /** Bare JID, or room/nick full JID for groupchat. */
  sender: jid,
  recipients: z.array(jid).max(10_000),
  /** ISO 8601: when the message was sent (the delay stamp for delayed inbound messages). */
  sentAt: isoTimestamp,
  /** ISO 8601: when the client spooled the record. */
  recordedAt: isoTimestamp,
  kind: z.enum(RECORD_KINDS),
  /** For correction/retraction: the recordId it refers to. */
  replaces: z.string().min(1).max(MAX_ID_LENGTH).optional(),
  body: z.string().max(MAX_BODY_LENGTH),
  /** Server-assigned XEP-0359 stanza-id, if known. */
  stanzaId: z.string().max(MAX_ID_LENGTH * 8).optional(),
  /** Hash of the effective client policy. */
  policyHash: z.string().max(256),
  /** E.g. dlp type/rule/action/justification, refused transfer protocol. */
  meta: z.record(z.string().max(256), z.string().max(16_384)).optional(),
});
export type JournalRecord = z.infer<typeof JournalRecordSchema>;

/** Lower-case hex SHA-256. */
export const HashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256');

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

/**
 * Canonical JSON (RFC 8785 / JCS for the value types records use): object keys sorted by UTF-16 code
 * units, no whitespace, `undefined` members omitted, strings and numbers as ECMAScript JSON.stringify
 * writes them. Throws on values JSON cannot represent exactly (non-finite numbers, functions...).
 */
export function canonicalJson(value: unknown): string {
  return write(value as Json);
}

function write(value: Json): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => write(v)).join(',')}]`;
      const keys = Object.keys(value)
        .filter((k) => value[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write(value[k] as Json)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

/** The exact text whose SHA-256 is the record's content hash. */
export function canonicalRecordJson(record: JournalRecord): string {
  return canonicalJson(record);
}

/** A SHA-256 over UTF-8 text, lower-case hex (node:crypto on both client and server). */
export type Sha256Hex = (utf8Text: string) => string;

/** The content hash both sides compute: `sha256Hex(canonicalRecordJson(record))`. */
export function recordHash(record: JournalRecord, sha256Hex: Sha256Hex): string {
  return sha256Hex(canonicalRecordJson(record));
}
