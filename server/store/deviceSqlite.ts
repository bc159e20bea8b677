/** SQLite side of the device registry (see deviceTypes.ts); runs through the store's one queue. */
import type Database from 'better-sqlite3';
import type { DeviceEvent, DeviceRegistry, DeviceRow, EnrollmentRow, RecordOrigin, RefusalCount } from './deviceTypes';
import { deviceEventRow, deviceRowOf, enrollmentRowOf, type Row } from './deviceRows';

export const SQLITE_DEVICE_SCHEMA = `
CREATE TABLE IF NOT EXISTS devices (
  device_id         TEXT PRIMARY KEY,
  jid               TEXT NOT NULL,
  public_key        TEXT NOT NULL,
  state             TEXT NOT NULL,
  enrolled_at       TEXT NOT NULL,
  first_enrolled_at TEXT NOT NULL,
  last_seen         TEXT,
  client_version    TEXT NOT NULL,
  revoked_at        TEXT
);
CREATE TABLE IF NOT EXISTS enrollments (
  id             TEXT PRIMARY KEY,
  device_id      TEXT NOT NULL,
  jid            TEXT NOT NULL,
  public_key     TEXT NOT NULL,
  client_version TEXT NOT NULL,
  challenge      TEXT NOT NULL UNIQUE,
  token_id       TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  expires_at     TEXT NOT NULL,
  proof_jid      TEXT,
  proof_at       TEXT,
  state          TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS device_events (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT NOT NULL,
  device_id TEXT NOT NULL,
  event     TEXT NOT NULL,
  jid       TEXT NOT NULL,
  detail    TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS device_events_no_update BEFORE UPDATE ON device_events
  BEGIN SELECT RAISE(ABORT, 'device_events is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS device_events_no_delete BEFORE DELETE ON device_events
  BEGIN SELECT RAISE(ABORT, 'device_events is append-only: DELETE refused'); END;
CREATE TABLE IF NOT EXISTS record_origins (
  leaf_index INTEGER PRIMARY KEY,
  record_id  TEXT NOT NULL,
  device_id  TEXT NOT NULL,
  jid        TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS record_origins_no_update BEFORE UPDATE ON record_origins
  BEGIN SELECT RAISE(ABORT, 'record_origins is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS record_origins_no_delete BEFORE DELETE ON record_origins
  BEGIN SELECT RAISE(ABORT, 'record_origins is append-only: DELETE refused'); END;
CREATE TABLE IF NOT EXISTS refusals (
  minute     TEXT NOT NULL,
  credential TEXT NOT NULL,
  reason     TEXT NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (minute, credential, reason)
);
`;

export function insertOriginsSqlite(db: Database.Database, origins: RecordOrigin[]): void {
  const stmt = db.prepare('INSERT INTO record_origins (leaf_index, record_id, device_id, jid) VALUES (?, ?, ?, ?)');
  for (const o of origins) stmt.run(o.leafIndex, o.recordId, o.deviceId, o.jid);
}

export function sqliteDeviceRegistry(db: Database.Database, serial: <T>(fn: () => T) => Promise<T>): DeviceRegistry {
  const one = (sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as Row | undefined;
  return {
    createEnrollment: (e: EnrollmentRow) =>
      serial(() => {
        db.prepare(`INSERT INTO enrollments (id, device_id, jid, public_key, client_version, challenge, token_id, created_at, expires_at, proof_jid, proof_at, state)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(e.id, e.deviceId, e.jid, e.publicKey, e.clientVersion, e.challenge, e.tokenId, e.createdAt,
          e.expiresAt, e.proofJid, e.proofAt, e.state);
      }),
    getEnrollment: (id) => serial(() => {
      const r = one('SELECT * FROM enrollments WHERE id = ?', id);
      return r && enrollmentRowOf(r);
    }),
    enrollmentByChallenge: (challenge) => serial(() => {
      const r = one("SELECT * FROM enrollments WHERE challenge = ? AND state = 'pending'", challenge);
      return r && enrollmentRowOf(r);
    }),
    recordProof: (id, jid, at) =>
      serial(() => db.prepare('UPDATE enrollments SET proof_jid = ?, proof_at = ? WHERE id = ? AND proof_jid IS NULL').run(jid, at, id).changes > 0),
    finishEnrollment: (id, state) => serial(() => void db.prepare('UPDATE enrollments SET state = ? WHERE id = ?').run(state, id)),
    pruneEnrollments: (before) => serial(() => db.prepare('DELETE FROM enrollments WHERE expires_at < ?').run(before).changes),
    getDevice: (deviceId) => serial(() => {
      const r = one('SELECT * FROM devices WHERE device_id = ?', deviceId);
      return r && deviceRowOf(r);
    }),
    bindDevice: (d: DeviceRow, ev: DeviceEvent) =>
      serial(() => {
        db.transaction(() => {
          db.prepare(`INSERT INTO devices (device_id, jid, public_key, state, enrolled_at, first_enrolled_at, last_seen, client_version, revoked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET jid = excluded.jid, public_key = excluded.public_key,
            state = excluded.state, enrolled_at = excluded.enrolled_at, client_version = excluded.client_version, revoked_at = NULL`).run(
            d.deviceId, d.jid, d.publicKey, d.state, d.enrolledAt, d.firstEnrolledAt, d.lastSeen, d.clientVersion, d.revokedAt);
          insertEvent(db, ev);
        }).immediate();
      }),
    revokeDevice: (deviceId, at) =>
      serial(() =>
        db.transaction(() => {
          const r = one("SELECT jid FROM devices WHERE device_id = ? AND state = 'active'", deviceId);
          if (!r) return false;
          db.prepare("UPDATE devices SET state = 'revoked', revoked_at = ? WHERE device_id = ?").run(at, deviceId);
          insertEvent(db, { at, deviceId, event: 'revoked', jid: String(r.jid), detail: {} });
          return true;
        }).immediate(),
      ),
    touchDevice: (deviceId, at, clientVersion) =>
      serial(() => void db.prepare('UPDATE devices SET last_seen = ?, client_version = COALESCE(?, client_version) WHERE device_id = ?').run(at, clientVersion ?? null, deviceId)),
    listDevices: () => serial(() => (db.prepare('SELECT * FROM devices ORDER BY jid, device_id').all() as Row[]).map(deviceRowOf)),
    deviceEvents: (deviceId) => serial(() => (db.prepare('SELECT * FROM device_events WHERE device_id = ? ORDER BY id').all(deviceId) as Row[]).map(deviceEventRow)),
    originsOf: (leafIndexes) =>
      serial(() => {
        const out = new Map<number, RecordOrigin>();
        const stmt = db.prepare('SELECT * FROM record_origins WHERE leaf_index = ?');
        for (const i of leafIndexes) {
          const r = stmt.get(i) as Row | undefined;
          if (r) out.set(i, { leafIndex: Number(r.leaf_index), recordId: String(r.record_id), deviceId: String(r.device_id), jid: String(r.jid) });
        }
        return out;
      }),
    countRefusal: (minute, credential, reason, n = 1) =>
      serial(() => void db.prepare(`INSERT INTO refusals (minute, credential, reason, count) VALUES (?, ?, ?, ?)
        ON CONFLICT (minute, credential, reason) DO UPDATE SET count = count + excluded.count`).run(minute, credential, reason, n)),
    refusals: (sinceMinute) =>
      serial(() =>
        (db.prepare('SELECT * FROM refusals WHERE minute >= ? ORDER BY minute, credential, reason').all(sinceMinute) as Row[]).map(
          (r): RefusalCount => ({ minute: String(r.minute), credential: String(r.credential), reason: String(r.reason), count: Number(r.count) }),
        ),
      ),
  };
}

function insertEvent(db: Database.Database, ev: DeviceEvent): void {
  db.prepare('INSERT INTO device_events (at, device_id, event, jid, detail) VALUES (?, ?, ?, ?, ?)').run(ev.at, ev.deviceId, ev.event, ev.jid, JSON.stringify(ev.detail));
}
