/**
 * Time for the core's timers, injectable so tests can move it (idle sign-out). The system clock is a
 * plain object over Date.now and setTimeout; timers are unref'd so they never keep the process alive.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): ClockTimer;
  clearTimeout(timer: ClockTimer): void;
}

/** An opaque timer handle. */
export type ClockTimer = { readonly __clockTimer?: never } | object;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout(timer) {
    clearTimeout(timer as ReturnType<typeof setTimeout>);
  },
};

/** A clock that moves only when told (tests): `advance(ms)` runs every timer that falls due, in order. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  /** Move time without running timers (the computer slept); the overdue ones run at the next advance(). */
  jump(ms: number): void;
  /** Timers not yet run. */
  pending(): number;
}

export function createManualClock(start = 0): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<object, { at: number; seq: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const handle = {};
      timers.set(handle, { at: now + Math.max(0, ms), seq: seq++, fn });
      return handle;
    },
    clearTimeout(timer) {
      timers.delete(timer);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next: [object, { at: number; seq: number; fn: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].seq < next[1].seq))) next = entry;
        if (!next) break;
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].fn();
      }
      now = end;
    },
    jump(ms) {
      now += ms;
    },
    pending: () => timers.size,
  };
}
