/**
 * One audit interface for security-relevant events (refused file transfers, blocked sends, …).
 *
 * Events carry identifiers, codes and counts only: never message bodies, file contents, passwords or
 * tokens. A logger-backed sink is the default; the journal adds its own sink so that a refused transfer
 * becomes a journal record (kind 'refused-transfer') as well as an audit line.
 */
import type { Logger } from './log';

export type AuditValue = string | number | boolean | undefined;

/** An audit event: a `type` plus flat, body-free fields. */
export interface AuditEvent {
  type: string;
  [field: string]: AuditValue;
}

export interface AuditSink {
  record(event: AuditEvent): void;
}

/** The file-transfer protocols the client refuses (docs/file-transfer.md lists them all). */
export type TransferProtocol =
  | 'jingle-ft' // XEP-0234 over XEP-0166
  | 'jingle' // any other Jingle session (calls, screen sharing): text only
  | 'jingle-message' // XEP-0353 proposals
  | 'si-file-transfer' // XEP-0095/0096
  | 'ibb' // XEP-0047
  | 'socks5-bytestreams' // XEP-0065
  | 'oob-iq' // XEP-0066 jabber:iq:oob
  | 'oob' // XEP-0066 jabber:x:oob in a message
  | 'http-upload' // XEP-0363 slot request or a link to an upload host
  | 'sims' // XEP-0385
  | 'file-sharing' // XEP-0447 / XEP-0448
  | 'bits-of-binary' // XEP-0231
  | 'xhtml-image' // XEP-0071 <img>
  | 'file-information' // XEP-0329 / XEP-0135 file lists
  | 'encoded-binary' // a file encoded as text (base64, hex, data: URI, uuencode)
  | 'local-file'; // a file or image pasted or dropped into the window (refused there, reported by composer:refused)

/**
 * A refused file transfer. Shaped so the journal can take it as a record: kind 'refused-transfer',
 * `id` is the record id, `peer` the conversation, `direction` 'in' (offered to us) or 'out' (we, or
 * code upstream, tried to send one), `protocol` and `action` go into the record's meta.
 */
export interface RefusedTransferEvent extends AuditEvent {
  type: 'refused-transfer';
  kind: 'refused-transfer';
  /** Unique per refusal (a journal record id). */
  id: string;
  /** The offending stanza's id (iq or message id), when it had one. */
  stanzaId?: string;
  /** Bare JID of the other party ('' when unknown). */
  peer: string;
  protocol: TransferProtocol;
  direction: 'in' | 'out';
  /** What the client did: the protocol's refusal it sent, or what it suppressed. */
  action: 'error-forbidden' | 'error-not-acceptable' | 'error-item-not-found' | 'session-terminate-decline' | 'notice' | 'send-blocked' | 'ignored';
  /** ISO 8601. */
  at: string;
  /** Protocol session id (Jingle sid, SI/IBB/S5B sid), if any. */
  sid?: string;
  /** Declared size in bytes, if the offer carried one. Never the file name (it can be sensitive). */
  size?: number;
  /** Declared media type, if any. */
  mediaType?: string;
  /** True when seen in the server archive (history) rather than live. */
  archived?: boolean;
  /** Refused in the window: how it arrived ('paste' or 'drop'). */
  via?: 'paste' | 'drop';
  /** Refused in the window: what it was ('file', 'image' or 'encoded-binary'). */
  what?: string;
  /** Refused in the window: how many items. */
  count?: number;
  /** Refusals from the window left out of the audit by the rate cap since the last recorded one. */
  suppressed?: number;
}

export function isRefusedTransfer(e: AuditEvent): e is RefusedTransferEvent {
  return e.type === 'refused-transfer';
}

/** The default sink: one structured log line per event, at `warn` so it is on by default. */
export function createLoggerAuditSink(log: Logger): AuditSink {
  return {
    record(event) {
      const { type, ...fields } = event;
      log.warn(`audit.${type}`, fields);
    },
  };
}

/** Fan out to several sinks; one failing sink does not stop the others. */
export function combineAuditSinks(...sinks: AuditSink[]): AuditSink {
  return {
    record(event) {
      for (const s of sinks) {
        try {
          s.record(event);
        } catch {
          /* an audit sink must not break the protocol path; the others still record */
        }
      }
    },
  };
}

/** Collects events in memory (tests, and a bounded buffer a UI could show). */
export function createMemoryAuditSink(limit = 1000): AuditSink & { events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return {
    events,
    record(event) {
      events.push(event);
      if (events.length > limit) events.shift();
    },
  };
}
