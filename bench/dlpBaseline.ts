/**
 * The DLP bench's A/B: this engine against another copy of it (an older commit's), in the same process,
 * on the same paste and chat messages, interleaved round by round, so one run on a busy machine still
 * gives a fair ratio. Turned on by DLP_BENCH_BASELINE=DIR, a directory holding that copy's `shared/` and
 * `package.json` (so its modules load as ES modules, like this one's) and a `node_modules` link:
 *
 *   mkdir -p /tmp/dlp-base && git archive main shared package.json | tar -x -C /tmp/dlp-base
 *   ln -s "$PWD/node_modules" /tmp/dlp-base/ && DLP_BENCH_BASELINE=/tmp/dlp-base npm run bench -- dlp
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DlpEngine } from '../shared/dlp/types.js';
import { round, summarize } from './stats.js';

type Summary = ReturnType<typeof summarize>;

/** Wall-clock and CPU-time (this process, user + system) samples of each function, interleaved round by round. */
export function interleavedTimes(rounds: number, fns: readonly (() => unknown)[]): { wall: Summary; cpu: Summary }[] {
  const wall: number[][] = fns.map(() => []);
  const cpu: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    // Alternate the order, so neither side always runs right after the other.
    for (let k = 0; k < fns.length; k++) {
      const i = r % 2 === 0 ? k : fns.length - 1 - k;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      fns[i]!();
      wall[i]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[i]!.push((c.user + c.system) / 1000);
    }
  }
  return fns.map((_, i) => ({ wall: summarize(wall[i]!), cpu: summarize(cpu[i]!) }));
}

/** Per-message latency of two engines, message by message, alternating which goes first. */
function chatTimes(a: DlpEngine, b: DlpEngine, chat: readonly string[], rounds: number): [Summary, Summary] {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let m = 0; m < chat.length; m++) {
      const text = chat[m]!;
      const aFirst = (r + m) % 2 === 0;
      for (const [engine, out] of aFirst ? ([[a, ta], [b, tb]] as const) : ([[b, tb], [a, ta]] as const)) {
        const t0 = performance.now();
        engine.scan(text);
        out.push(performance.now() - t0);
      }
    }
  }
  return [summarize(ta), summarize(tb)];
}

export async function compareWithBaseline(dir: string, current: DlpEngine, paste: string, chat: readonly string[]): Promise<Record<string, unknown>> {
  const entry = join(dir, 'shared/dlp/index.ts');
  if (!existsSync(entry)) throw new Error(`DLP_BENCH_BASELINE: no ${entry}`);
  const mod = (await import(pathToFileURL(entry).href)) as { createDlpEngine: () => DlpEngine };
  const base = mod.createDlpEngine();
  const sameFindingsOnPaste = JSON.stringify(base.scan(paste)) === JSON.stringify(current.scan(paste));
  for (let i = 0; i < 4; i++) {
    base.scan(paste);
    current.scan(paste);
  }
  for (let r = 0; r < 3; r++) {
    for (const t of chat) {
      base.scan(t);
      current.scan(t);
    }
  }
  const [now, then] = interleavedTimes(21, [() => current.scan(paste), () => base.scan(paste)]);
  const [chatNow, chatThen] = chatTimes(current, base, chat, 20);
  const mbps = (ms: number): number => round(paste.length / (1024 * 1024) / (ms / 1000), 1);
  return {
    baselineDir: dir,
    sameFindingsOnPaste,
    paste1MB: {
      thisMs: round(now!.wall.median, 2),
      baselineMs: round(then!.wall.median, 2),
      thisCpuMs: round(now!.cpu.median, 2),
      baselineCpuMs: round(then!.cpu.median, 2),
      thisMBps: mbps(now!.wall.median),
      baselineMBps: mbps(then!.wall.median),
      timeThisVsBaseline: round(now!.wall.median / then!.wall.median, 3),
      cpuThisVsBaseline: round(now!.cpu.median / then!.cpu.median, 3),
      cpuMinThisVsBaseline: round(now!.cpu.min / then!.cpu.min, 3),
    },
    chat: {
      thisMs: { median: round(chatNow.median, 4), p99: round(chatNow.p99, 4) },
      baselineMs: { median: round(chatThen.median, 4), p99: round(chatThen.p99, 4) },
      p99ThisVsBaseline: round(chatNow.p99 / chatThen.p99, 3),
    },
  };
}
