/** Composition of the records console for `serve`: assets (built on start unless given), sessions, OIDC. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../shared/journal/api';
import { OidcSignIn } from '../oidc';
import type { ConsoleConfig } from '../routes/console';
import { buildConsole, isConsoleBuild } from './build';
import { ConsoleSessions } from './sessions';
import type { PendingSignIns, SessionBacking } from './sharedState';

export interface ConsoleOptions {
  /** A folder holding a console build; built into a temporary folder when absent. */
  assetsDir?: string;
  /** Break-glass token sign-in (default true). */
  tokenSignIn?: boolean;
  /** Idle timeout (default 30 minutes) and absolute session length (default 8 hours). */
  sessionIdleMinutes?: number;
  sessionMaxMinutes?: number;
  /** The console's public base URL (for the OIDC redirect); default the listening URL. */
  publicUrl?: string;
  oidc?: { issuer: string; clientId: string; clientSecret?: string; groupsClaim?: string; roleMap: [string, Role][] };
}

/**
 * `shared`: where sessions and OIDC sign-ins in progress live (serve passes the store's database, so servers
 * sharing it share them); in this process's memory when absent.
 */
export function prepareConsole(opts: ConsoleOptions, plainLoopback: boolean, shared?: { sessions: SessionBacking; pending: PendingSignIns }): ConsoleConfig {
  // Built on first use (not at start), once, unless a prebuilt folder is given.
  let built: Promise<string> | undefined;
  const given = opts.assetsDir;
  const assetsDir = () =>
    (built ??= given && isConsoleBuild(given) ? Promise.resolve(given) : buildConsole(given ?? mkdtempSync(join(tmpdir(), 'retention-console-'))));
  const oidc = opts.oidc
    ? new OidcSignIn({
        issuer: opts.oidc.issuer,
        clientId: opts.oidc.clientId,
        clientSecret: opts.oidc.clientSecret,
        groupsClaim: opts.oidc.groupsClaim ?? 'groups',
        roleMap: opts.oidc.roleMap,
        redirectUri: opts.publicUrl ? `${opts.publicUrl.replace(/\/$/, '')}/console/oidc/callback` : '',
      }, shared?.pending)
    : undefined;
  return {
    assetsDir,
    sessions: new ConsoleSessions({ idleMs: (opts.sessionIdleMinutes ?? 30) * 60_000, maxMs: (opts.sessionMaxMinutes ?? 480) * 60_000 }, undefined, shared?.sessions),
    oidc,
    tokenSignIn: opts.tokenSignIn ?? true,
    secureCookies: !plainLoopback,
  };
}
