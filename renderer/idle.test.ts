import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTIVITY_REPORT_MS, createActivityReporter, createAutoAway, idleLabel, IDLE_AFTER_MS } from './idle';
import type { OwnPresence } from './state/reducer';

const MIN = 60_000;

describe('createAutoAway', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-10T09:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(chosen: OwnPresence | null = 'online') {
    let choice = chosen;
    const onIdle = vi.fn<(since: Date) => void>();
    const onActive = vi.fn<() => void>();
    const away = createAutoAway({ chosen: () => choice, onIdle, onActive });
    return { away, onIdle, onActive, choose: (c: OwnPresence | null) => (choice = c) };
  }

  it('reports away after 10 minutes without activity, since the moment activity stopped', () => {
    const { away, onIdle } = setup();
    vi.advanceTimersByTime(3 * MIN);
    away.activity(); // 09:03
    vi.advanceTimersByTime(IDLE_AFTER_MS - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(onIdle.mock.calls[0]?.[0].toISOString()).toBe('2025-03-10T09:03:00.000Z');
    expect(away.idle).toBe(true);
    away.stop();
  });

  it('restores on the next activity, once, and can go idle again', () => {
    const { away, onIdle, onActive } = setup();
    vi.advanceTimersByTime(IDLE_AFTER_MS);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(30 * MIN);
    expect(onIdle).toHaveBeenCalledTimes(1); // no repeats while idle
    away.activity();
    away.activity();
    expect(onActive).toHaveBeenCalledTimes(1);
    expect(away.idle).toBe(false);
    vi.advanceTimersByTime(IDLE_AFTER_MS);
    expect(onIdle).toHaveBeenCalledTimes(2);
    away.stop();
  });

  it('steady activity keeps the user available', () => {
    const { away, onIdle } = setup();
    for (let i = 0; i < 60; i++) {
      vi.advanceTimersByTime(MIN);
      away.activity();
    }
    expect(onIdle).not.toHaveBeenCalled();
    away.stop();
  });

  it.each(['away', 'xa', 'dnd'] as const)('never fires when the user chose %s', (show) => {
    const { away, onIdle, onActive } = setup(show);
    vi.advanceTimersByTime(5 * IDLE_AFTER_MS);
    away.activity();
    expect(onIdle).not.toHaveBeenCalled();
    expect(onActive).not.toHaveBeenCalled();
    away.stop();
  });

  it('does nothing when signed out, and fires once the user is online and still quiet', () => {
    const { away, onIdle, choose } = setup(null);
    vi.advanceTimersByTime(IDLE_AFTER_MS);
    expect(onIdle).not.toHaveBeenCalled();
    choose('online');
    vi.advanceTimersByTime(IDLE_AFTER_MS);
    expect(onIdle).toHaveBeenCalledTimes(1);
    away.stop();
  });

  it('a hidden window counts from the moment it was hidden', () => {
    const { away, onIdle } = setup();
    vi.advanceTimersByTime(2 * MIN);
    away.hidden(); // 09:02
    vi.advanceTimersByTime(IDLE_AFTER_MS);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(onIdle.mock.calls[0]?.[0].toISOString()).toBe('2025-03-10T09:02:00.000Z');
    away.stop();
  });

  it('stop cancels the timer', () => {
    const { away, onIdle } = setup();
    away.stop();
    vi.advanceTimersByTime(2 * IDLE_AFTER_MS);
    away.activity();
    expect(onIdle).not.toHaveBeenCalled();
  });
});

describe('idleLabel', () => {
  const now = Date.parse('2025-03-10T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();
  it('words the idle time', () => {
    expect(idleLabel(undefined, now)).toBeNull();
    expect(idleLabel('not a date', now)).toBeNull();
    expect(idleLabel(ago(-5 * MIN), now)).toBeNull();
    expect(idleLabel(ago(30_000), now)).toBe('idle less than a minute');
    expect(idleLabel(ago(25 * MIN), now)).toBe('idle 25 min');
    expect(idleLabel(ago(60 * MIN), now)).toBe('idle 1 h');
    expect(idleLabel(ago(125 * MIN), now)).toBe('idle 2 h 5 min');
    expect(idleLabel(ago(26 * 60 * MIN), now)).toBe('idle 1 day');
    expect(idleLabel(ago(3 * 24 * 60 * MIN), now)).toBe('idle 3 days');
  });
});

describe('createActivityReporter (reports for idle sign-out)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-03-10T09:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup() {
    const flags = { enabled: true, urgent: false };
    const report = vi.fn<() => void>();
    const reporter = createActivityReporter({ report, enabled: () => flags.enabled, urgent: () => flags.urgent });
    return { reporter, report, flags };
  }

  it('reports the first activity at once, then at most once every 30 s while the user keeps working', () => {
    const { reporter, report } = setup();
    reporter.activity();
    expect(report).toHaveBeenCalledTimes(1);
    // Mouse moves every 100 ms for 2 minutes: 4 more reports, not 1200.
    for (let i = 0; i < 1200; i++) {
      vi.advanceTimersByTime(100);
      reporter.activity();
    }
    expect(report).toHaveBeenCalledTimes(5); // 09:00:00, :30, 09:01:00, :30, 09:02:00
    reporter.stop();
  });

  it('sends one trailing report for activity inside the interval, and nothing when the user stops', () => {
    const { reporter, report } = setup();
    reporter.activity(); // 09:00:00, sent
    vi.advanceTimersByTime(5_000);
    reporter.activity(); // 09:00:05, pending
    expect(report).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(ACTIVITY_REPORT_MS - 5_000);
    expect(report).toHaveBeenCalledTimes(2); // at 09:00:30
    vi.advanceTimersByTime(10 * ACTIVITY_REPORT_MS);
    expect(report).toHaveBeenCalledTimes(2);
    reporter.stop();
  });

  it('while the sign-out warning shows, activity is reported at once', () => {
    const { reporter, report, flags } = setup();
    reporter.activity();
    vi.advanceTimersByTime(2_000);
    flags.urgent = true;
    reporter.activity();
    expect(report).toHaveBeenCalledTimes(2);
    reporter.stop();
  });

  it('reports nothing while signed out, and nothing after stop', () => {
    const { reporter, report, flags } = setup();
    flags.enabled = false;
    reporter.activity();
    vi.advanceTimersByTime(ACTIVITY_REPORT_MS * 2);
    expect(report).not.toHaveBeenCalled();
    flags.enabled = true;
    reporter.activity();
    vi.advanceTimersByTime(1_000);
    reporter.activity();
    reporter.stop();
    vi.advanceTimersByTime(ACTIVITY_REPORT_MS * 2);
    expect(report).toHaveBeenCalledTimes(1);
  });
});
