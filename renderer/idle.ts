/**
 * Idle (XEP-0319), pure timing and wording; no DOM and no store here (see hooks/useAutoAway.ts).
 * Also the throttled activity reports that feed main's idle sign-out timer (createActivityReporter).
 *
 * Own idle: after `thresholdMs` without keyboard/mouse activity (or with the window hidden that long),
 * and only when the user's chosen presence is 'online', report 'away' with idleSince = the moment activity
 * stopped; the next activity restores what the user chose. A presence the user chose themselves
 * (away, xa, dnd) is never touched.
 */
import type { OwnPresence } from './state/reducer';

export const IDLE_AFTER_MS = 10 * 60_000;

export interface AutoAwayOptions {
  /** The user's own choice, or null when not signed in (nothing is reported then). */
  chosen: () => OwnPresence | null;
  /** Report the user idle since this moment (show 'away', keeping their status text). */
  onIdle: (since: Date) => void;
  /** Activity again after onIdle: restore the chosen presence without idleSince. */
  onActive: () => void;
  thresholdMs?: number;
  now?: () => number;
}

export interface AutoAway {
  /** Keyboard, mouse or the window shown again. Cheap: called on every such event. */
  activity(): void;
  /** The window was hidden: activity stopped now. */
  hidden(): void;
  /** True between onIdle and the next activity. */
  readonly idle: boolean;
  stop(): void;
}

export function createAutoAway(opts: AutoAwayOptions): AutoAway {
  const threshold = opts.thresholdMs ?? IDLE_AFTER_MS;
  const now = opts.now ?? (() => Date.now());
  let last = now();
  let idle = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  function schedule(ms: number): void {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(check, Math.max(0, ms));
  }

  function check(): void {
    timer = null;
    if (stopped || idle) return;
    const quiet = now() - last;
    if (quiet < threshold) {
      // Activity came since this timer was set: wait for the rest (no rescheduling on every event).
      schedule(threshold - quiet);
      return;
    }
    if (opts.chosen() !== 'online') {
      // Not signed in, or the user chose away/xa/dnd themselves: look again later.
      schedule(threshold);
      return;
    }
    idle = true;
    opts.onIdle(new Date(last));
  }

  schedule(threshold);

  return {
    activity() {
      if (stopped) return;
      last = now();
      if (idle) {
        idle = false;
        opts.onActive();
        schedule(threshold);
      } else if (timer === null) {
        schedule(threshold);
      }
    },
    hidden() {
      if (stopped || idle) return;
      last = now();
      if (timer === null) schedule(threshold);
    },
    get idle() {
      return idle;
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

/** "idle 25 min", "idle 2 h 5 min", "idle 3 days"; null when not idle or idleSince is unreadable/in the future. */
export function idleLabel(idleSince: string | undefined, nowMs: number = Date.now()): string | null {
  if (!idleSince) return null;
  const since = Date.parse(idleSince);
  if (Number.isNaN(since)) return null;
  const minutes = Math.floor((nowMs - since) / 60_000);
  if (minutes < 0) return null;
  if (minutes < 1) return 'idle less than a minute';
  if (minutes < 60) return `idle ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest ? `idle ${hours} h ${rest} min` : `idle ${hours} h`;
  }
  const days = Math.floor(hours / 24);
  return days === 1 ? 'idle 1 day' : `idle ${days} days`;
}

/** Activity reports to main for idle sign-out (IdleSignOutMinutes): at most one per this interval. */
export const ACTIVITY_REPORT_MS = 30_000;
/** While the sign-out warning shows, activity is reported at once (at most once per this gap). */
export const URGENT_REPORT_MS = 1_000;

export interface ActivityReporterOptions {
  /** Send one 'session:activity' report to main. */
  report: () => void;
  /** Only while signed in: nothing is reported (or left pending) otherwise. */
  enabled: () => boolean;
  /** True while the idle sign-out warning shows: the next activity goes out at once. */
  urgent: () => boolean;
  intervalMs?: number;
  now?: () => number;
}

export interface ActivityReporter {
  /** Keyboard or mouse activity. Cheap: called on every such event. */
  activity(): void;
  stop(): void;
}

/**
 * Throttles keyboard/mouse activity into reports for main's idle timer: the first activity goes out at
 * once, later ones at most every `intervalMs` (with one trailing report, so main's idea of the last
 * activity is never more than an interval old). Main decides when to sign out; this only reports.
 */
export function createActivityReporter(opts: ActivityReporterOptions): ActivityReporter {
  const interval = opts.intervalMs ?? ACTIVITY_REPORT_MS;
  const now = opts.now ?? (() => Date.now());
  let lastSent = Number.NEGATIVE_INFINITY;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  function send(): void {
    pending = false;
    lastSent = now();
    opts.report();
  }

  function trailing(): void {
    timer = null;
    if (!stopped && pending && opts.enabled()) send();
    pending = false;
  }

  return {
    activity() {
      if (stopped || !opts.enabled()) return;
      pending = true;
      const t = now();
      const due = lastSent + (opts.urgent() ? URGENT_REPORT_MS : interval);
      if (t >= due) {
        if (timer !== null) clearTimeout(timer);
        timer = null;
        send();
      } else if (timer === null) {
        timer = setTimeout(trailing, due - t);
      }
    },
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
