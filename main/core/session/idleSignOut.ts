/**
 * Idle sign-out (policy IdleSignOutMinutes): the timer that signs a session out after that many minutes
 * without keyboard or mouse activity in the client. Pure timing: the core feeds it activity reports from
 * the renderer (`session:activity`), starts it at sign-in and stops it at sign-out; it calls back to warn
 * shortly before and to sign out. The value is read on every decision, so a runtime policy change (a new
 * value, or 0 to turn it off) applies as soon as `policyChanged()` is called.
 */
import type { Clock, ClockTimer } from '../clock';

/** The warning comes this long before sign-out (or half the idle time, when that is shorter). */
export const IDLE_WARNING_MS = 60_000;

export interface IdleSignOutOptions {
  clock: Clock;
  /** IdleSignOutMinutes in force now; 0 (or less) turns idle sign-out off. */
  minutes(): number;
  /** The warning starts: sign-out at `signOutAt` (clock ms) unless activity arrives first. */
  onWarn(signOutAt: number): void;
  /** Activity (or a longer or disabled limit) ended a warning. */
  onWarnCleared(): void;
  /** Time is up: sign the session out. The timer has stopped itself. */
  onIdle(minutes: number): void;
  warningMs?: number;
}

export interface IdleSignOut {
  /** A session was signed in: idle time counts from now. */
  start(): void;
  /** The session ended: nothing pending, no warning. */
  stop(): void;
  /** Keyboard or mouse activity in the client (throttled by the renderer). Ignored when not started. */
  activity(): void;
  /** IdleSignOutMinutes may have changed: plan again from the last activity. */
  policyChanged(): void;
  /** When the warning is showing: the clock time of sign-out; otherwise null. */
  readonly warningUntil: number | null;
  readonly running: boolean;
}

export function createIdleSignOut(opts: IdleSignOutOptions): IdleSignOut {
  const { clock } = opts;
  let running = false;
  let last = 0;
  let timer: ClockTimer | null = null;
  let warningUntil: number | null = null;
  /** After a policy change shortens the limit, sign-out still comes only after a full warning. */
  let notBefore = 0;

  const clearTimer = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
  const limitMs = () => {
    const m = opts.minutes();
    return Number.isFinite(m) && m > 0 ? Math.floor(m) * 60_000 : 0;
  };
  const clearWarning = () => {
    if (warningUntil === null) return;
    warningUntil = null;
    opts.onWarnCleared();
  };

  /** Decide from the last activity and the limit in force: nothing, wait, warn, or sign out. */
  function plan(): void {
    clearTimer();
    const limit = running ? limitMs() : 0;
    if (!limit) {
      clearWarning();
      return;
    }
    const now = clock.now();
    const warnFor = Math.min(opts.warningMs ?? IDLE_WARNING_MS, limit / 2);
    const deadline = Math.max(last + limit, notBefore);
    const warnAt = deadline - warnFor;
    if (now >= deadline) {
      running = false;
      warningUntil = null;
      opts.onIdle(limit / 60_000);
      return;
    }
    if (now >= warnAt) {
      if (warningUntil !== deadline) {
        warningUntil = deadline;
        opts.onWarn(deadline);
      }
      timer = clock.setTimeout(plan, deadline - now);
      return;
    }
    clearWarning();
    timer = clock.setTimeout(plan, warnAt - now);
  }

  return {
    start() {
      running = true;
      last = clock.now();
      notBefore = 0;
      warningUntil = null;
      plan();
    },
    stop() {
      running = false;
      warningUntil = null;
      clearTimer();
    },
    activity() {
      if (!running) return;
      last = clock.now();
      notBefore = 0;
      // Without a warning the pending timer wakes at the old time and plans again from `last`:
      // no timer churn for reports that arrive every 30 seconds.
      if (warningUntil !== null || timer === null) plan();
    },
    policyChanged() {
      if (!running) return;
      // A shorter limit never cuts a warning short: one already showing keeps its time, and a limit that is
      // already used up warns first (a full warning), then signs out.
      const limit = limitMs();
      if (limit) notBefore = Math.max(notBefore, warningUntil ?? clock.now() + Math.min(opts.warningMs ?? IDLE_WARNING_MS, limit / 2));
      plan();
    },
    get warningUntil() {
      return warningUntil;
    },
    get running() {
      return running;
    },
  };
}
