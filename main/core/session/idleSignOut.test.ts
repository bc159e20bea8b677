import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock';
import { createIdleSignOut, IDLE_WARNING_MS } from './idleSignOut';

const MIN = 60_000;

function setup(initialMinutes = 30) {
  const clock = createManualClock(Date.parse('2025-03-10T09:00:00Z'));
  let minutes = initialMinutes;
  const log: string[] = [];
  const idle = createIdleSignOut({
    clock,
    minutes: () => minutes,
    onWarn: (at) => log.push(`warn ${(at - clock.now()) / 1000}s`),
    onWarnCleared: () => log.push('cleared'),
    onIdle: (m) => log.push(`idle ${m}`),
  });
  return { clock, idle, log, setMinutes: (m: number) => (minutes = m) };
}

describe('idle sign-out timer (fake clock)', () => {
  it('warns 60 s before and signs out after IdleSignOutMinutes without activity', () => {
    const { clock, idle, log } = setup(30);
    idle.start();
    clock.advance(30 * MIN - IDLE_WARNING_MS - 1);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual(['warn 60s']);
    expect(idle.warningUntil).toBe(clock.now() + IDLE_WARNING_MS);
    clock.advance(IDLE_WARNING_MS - 1);
    expect(log).toEqual(['warn 60s']);
    clock.advance(1);
    expect(log).toEqual(['warn 60s', 'idle 30']);
    expect(idle.running).toBe(false);
    expect(idle.warningUntil).toBeNull();
    expect(clock.pending()).toBe(0);
  });

  it('counts from the last activity, without a new timer for every report', () => {
    const { clock, idle, log } = setup(30);
    idle.start();
    const timers = clock.pending();
    for (let i = 0; i < 40; i++) {
      clock.advance(30_000);
      idle.activity();
    }
    expect(clock.pending()).toBe(timers);
    expect(log).toEqual([]);
    clock.advance(29 * MIN);
    expect(log).toEqual(['warn 60s']);
    clock.advance(MIN);
    expect(log).toEqual(['warn 60s', 'idle 30']);
  });

  it('activity during the warning clears it and starts the full time again', () => {
    const { clock, idle, log } = setup(10);
    idle.start();
    clock.advance(9 * MIN + 30_000);
    expect(log).toEqual(['warn 60s']);
    idle.activity();
    expect(log).toEqual(['warn 60s', 'cleared']);
    expect(idle.warningUntil).toBeNull();
    clock.advance(9 * MIN - 1);
    expect(log).toEqual(['warn 60s', 'cleared']);
    clock.advance(1);
    expect(log).toEqual(['warn 60s', 'cleared', 'warn 60s']);
  });

  it('does nothing when IdleSignOutMinutes is 0, and starts when a runtime change sets it', () => {
    const { clock, idle, log, setMinutes } = setup(0);
    idle.start();
    expect(clock.pending()).toBe(0);
    clock.advance(24 * 60 * MIN);
    expect(log).toEqual([]);
    setMinutes(5);
    idle.policyChanged(); // idle for a day already: a full warning first, never a sudden sign-out
    expect(log).toEqual(['warn 60s']);
    clock.advance(IDLE_WARNING_MS);
    expect(log).toEqual(['warn 60s', 'idle 5']);
  });

  it('a runtime change to 0 cancels a pending sign-out and its warning', () => {
    const { clock, idle, log, setMinutes } = setup(5);
    idle.start();
    clock.advance(4 * MIN + 10_000);
    expect(log).toEqual(['warn 60s']);
    setMinutes(0);
    idle.policyChanged();
    expect(log).toEqual(['warn 60s', 'cleared']);
    expect(clock.pending()).toBe(0);
    clock.advance(60 * MIN);
    expect(log).toEqual(['warn 60s', 'cleared']);
  });

  it('a longer limit at runtime ends a warning; a shorter one keeps the warning already shown', () => {
    const { clock, idle, log, setMinutes } = setup(5);
    idle.start();
    clock.advance(4 * MIN + 30_000);
    setMinutes(20);
    idle.policyChanged();
    expect(log).toEqual(['warn 60s', 'cleared']);
    clock.advance(14.5 * MIN - 1); // 19:00 - 1 ms since the last activity
    expect(log).toEqual(['warn 60s', 'cleared']);
    clock.advance(1);
    expect(log).toEqual(['warn 60s', 'cleared', 'warn 60s']);
    clock.advance(30_000);
    setMinutes(1);
    idle.policyChanged(); // already past 1 minute: the warning on screen keeps its 30 seconds
    clock.advance(29_999);
    expect(log.at(-1)).toBe('warn 60s');
    clock.advance(1);
    expect(log.at(-1)).toBe('idle 1');
  });

  it('a short limit warns for half of it', () => {
    const { clock, idle, log } = setup(1);
    idle.start();
    clock.advance(30_000);
    expect(log).toEqual(['warn 30s']);
    clock.advance(30_000);
    expect(log).toEqual(['warn 30s', 'idle 1']);
  });

  it('stop() (signed out) ends everything; activity while stopped is ignored', () => {
    const { clock, idle, log } = setup(5);
    idle.start();
    clock.advance(4 * MIN + 30_000);
    idle.stop();
    expect(clock.pending()).toBe(0);
    idle.activity();
    idle.policyChanged();
    clock.advance(60 * MIN);
    expect(log).toEqual(['warn 60s']);
    expect(idle.running).toBe(false);
  });

  it('a timer that fires late (the computer slept) signs out at once, without a warning first', () => {
    const { clock, idle, log } = setup(10);
    idle.start();
    clock.advance(5 * MIN);
    clock.jump(3 * 60 * MIN); // asleep: no timer ran
    clock.advance(0);
    expect(log).toEqual(['idle 10']);
    expect(idle.running).toBe(false);
  });
});
