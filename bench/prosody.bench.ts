/**
 * mod_approved_im's cost and delay, measured in the same run:
 *  - messages per second alice → bob through Prosody with the module on vs. an identical Prosody with it
 *    off (goal: on/off ≥ 0.8);
 *  - the tap's delay to the retention server at 200 messages/s: from the client's send to the record's
 *    storedAt on the retention server (goal: p95 < 1 s).
 * `PROSODY_BENCH_COUNT` (default 2000), `PROSODY_BENCH_PACED` (default 1000) and `PROSODY_BENCH_ROUNDS` (default 3)
 * change the sizes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProsodyServer } from '../test/support/prosody';
import { moduleProsody, startModuleRetention } from '../test/integration/prosodyModuleHarness';
import { startProsody } from '../test/support/prosody';
import { percentile, round, summarize } from './stats';

const here = dirname(fileURLToPath(import.meta.url));

let retries = 0;
const retriesByServer: Record<string, number> = {};

/**
 * CPU seconds (user + system) the Prosody process has used so far, from /proc/<pid>/stat; null when the
 * pidfile or /proc is not there. On a loaded machine wall-clock throughput swings with the neighbours'
 * load, while the server's own CPU per message does not: Prosody is single-threaded, so its CPU per
 * message is the inverse of the throughput it can reach when it has a core to itself.
 */
function prosodyCpuSeconds(server: ProsodyServer): number | null {
  const pidFile = join(server.dir, 'prosody.pid');
  if (!existsSync(pidFile)) return null;
  try {
    const stat = readFileSync(`/proc/${readFileSync(pidFile, 'utf8').trim()}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime (fields 14 and 15 of stat)
  } catch {
    return null;
  }
}

/** One worker run; on an overloaded machine a stock session can stall (stream management), so retry once. */
type WorkerConfig = { mode: 'burst' | 'paced'; count: number; rate?: number; prefix: string; users: [string, string] };

function worker(server: ProsodyServer, cfg: WorkerConfig): { ms: number; sentAt: Record<string, number> } {
  try {
    return workerOnce(server, cfg);
  } catch {
    retries++;
    retriesByServer[server.domain] = (retriesByServer[server.domain] ?? 0) + 1;
    process.stderr.write(`prosody bench: a ${cfg.mode} run on ${server.domain} failed; retrying once\n`);
    return workerOnce(server, { ...cfg, prefix: `${cfg.prefix}retry-` });
  }
}

function workerOnce(server: ProsodyServer, cfg: WorkerConfig): { ms: number; sentAt: Record<string, number> } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'prosodyWorker.ts'), JSON.stringify({ domain: server.domain, port: server.port, ...cfg })], {
    encoding: 'utf8',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: server.certs.caFile },
    timeout: 300_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number; sentAt: Record<string, number> };
}

type Key = 'on' | 'off' | 'queueOnly' | 'baseline';

/** Fisher–Yates: a fresh random order of the servers for each round. */
function shuffled<T>(xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const median = (xs: number[]) => (xs.length ? summarize(xs).median : NaN);

export async function run(opts: { count?: number; paced?: number; rounds?: number } = {}): Promise<Record<string, unknown>> {
  const count = opts.count ?? Number(process.env.PROSODY_BENCH_COUNT ?? 2000);
  const paced = opts.paced ?? Number(process.env.PROSODY_BENCH_PACED ?? 1000);
  const rounds = opts.rounds ?? Number(process.env.PROSODY_BENCH_ROUNDS ?? 3);
  const drainTimeoutMs = Number(process.env.PROSODY_BENCH_DRAIN_TIMEOUT_MS ?? 300_000);
  const rs = await startModuleRetention('sqlite');
  const servers: ProsodyServer[] = [];
  try {
    const on = await moduleProsody(rs, { options: { approved_im_queue_limit: 100_000 } });
    servers.push(on);
    const off = await moduleProsody(rs, { module: false, domain: 'off.test' });
    servers.push(off);
    // The module's own cost inside Prosody, without a retention server competing for the same 2 cores
    // (in production it runs elsewhere): the archive is unreachable, so the module only queues.
    const queueOnly = await moduleProsody({ url: 'http://127.0.0.1:9', serverToken: 'unreachable' }, { domain: 'queue.test', options: { approved_im_queue_limit: 100_000 } });
    servers.push(queueOnly);
    // Optional: another copy of the module (e.g. an older commit's server/prosody, unpacked with git archive)
    // in the same run, to compare versions: PROSODY_BENCH_BASELINE_MODULE=/path/to/prosody. It runs queue-only
    // unless PROSODY_BENCH_BASELINE_MODE=on, which posts to the same retention server as "on".
    const baselineDir = process.env.PROSODY_BENCH_BASELINE_MODULE;
    const baselineOn = process.env.PROSODY_BENCH_BASELINE_MODE === 'on';
    const baseline = baselineDir
      ? await startProsody({
          domain: 'baseline.test',
          pluginPaths: [baselineDir],
          extraModules: ['approved_im'],
          globalOptions: {
            approved_im_retention_url: baselineOn ? rs.url : 'http://127.0.0.1:9',
            approved_im_retention_token: baselineOn ? rs.serverToken : 'unreachable',
            approved_im_retry_max: 2,
            approved_im_queue_limit: 100_000,
          },
        })
      : null;
    if (baseline) servers.push(baseline);
    // A fresh pair of users for each round and for the paced phase: Prosody's MAM archive of a user is capped
    // (storage_archive_item_limit, 10,000 on internal storage), and past it every ~100 messages rewrite the
    // whole archive file, which would stall routing on every server alike and be charged to the tap's delay.
    const pair = (tag: string): [string, string] => [`alice${tag}`, `bob${tag}`];
    const pairs = [...Array.from({ length: rounds }, (_, r) => pair(String(r))), pair('paced')];
    for (const s of servers) for (const u of pairs.flat()) s.addUser(u, `${u}-pass`);
    const byKey: Partial<Record<Key, ProsodyServer>> = { on, off, queueOnly, ...(baseline ? { baseline } : {}) };
    const keys = Object.keys(byKey) as Key[];
    const posting = new Set<Key>(['on', ...(baseline && baselineOn ? (['baseline'] as const) : [])]);

    // Messages each posting server has tapped so far, and waiting until the retention server has them all:
    // its device summary for xmpp-server:<domain> has no sequence gap and at least that many records (the
    // module numbers its session reports in the same sequence, so the count may include a few of those).
    const sentTo: Partial<Record<Key, number>> = {};
    const drainMs: number[] = [];
    const drain = async (what: string): Promise<number> => {
      const t0 = performance.now();
      for (;;) {
        const { devices } = (await rs.get('/v1/devices')) as { devices: { deviceId: string; records: number; missing: number }[] };
        const behind = [...posting].filter((k) => {
          const d = devices.find((x) => x.deviceId === `xmpp-server:${byKey[k]!.domain}`);
          return (sentTo[k] ?? 0) > 0 && (!d || d.missing > 0 || d.records < sentTo[k]!);
        });
        if (!behind.length) break;
        if (performance.now() - t0 > drainTimeoutMs) {
          throw new Error(`prosody bench: the retention server did not store every record of ${behind.join(', ')} within ${drainTimeoutMs} ms (${what})`);
        }
        await new Promise((res) => setTimeout(res, 200));
      }
      const ms = performance.now() - t0;
      drainMs.push(ms);
      return ms;
    };

    const rate: Record<Key, number[]> = { on: [], off: [], queueOnly: [], baseline: [] };
    // Prosody's CPU microseconds per message in each burst (sign-in and presence of the two sessions included).
    const cpu: Record<Key, number[]> = { on: [], off: [], queueOnly: [], baseline: [] };
    const orders: string[] = [];
    const burst = async (key: Key, r: number) => {
      const server = byKey[key]!;
      const before = prosodyCpuSeconds(server);
      rate[key].push((count / worker(server, { mode: 'burst', count, prefix: `${key}${r}-`, users: pair(String(r)) }).ms) * 1000);
      const after = prosodyCpuSeconds(server);
      cpu[key].push(before !== null && after !== null ? ((after - before) / count) * 1e6 : NaN);
      if (posting.has(key)) {
        sentTo[key] = (sentTo[key] ?? 0) + count;
        // The retention server shares the 2 cores: let it finish before the next server's burst starts.
        await drain(`after round ${r} of ${key}`);
      }
    };
    // Rounds interleave the servers in a fresh random order, so drift in machine load hits all of them.
    for (let r = 0; r < rounds; r++) {
      const order = shuffled(keys);
      orders.push(order.join(' '));
      for (const key of order) await burst(key, r);
    }
    // Per round: the ratio to that round's "off" (rates: on ÷ off; CPU: off ÷ on), then their median.
    const perRound = (xs: number[], inverse: boolean) => xs.map((x, i) => (inverse ? cpu.off[i]! / x : x / rate.off[i]!));
    const ratios = (key: Exclude<Key, 'off'>) => ({
      wallRatioOfMedians: round(median(rate[key]) / median(rate.off), 2),
      wallMedianOfRoundRatios: round(median(perRound(rate[key], false)), 2),
      wallRoundRatios: perRound(rate[key], false).map((x) => round(x, 2)),
      cpuRatioOfMedians: round(median(cpu.off) / median(cpu[key]), 2),
      cpuMedianOfRoundRatios: round(median(perRound(cpu[key], true)), 2),
      cpuRoundRatios: perRound(cpu[key], true).map((x) => round(x, 2)),
    });

    // The paced phase starts only when the retention server has stored every earlier record, so the delay
    // measures the tap, not a backlog of the bursts.
    const drainBeforePacedMs = await drain('before the paced phase');
    // A paced run that fails twice (a stock client stalled) is reported as an error beside the bursts' results.
    let sentAt: Record<string, number> = {};
    let pacedError: string | null = null;
    try {
      sentAt = worker(on, { mode: 'paced', count: paced, rate: 200, prefix: 'paced-', users: pair('paced') }).sentAt;
    } catch (err) {
      pacedError = `the paced run failed twice: ${(err as Error).message.split('\n')[0]}`;
    }
    // Two delays per message: the tap's own (the server's tap time, the record's sentAt, to storedAt) and
    // end to end (the client's send to storedAt, which adds Prosody's routing backlog on a busy machine).
    const delays: number[] = [];
    const endToEnd: number[] = [];
    for (let i = 0; i < 120 && !pacedError && delays.length < paced; i++) {
      delays.length = 0;
      endToEnd.length = 0;
      for (const r of await rs.records({ participant: `${pair('paced')[1]}@${on.domain}`, from: new Date(Math.min(...Object.values(sentAt)) - 1000).toISOString() })) {
        const sent = r.meta?.source === 'xmpp-server' ? sentAt[r.meta.messageId ?? ''] : undefined;
        if (sent === undefined) continue;
        delays.push(Date.parse(r.storedAt) - Date.parse(r.sentAt));
        endToEnd.push(Date.parse(r.storedAt) - sent);
      }
      if (delays.length < paced) await new Promise((res) => setTimeout(res, 500));
    }
    const d = summarize(delays);
    const p95 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 95);
    const summary = (key: Key) => summarize(rate[key]);
    const cpuSummary = (key: Key) => (cpu[key].every(Number.isFinite) ? summarize(cpu[key]) : null);
    return {
      unit: 'messages/s, ms',
      messages: count,
      rounds,
      roundOrders: orders,
      workerRetries: retries,
      workerRetriesByServer: retriesByServer,
      throughput: {
        moduleOff: summary('off'),
        moduleOn: summary('on'),
        ratioOnVsOff: round(median(rate.on) / median(rate.off), 2),
        medianOfRoundRatiosOnVsOff: round(median(perRound(rate.on, false)), 2),
        moduleOnQueueOnly: summary('queueOnly'),
        ratioQueueOnlyVsOff: round(median(rate.queueOnly) / median(rate.off), 2),
        medianOfRoundRatiosQueueOnlyVsOff: round(median(perRound(rate.queueOnly, false)), 2),
        note: 'moduleOn includes the retention server ingesting on the same 2 cores during the burst; moduleOnQueueOnly is the module alone (archive unreachable). Each round runs the servers in a fresh random order; after each "on" burst the bench waits until the retention server has stored every record',
        goal: '≥ 0.8',
      },
      prosodyCpuPerMessage: {
        unit: 'µs of Prosody CPU (user + system) per message',
        moduleOff: cpuSummary('off'),
        moduleOn: cpuSummary('on'),
        moduleOnQueueOnly: cpuSummary('queueOnly'),
        throughputRatioOnVsOff: round(median(cpu.off) / median(cpu.on), 2),
        throughputRatioQueueOnlyVsOff: round(median(cpu.off) / median(cpu.queueOnly), 2),
        note: 'off ÷ on CPU per message = the throughput ratio when Prosody has a core to itself; less sensitive to the load of other processes than wall-clock rates',
        goal: '≥ 0.8',
      },
      ratiosVsOff: {
        on: ratios('on'),
        queueOnly: ratios('queueOnly'),
        ...(baseline ? { baseline: { module: baselineDir, mode: baselineOn ? 'on' : 'queue-only', cpuPerMessage: cpuSummary('baseline'), ...ratios('baseline') } } : {}),
      },
      drain: {
        note: 'time from the end of a posting burst until the retention server had stored every record sent so far',
        afterBurstsMs: summarize(drainMs.slice(0, -1)),
        beforePacedPhaseMs: round(drainBeforePacedMs, 0),
      },
      tapDelayAt200PerSecond: {
        ...(pacedError ? { error: pacedError } : {}),
        tapToStored: { ...d, p95: p95(delays) },
        sendToStored: { ...summarize(endToEnd), p95: p95(endToEnd) },
        stored: delays.length,
        of: paced,
        goal: 'tapToStored p95 < 1000 ms',
      },
    };
  } finally {
    for (const s of servers) await s.stop();
    await rs.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then((r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'));
}
