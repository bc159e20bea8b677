/**
 * `serve` options for the records console:
 *   --console on|off                    serve /console (default on)
 *   --console-dir DIR                   a prebuilt console (else built on start)
 *   --console-token-signin on|off       break-glass sign-in with a bearer token (default on)
 *   --console-session-minutes N         idle timeout (default 30; sessions end after 8 hours regardless)
 *   --public-url URL                    the server's public base URL (OIDC redirect: URL/console/oidc/callback)
 *   --oidc-issuer URL --oidc-client-id ID [--oidc-client-secret-file FILE]
 *   --oidc-groups-claim NAME            (default groups)
 *   --oidc-role-map "GROUP=ROLE,…"       first match wins; roles admin, records, legal, monitor, auditor
 */
import { readFileSync } from 'node:fs';
import { parseRoleMap } from '../oidc';
import type { ConsoleOptions } from './setup';

export const CONSOLE_CLI_OPTIONS = {
  console: { type: 'string' },
  'console-dir': { type: 'string' },
  'console-token-signin': { type: 'string' },
  'console-session-minutes': { type: 'string' },
  'public-url': { type: 'string' },
  'oidc-issuer': { type: 'string' },
  'oidc-client-id': { type: 'string' },
  'oidc-client-secret-file': { type: 'string' },
  'oidc-groups-claim': { type: 'string' },
  'oidc-role-map': { type: 'string' },
} as const;

export const CONSOLE_USAGE = `               [--console on|off] [--console-dir DIR] [--console-token-signin on|off]
               [--console-session-minutes N (30)] [--public-url URL]
               [--oidc-issuer URL --oidc-client-id ID [--oidc-client-secret-file FILE]
                --oidc-role-map GROUP=ROLE,… [--oidc-groups-claim groups]]`;

type Values = Partial<Record<keyof typeof CONSOLE_CLI_OPTIONS, string>>;

const onOff = (v: string | undefined, name: string, fallback: boolean): boolean => {
  if (v === undefined) return fallback;
  if (v === 'on' || v === 'off') return v === 'on';
  throw new Error(`--${name} must be on or off`);
};

/** The console options from the command line, or undefined when --console off. Throws a usage message. */
export function consoleOptionsFrom(v: Values): ConsoleOptions | undefined {
  if (!onOff(v.console, 'console', true)) return undefined;
  const minutes = v['console-session-minutes'] === undefined ? 30 : Number(v['console-session-minutes']);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) throw new Error('--console-session-minutes must be an integer from 1 to 1440');
  if (v['public-url'] !== undefined && !/^https?:\/\/[^/]+\/?$/.test(v['public-url'])) throw new Error('--public-url must be a base URL like https://records.agency.gov');
  const issuer = v['oidc-issuer'];
  let oidc: ConsoleOptions['oidc'];
  if (issuer !== undefined || v['oidc-client-id'] !== undefined || v['oidc-role-map'] !== undefined) {
    if (!issuer || !v['oidc-client-id'] || !v['oidc-role-map']) throw new Error('OIDC sign-in needs --oidc-issuer, --oidc-client-id and --oidc-role-map');
    const secretFile = v['oidc-client-secret-file'];
    oidc = {
      issuer,
      clientId: v['oidc-client-id'],
      clientSecret: secretFile ? readFileSync(secretFile, 'utf8').trim() : undefined,
      groupsClaim: v['oidc-groups-claim'] ?? 'groups',
      roleMap: parseRoleMap(v['oidc-role-map']),
    };
  }
  const tokenSignIn = onOff(v['console-token-signin'], 'console-token-signin', true);
  if (!tokenSignIn && !oidc) throw new Error('--console-token-signin off needs OIDC sign-in (--oidc-issuer …), or the console has no way in');
  return { assetsDir: v['console-dir'], tokenSignIn, sessionIdleMinutes: minutes, publicUrl: v['public-url'], oidc };
}
