/** PostgreSQL side of the device registry (see deviceTypes.ts). */
import type pg from 'pg';
import type { DeviceEvent, DeviceRegistry, DeviceRow, EnrollmentRow, RecordOrigin, RefusalCount } from './deviceTypes';
import { deviceEventRow, deviceRowOf, enrollmentRowOf, type Row } from './deviceRows';
import { pgTransaction } from './sqlPort';

export const PG_DEVICE_SCHEMA = `
CREATE TABLE IF NOT EXISTS devices (
  device_id         text PRIMARY KEY,
  jid               text NOT NULL,
  public_key        text NOT NULL,
  state             text NOT NULL,
  enrolled_at       text NOT NULL,
  first_enrolled_at text NOT NULL,
  last_seen         text,
  client_version    text NOT NULL,
  revoked_at        text
);
CREATE TABLE IF NOT EXISTS enrollments (
  id             text PRIMARY KEY,
  device_id      text NOT NULL,
  jid            text NOT NULL,
  public_key     text NOT NULL,
  client_version text NOT NULL,
  challenge      text NOT NULL UNIQUE,
  token_id       text NOT NULL,
  created_at     text NOT NULL,
  expires_at     text NOT NULL,
  proof_jid      text,
  proof_at       text,
  state          text NOT NULL
);
CREATE TABLE IF NOT EXISTS device_events (
  id        bigserial PRIMARY KEY,
  at        text NOT NULL,
  device_id text NOT NULL,
  event     text NOT NULL,
  jid       text NOT NULL,
  detail    jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS record_origins (
  leaf_index bigint PRIMARY KEY,
  record_id  text NOT NULL,
  device_id  text NOT NULL,
  jid        text NOT NULL
);
CREATE TABLE IF NOT EXISTS refusals (
  minute     text NOT NULL,
  credential text NOT NULL,
  reason     text NOT NULL,
  count      bigint NOT NULL,
  PRIMARY KEY (minute, credential, reason)
);
${['device_events', 'record_origins']
  .map(
    (t) => `
CREATE OR REPLACE TRIGGER ${t}_no_change BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION retention_refuse_change();
CREATE OR REPLACE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION retention_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON ${t} FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON ${t} FROM CURRENT_USER;`,
  )
  .join('\n')}
`;

type Queryable = Pick<pg.PoolClient, 'query'>;

/** The INSERT of records' origins (sql, args), for the ingest transaction's queued writes. */
export function originsInsert(origins: RecordOrigin[]): [string, unknown[]] {
  return [
    'INSERT INTO record_origins (leaf_index, record_id, device_id, jid) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])',
    [origins.map((o) => o.leafIndex), origins.map((o) => o.recordId), origins.map((o) => o.deviceId), origins.map((o) => o.jid)],
  ];
}

export function postgresDeviceRegistry(pool: pg.Pool): DeviceRegistry {
  const rows = async (sql: string, args: unknown[] = [], db: Queryable = pool) => (await db.query(sql, args)).rows as Row[];
  const inTx = <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => pgTransaction(pool, fn);
  const insertEvent = (c: Queryable, ev: DeviceEvent) =>
    c.query('INSERT INTO device_events (at, device_id, event, jid, detail) VALUES ($1, $2, $3, $4, $5)', [ev.at, ev.deviceId, ev.event, ev.jid, JSON.stringify(ev.detail)]);
  return {
    async createEnrollment(e: EnrollmentRow) {
      await pool.query(
        `INSERT INTO enrollments (id, device_id, jid, public_key, client_version, challenge, token_id, created_at, expires_at, proof_jid, proof_at, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [e.id, e.deviceId, e.jid, e.publicKey, e.clientVersion, e.challenge, e.tokenId, e.createdAt, e.expiresAt, e.proofJid, e.proofAt, e.state],
      );
    },
    async getEnrollment(id) {
      const r = (await rows('SELECT * FROM enrollments WHERE id = $1', [id]))[0];
      return r && enrollmentRowOf(r);
    },
    async enrollmentByChallenge(challenge) {
      const r = (await rows("SELECT * FROM enrollments WHERE challenge = $1 AND state = 'pending'", [challenge]))[0];
      return r && enrollmentRowOf(r);
    },
    async recordProof(id, jid, at) {
      const res = await pool.query('UPDATE enrollments SET proof_jid = $1, proof_at = $2 WHERE id = $3 AND proof_jid IS NULL', [jid, at, id]);
      return (res.rowCount ?? 0) > 0;
    },
    async finishEnrollment(id, state) {
      await pool.query('UPDATE enrollments SET state = $1 WHERE id = $2', [state, id]);
    },
    async pruneEnrollments(before) {
      return (await pool.query('DELETE FROM enrollments WHERE expires_at < $1', [before])).rowCount ?? 0;
    },
    async getDevice(deviceId) {
      const r = (await rows('SELECT * FROM devices WHERE device_id = $1', [deviceId]))[0];
      return r && deviceRowOf(r);
    },
    async bindDevice(d: DeviceRow, ev: DeviceEvent) {
      await inTx(async (c) => {
        await c.query(
          `INSERT INTO devices (device_id, jid, public_key, state, enrolled_at, first_enrolled_at, last_seen, client_version, revoked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (device_id) DO UPDATE SET jid = excluded.jid, public_key = excluded.public_key,
           state = excluded.state, enrolled_at = excluded.enrolled_at, client_version = excluded.client_version, revoked_at = NULL`,
          [d.deviceId, d.jid, d.publicKey, d.state, d.enrolledAt, d.firstEnrolledAt, d.lastSeen, d.clientVersion, d.revokedAt],
        );
        await insertEvent(c, ev);
      });
    },
    async revokeDevice(deviceId, at) {
      return inTx(async (c) => {
        const r = (await rows("SELECT jid FROM devices WHERE device_id = $1 AND state = 'active' FOR UPDATE", [deviceId], c))[0];
        if (!r) return false;
        await c.query("UPDATE devices SET state = 'revoked', revoked_at = $1 WHERE device_id = $2", [at, deviceId]);
        await insertEvent(c, { at, deviceId, event: 'revoked', jid: String(r.jid), detail: {} });
        return true;
      });
    },
    async touchDevice(deviceId, at, clientVersion) {
      await pool.query('UPDATE devices SET last_seen = $1, client_version = COALESCE($2, client_version) WHERE device_id = $3', [at, clientVersion ?? null, deviceId]);
    },
    async listDevices() {
      return (await rows('SELECT * FROM devices ORDER BY jid, device_id')).map(deviceRowOf);
    },
    async deviceEvents(deviceId) {
      return (await rows('SELECT * FROM device_events WHERE device_id = $1 ORDER BY id', [deviceId])).map(deviceEventRow);
    },
    async originsOf(leafIndexes) {
      const found = await rows('SELECT * FROM record_origins WHERE leaf_index = ANY($1::bigint[])', [leafIndexes]);
      return new Map(found.map((r) => [Number(r.leaf_index), { leafIndex: Number(r.leaf_index), recordId: String(r.record_id), deviceId: String(r.device_id), jid: String(r.jid) }]));
    },
    async countRefusal(minute, credential, reason, n = 1) {
      await pool.query(
        `INSERT INTO refusals (minute, credential, reason, count) VALUES ($1, $2, $3, $4)
         ON CONFLICT (minute, credential, reason) DO UPDATE SET count = refusals.count + excluded.count`,
        [minute, credential, reason, n],
      );
    },
    async refusals(sinceMinute) {
      return (await rows('SELECT * FROM refusals WHERE minute >= $1 ORDER BY minute, credential, reason', [sinceMinute])).map(
        (r): RefusalCount => ({ minute: String(r.minute), credential: String(r.credential), reason: String(r.reason), count: Number(r.count) }),
      );
    },
  };
}
