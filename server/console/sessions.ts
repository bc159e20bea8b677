/**
 * Console sessions: an opaque random id in an HttpOnly cookie, kept server-side (hashed) with the
 * signed-in person, their role and a CSRF token. Sessions end after `idleMs` without use and after
 * `maxMs` in any case. One instance per server, built in the composition root; kept in the store's
 * database (server/console/sharedState.ts) so that servers sharing it share the sessions.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { memorySessions, type SessionBacking } from './sharedState';
import type { Principal, Session } from './types';

export type { Principal, Session } from './types';

export interface SessionTimes {
  idleMs: number;
  maxMs: number;
}

const hash = (id: string) => createHash('sha256').update(id).digest('hex');

/** A use is written back at most this often (the idle timeout is measured in minutes). */
const TOUCH_EVERY_MS = 30_000;

export class ConsoleSessions {
  constructor(
    readonly times: SessionTimes,
    private readonly now: () => number = () => Date.now(),
    private readonly backing: SessionBacking = memorySessions(),
  ) {}

  async create(principal: Principal): Promise<{ id: string; session: Session }> {
    const t = this.now();
    await this.backing.sweep(t - this.times.idleMs, t - this.times.maxMs);
    const id = randomBytes(32).toString('base64url');
    const session: Session = { principal, csrf: randomBytes(32).toString('base64url'), createdMs: t, lastMs: t };
    await this.backing.put(hash(id), session);
    return { id, session };
  }

  /** The live session for a cookie value (touching it), or undefined when unknown or expired. */
  async get(id: string | undefined): Promise<Session | undefined> {
    if (!id) return undefined;
    const key = hash(id);
    const s = await this.backing.get(key);
    if (!s) return undefined;
    const t = this.now();
    if (t - s.lastMs > this.times.idleMs || t - s.createdMs > this.times.maxMs) {
      await this.backing.delete(key);
      return undefined;
    }
    if (t - s.lastMs >= Math.min(TOUCH_EVERY_MS, this.times.idleMs / 10)) await this.backing.touch(key, t);
    s.lastMs = t;
    return s;
  }

  async end(id: string | undefined): Promise<void> {
    if (id) await this.backing.delete(hash(id));
  }
}

export function csrfMatches(session: Session, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length !== session.csrf.length) return false;
  return timingSafeEqual(Buffer.from(presented), Buffer.from(session.csrf));
}
