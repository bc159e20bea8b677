/**
 * One leader among the servers sharing a PostgreSQL database, for work that must run once, not once per
 * server (the SIEM forwarder): a session-level advisory lock on a dedicated connection. The server that
 * holds it leads; when its process or connection dies, PostgreSQL frees the lock and the next server that
 * asks takes over.
 */
import pg from 'pg';

export interface Leadership {
  /** True while this process holds the lock (takes it when free). */
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}

/** Advisory lock keys (server-wide; the migrations use 63004, 63015 and 63016). */
export const SIEM_LEADER_LOCK = 63_020;

export function postgresLeadership(connectionString: string, key: number): Leadership {
  let client: pg.Client | null = null;
  let held = false;
  const drop = () => {
    held = false;
    const c = client;
    client = null;
    c?.end().catch(() => undefined);
  };
  return {
    acquire: async () => {
      if (held && client) return true;
      try {
        if (!client) {
          const c = new pg.Client({ connectionString, application_name: 'approved-im-retention-leader' });
          c.on('error', drop);
          c.on('end', () => {
            if (client === c) {
              held = false;
              client = null;
            }
          });
          client = c;
          await c.connect();
        }
        const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key]);
        held = r.rows[0]?.ok === true;
        return held;
      } catch {
        drop();
        return false;
      }
    },
    release: async () => {
      const c = client;
      if (!c) return;
      if (held) await c.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
      held = false;
      client = null;
      await c.end().catch(() => undefined);
    },
  };
}
