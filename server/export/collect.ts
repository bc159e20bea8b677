/**
 * Which records an export holds: every page of a search, or everything a hold's scope covers (one
 * search per participant × conversation × term, unioned, then checked against the scope exactly).
 */
import { bareJid } from '../../shared/xmpp/jid';
import { inScope, scopeBounds } from '../records/rules';
import type { Hold } from '../records/types';
import { searchTerms } from '../routes/read';
import type { RecordQuery, Store, StoredRow } from '../store/types';

/** Largest export in records; bigger requests are refused with a clear error (narrow the query). */
export const MAX_EXPORT_RECORDS = 100_000;

export async function collectSearch(store: Store, q: Omit<RecordQuery, 'after' | 'limit'>): Promise<StoredRow[]> {
  const out: StoredRow[] = [];
  let after: RecordQuery['after'];
  for (;;) {
    const page = await store.searchRecords({ ...q, after, limit: 1000, includeDisposed: true });
    out.push(...page);
    if (out.length > MAX_EXPORT_RECORDS) throw new Error(`more than ${MAX_EXPORT_RECORDS} records match: narrow the search`);
    const last = page.at(-1);
    if (page.length < 1000 || !last) return out;
    after = { sentAtMs: last.sentAtMs, leafIndex: last.leafIndex };
  }
}

export async function collectHold(store: Store, hold: Hold): Promise<StoredRow[]> {
  const s = hold.scope;
  const { fromMs, toMs } = scopeBounds(s);
  const each = <T>(v: T[] | undefined): (T | undefined)[] => (v?.length ? v : [undefined]);
  const found = new Map<number, StoredRow>();
  for (const participant of each(s.participants)) {
    for (const conversation of each(s.conversations)) {
      for (const term of each(s.terms)) {
        const terms = term === undefined ? undefined : searchTerms(term);
        const rows = await collectSearch(store, {
          participant: participant?.toLowerCase(),
          conversation: conversation?.toLowerCase(),
          terms: terms?.length ? terms : undefined,
          fromMs: Number.isFinite(fromMs) ? fromMs : undefined,
          toMs: Number.isFinite(toMs) ? toMs : undefined,
        });
        for (const r of rows) found.set(r.leafIndex, r);
      }
    }
  }
  return [...found.values()]
    .filter((r) => {
      if (r.recordJson === '') return !s.terms?.length; // disposed of: listed when the scope does not depend on content
      const rec = JSON.parse(r.recordJson) as { sender: string; conversation: string; recipients: string[]; body: string };
      const participants = [...new Set([rec.sender, rec.conversation, ...rec.recipients].map(bareJid))];
      return inScope(s, { conversationKey: rec.conversation.toLowerCase(), sentAtMs: r.sentAtMs, participants, body: rec.body });
    })
    .sort((a, b) => a.sentAtMs - b.sentAtMs || a.leafIndex - b.leafIndex);
}
