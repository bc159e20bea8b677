import { describe, expect, it } from 'vitest';
import { parseRoleMap, roleForGroups } from '../oidc';
import { ConsoleSessions, csrfMatches } from './sessions';

describe('console sessions', () => {
  it('expire after the idle time and after the absolute limit; each use extends the idle time', () => {
    let now = 0;
    const s = new ConsoleSessions({ idleMs: 1000, maxMs: 2500 }, () => now);
    const { id } = s.create({ id: 'token:1', name: 'n', role: 'records', via: 'token' });
    now = 900;
    expect(s.get(id)).toBeDefined();
    now = 1800; // 900 ms after the last use
    expect(s.get(id)).toBeDefined();
    now = 2600; // past the absolute limit, though used 800 ms ago
    expect(s.get(id)).toBeUndefined();
    const b = s.create({ id: 'token:2', name: 'n', role: 'records', via: 'token' });
    now += 1001;
    expect(s.get(b.id)).toBeUndefined();
    expect(s.get('not-a-session')).toBeUndefined();
  });

  it('ends on sign-out; CSRF tokens must match exactly', () => {
    const s = new ConsoleSessions({ idleMs: 1000, maxMs: 2000 });
    const { id, session } = s.create({ id: 'token:1', name: 'n', role: 'records', via: 'token' });
    expect(csrfMatches(session, session.csrf)).toBe(true);
    expect(csrfMatches(session, `${session.csrf.slice(0, -1)}x`)).toBe(false);
    expect(csrfMatches(session, undefined)).toBe(false);
    s.end(id);
    expect(s.get(id)).toBeUndefined();
  });
});

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
