/**
 * Child process for bench/send.bench.ts (NODE_EXTRA_CA_CERTS = the test CA, as for xmppWorker.ts).
 * Interleaved, in one process, per round:
 *   bare   — a stock @xmpp/client (carol) sends a bare <body> to bob (a stock client in its own process,
 *            sendReceiver.ts) and waits for it;
 *   bareNoDelay — the same from another stock client (dave) whose socket has Nagle's algorithm off, as ours;
 *   fsync  — one small append to a file in the spool's directory, then fsync;
 *   fsyncThenBare — the two above in sequence, as a durable send does them (a write right after an fsync
 *            can cost more than one alone);
 *   bareOurStanza — bareNoDelay sending the stanza our core sends (receipt request, markable, chat state,
 *            origin-id): what Prosody's handling of those costs;
 *   spool  — one record appended to a bare spool (openSpool: the commit log, same disk) on its own;
 *   sqliteSpool — the same record committed the way the spool did before its commit log (one SQLite
 *            transaction, WAL, synchronous=FULL; sendSqliteSpool.ts): the A/B of the two designs;
 *   ours   — `chat:send` through the IPC router (schema validation) into our core (policy, notice,
 *            text-only gate, DLP, journal with its fsync, stanza, outbox, socket), until the same stock
 *            bob receives it; the core's SendTrace gives the steps.
 * Writes the raw samples (milliseconds) as JSON to `<dataDir>/samples.json`.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { client as stockClient, xml } from '@xmpp/client';
import { createIpcRouter } from '../main/core/ipc/router';
import { openSpool, type AppendRequest, type SpoolStorage } from '../main/core/journal/spool';
import { draftFor, draftRecordId, finalizeRecord } from '../main/core/journal/records';
import { createMemoryStore } from '../main/core/credentials/credentialStore';
import { silentLogger } from '../main/core/log';
import type { SendStep } from '../main/core/ports';
import { makeCore } from '../test/support/clientHarness';
import type { ProsodyServer } from '../test/support/prosody';
import type { XmppClient, XmppElement } from '../main/core/xmpp/types';
import { chatMessage } from '../main/core/xmpp/stanzas';
import { openSqliteSpool } from './sendSqliteSpool';
import type { ClearedText } from '../main/core/xmpp/cleared';

const cfg = JSON.parse(process.argv[2] ?? '{}') as { domain: string; port: number; caFile: string; rounds: number; warmup: number; dataDir: string };
const server = { domain: cfg.domain, port: cfg.port, certs: { caFile: cfg.caFile } } as unknown as ProsodyServer;
const bobJid = `bob@${cfg.domain}`;

function stock(user: string, noDelay = false): XmppClient {
  const c = stockClient({ service: `xmpp://localhost:${cfg.port}`, domain: cfg.domain, username: user, password: `${user}-pass`, resource: `bench-${Math.random()}` });
  c.on('error', () => {});
  // The plain TCP socket, before STARTTLS wraps it.
  if (noDelay) c.on('connect', () => (c.socket as Socket).setNoDelay(true));
  c.reconnect.stop();
  return c;
}

/** This process's CPU time (user + system, all threads) in ms: robust to other processes' load. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let lastCpu = 0;

// The receiver for both paths: a stock bob in its own process (sendReceiver.ts), reporting arrival times on
// the machine's monotonic clock; converted here to this process's performance.now() time base.
const hrOffset = Number(process.hrtime.bigint()) / 1e6 - performance.now();
const receiver = fork(join(dirname(fileURLToPath(import.meta.url)), 'sendReceiver.ts'), [JSON.stringify({ domain: cfg.domain, port: cfg.port })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
const waiting = new Map<string, (at: number) => void>();
await new Promise<void>((resolve, reject) => {
  receiver.once('exit', (code) => reject(new Error(`sendReceiver exited (${code})`)));
  receiver.on('message', (m: { ready?: boolean; body?: string; at?: string }) => {
    if (m.ready) return resolve();
    const w = m.body === undefined ? undefined : waiting.get(m.body);
    if (w) {
      waiting.delete(m.body!);
      w(Number(BigInt(m.at!)) / 1e6 - hrOffset);
    }
  });
});
const received = (body: string) => new Promise<number>((resolve) => waiting.set(body, resolve));

// Senders: other accounts than ours: alice's carbons of their messages would reach our core and be journaled.
const bare = stock('carol');
await bare.start();
await bare.send(xml('presence'));
const bareNoDelay = stock('dave', true);
await bareNoDelay.start();
await bareNoDelay.send(xml('presence'));

// Our core, its data directory (and so its spool) on the bench's disk.
let steps: { step: SendStep; at: number }[] = [];
// The spool's transaction (SQLite, seal, fsync) timed inside the journal step: the real spool, wrapped.
let spoolTransactionMs = 0;
/** When the journal's commit entered and left the spool (the last commit of the round). */
let spoolEnteredAt = 0;
let spoolLeftAt = 0;
const timedSpool = async (...args: Parameters<typeof openSpool>): Promise<SpoolStorage> => {
  const s = await openSpool(...args);
  // The real spool object itself, its append wrapped (a prototype wrapper would split its state at rotation).
  const append = s.append.bind(s);
  s.append = (...a: Parameters<SpoolStorage['append']>) => {
    const t0 = performance.now();
    spoolEnteredAt = t0;
    try {
      return append(...a);
    } finally {
      spoolLeftAt = performance.now();
      spoolTransactionMs += spoolLeftAt - t0;
    }
  };
  return s;
};
const ours = makeCore(server, {}, { sendTrace: (step, at) => steps.push({ step, at }) }, { dataDir: cfg.dataDir, journalOverrides: { openStorage: timedSpool } });
await ours.core.handlers['session:signIn']({ address: `alice@${cfg.domain}`, password: 'alice-pass', remember: false });
const router = createIpcRouter({ handlers: ours.core.handlers, isTrustedSender: () => true, log: silentLogger });
const sender = { origin: 'app://approved-im', isMainFrame: true };

// The bare fsync: a small append to a file beside the spool.
const spoolDir = join(cfg.dataDir, 'journal');
mkdirSync(spoolDir, { recursive: true });
const fsyncFd = openSync(join(spoolDir, 'bench-fsync.bin'), 'a');
const fsyncOnce = () => {
  const c0 = cpuMs();
  const t0 = performance.now();
  writeSync(fsyncFd, Buffer.alloc(200, 0x61));
  fsyncSync(fsyncFd);
  const ms = performance.now() - t0;
  lastCpu = cpuMs() - c0;
  return ms;
};

// A bare spool in a sibling directory on the same disk: one record, one transaction, nothing else.
const bareSpool = await openSpool(join(cfg.dataDir, 'bare-spool'), createMemoryStore(), silentLogger);
let spoolSeq = 0;
const sqliteSpool = openSqliteSpool(join(cfg.dataDir, 'bare-sqlite-spool'));
const spoolOnce = (target: { deviceId: string; append(reqs: AppendRequest[], nowMs: number): unknown } = bareSpool) => {
  const i = ++spoolSeq;
  const c0 = cpuMs();
  const t0 = performance.now();
  // The journal's own record builder, as Journal.append uses it.
  const message = { id: `spool-${i}`, conversation: bobJid, conversationType: 'chat' as const, direction: 'out' as const, from: `alice@${cfg.domain}`, body: `spool ${i} about the quarterly figures`, sentAt: new Date().toISOString(), state: 'pending' as const };
  const draft = draftFor('message', { message, meta: {} }, `alice@${cfg.domain}`);
  const recordedAt = new Date().toISOString();
  target.append([{ recordId: draftRecordId(target.deviceId, draft), build: (seq, deviceId) => finalizeRecord(draft, { deviceId, seq, recordedAt, policyHash: 'bench' }) }], Date.now());
  const ms = performance.now() - t0;
  lastCpu = cpuMs() - c0;
  return ms;
};

/**
 * Our stanza's shape (stanzas.chatMessage: origin-id, receipt request, markable, chat state), built here;
 * `keep` names the children kept besides the body (a shape variant: which element costs what).
 */
function ourShape(body: string, id: string, keep?: readonly string[]): XmppElement {
  const st = chatMessage(bobJid, body as ClearedText, id);
  if (keep) st.children = st.children.filter((ch) => typeof ch !== 'string' && (ch.name === 'body' || keep.includes(ch.name)));
  return st;
}

async function bareOnce(c: XmppClient, i: number, shape?: 'ours' | readonly string[], tag = ''): Promise<number> {
  // The same length of body for every shape variant (a two-character code, not the kind's name).
  const code = tag ? `:${SHAPE_KINDS.indexOf(tag)}` : '';
  let body = `bare ${c === bare ? 'stock' : c === bareNoDelay ? 'nodelay' : 'alice'}${shape ? ' shaped' : ''}${code} ${i} about the quarterly figures`;
  const id = `bare-${shape ? 's' : ''}${code}${i}`;
  // bareSameSize: a bare <body/> padded to the byte length of our stanza (is it the size or the elements?).
  if (tag === 'bareSameSize') body = body.padEnd(body.length + ourShape(body, id).toString().length - xml('message', { to: bobJid, type: 'chat', id }, xml('body', {}, body)).toString().length, '.');
  const got = received(body);
  const stanza = shape ? ourShape(body, id, shape === 'ours' ? undefined : shape) : xml('message', { to: bobJid, type: 'chat', id }, xml('body', {}, body));
  const c0 = cpuMs();
  const t0 = performance.now();
  await c.send(stanza);
  const ms = (await got) - t0;
  lastCpu = cpuMs() - c0;
  return ms;
}

/**
 * SEND_BENCH_SHAPES=1: our stanza with only some of its children (besides the body), from the stock client
 * with Nagle off: which element costs Prosody and the peer what.
 */
const SHAPES = {
  shapeOriginId: ['origin-id'],
  shapeReceiptRequest: ['request'],
  shapeMarkable: ['markable'],
  shapeActive: ['active'],
  shapeAllButActive: ['origin-id', 'request', 'markable'],
  /** A bare <body/> as long in bytes as our stanza. */
  bareSameSize: null,
} as const;
const SHAPE_KINDS = Object.keys(SHAPES);

interface OursSample {
  total: number;
  cpu: number;
  resolved: number;
  steps: Record<string, number>;
}

async function oursOnce(i: number): Promise<OursSample> {
  const body = `ours ${i} about the quarterly figures`;
  const got = received(body);
  steps = [];
  spoolTransactionMs = 0;
  const c0 = cpuMs();
  const t0 = performance.now();
  const r = await router.dispatch('chat:send', { to: bobJid, body }, sender);
  const t1 = performance.now();
  if (!r.ok || (r.value as { status: string }).status !== 'sent') throw new Error(`send failed: ${JSON.stringify(r.ok ? r.value : r.error)}`);
  const t2 = await got;
  const cpu = cpuMs() - c0;
  // Each step's duration since the previous mark (the first since the IPC call); two gates in order.
  const out: Record<string, number> = {};
  let prev = t0;
  let gate = 0;
  for (const s of steps) {
    const name = s.step === 'start' ? 'ipcValidation' : s.step === 'gate' ? (++gate === 1 ? 'textOnlyGate' : gate === 2 ? 'dlpGate' : `gate${gate}`) : s.step;
    out[name] = (out[name] ?? 0) + (s.at - prev);
    prev = s.at;
  }
  const socketAt = steps.find((s) => s.step === 'socket')?.at ?? t1;
  out.journalSpoolTransaction = spoolTransactionMs;
  // The journal step around the spool: from the stanza built to the commit entering the spool (record
  // building, validation, the group-commit hop), and from the spool back to the sender.
  const builtAt = steps.find((s) => s.step === 'built')?.at;
  const journalAt = steps.find((s) => s.step === 'journal')?.at;
  if (builtAt !== undefined && journalAt !== undefined && spoolEnteredAt >= builtAt) {
    out.journalBeforeSpool = spoolEnteredAt - builtAt;
    out.journalAfterSpool = journalAt - spoolLeftAt;
  }
  out.reply = t1 - socketAt;
  out.wireToPeer = t2 - socketAt;
  return { total: t2 - t0, cpu, resolved: t1 - t0, steps: out };
}

const samples = {
  bare: [] as number[],
  bareNoDelay: [] as number[],
  fsync: [] as number[],
  fsyncThenBare: [] as number[],
  bareOurStanza: [] as number[],
  spool: [] as number[],
  sqliteSpool: [] as number[],
  ours: [] as number[],
  oursResolved: [] as number[],
  steps: [] as Record<string, number>[],
  /** The same rounds' CPU time of this process. */
  /** rawOurs and the shape variants (SEND_BENCH_SHAPES). */
  extra: Object.fromEntries(['rawOurs', ...SHAPE_KINDS].map((k) => [k, [] as number[]])),
  cpu: { extra: Object.fromEntries(['rawOurs', ...SHAPE_KINDS].map((k) => [k, [] as number[]])), bare: [] as number[], bareNoDelay: [] as number[], fsync: [] as number[], fsyncThenBare: [] as number[], bareOurStanza: [] as number[], spool: [] as number[], sqliteSpool: [] as number[], ours: [] as number[] },
};
const allKinds = ['bare', 'fsync', 'bareNoDelay', 'fsyncThenBare', 'bareOurStanza', 'spool', 'sqliteSpool', 'ours', 'rawOurs', ...(process.env.SEND_BENCH_SHAPES ? SHAPE_KINDS : [])] as const;
// SEND_BENCH_ONLY=ours,bareNoDelay: only those kinds (for a CPU profile of one path; the report then lacks the others).
const only = (process.env.SEND_BENCH_ONLY ?? '').split(',').filter(Boolean);
const kinds = only.length ? allKinds.filter((k) => only.includes(k)) : allKinds;
const ourClient = ours.core.session()!.client;
/** Fisher–Yates with a fixed-seed generator (mulberry32), so runs are comparable. */
let seed = 0x5eed;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const shuffled = <T>(xs: readonly T[]): T[] => {
  const out = [...xs];
  for (let j = out.length - 1; j > 0; j--) {
    const k = Math.floor(random() * (j + 1));
    [out[j], out[k]] = [out[k]!, out[j]!];
  }
  return out;
};
for (let i = 0; i < cfg.warmup + cfg.rounds; i++) {
  const keep = i >= cfg.warmup;
  // A new order each round, so drift in machine load hits every kind alike, and no kind always follows the
  // same one (a fixed cycle put ours right after the bare spool's fsync every time). No pause between
  // kinds: after an idle gap of a few ms, every round trip through Prosody here took ~10 ms more.
  for (const kind of shuffled(kinds)) {
    if (kind === 'bare' || kind === 'bareNoDelay') {
      const ms = await bareOnce(kind === 'bare' ? bare : bareNoDelay, i);
      if (keep) samples[kind].push(ms);
    } else if (kind === 'bareOurStanza') {
      const ms = await bareOnce(bareNoDelay, i, 'ours');
      if (keep) samples.bareOurStanza.push(ms);
    } else if (kind === 'fsyncThenBare') {
      // The durable send's physical floor in one piece: the fsync, then at once the bare round trip.
      const c0 = cpuMs();
      const ms = fsyncOnce() + (await bareOnce(bareNoDelay, i));
      lastCpu = cpuMs() - c0;
      if (keep) samples.fsyncThenBare.push(ms);
    } else if (kind === 'rawOurs') {
      // The same connection, account and bytes as ours (our core's own xmpp.js client), none of our path.
      const ms = await bareOnce(ourClient, i, 'ours');
      if (keep) samples.extra.rawOurs!.push(ms);
    } else if (kind in SHAPES) {
      const children = SHAPES[kind as keyof typeof SHAPES];
      const ms = await bareOnce(bareNoDelay, i, children ?? undefined, kind);
      if (keep) samples.extra[kind]!.push(ms);
    } else if (kind === 'fsync') {
      const ms = fsyncOnce();
      if (keep) samples.fsync.push(ms);
    } else if (kind === 'spool' || kind === 'sqliteSpool') {
      const ms = spoolOnce(kind === 'spool' ? bareSpool : sqliteSpool);
      if (keep) samples[kind].push(ms);
    } else {
      const s = await oursOnce(i);
      lastCpu = s.cpu;
      if (keep) {
        samples.ours.push(s.total);
        samples.oursResolved.push(s.resolved);
        samples.steps.push(s.steps);
      }
    }
    if (keep) {
      const into: number[] | undefined = kind === 'extra' ? undefined : kind in samples.cpu ? (samples.cpu as unknown as Record<string, number[]>)[kind] : samples.cpu.extra[kind];
      into?.push(lastCpu);
    }
  }
}

closeSync(fsyncFd);
bareSpool.close();
sqliteSpool.close();
await ours.core.shutdown();
await bare.stop();
await bareNoDelay.stop();
receiver.removeAllListeners('exit');
receiver.disconnect();
// To a file: a long stdout line could be interleaved with anything else the process prints.
writeFileSync(join(cfg.dataDir, 'samples.json'), JSON.stringify(samples));
process.exit(0);
