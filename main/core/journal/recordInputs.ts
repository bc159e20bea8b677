/**
 * What each journal record kind is built from (records.ts has the one builder per kind).
 */
import type { ChatMessage } from '../../../shared/ipc/types';

export type Direction = 'in' | 'out';
export type ConversationType = 'chat' | 'groupchat';
export type Meta = Record<string, string>;

export interface MessageInput {
  message: ChatMessage;
  /** The archive's stanza-id (XEP-0359), when the message came from MAM or carries one. */
  stanzaId?: string;
  meta?: Meta;
}

export interface CorrectionInput extends MessageInput {
  /** The corrected message's stanza id. */
  replacesId: string;
  /** The corrected message's text and sender, when known (inbound record ids need them). */
  original?: { from: string; body: string };
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
  original?: { from: string; body: string };
  meta?: Meta;
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
  meta?: Meta;
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
}

export interface NoticeAckInput {
  /** The notice text's version or hash. */
  noticeId: string;
  at: string;
  text?: string;
  meta?: Meta;
}

export interface RoomSubjectInput {
  room: string;
  direction: Direction;
  /** The occupant (room/nick) who set it, or our own bare JID. */
  sender: string;
  subject: string;
  sentAt: string;
  /** The stanza id, when there is one. */
  id: string;
}

export interface InvitationInput {
  room: string;
  direction: Direction;
  from: string;
  to: string;
  reason: string;
  sentAt: string;
  id: string;
}

export interface PresenceStatusInput {
  /** Our own bare JID. */
  account: string;
  show: string;
  status: string;
  sentAt: string;
  id: string;
}

export interface ProfileInput {
  /** nickname (a room), contact-name (a roster entry), vcard-fn (our own vCard). */
  field: 'nickname' | 'contact-name' | 'vcard-fn';
  /** The room, the contact, or our own JID. */
  target: string;
  value: string;
  sentAt: string;
  id: string;
}

export interface EncryptedBlockedInput {
  id: string;
  conversation: string;
  conversationType: ConversationType;
  from: string;
  /** omemo, ox (OpenPGP for XMPP), otr, pgp-legacy… */
  protocol: string;
  sentAt: string;
  stanzaId?: string;
  /** The envelope without the encrypted payload: from, to, type, id, element names. */
  envelope: string;
}

export interface AlertInput {
  /** reused-message-id | spool-key-lost | … */
  alert: string;
  conversation: string;
  sentAt: string;
  /** A natural id, so the same alert handed over twice is one record. */
  id: string;
  details: Meta;
}

/** What each record kind is built from. */
export interface RecordInput {
  message: MessageInput;
  correction: CorrectionInput;
  retraction: RetractionInput;
  'refused-transfer': RefusedTransferInput;
  'dlp-override': DlpDecisionInput;
  'dlp-log': DlpDecisionInput;
  'notice-ack': NoticeAckInput;
  'room-subject': RoomSubjectInput;
  invitation: InvitationInput;
  'presence-status': PresenceStatusInput;
  profile: ProfileInput;
  'encrypted-blocked': EncryptedBlockedInput;
  alert: AlertInput;
}

/** The record kinds a client writes (the shared schema also has server-side kinds, e.g. `xmpp-session`). */
export type ClientRecordKind = keyof RecordInput;

