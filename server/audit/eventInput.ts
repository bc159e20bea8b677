/**
 * What a client may post to `POST /v1/events`: `{ events: [...], dropped? }`, each event the client's
 * envelope (main/core/auditEndpoint.ts) — a `type`, when, which device, client version and policy — plus
 * flat, body-free fields. The server keeps events body-free whatever a client sends: fields whose names
 * say they hold text, values, secrets or tokens are removed, long strings are cut, and what was removed
 * is named in `redacted` (names only).
 */
import { z } from 'zod';
import { canonicalJson } from '../../shared/journal/record';
import { sha256Hex } from '../hash';

export const MAX_EVENTS_PER_BATCH = 500;
/** Longest kept string field; longer values are replaced (a long string can only be text). */
export const MAX_FIELD_LENGTH = 256;

const FORBIDDEN_FIELD = /^(body|text|message|content|html|password|passwd|pass|secret|token|authorization|auth|cookie|value|values|match|matched|matches|justification|reason|snippet|excerpt|subject|file|filename|filenames)$/i;

const shortString = (max: number) => z.string().max(max);
const Value = z.union([z.string().max(16_384), z.number().finite(), z.boolean()]);

export const ClientEventSchema = z
  .object({
    type: z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/, 'must be a lower-case event type such as dlp-block'),
    at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 timestamp' }),
    eventId: shortString(128).optional(),
    deviceId: shortString(128).optional(),
    account: shortString(3071).optional(),
    clientVersion: shortString(64).optional(),
    policyHash: shortString(256).optional(),
    policyVersion: shortString(128).optional(),
    policyReviewedOn: shortString(32).optional(),
    reviewOverdue: z.boolean().optional(),
    backlog: z.number().int().nonnegative().optional(),
  })
  .catchall(Value);

export const EventBatchSchema = z.strictObject({
  events: z.array(ClientEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
  dropped: z.number().int().nonnegative().optional(),
});
export type ClientEventInput = z.infer<typeof ClientEventSchema>;

/** One event as stored (the canonical JSON of this object is what the events tree commits to). */
export interface StoredEventBody {
  eventId: string;
  type: string;
  at: string;
  deviceId: string;
  /** Whether deviceId was proven by a device credential (false: taken from the event, fleet token). */
  deviceVerified: boolean;
  jid: string;
  clientVersion: string;
  policyHash: string;
  policyVersion: string;
  policyReviewedOn: string;
  reviewOverdue: boolean;
  backlog: number;
  fields: Record<string, string | number | boolean>;
  /** Names of fields the server removed or cut (never their values). */
  redacted?: string[];
}

const ENVELOPE = new Set(['type', 'at', 'eventId', 'deviceId', 'account', 'clientVersion', 'policyHash', 'policyVersion', 'policyReviewedOn', 'reviewOverdue', 'backlog']);

export function bareJidOf(jid: string): string {
  const slash = jid.indexOf('/');
  return (slash === -1 ? jid : jid.slice(0, slash)).trim().toLowerCase();
}

/** Build the stored form of a posted event; `device` (when proven) overrides the event's own device id. */
export function toStoredEvent(e: ClientEventInput, device: { deviceId: string; jid?: string } | undefined): StoredEventBody {
  const fields: Record<string, string | number | boolean> = {};
  const redacted: string[] = [];
  for (const [key, value] of Object.entries(e)) {
    if (ENVELOPE.has(key) || value === undefined) continue;
    if (FORBIDDEN_FIELD.test(key) || key.length > 64 || !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(key)) {
      redacted.push(key.slice(0, 64));
      continue;
    }
    if (typeof value === 'string' && value.length > MAX_FIELD_LENGTH) {
      redacted.push(key);
      continue;
    }
    fields[key] = value as string | number | boolean;
  }
  const deviceId = device?.deviceId ?? e.deviceId ?? '';
  const base = {
    type: e.type,
    at: new Date(e.at).toISOString(),
    deviceId,
    deviceVerified: device !== undefined,
    jid: bareJidOf(device?.jid ?? e.account ?? ''),
    clientVersion: e.clientVersion ?? '',
    policyHash: e.policyHash ?? '',
    policyVersion: e.policyVersion ?? '',
    policyReviewedOn: e.policyReviewedOn ?? '',
    reviewOverdue: e.reviewOverdue ?? false,
    backlog: e.backlog ?? 0,
    fields,
    ...(redacted.length ? { redacted } : {}),
  };
  // The id is scoped by device, so one device cannot claim another's event ids; an event without an id
  // gets one from its content (an exact repeat is then stored once).
  const clientId = e.eventId ?? sha256Hex(canonicalJson(base));
  return { eventId: `${deviceId}/${clientId}`, ...base };
}
