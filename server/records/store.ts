/**
 * Records-management persistence, written once over SqlPort for both SQLite and PostgreSQL: series and
 * rules, reclassifications, holds and releases, dispositions (items, approval, certificate) and the one
 * controlled content removal that an approved disposition performs.
 */
import type { JournalRecord } from '../../shared/journal/record';
import { bareJid } from '../../shared/xmpp/jid';
import type { Row } from '../store/row';
import type { SqlPort } from '../store/sqlPort';
import type { CandidateRecord, ConversationSummary, Disposition, Hold, HoldScope, Reclassification, Series, SeriesRule } from './types';

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A disposed-of leaf as verify sees it: which disposition, and whether that disposition listed it and was approved. */
export interface DisposedLeaf {
  leafIndex: number;
  dispositionId: string;
  listed: boolean;
  approved: boolean;
}

export class RecordsStore {
  constructor(private readonly sql: SqlPort) {}

  // ---- series and rules ----------------------------------------------------------------------------

  async listSeries(): Promise<Series[]> {
    return (await this.sql.all('SELECT * FROM rm_series ORDER BY name, id')).map((r) => ({
      id: String(r.id),
      name: String(r.name),
      retentionDays: numOrNull(r.retention_days),
      citation: String(r.citation),
      isDefault: Number(r.is_default) === 1,
    }));
  }

  async saveSeries(s: Series, by: string, at: string): Promise<void> {
    await this.sql.tx(async (sql) => {
      if (s.isDefault) await sql.run('UPDATE rm_series SET is_default = 0 WHERE id <> $1', [s.id]);
      await sql.run(
        `INSERT INTO rm_series (id, name, retention_days, citation, is_default, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, retention_days = excluded.retention_days, citation = excluded.citation,
           is_default = excluded.is_default, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [s.id, s.name, s.retentionDays, s.citation, s.isDefault ? 1 : 0, at, by],
      );
    });
  }

  async listRules(): Promise<SeriesRule[]> {
    return (await this.sql.all('SELECT * FROM rm_rules ORDER BY id')).map((r) => ({
      id: Number(r.id),
      seriesId: String(r.series_id),
      kind: String(r.kind) as SeriesRule['kind'],
      values: json(r.vals) as string[],
    }));
  }

  async addRule(rule: Omit<SeriesRule, 'id'>, by: string, at: string): Promise<number> {
    const rows = await this.sql.all(
      'INSERT INTO rm_rules (series_id, kind, vals, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [rule.seriesId, rule.kind, JSON.stringify(rule.values), at, by],
    );
    return Number(rows[0]?.id);
  }

  async deleteRule(id: number): Promise<boolean> {
    return (await this.sql.run('DELETE FROM rm_rules WHERE id = $1', [id])) > 0;
  }

  async reclassify(c: Reclassification): Promise<void> {
    await this.sql.run('INSERT INTO rm_classifications (conversation_key, series_id, reason, by_whom, at) VALUES ($1, $2, $3, $4, $5)', [
      c.conversationKey, c.seriesId, c.reason, c.by, c.at,
    ]);
  }

  /** The latest reclassification of each conversation. */
  async reclassifications(): Promise<Map<string, Reclassification>> {
    const out = new Map<string, Reclassification>();
    for (const r of await this.sql.all('SELECT * FROM rm_classifications ORDER BY id')) {
      out.set(String(r.conversation_key), {
        conversationKey: String(r.conversation_key), seriesId: String(r.series_id), reason: String(r.reason), by: String(r.by_whom), at: String(r.at),
      });
    }
    return out;
  }

  async conversations(): Promise<ConversationSummary[]> {
    const rows = await this.sql.all(`SELECT conversation_key, MIN(conversation_type) AS ct, MIN(sent_at_ms) AS first_ms, MAX(sent_at_ms) AS last_ms,
        SUM(CASE WHEN record_json <> '' THEN 1 ELSE 0 END) AS live FROM records GROUP BY conversation_key ORDER BY conversation_key`);
    const people = new Map<string, string[]>();
    for (const p of await this.sql.all(`SELECT DISTINCT r.conversation_key, p.jid FROM records r JOIN participants p ON p.leaf_index = r.leaf_index`)) {
      const k = String(p.conversation_key);
      people.set(k, [...(people.get(k) ?? []), String(p.jid)]);
    }
    // Ingest does not repeat a conversation's own (bare) key in participants: it is one of its people.
    for (const r of rows) {
      const k = String(r.conversation_key);
      const list = people.get(k) ?? [];
      if (k !== '' && !k.includes('/') && !list.includes(k)) people.set(k, [...list, k]);
    }
    return rows.map((r) => ({
      conversationKey: String(r.conversation_key),
      conversationType: String(r.ct) === 'groupchat' ? 'groupchat' : 'chat',
      firstMs: Number(r.first_ms),
      lastMs: Number(r.last_ms),
      liveRecords: Number(r.live),
      participants: (people.get(String(r.conversation_key)) ?? []).sort(),
    }));
  }

  /** Records of a conversation whose content is still held. */
  async liveRecordsOf(conversationKey: string): Promise<CandidateRecord[]> {
    return (await this.sql.all(
      `SELECT leaf_index, record_id, conversation_key, sent_at_ms, record_json FROM records
       WHERE conversation_key = $1 AND record_json <> '' ORDER BY sent_at_ms, leaf_index`,
      [conversationKey],
    )).map(candidate);
  }

  // ---- holds -------------------------------------------------------------------------------------------

  async placeHold(h: Omit<Hold, 'released'>): Promise<void> {
    // The same lock as executeDisposition: a hold and a disposition's approval never interleave, also
    // when different servers sharing one PostgreSQL database handle them.
    await this.sql.tx(async (sql) => {
      await holdLock(sql);
      await sql.run('INSERT INTO rm_holds (id, matter, reason, owner, scope, placed_by, placed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        h.id, h.matter, h.reason, h.owner, JSON.stringify(h.scope), h.placedBy, h.placedAt,
      ]);
    });
  }

  async releaseHold(holdId: string, reason: string, by: string, at: string): Promise<boolean> {
    return (await this.sql.run(
      `INSERT INTO rm_hold_releases (hold_id, reason, released_by, released_at) SELECT id, $1, $2, $3 FROM rm_holds WHERE id = $4
       ON CONFLICT (hold_id) DO NOTHING`,
      [reason, by, at, holdId],
    )) > 0;
  }

  async listHolds(): Promise<Hold[]> {
    const rows = await this.sql.all(`SELECT h.*, r.reason AS r_reason, r.released_by, r.released_at FROM rm_holds h
      LEFT JOIN rm_hold_releases r ON r.hold_id = h.id ORDER BY h.placed_at, h.id`);
    return rows.map((r) => ({
      id: String(r.id),
      matter: String(r.matter),
      reason: String(r.reason),
      owner: String(r.owner),
      scope: json(r.scope) as HoldScope,
      placedBy: String(r.placed_by),
      placedAt: String(r.placed_at),
      released: r.released_at ? { reason: String(r.r_reason), by: String(r.released_by), at: String(r.released_at) } : null,
    }));
  }

  // ---- dispositions --------------------------------------------------------------------------------------

  async insertDisposition(d: Omit<Disposition, 'approval'>, leafIndexes: number[]): Promise<void> {
    await this.sql.tx(async (sql) => {
      await sql.run(
        `INSERT INTO rm_dispositions (id, series_id, series_name, citation, reason, proposed_by, proposed_by_name, proposed_at, item_count, from_ms, to_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [d.id, d.seriesId, d.seriesName, d.citation, d.reason, d.proposedBy, d.proposedByName, d.proposedAt, d.count, d.fromMs, d.toMs],
      );
      await sql.bulkInsert('rm_disposition_items', ['disposition_id', 'leaf_index'], ['text', 'bigint'], leafIndexes.map((l) => [d.id, l]));
    });
  }

  async listDispositions(): Promise<Disposition[]> {
    const rows = await this.sql.all(`SELECT d.*, a.approved_by, a.approved_by_name, a.approved_at, a.destroyed, a.withheld, a.head_before, c.head_after
      FROM rm_dispositions d LEFT JOIN rm_disposition_approvals a ON a.disposition_id = d.id
      LEFT JOIN rm_certificates c ON c.disposition_id = d.id ORDER BY d.proposed_at, d.id`);
    return rows.map(dispositionRow);
  }

  async getDisposition(id: string): Promise<Disposition | undefined> {
    return (await this.listDispositions()).find((d) => d.id === id);
  }

  /** The proposed records whose content is still held (as candidates, for the hold check at approval). */
  async dispositionCandidates(id: string): Promise<CandidateRecord[]> {
    return (await this.sql.all(
      `SELECT r.leaf_index, r.record_id, r.conversation_key, r.sent_at_ms, r.record_json FROM rm_disposition_items i
       JOIN records r ON r.leaf_index = i.leaf_index WHERE i.disposition_id = $1 AND r.record_json <> '' ORDER BY r.leaf_index`,
      [id],
    )).map(candidate);
  }

  /**
   * In one transaction: record the approval, mark the leaves disposed of, and remove their content
   * (record_json and body; the full-text entry goes with the body). Returns how many were destroyed.
   */
  async executeDisposition(
    id: string,
    approval: { approvedBy: string; approvedByName: string; approvedAt: string; withheld: number; headBefore: unknown },
    leafIndexes: number[],
    /** The holds the approver checked the candidates against: a hold placed since then fails the approval (it must be checked again). */
    checkedHoldIds?: string[],
  ): Promise<number> {
    return this.sql.tx(async (sql) => {
      await holdLock(sql);
      const already = await sql.all('SELECT 1 AS x FROM rm_disposition_approvals WHERE disposition_id = $1', [id]);
      if (already.length > 0) throw new DispositionRaceError('this disposition has already been approved');
      if (checkedHoldIds) {
        const checked = new Set(checkedHoldIds);
        if ((await sql.all('SELECT id FROM rm_holds')).some((r) => !checked.has(String(r.id)))) {
          throw new DispositionRaceError('a hold was placed while this disposition was being approved; approve it again so the hold is respected');
        }
      }
      await sql.run(
        'INSERT INTO rm_disposition_approvals (disposition_id, approved_by, approved_by_name, approved_at, destroyed, withheld, head_before) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [id, approval.approvedBy, approval.approvedByName, approval.approvedAt, leafIndexes.length, approval.withheld, JSON.stringify(approval.headBefore)],
      );
      await sql.bulkInsert('rm_disposed', ['leaf_index', 'disposition_id'], ['bigint', 'text'], leafIndexes.map((l) => [l, id]));
      if (sql.kind === 'sqlite') {
        // The FTS5 entries go first, in one statement with the bodies they were made from (a per-row
        // trigger on the UPDATE cost several times as much); PostgreSQL's tsvector is a generated column.
        await sql.run(
          `INSERT INTO records_fts (records_fts, rowid, body) SELECT 'delete', leaf_index, body FROM records
           WHERE leaf_index IN (SELECT leaf_index FROM rm_disposed WHERE disposition_id = $1)`,
          [id],
        );
      }
      return sql.run(
        `UPDATE records SET record_json = '', body = '' WHERE leaf_index IN (SELECT leaf_index FROM rm_disposed WHERE disposition_id = $1)`,
        [id],
      );
    });
  }

  async issueCertificate(id: string, headAfter: unknown, at: string): Promise<void> {
    await this.sql.run('INSERT INTO rm_certificates (disposition_id, head_after, issued_at) VALUES ($1, $2, $3) ON CONFLICT (disposition_id) DO NOTHING', [
      id, JSON.stringify(headAfter), at,
    ]);
  }

  /** Disposed-of leaves in [from, to), for verify. */
  async disposedRange(from: number, to: number): Promise<DisposedLeaf[]> {
    return (await this.sql.all(
      `SELECT d.leaf_index, d.disposition_id, (CASE WHEN i.leaf_index IS NULL THEN 0 ELSE 1 END) AS listed,
         (CASE WHEN a.disposition_id IS NULL THEN 0 ELSE 1 END) AS approved
       FROM rm_disposed d LEFT JOIN rm_disposition_items i ON i.disposition_id = d.disposition_id AND i.leaf_index = d.leaf_index
       LEFT JOIN rm_disposition_approvals a ON a.disposition_id = d.disposition_id
       WHERE d.leaf_index >= $1 AND d.leaf_index < $2 ORDER BY d.leaf_index`,
      [from, to],
    )).map((r) => ({ leafIndex: Number(r.leaf_index), dispositionId: String(r.disposition_id), listed: Number(r.listed) === 1, approved: Number(r.approved) === 1 }));
  }
}

/** An approval that lost a race (approved meanwhile, or a new hold): nothing was destroyed. */
export class DispositionRaceError extends Error {}

/** PostgreSQL: one advisory lock for placing holds and executing dispositions (SQLite runs them one at a time). */
const RM_HOLD_LOCK = 63_031;
async function holdLock(sql: SqlPort): Promise<void> {
  if (sql.kind === 'postgres') await sql.all('SELECT pg_advisory_xact_lock($1)', [RM_HOLD_LOCK]);
}

function candidate(r: Row): CandidateRecord {
  const rec = JSON.parse(String(r.record_json)) as JournalRecord;
  return {
    leafIndex: Number(r.leaf_index),
    recordId: String(r.record_id),
    conversationKey: String(r.conversation_key),
    sentAtMs: Number(r.sent_at_ms),
    participants: [...new Set([rec.sender, rec.conversation, ...rec.recipients].map(bareJid).filter((j) => j.length > 0))],
    body: rec.body,
  };
}

function dispositionRow(r: Row): Disposition {
  return {
    id: String(r.id),
    seriesId: String(r.series_id),
    seriesName: String(r.series_name),
    citation: String(r.citation),
    reason: String(r.reason),
    proposedBy: String(r.proposed_by),
    proposedByName: String(r.proposed_by_name),
    proposedAt: String(r.proposed_at),
    count: Number(r.item_count),
    fromMs: numOrNull(r.from_ms),
    toMs: numOrNull(r.to_ms),
    approval: r.approved_at
      ? {
          approvedBy: String(r.approved_by),
          approvedByName: String(r.approved_by_name),
          approvedAt: String(r.approved_at),
          destroyed: Number(r.destroyed),
          withheld: Number(r.withheld),
          headBefore: json(r.head_before),
          headAfter: r.head_after ? json(r.head_after) : null,
        }
      : null,
  };
}
