/**
 * Console sessions: an opaque random id in an HttpOnly cookie, kept server-side (hashed) with the
 * signed-in person, their role and a CSRF token. Sessions end after `idleMs` without use and after
 * `maxMs` in any case. One instance per server, built in the composition root.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
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

export interface SessionTimes {
  idleMs: number;
  maxMs: number;
}

const hash = (id: string) => createHash('sha256').update(id).digest('hex');

export class ConsoleSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    readonly times: SessionTimes,
    private readonly now: () => number = () => Date.now(),
  ) {}

  create(principal: Principal): { id: string; session: Session } {
    this.sweep();
    const id = randomBytes(32).toString('base64url');
    const t = this.now();
    const session: Session = { principal, csrf: randomBytes(32).toString('base64url'), createdMs: t, lastMs: t };
    this.sessions.set(hash(id), session);
    return { id, session };
  }

  /** The live session for a cookie value (touching it), or undefined when unknown or expired. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const key = hash(id);
    const s = this.sessions.get(key);
    if (!s) return undefined;
    const t = this.now();
    if (t - s.lastMs > this.times.idleMs || t - s.createdMs > this.times.maxMs) {
      this.sessions.delete(key);
      return undefined;
    }
    s.lastMs = t;
    return s;
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(hash(id));
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, s] of this.sessions) {
      if (t - s.lastMs > this.times.idleMs || t - s.createdMs > this.times.maxMs) this.sessions.delete(k);
    }
  }
}

export function csrfMatches(session: Session, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length !== session.csrf.length) return false;
  return timingSafeEqual(Buffer.from(presented), Buffer.from(session.csrf));
}
