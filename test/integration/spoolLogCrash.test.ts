/**
 * The spool's commit log under SIGKILL (issue 18 item 8): a child process appends records as fast as it
 * can and prints each acknowledged (returned, so fdatasync'd) commit; it is killed mid-burst three times.
 * After each kill the spool reopens with every acknowledged record readable exactly once, none
 * quarantined, sequence numbers unique and increasing. Then a torn tail (half a frame, as a power cut
 * mid-write leaves it) is detected, kept aside and dropped, with every acknowledged record still there.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileKeyStore } from '../../main/core/journal/keys';
import { openSpool, type SpoolStorage } from '../../main/core/journal/spool';
import { encodeEntry, logFileName } from '../../main/core/journal/spoolLog';
import type { Logger } from '../../main/core/log';
import { waitFor } from '../support/ports';

const appender = join(import.meta.dirname, '..', 'support', 'spoolAppender.ts');

async function runUntilKilled(dir: string, keyDir: string, prefix: string, killAfter: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', appender, dir, keyDir, prefix], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acked: string[] = [];
  let buf = '';
  let exited = false;
  child.on('exit', () => (exited = true));
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const l of lines) if (l.startsWith('acked ')) acked.push(...l.slice(6).split(' '));
  });
  await waitFor(() => acked.length >= killAfter || exited, { timeoutMs: 60_000, what: `${killAfter} acknowledged appends` });
  expect(exited).toBe(false); // still appending: killed mid-burst
  child.kill('SIGKILL');
  await new Promise<void>((r) => (exited ? r() : child.once('exit', () => r())));
  // Lines already in the pipe were printed after their append returned: acknowledged too.
  await new Promise((r) => setTimeout(r, 50));
  for (const l of buf.split('\n')) if (l.startsWith('acked ')) acked.push(...l.slice(6).split(' '));
  return acked;
}

function check(s: SpoolStorage, acked: string[]) {
  const entries = s.readBatch(1_000_000, Number.MAX_SAFE_INTEGER);
  const got = entries.map((e) => String(e.record.meta?.messageId));
  expect(s.quarantinedCount()).toBe(0);
  expect(new Set(got).size).toBe(got.length); // none twice
  const missing = acked.filter((id) => !new Set(got).has(id));
  expect(missing).toEqual([]);
  const seqs = entries.map((e) => e.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(new Set(seqs).size).toBe(seqs.length);
  return got;
}

describe('spool commit log: kill -9 mid-append', () => {
  it('every acknowledged record is there after each SIGKILL; a torn tail is detected and dropped, never read as a record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aim-spool-kill-'));
    const keyDir = mkdtempSync(join(tmpdir(), 'aim-spool-kill-keys-'));
    const keys = createFileKeyStore(keyDir);
    const acked: string[] = [];
    for (const [n, killAfter] of [150, 400, 900].entries()) {
      acked.push(...(await runUntilKilled(dir, keyDir, `run${n}`, killAfter)));
      const s = await openSpool(dir, keys, silentish());
      const got = check(s, acked);
      expect(got.length).toBeGreaterThanOrEqual(acked.length);
      s.close();
    }

    // A power cut mid-write: the front half of a frame after the last whole one.
    const logFile = readdirSync(dir).find((f) => /^spool-log-\d+\.bin$/.test(f)) ?? logFileName(1);
    const frame = encodeEntry({ seq: 999_999, recordId: 'x/out/torn', createdMs: Date.now(), frame: Buffer.alloc(400, 7), checksum: Buffer.alloc(16, 1) });
    appendFileSync(join(dir, logFile), frame.subarray(0, frame.length >> 1));
    const events: string[] = [];
    const s = await openSpool(dir, keys, silentish(events));
    check(s, acked);
    expect(events).toContain('journal.spool-log-torn');
    expect(readdirSync(dir).some((f) => f.startsWith(`${logFile}.torn-`))).toBe(true);
    s.close();
    // Control: a clean reopen reports nothing torn.
    const clean: string[] = [];
    const again = await openSpool(dir, keys, silentish(clean));
    check(again, acked);
    expect(clean).not.toContain('journal.spool-log-torn');
    again.close();
  }, 240_000);
});

function silentish(events: string[] = []): Logger {
  const push = (event: string) => void events.push(event);
  return { debug: push, info: push, warn: push, error: push };
}
