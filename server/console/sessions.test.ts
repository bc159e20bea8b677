import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sqlFor } from '../audit/sql';
import { harnesses, type OpenedStore } from '../test/fixtures';
import { parseRoleMap, roleForGroups } from '../oidc';
import { ConsoleSessions, csrfMatches, type Principal } from './sessions';
import { migrateConsoleState, sqlPendingSignIns, sqlSessions } from './sharedState';

const records = (id: string): Principal => ({ id, name: 'n', role: 'records', via: 'token' });

describe('console sessions', () => {
  it('expire after the idle time and after the absolute limit; each use extends the idle time', async () => {
    let now = 0;
    const s = new ConsoleSessions({ idleMs: 1000, maxMs: 2500 }, () => now);
    const { id } = await s.create(records('token:1'));
    now = 900;
    expect(await s.get(id)).toBeDefined();
    now = 1800; // 900 ms after the last use
    expect(await s.get(id)).toBeDefined();
    now = 2600; // past the absolute limit, though used 800 ms ago
    expect(await s.get(id)).toBeUndefined();
    const b = await s.create(records('token:2'));
    now += 1001;
    expect(await s.get(b.id)).toBeUndefined();
    expect(await s.get('not-a-session')).toBeUndefined();
  });

  it('ends on sign-out; CSRF tokens must match exactly', async () => {
    const s = new ConsoleSessions({ idleMs: 1000, maxMs: 2000 });
    const { id, session } = await s.create(records('token:1'));
    expect(csrfMatches(session, session.csrf)).toBe(true);
    expect(csrfMatches(session, `${session.csrf.slice(0, -1)}x`)).toBe(false);
    expect(csrfMatches(session, undefined)).toBe(false);
    await s.end(id);
    expect(await s.get(id)).toBeUndefined();
  });
});

// Two servers sharing one database = two ConsoleSessions (and two pending-sign-in stores) over one SQL port.
for (const harness of harnesses()) {
  describe.skipIf(!harness.available)(`console sessions shared through the database (${harness.title})`, () => {
    let s: OpenedStore;
    beforeAll(() => harness.setup(), 120_000);
    afterAll(() => harness.teardown());
    beforeEach(async () => {
      s = await harness.open();
      await migrateConsoleState(sqlFor(s.store));
      await migrateConsoleState(sqlFor(s.store)); // idempotent: every server runs it on start
    });
    afterEach(() => s.cleanup());

    it('a session made on one server is live on the other, with its CSRF token; sign-out on either ends it on both; expiry holds', async () => {
      let now = 1_000_000;
      const clock = () => now;
      const a = new ConsoleSessions({ idleMs: 60_000, maxMs: 600_000 }, clock, sqlSessions(sqlFor(s.store)));
      const b = new ConsoleSessions({ idleMs: 60_000, maxMs: 600_000 }, clock, sqlSessions(sqlFor(s.store)));
      const made = await a.create({ id: 'oidc:https://idp#7', name: 'Dana Records · dana@agency.gov', role: 'records', via: 'oidc' });
      const seen = await b.get(made.id);
      expect(seen?.principal).toEqual(made.session.principal);
      expect(seen && csrfMatches(seen, made.session.csrf)).toBe(true);
      expect(await b.get(`${made.id.slice(0, -1)}A`)).toBeUndefined(); // control: another id is not a session
      // Only the hash of the id is stored.
      const rows = await sqlFor(s.store).all('SELECT * FROM console_sessions');
      expect(JSON.stringify(rows)).not.toContain(made.id);

      // A use on b keeps the session alive for a as well (the idle time counts from the last use anywhere).
      now += 50_000;
      expect(await b.get(made.id)).toBeDefined();
      now += 50_000; // 100 s after creation, 50 s after b's use
      expect(await a.get(made.id)).toBeDefined();
      now += 61_000;
      expect(await a.get(made.id)).toBeUndefined(); // idle
      const other = await a.create(records('token:9'));
      expect(await b.get(other.id)).toBeDefined();
      await b.end(other.id);
      expect(await a.get(other.id)).toBeUndefined();
    });

    it('an OIDC sign-in begun on one server can finish on the other, once', async () => {
      const a = sqlPendingSignIns(sqlFor(s.store));
      const b = sqlPendingSignIns(sqlFor(s.store));
      const tx = { state: 'st-1', nonce: 'n-1', codeVerifier: 'v-1', createdMs: 5_000 };
      await a.put(tx);
      await a.put({ state: 'st-old', nonce: 'n', codeVerifier: 'v', createdMs: 1_000 });
      expect(await b.take('st-1', 6_000, 600_000)).toEqual(tx);
      expect(await a.take('st-1', 6_000, 600_000)).toBeUndefined(); // used once
      expect(await b.take('st-old', 700_000, 600_000)).toBeUndefined(); // too old
    });
  });
}

describe('OIDC groups to roles', () => {
  it('maps the first configured group the person is in; no matching group, no role', () => {
    const map = parseRoleMap('records-officers=records, counsel=legal ,auditors=auditor');
    expect(roleForGroups(['staff', 'auditors', 'records-officers'], map)).toBe('records');
    expect(roleForGroups('counsel', map)).toBe('legal');
    expect(roleForGroups(['staff'], map)).toBeUndefined();
    expect(roleForGroups(undefined, map)).toBeUndefined();
  });
  it('refuses a malformed map or the client role', () => {
    expect(() => parseRoleMap('records-officers')).toThrow(/not group=role/);
    expect(() => parseRoleMap('fleet=client')).toThrow(/not group=role/);
    expect(() => parseRoleMap('x=superuser')).toThrow(/not group=role/);
  });
});
