/**
 * The interfaces the core's parts need from each other and from the composition root. They live here,
 * below everything that uses them, so no lower module imports `app.ts` (no import cycles).
 */
import type { EffectivePolicy } from '../../shared/policy/evaluate';
import type { JournalStatus, PolicyView } from '../../shared/ipc/types';
import type { ClientRecordKind, RecordInput } from './journal/records';
import type { CoreMessage } from './xmpp/session';

/** What the rest of the core needs from the policy system. Values are typed by the policy definitions. */
export interface PolicyProvider {
  current(): EffectivePolicy & { hash: string };
  view(now?: Date): PolicyView;
  /** Runtime policy changes (the watching policy service); static providers have none. */
  onChange?(listener: (p: EffectivePolicy & { hash: string }, restartRequired: string[]) => void): () => void;
  /** Re-read every source now (after the user saved a setting); static providers have none. */
  refresh?(): Promise<void>;
}

/** What an outbound text is, for gates and records. */
export type OutboundKind = 'message' | 'correction' | 'invite-reason' | 'room-subject' | 'presence-status' | 'nickname' | 'contact-name' | 'vcard';

export type SendVerdict =
  | { action: 'allow'; meta?: Record<string, string> }
  | { action: 'refuse'; reason: string }
  | { action: 'justify'; reason: string; findings: { type: string; start: number; end: number }[] };

/** A check on the outbound path, after the text policy and before the journal (DLP, encoded binaries). */
export interface SendGate {
  check(input: { to: string; body: string; justification?: string; kind?: OutboundKind }): Promise<SendVerdict>;
}

/**
 * The journal as the core needs it: one typed append per record kind; a record must be accepted before a
 * message is sent or shown.
 */
export interface JournalPort {
  append<K extends ClientRecordKind>(kind: K, input: RecordInput[K]): Promise<{ duplicate: boolean }>;
  /** False while records cannot be written: inbound messages are held and sending stops. */
  writable(): boolean;
  /** The journal's state for the UI (connected / N pending / blocked). */
  status(): JournalStatus;
}

/** Inbound guards may annotate (notice) or drop a message before it is journaled and shown. */
export type InboundGuard = (message: CoreMessage) => CoreMessage | null;

/**
 * Where the send path's time goes (issue 18 item 8): the outbound path calls this with a step name as
 * each step ends. Bench and test use only: names and times, never an address or a body; no host wires it.
 */
export type SendStep = 'start' | 'policy' | 'blocked' | 'gate' | 'built' | 'journal' | 'recorded' | 'socket';
export type SendTrace = (step: SendStep, at: number) => void;
