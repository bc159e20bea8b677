/** The records console's shared types: who is signed in, their session, and an OIDC sign-in in progress. */
import type { Role } from '../../shared/journal/api';

export interface Principal {
  /** Stable id used for two-person checks and the audit: "oidc:<issuer>#<sub>" or "token:<token id>". */
  id: string;
  /** Display name (for the audit and the console). */
  name: string;
  role: Role;
  via: 'oidc' | 'token';
}

export interface Session {
  principal: Principal;
  csrf: string;
  createdMs: number;
  lastMs: number;
}

export interface OidcTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  createdMs: number;
}
