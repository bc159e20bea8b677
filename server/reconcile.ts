/**
 * Reconciliation: the same message as the XMPP server routed it (server records from the Prosody module)
 * and as the sending and receiving devices journaled it (client records). Matches on the message id the
 * client records carry (origin-id, kept in meta.messageId) with the real sender's bare JID or the room,
 * and on the server's stanza-id; answers with what only the server saw (sent from an unapproved client,
 * or from one that did not journal), what only a client saw, and the sessions that identified as
 * unapproved software. A matched pair whose bodies differ is a body mismatch (raised as an alert).
 * Messages to or from the retention server's own XMPP account (the enrollment proofs clients send it,
 * which no client journals) are left out.
 */
import type { JournalRecord } from '../shared/journal/record';
import { sha256Hex } from './hash';
import { bareJid } from '../shared/xmpp/jid';
import { isServerRecord } from './serverRecords';
import type { NewAlert, Store, StoredRow } from './store/types';

const MESSAGE_KINDS = new Set(['message', 'correction', 'retraction']);
/** Most records one reconciliation reads; a wider range gets a clear error. */
export const MAX_RECONCILE_RECORDS = 200_000;

export interface ReconciledMessage {
  recordId: string;
  deviceId: string;
  kind: string;
  conversation: string;
  conversationType: string;
  direction: string;
  sender: string;
  recipients: string[];
  sentAt: string;
  messageId: string | null;
  stanzaId: string | null;
}

export interface ServerOnlyMessage extends ReconciledMessage {
  /** The software the sending session identified as, when the module reported it. */
  senderSoftware: { name: string | null; version: string | null; approved: boolean } | null;
}

export interface SessionEntry {
  recordId: string;
  jid: string;
  at: string;
  software: string | null;
  version: string | null;
  method: string | null;
  identified: boolean;
  action: string | null;
}

export interface BodyMismatch {
  serverRecordId: string;
  clientRecordId: string;
  messageId: string | null;
  serverBodySha256: string;
  clientBodySha256: string;
}

export interface Reconciliation {
  from: string;
  to: string;
  serverRecords: number;
  clientRecords: number;
  matched: number;
  serverOnly: ServerOnlyMessage[];
  clientOnly: ReconciledMessage[];
  bodyMismatches: BodyMismatch[];
  unapprovedSessions: SessionEntry[];
  sessions: number;
}

export class RangeTooLargeError extends Error {}

interface Entry {
  row: StoredRow;
  record: JournalRecord;
}

/** Every record with sentAt in [fromMs, toMs], in pages. */
async function recordsIn(store: Store, fromMs: number, toMs: number): Promise<Entry[]> {
  const out: Entry[] = [];
  let after: { sentAtMs: number; leafIndex: number } | undefined;
  for (;;) {
    const page = await store.searchRecords({ fromMs, toMs, after, limit: 1000 });
    for (const row of page) out.push({ row, record: JSON.parse(row.recordJson) as JournalRecord });
    if (out.length > MAX_RECONCILE_RECORDS) throw new RangeTooLargeError(`more than ${MAX_RECONCILE_RECORDS} records in this range; reconcile a shorter period`);
    const last = page.at(-1);
    if (page.length < 1000 || !last) return out;
    after = { sentAtMs: last.sentAtMs, leafIndex: last.leafIndex };
  }
}

function keysOf(r: JournalRecord, server: boolean): string[] {
  const keys: string[] = [];
  const mid = r.meta?.messageId;
  const groupchat = r.conversationType === 'groupchat';
  if (r.stanzaId) keys.push(`s\u0000${r.stanzaId}`);
  if (!mid) return keys;
  const conv = bareJid(r.conversation);
  if (groupchat) keys.push(`g\u0000${r.kind}\u0000${mid}\u0000${conv}`);
  // The real sender: the server knows it for rooms too; a client knows it for 1:1 and for its own room messages.
  const sender = server ? r.meta?.realSender : groupchat && r.direction === 'in' ? undefined : r.sender;
  if (sender) keys.push(`m\u0000${r.kind}\u0000${mid}\u0000${bareJid(sender)}`);
  return keys;
}

function summary(r: JournalRecord): ReconciledMessage {
  return {
    recordId: r.recordId,
    deviceId: r.deviceId,
    kind: r.kind,
    conversation: r.conversation,
    conversationType: r.conversationType,
    direction: r.direction,
    sender: r.sender,
    recipients: r.recipients,
    sentAt: r.sentAt,
    messageId: r.meta?.messageId ?? null,
    stanzaId: r.stanzaId ?? null,
  };
}

function sessionEntry(r: JournalRecord): SessionEntry {
  return {
    recordId: r.recordId,
    jid: r.sender,
    at: r.sentAt,
    software: r.meta?.software ?? null,
    version: r.meta?.softwareVersion ?? null,
    method: r.meta?.method ?? null,
    identified: r.meta?.identified === 'true',
    action: r.meta?.action ?? null,
  };
}

export interface ReconcileOptions {
  /** The retention server's own XMPP account: messages to or from it are left out. */
  ownJid?: string | null;
}

/** Whether a server record is a message to or from the given account. */
function involves(r: JournalRecord, jid: string): boolean {
  return [r.sender, r.conversation, ...r.recipients].some((x) => bareJid(x) === jid);
}

export async function reconcile(store: Store, fromMs: number, toMs: number, opts: ReconcileOptions = {}): Promise<Reconciliation> {
  const ownJid = opts.ownJid ? bareJid(opts.ownJid) : null;
  const entries = await recordsIn(store, fromMs, toMs);
  const server: JournalRecord[] = [];
  const client: JournalRecord[] = [];
  const sessions: JournalRecord[] = [];
  for (const { record } of entries) {
    if (isServerRecord(record)) {
      if (record.kind === 'xmpp-session') sessions.push(record);
      else if (MESSAGE_KINDS.has(record.kind) && !(ownJid && involves(record, ownJid))) server.push(record);
    } else if (MESSAGE_KINDS.has(record.kind)) client.push(record);
  }

  const clientByKey = new Map<string, JournalRecord[]>();
  for (const c of client) for (const k of keysOf(c, false)) clientByKey.set(k, [...(clientByKey.get(k) ?? []), c]);

  const latestSession = new Map<string, JournalRecord>();
  for (const s of sessions) latestSession.set(s.sender, s);

  const matchedClients = new Set<string>();
  const serverOnly: ServerOnlyMessage[] = [];
  const bodyMismatches: BodyMismatch[] = [];
  let matched = 0;
  for (const s of server) {
    const partners = new Map<string, JournalRecord>();
    for (const k of keysOf(s, true)) for (const c of clientByKey.get(k) ?? []) partners.set(c.recordId, c);
    if (partners.size === 0) {
      const session = s.meta?.senderFull ? latestSession.get(s.meta.senderFull) : undefined;
      serverOnly.push({
        ...summary(s),
        senderSoftware: session ? { name: session.meta?.software ?? null, version: session.meta?.softwareVersion ?? null, approved: session.meta?.approved === 'true' } : null,
      });
      continue;
    }
    matched++;
    for (const c of partners.values()) {
      matchedClients.add(c.recordId);
      if (s.kind === 'retraction' || c.meta?.bodyTruncatedFrom) continue;
      if (c.body !== s.body) {
        bodyMismatches.push({
          serverRecordId: s.recordId,
          clientRecordId: c.recordId,
          messageId: s.meta?.messageId ?? null,
          serverBodySha256: sha256Hex(s.body),
          clientBodySha256: sha256Hex(c.body),
        });
      }
    }
  }
  const clientOnly = client.filter((c) => !matchedClients.has(c.recordId)).map(summary);
  const unapprovedSessions = sessions.filter((s) => s.meta?.approved !== 'true').map(sessionEntry);
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    serverRecords: server.length,
    clientRecords: client.length,
    matched,
    serverOnly,
    clientOnly,
    bodyMismatches,
    unapprovedSessions,
    sessions: sessions.length,
  };
}

/** Store a `body-mismatch` alert for each mismatch not alerted before (ids and hashes only). */
export async function alertMismatches(store: Store, mismatches: BodyMismatch[], at: string): Promise<number> {
  if (mismatches.length === 0) return 0;
  if (store.kind !== 'postgres') {
    // SQLite: one server per file, and its statements run one at a time.
    const fresh = await newMismatchAlerts(store, mismatches, at);
    if (fresh.length > 0) await store.transaction(async (tx) => tx.insertAlerts(fresh));
    return fresh.length;
  }
  // PostgreSQL, under the tree lock: servers sharing a database reconcile on their own timers, and the
  // check for an existing alert and the insert must not interleave (or a mismatch would be alerted twice).
  return store.transaction(async (tx) => {
    await tx.lockTree();
    const fresh = await newMismatchAlerts(store, mismatches, at);
    if (fresh.length > 0) await tx.insertAlerts(fresh);
    return fresh.length;
  });
}

async function newMismatchAlerts(store: Store, mismatches: BodyMismatch[], at: string): Promise<NewAlert[]> {
  const seen = new Set<string>();
  let afterId: number | undefined;
  for (;;) {
    const page = await store.listAlerts({ afterId, limit: 1000 });
    for (const a of page) if (a.type === 'body-mismatch') seen.add(`${a.recordId}\u0000${String(a.detail.clientRecordId)}`);
    const last = page.at(-1);
    if (page.length < 1000 || !last) break;
    afterId = last.id;
  }
  const fresh: NewAlert[] = mismatches
    .filter((m) => !seen.has(`${m.serverRecordId}\u0000${m.clientRecordId}`))
    .map((m) => ({
      type: 'body-mismatch',
      at,
      deviceId: null,
      recordId: m.serverRecordId,
      detail: { clientRecordId: m.clientRecordId, serverBodySha256: m.serverBodySha256, clientBodySha256: m.clientBodySha256 },
    }));
  return fresh;
}
