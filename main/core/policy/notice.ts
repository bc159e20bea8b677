import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { PolicyValues } from '../../../shared/policy/schema';

/**
 * The records notice (Policy 630-04): users acknowledge RecordsNoticeText at first sign-in, again after
 * RecordsNoticeIntervalDays, and whenever the text changes. Acknowledgements are kept per account in a
 * small JSON file in the app's data directory (path injected) and are journaled for central audit as a
 * `notice-ack` record (see noticeAckRecord).
 */

export interface NoticeAck {
  /** ISO 8601 time of the acknowledgement. */
  at: string;
  /** SHA-256 (hex) of the acknowledged text, normalised (see noticeTextHash). */
  textHash: string;
}

type NoticePolicy = Pick<PolicyValues, 'RecordsNoticeText' | 'RecordsNoticeIntervalDays'>;

const DAY_MS = 86_400_000;

/** Line endings, Unicode form and surrounding space do not change what was acknowledged. */
export function normaliseNoticeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC').trim();
}

export function noticeTextHash(text: string): string {
  return createHash('sha256').update(normaliseNoticeText(text), 'utf8').digest('hex');
}

/**
 * noticeTextHash that remembers its last text and hash: the policy's text is the same on every send (the
 * notice is checked before each), so a session keeps one of these rather than hashing it every time.
 */
export function createNoticeHasher(): (text: string) => string {
  let last: { text: string; hash: string } | null = null;
  return (text) => {
    if (last?.text !== text) last = { text, hash: noticeTextHash(text) };
    return last.hash;
  };
}

/**
 * Whether the user must acknowledge the notice before chatting: at first use (no acknowledgement), when
 * the last one is older than the interval, when the text changed, or when the stored record is not
 * believable (unparseable, or in the future beyond a day of clock skew).
 */
export function noticeRequired(
  policy: { values: NoticePolicy } | NoticePolicy,
  lastAck: NoticeAck | null,
  now: Date,
  hash: (text: string) => string = noticeTextHash,
): boolean {
  const values: NoticePolicy = 'values' in policy ? policy.values : policy;
  if (!lastAck) return true;
  const at = Date.parse(lastAck.at);
  if (Number.isNaN(at)) return true;
  if (at > now.getTime() + DAY_MS) return true;
  if (lastAck.textHash !== hash(values.RecordsNoticeText)) return true;
  return now.getTime() - at >= values.RecordsNoticeIntervalDays * DAY_MS;
}

/** Why the notice is due (for RecordsNotice's `reason`), or null when it is not. */
export function noticeReason(policy: NoticePolicy, lastAck: NoticeAck | null, now: Date): 'first' | 'changed' | 'expired' | null {
  if (!noticeRequired(policy, lastAck, now)) return null;
  if (!lastAck) return 'first';
  return lastAck.textHash !== noticeTextHash(policy.RecordsNoticeText) ? 'changed' : 'expired';
}

/** When the current acknowledgement expires (for scheduling the next prompt while signed in). */
export function noticeDueAt(policy: NoticePolicy, lastAck: NoticeAck): Date {
  return new Date(Date.parse(lastAck.at) + policy.RecordsNoticeIntervalDays * DAY_MS);
}

const StoreSchema = z.object({
  version: z.literal(1),
  acks: z.record(z.string(), z.object({ at: z.string(), textHash: z.string().regex(/^[0-9a-f]{64}$/) })),
});

export interface NoticeStore {
  /** The last acknowledgement of this account (bare JID), or null. A missing or corrupt file reads as none. */
  last(account: string): Promise<NoticeAck | null>;
  /** Record an acknowledgement of `text` now; returns it. Written atomically with mode 0600. */
  acknowledge(account: string, text: string, now: Date): Promise<NoticeAck>;
}

export function createNoticeStore(file: string): NoticeStore {
  // Read once, then kept: this store is the file's only writer, and every send asks (the send path).
  let cached: z.infer<typeof StoreSchema> | null = null;
  const load = async (): Promise<z.infer<typeof StoreSchema>> => (cached ??= await read());
  const read = async (): Promise<z.infer<typeof StoreSchema>> => {
    try {
      const parsed = StoreSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // Missing or corrupt: the notice is shown again, which is the safe outcome.
    }
    return { version: 1, acks: {} };
  };
  const key = (account: string) => account.trim().toLowerCase();
  let writing: Promise<unknown> = Promise.resolve();
  return {
    async last(account) {
      return (await load()).acks[key(account)] ?? null;
    },
    acknowledge(account, text, now) {
      const ack: NoticeAck = { at: now.toISOString(), textHash: noticeTextHash(text) };
      const run = writing.then(async () => {
        const data = structuredClone(await load());
        data.acks[key(account)] = ack;
        await mkdir(dirname(file), { recursive: true, mode: 0o700 });
        const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
        await writeFile(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
        await rename(tmp, file);
        cached = data;
        return ack;
      });
      writing = run.catch(() => undefined);
      return run;
    },
  };
}

/**
 * The input of the journal record (kind `notice-ack`) that documents an acknowledgement for central
 * audit. The body is the acknowledged text itself, so the record shows exactly what the user saw.
 */
export function noticeAckRecord(ack: NoticeAck, policy: Pick<PolicyValues, 'RecordsNoticeText' | 'RecordsNoticeIntervalDays' | 'PolicyVersion'>) {
  return {
    noticeId: ack.textHash,
    at: ack.at,
    text: normaliseNoticeText(policy.RecordsNoticeText),
    meta: { textHash: ack.textHash, intervalDays: String(policy.RecordsNoticeIntervalDays), policyVersion: policy.PolicyVersion },
  };
}
