/**
 * An audit sink that turns refused file transfers into journal records (kind 'refused-transfer'), so a
 * refusal is retained like a message. Combine it with the logger sink (combineAuditSinks).
 */
import { isRefusedTransfer, type AuditSink } from '../audit';
import type { Logger } from '../log';
import type { Journal } from './journal';

export function createJournalAuditSink(journal: Pick<Journal, 'append'>, log: Logger): AuditSink {
  return {
    record(event) {
      if (!isRefusedTransfer(event) || event.archived) return; // history views repeat old offers: refused when they were live
      // The same offer seen again (stream resume) maps to the same record: key on the stanza id when there is one.
      const key = event.stanzaId ? `${event.protocol}|${event.peer}|${event.stanzaId}` : event.id;
      const meta: Record<string, string> = { action: event.action, refusalId: event.id };
      if (event.sid) meta.sid = event.sid;
      if (event.stanzaId) meta.stanzaId = event.stanzaId;
      if (event.size !== undefined) meta.size = String(event.size);
      if (event.mediaType) meta.mediaType = event.mediaType;
      journal
        .append('refused-transfer', { id: key, conversation: event.peer, direction: event.direction, from: event.peer, protocol: event.protocol, sentAt: event.at, meta })
        .catch((err: unknown) => log.error('journal.refused-transfer-failed', { name: (err as Error).name }));
    },
  };
}
