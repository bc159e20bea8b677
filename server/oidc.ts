/**
 * OpenID Connect sign-in for the records console (openid-client): authorization code with PKCE (S256),
 * state and nonce; the ID token's groups claim (configurable) is mapped to a role by configuration.
 * The highest-privilege mapping is not guessed: a person whose groups map to several roles gets the
 * first in the configured order; one whose groups map to none is refused.
 */
import * as client from 'openid-client';
import { ROLES, type Role } from '../shared/journal/api';
import type { OidcTransaction, Principal } from './console/types';
import { memoryPendingSignIns, type PendingSignIns } from './console/sharedState';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE only). */
  clientSecret?: string;
  /** Where the identity provider sends people back: <public url>/console/oidc/callback. */
  redirectUri: string;
  /** The claim holding group names (default "groups"). */
  groupsClaim: string;
  /** Group → role, in priority order. */
  roleMap: [string, Role][];
  scope?: string;
}

export type { OidcTransaction } from './console/types';

/** Parse "group=role,group=role" (the --oidc-role-map option). */
export function parseRoleMap(text: string): [string, Role][] {
  const out: [string, Role][] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.lastIndexOf('=');
    const group = part.slice(0, eq).trim();
    const role = part.slice(eq + 1).trim() as Role;
    if (eq <= 0 || !group || !(ROLES as readonly string[]).includes(role) || role === 'client') {
      throw new Error(`--oidc-role-map: "${part}" is not group=role (roles: admin, records, legal, monitor, auditor)`);
    }
    out.push([group, role]);
  }
  if (out.length === 0) throw new Error('--oidc-role-map needs at least one group=role');
  return out;
}

export function roleForGroups(groups: unknown, roleMap: [string, Role][]): Role | undefined {
  const have = new Set(Array.isArray(groups) ? groups.map(String) : typeof groups === 'string' ? [groups] : []);
  return roleMap.find(([g]) => have.has(g))?.[1];
}

/** How long a sign-in may take between leaving for the identity provider and coming back. */
const SIGN_IN_MAX_MS = 600_000;

export class OidcSignIn {
  private config: client.Configuration | undefined;
  constructor(
    readonly options: OidcConfig,
    /** Sign-ins in progress; in the store's database when several servers share it (an answer may reach another). */
    private readonly pending: PendingSignIns = memoryPendingSignIns(),
  ) {}

  private async configuration(): Promise<client.Configuration> {
    if (this.config) return this.config;
    const issuer = new URL(this.options.issuer);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    if (issuer.protocol !== 'https:' && !loopback) throw new Error('the OIDC issuer must be https (plain http is allowed on loopback only, for tests)');
    this.config = await client.discovery(
      issuer,
      this.options.clientId,
      this.options.clientSecret,
      this.options.clientSecret ? undefined : client.None(),
      issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    return this.config;
  }

  /** Start: the URL to send the browser to, and the transaction key to keep in a short-lived cookie. */
  async begin(): Promise<{ url: string; key: string }> {
    const config = await this.configuration();
    const tx: OidcTransaction = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), createdMs: Date.now() };
    await this.pending.put(tx);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: this.options.scope ?? 'openid profile email groups',
      code_challenge: await client.calculatePKCECodeChallenge(tx.codeVerifier),
      code_challenge_method: 'S256',
      state: tx.state,
      nonce: tx.nonce,
    });
    return { url: url.href, key: tx.state };
  }

  /** Finish: exchange the code (checking state, nonce and PKCE) and map the groups claim to a role. */
  async finish(callbackUrl: URL, key: string | undefined): Promise<Principal> {
    const tx = key ? await this.pending.take(key, Date.now(), SIGN_IN_MAX_MS) : undefined;
    if (!tx) throw new Error('the sign-in took too long or was started in another browser; start again');
    const config = await this.configuration();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: tx.codeVerifier,
      expectedState: tx.state,
      expectedNonce: tx.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('the identity provider returned no ID token');
    const role = roleForGroups(claims[this.options.groupsClaim], this.options.roleMap);
    if (!role) throw new Error('your account is not in a group that may use the records console');
    const name = [claims.name, claims.email].filter((x): x is string => typeof x === 'string' && x.length > 0).join(' · ') || String(claims.sub);
    return { id: `oidc:${claims.iss}#${claims.sub}`, name, role, via: 'oidc' };
  }
}
