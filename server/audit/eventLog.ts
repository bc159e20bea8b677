/**
 * The append-only client event log: each stored event is a leaf of the events Merkle tree (RFC 6962,
 * leaf input = canonicalJson({ eventId, hash, kind: "client-event", storedAt })), with signed heads of its
 * own (see eventHeads.ts). Appends serialise on the events tree state (BEGIN IMMEDIATE on SQLite, a row
 * lock on PostgreSQL), so leaf numbers stay gap-free across servers sharing a database.
 */
import { canonicalJson } from '../../shared/journal/record';
import { sha256Hex } from '../hash';
import { leafHash, MerkleFrontier } from '../merkle';
import type { SignedTreeHead } from '../signing';
import type { Row } from '../store/row';
import type { Store } from '../store/types';
import type { StoredEventBody } from './eventInput';
import { PG_EVENT_SCHEMA, SQLITE_EVENT_SCHEMA } from './schema';
import type { SqlPort } from '../store/sqlPort';
import { sqlFor } from './sql';

export interface StoredEvent extends StoredEventBody {
  leafIndex: number;
  hash: string;
  storedAt: string;
}

export interface EventRow {
  leafIndex: number;
  eventId: string;
  hash: string;
  storedAt: string;
  eventJson: string;
  leafHash: string;
  columns: { deviceId: string; jid: string; type: string; atMs: number };
}

export interface EventTreeState {
  size: number;
  frontier: string[];
  lastHeadSize: number;
}

export interface EventQuery {
  types?: string[];
  typePrefixes?: string[];
  deviceId?: string;
  jid?: string;
  fromMs?: number;
  toMs?: number;
  afterLeaf?: number;
  limit: number;
}

/** Signs an events-tree head inside the append transaction (eventHeads.ts). */
export type HeadSigner = (size: number, rootHash: string) => SignedTreeHead;

export function eventLeafHash(eventId: string, hash: string, storedAt: string): Buffer {
  return leafHash(canonicalJson({ eventId, hash, kind: 'client-event', storedAt }));
}

/** The event tree's lock: on PostgreSQL a row lock taken first in each appending transaction (SQLite's BEGIN IMMEDIATE already serialises). */
async function lockTree(q: SqlPort): Promise<void> {
  if (q.kind === 'postgres') await q.all('SELECT size FROM event_tree_state WHERE id = 1 FOR UPDATE');
}

export class EventLog {
  readonly sql: SqlPort;

  constructor(
    readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.sql = sqlFor(store);
  }

  async migrate(): Promise<void> {
    if (this.sql.kind === 'sqlite') await this.sql.exec(SQLITE_EVENT_SCHEMA);
    else {
      await this.sql.tx(async (q) => {
        await q.all('SELECT pg_advisory_xact_lock(63015)');
        await q.run(PG_EVENT_SCHEMA);
      });
    }
  }

  /** Whether the central-audit tables exist (verify does not create them: that would hide a removal). */
  async exists(): Promise<boolean> {
    const rows =
      this.sql.kind === 'sqlite'
        ? await this.sql.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('client_events', 'event_tree_state', 'event_tree_heads')")
        : await this.sql.all("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('client_events', 'event_tree_state', 'event_tree_heads')");
    return rows.length > 0;
  }

  /**
   * Append events (already sanitised); ids already stored are skipped. Signs a head in the same
   * transaction when `signEvery` events have arrived since the last one.
   */
  async append(
    events: StoredEventBody[],
    tokenId: string,
    sign: { signer: HeadSigner; every: number },
  ): Promise<{ stored: StoredEvent[]; duplicates: number }> {
    const storedAt = this.clock().toISOString();
    return this.sql.tx(async (q) => {
      await lockTree(q);
      let state = await readState(q);
      const ids = [...new Set(events.map((e) => e.eventId))];
      const existing = new Set<string>();
      for (let i = 0; i < ids.length; i += 200) {
        const chunk = ids.slice(i, i + 200);
        const rows = await q.all(`SELECT event_id FROM client_events WHERE event_id IN (${chunk.map((_, k) => `$${k + 1}`).join(', ')})`, chunk);
        for (const r of rows) existing.add(String(r.event_id));
      }
      const frontier = MerkleFrontier.fromHex(state.size, state.frontier);
      const stored: StoredEvent[] = [];
      for (const e of events) {
        if (existing.has(e.eventId)) continue;
        existing.add(e.eventId);
        const json = canonicalJson(e);
        const hash = sha256Hex(json);
        const leafIndex = frontier.size;
        const leaf = eventLeafHash(e.eventId, hash, storedAt);
        frontier.append(leaf);
        await q.run(
          `INSERT INTO client_events (leaf_index, event_id, hash, stored_at, event_json, device_id, jid, type, at_ms, token_id, leaf_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [leafIndex, e.eventId, hash, storedAt, json, e.deviceId, e.jid, e.type, Date.parse(e.at), tokenId, leaf.toString('hex')],
        );
        stored.push({ ...e, leafIndex, hash, storedAt });
      }
      if (stored.length > 0) {
        state = { ...state, size: frontier.size, frontier: frontier.toHex() };
        if (state.size - state.lastHeadSize >= sign.every) state = await insertHead(q, state, sign.signer);
        await saveState(q, state);
      }
      return { stored, duplicates: events.length - stored.length };
    });
  }

  /** Sign a head now; without `force` only when the tree grew since the last head. */
  async signNow(signer: HeadSigner, force: boolean): Promise<SignedTreeHead | undefined> {
    return this.sql.tx(async (q) => {
      await lockTree(q);
      const state = await readState(q);
      if (!force && state.size === state.lastHeadSize) return undefined;
      const next = await insertHead(q, state, signer);
      await saveState(q, next);
      return (await this.headsFrom(q)).at(-1);
    });
  }

  async query(f: EventQuery): Promise<StoredEvent[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    const typeConds = [
      ...(f.types ?? []).map((t) => `type = ${arg(t)}`),
      ...(f.typePrefixes ?? []).map((p) => `substr(type, 1, ${p.length}) = ${arg(p)}`),
    ];
    if (typeConds.length) where.push(`(${typeConds.join(' OR ')})`);
    if (f.deviceId !== undefined) where.push(`device_id = ${arg(f.deviceId)}`);
    if (f.jid !== undefined) where.push(`jid = ${arg(f.jid.toLowerCase())}`);
    if (f.fromMs !== undefined) where.push(`at_ms >= ${arg(f.fromMs)}`);
    if (f.toMs !== undefined) where.push(`at_ms <= ${arg(f.toMs)}`);
    if (f.afterLeaf !== undefined) where.push(`leaf_index > ${arg(f.afterLeaf)}`);
    const sql = `SELECT leaf_index, hash, stored_at, event_json FROM client_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY leaf_index LIMIT ${arg(f.limit)}`;
    return (await this.sql.all(sql, args)).map(storedEvent);
  }

  /** The newest event of every device. */
  async latestPerDevice(): Promise<(StoredEvent & { firstStoredAt: string; events: number })[]> {
    const rows = await this.sql.all(`SELECT e.leaf_index, e.hash, e.stored_at, e.event_json, l.first_at, l.n
      FROM client_events e JOIN (SELECT device_id, MAX(leaf_index) AS m, MIN(stored_at) AS first_at, COUNT(*) AS n
        FROM client_events GROUP BY device_id) l ON e.leaf_index = l.m ORDER BY e.device_id`);
    return rows.map((r) => ({ ...storedEvent(r), firstStoredAt: String(r.first_at), events: Number(r.n) }));
  }

  async treeState(): Promise<EventTreeState> {
    return readState(this.sql);
  }

  async heads(): Promise<SignedTreeHead[]> {
    return this.headsFrom(this.sql);
  }

  private async headsFrom(q: SqlPort): Promise<SignedTreeHead[]> {
    return (await q.all('SELECT tree_size, root_hash, timestamp, key_id, signature FROM event_tree_heads ORDER BY id')).map((r) => ({
      treeSize: Number(r.tree_size),
      rootHash: String(r.root_hash),
      timestamp: String(r.timestamp),
      keyId: String(r.key_id),
      signature: String(r.signature),
    }));
  }

  /** For verify: rows with leaf index in [from, to). */
  async range(from: number, to: number): Promise<EventRow[]> {
    const rows = await this.sql.all('SELECT * FROM client_events WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index', [from, to]);
    return rows.map((r) => ({
      leafIndex: Number(r.leaf_index),
      eventId: String(r.event_id),
      hash: String(r.hash),
      storedAt: String(r.stored_at),
      eventJson: String(r.event_json),
      leafHash: String(r.leaf_hash),
      columns: { deviceId: String(r.device_id), jid: String(r.jid), type: String(r.type), atMs: Number(r.at_ms) },
    }));
  }

  /** Highest leaf index present plus one, also counting heads and the tree state (0 when empty). */
  async extent(): Promise<number> {
    const [r] = await this.sql.all(`SELECT MAX(m) AS m FROM (SELECT MAX(leaf_index) AS m FROM client_events UNION ALL
      SELECT MAX(tree_size) - 1 FROM event_tree_heads UNION ALL SELECT size - 1 FROM event_tree_state) x`);
    return r?.m === null || r?.m === undefined ? 0 : Number(r.m) + 1;
  }

  async existingGuards(): Promise<Set<string>> {
    const rows =
      this.sql.kind === 'sqlite'
        ? await this.sql.all("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        : await this.sql.all('SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> $1', ['D']);
    return new Set(rows.map((r) => String(r.name)));
  }

  async cursor(name: string): Promise<number> {
    const [r] = await this.sql.all('SELECT position FROM siem_cursors WHERE name = $1', [name]);
    return r ? Number(r.position) : -1;
  }

  async saveCursor(name: string, position: number): Promise<void> {
    await this.sql.run(
      'INSERT INTO siem_cursors (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
      [name, position],
    );
  }
}

function storedEvent(r: Row): StoredEvent {
  const body = JSON.parse(String(r.event_json)) as StoredEventBody;
  return { ...body, leafIndex: Number(r.leaf_index), hash: String(r.hash), storedAt: String(r.stored_at) };
}

async function readState(q: SqlPort): Promise<EventTreeState> {
  const [r] = await q.all('SELECT size, frontier, last_head_size FROM event_tree_state WHERE id = 1');
  if (!r) throw new Error('event_tree_state row is missing: the store is damaged');
  return { size: Number(r.size), frontier: JSON.parse(String(r.frontier)) as string[], lastHeadSize: Number(r.last_head_size) };
}

async function saveState(q: SqlPort, s: EventTreeState): Promise<void> {
  await q.run('UPDATE event_tree_state SET size = $1, frontier = $2, last_head_size = $3 WHERE id = 1', [s.size, JSON.stringify(s.frontier), s.lastHeadSize]);
}

async function insertHead(q: SqlPort, state: EventTreeState, signer: HeadSigner): Promise<EventTreeState> {
  const root = MerkleFrontier.fromHex(state.size, state.frontier).root().toString('hex');
  const h = signer(state.size, root);
  await q.run('INSERT INTO event_tree_heads (tree_size, root_hash, timestamp, key_id, signature) VALUES ($1, $2, $3, $4, $5)', [
    h.treeSize, h.rootHash, h.timestamp, h.keyId, h.signature,
  ]);
  return { ...state, lastHeadSize: state.size };
}
