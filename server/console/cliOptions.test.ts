import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleOptionsFrom } from './cliOptions';

describe('serve options for the records console', () => {
  it('defaults: console on, token sign-in on, 30-minute sessions, no OIDC', () => {
    expect(consoleOptionsFrom({})).toEqual({ assetsDir: undefined, tokenSignIn: true, sessionIdleMinutes: 30, publicUrl: undefined, oidc: undefined });
    expect(consoleOptionsFrom({ console: 'off' })).toBeUndefined();
  });

  it('OIDC: issuer, client, secret file, groups claim and role map', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-opts-'));
    writeFileSync(join(dir, 'secret'), 's3cret\n');
    const o = consoleOptionsFrom({
      'oidc-issuer': 'https://login.agency.gov', 'oidc-client-id': 'records-console', 'oidc-client-secret-file': join(dir, 'secret'),
      'oidc-role-map': 'RM=records,Counsel=legal', 'oidc-groups-claim': 'roles', 'console-token-signin': 'off', 'public-url': 'https://records.agency.gov',
    });
    expect(o).toMatchObject({
      tokenSignIn: false, publicUrl: 'https://records.agency.gov',
      oidc: { issuer: 'https://login.agency.gov', clientId: 'records-console', clientSecret: 's3cret', groupsClaim: 'roles', roleMap: [['RM', 'records'], ['Counsel', 'legal']] },
    });
  });

  it('refuses incomplete or contradictory settings with a reason', () => {
    expect(() => consoleOptionsFrom({ 'oidc-issuer': 'https://x' })).toThrow(/needs --oidc-issuer, --oidc-client-id and --oidc-role-map/);
    expect(() => consoleOptionsFrom({ 'console-token-signin': 'off' })).toThrow(/no way in/);
    expect(() => consoleOptionsFrom({ 'console-session-minutes': '0' })).toThrow(/1 to 1440/);
    expect(() => consoleOptionsFrom({ console: 'maybe' })).toThrow(/on or off/);
    expect(() => consoleOptionsFrom({ 'public-url': 'records.agency.gov/path' })).toThrow(/base URL/);
  });
});
