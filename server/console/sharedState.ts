/**
 * Where the records console keeps its sessions and its OIDC sign-ins in progress. In memory for one
 * process (tests, a single server); in the store's database when several `retention serve` processes
 * share it behind a load balancer, so a person signed in through one server is signed in on all of them,
 * an OIDC round trip may come back to another server, and signing out on one ends the session everywhere.
 * Session keys are stored hashed (the cookie holds the only copy of the id).
 */
import type { Role } from '../../shared/journal/api';
import type { SqlPort } from '../store/sqlPort';
import type { Row } from '../store/row';
import type { OidcTransaction, Principal, Session } from './types';

export interface SessionBacking {
  put(key: string, session: Session): Promise<void>;
  get(key: string): Promise<Session | undefined>;
  /** Record a use (only the caller decides how often that is worth a write). */
  touch(key: string, lastMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Remove sessions idle since before idleCutoff or created before maxCutoff. */
  sweep(idleCutoffMs: number, maxCutoffMs: number): Promise<void>;
}

export interface PendingSignIns {
  put(tx: OidcTransaction): Promise<void>;
  /** The transaction with this state, removed (each is used once), or undefined when unknown or older than maxAgeMs. */
  take(state: string, nowMs: number, maxAgeMs: number): Promise<OidcTransaction | undefined>;
}

export function memorySessions(): SessionBacking {
  const m = new Map<string, Session>();
  return {
    put: async (k, s) => void m.set(k, s),
    get: async (k) => m.get(k),
    touch: async (k, t) => {
      const s = m.get(k);
      if (s) s.lastMs = t;
    },
    delete: async (k) => void m.delete(k),
    sweep: async (idleCutoff, maxCutoff) => {
      for (const [k, s] of m) if (s.lastMs < idleCutoff || s.createdMs < maxCutoff) m.delete(k);
    },
  };
}

export function memoryPendingSignIns(): PendingSignIns {
  const m = new Map<string, OidcTransaction>();
  return {
    put: async (tx) => void m.set(tx.state, tx),
    take: async (state, now, maxAge) => {
      for (const [k, t] of m) if (now - t.createdMs > maxAge) m.delete(k);
      const tx = m.get(state);
      m.delete(state);
      return tx;
    },
  };
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS console_sessions (
  key_hash TEXT PRIMARY KEY,
  principal_id TEXT NOT NULL,
  principal_name TEXT NOT NULL,
  role TEXT NOT NULL,
  via TEXT NOT NULL,
  csrf TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  last_ms BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS console_oidc_pending (
  state TEXT PRIMARY KEY,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  created_ms BIGINT NOT NULL
);`;

/** Create the two tables if they are missing (they hold nothing that must survive: a loss signs people out). */
export async function migrateConsoleState(sql: SqlPort): Promise<void> {
  if (sql.kind === 'sqlite') return sql.exec(SCHEMA);
  // Servers starting together would race on CREATE TABLE IF NOT EXISTS (a duplicate pg_type row).
  await sql.tx(async (q) => {
    await q.all('SELECT pg_advisory_xact_lock(63016)');
    await q.exec(SCHEMA);
  });
}

const sessionOf = (r: Row): Session => ({
  principal: { id: String(r.principal_id), name: String(r.principal_name), role: String(r.role) as Role, via: String(r.via) as Principal['via'] },
  csrf: String(r.csrf),
  createdMs: Number(r.created_ms),
  lastMs: Number(r.last_ms),
});

export function sqlSessions(sql: SqlPort): SessionBacking {
  return {
    put: async (k, s) =>
      void (await sql.run('INSERT INTO console_sessions (key_hash, principal_id, principal_name, role, via, csrf, created_ms, last_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        k,
        s.principal.id,
        s.principal.name,
        s.principal.role,
        s.principal.via,
        s.csrf,
        s.createdMs,
        s.lastMs,
      ])),
    get: async (k) => {
      const [r] = await sql.all('SELECT * FROM console_sessions WHERE key_hash = $1', [k]);
      return r ? sessionOf(r) : undefined;
    },
    touch: async (k, t) => void (await sql.run('UPDATE console_sessions SET last_ms = $1 WHERE key_hash = $2 AND last_ms < $3', [t, k, t])),
    delete: async (k) => void (await sql.run('DELETE FROM console_sessions WHERE key_hash = $1', [k])),
    sweep: async (idleCutoff, maxCutoff) => void (await sql.run('DELETE FROM console_sessions WHERE last_ms < $1 OR created_ms < $2', [idleCutoff, maxCutoff])),
  };
}

export function sqlPendingSignIns(sql: SqlPort): PendingSignIns {
  return {
    put: async (tx) =>
      void (await sql.run('INSERT INTO console_oidc_pending (state, nonce, code_verifier, created_ms) VALUES ($1, $2, $3, $4)', [tx.state, tx.nonce, tx.codeVerifier, tx.createdMs])),
    take: async (state, now, maxAge) => {
      await sql.run('DELETE FROM console_oidc_pending WHERE created_ms < $1', [now - maxAge]);
      // Read and delete in one transaction, so two servers given the same callback cannot both use it.
      return sql.tx(async (q) => {
        const [r] = await q.all('SELECT state, nonce, code_verifier, created_ms FROM console_oidc_pending WHERE state = $1', [state]);
        if (!r) return undefined;
        if ((await q.run('DELETE FROM console_oidc_pending WHERE state = $1', [state])) !== 1) return undefined;
        return { state: String(r.state), nonce: String(r.nonce), codeVerifier: String(r.code_verifier), createdMs: Number(r.created_ms) };
      });
    },
  };
}
