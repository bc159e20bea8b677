/**
 * Records that prove who wrote them (issue 12), end to end: a real Prosody, the real retention server
 * (through its CLI, with its own XMPP account) on SQLite and on PostgreSQL, and real client cores that
 * enroll through their XMPP sessions. Every refusal has a control in the same setup showing the
 * genuine path works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createMemoryStore } from '../../main/core/credentials/credentialStore';
import { loadDeviceKey, type DeviceKey } from '../../main/core/journal/deviceKey';
import { xmppEnrollmentProof } from '../../main/core/journal';
import { contentHash } from '../../server/hash';
import type { JournalBatchRequest } from '../../shared/journal/api';
import {
  batchSigningText,
  DEVICE_HEADER,
  enrollmentCompletePath,
  enrollmentSigningText,
  ENROLLMENTS_PATH,
  SIGNATURE_HEADER,
} from '../../shared/journal/enrollment';
import type { JournalRecord } from '../../shared/journal/record';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { postgresAvailable } from '../support/postgres';
import { waitFor } from '../support/ports';
import { startRetentionServer, type RetentionServer } from '../support/journalServer';
import { journaledCore } from '../support/journalHarness';

const SLOW = 180_000;
let prosody: ProsodyServer;

beforeAll(async () => {
  prosody = await startProsody();
  for (const u of ['alice', 'bob', 'mallory']) prosody.addUser(u, `${u}-pass-1`);
});
afterAll(async () => {
  await prosody?.stop();
});

const jid = (u: string) => `${u}@${prosody.domain}`;
const sentId = (r: { status: string; message?: { id: string } }) => (r.status === 'sent' ? r.message!.id : '');

async function call(rs: RetentionServer, path: string, body: unknown, headers: Record<string, string> = {}, token = rs.clientToken) {
  const res = await fetch(`${rs.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
}

function record(deviceId: string, over: Partial<JournalRecord> & { key: string }): JournalRecord {
  const { key, ...rest } = over;
  const now = new Date().toISOString();
  return {
    recordId: `${deviceId}/out/${key}`,
    deviceId,
    seq: 1_000_000,
    conversation: jid('bob'),
    conversationType: 'chat',
    direction: 'out',
    sender: jid('mallory'),
    recipients: [jid('bob')],
    sentAt: now,
    recordedAt: now,
    kind: 'message',
    body: `scripted ${key}`,
    policyHash: 'p',
    ...rest,
  };
}

function signedBatch(key: DeviceKey, deviceId: string, records: JournalRecord[], batchId = `b-${Math.random().toString(36).slice(2)}`) {
  const batch: JournalBatchRequest = { batchId, records: records.map((r) => ({ record: r, hash: contentHash(r) })) };
  return { batch, headers: { [DEVICE_HEADER]: deviceId, [SIGNATURE_HEADER]: key.sign(batchSigningText(deviceId, batch)) } };
}

type Alert = { type: string; deviceId: string | null; recordId: string | null; detail: Record<string, string> };
const alerts = async (rs: RetentionServer) => ((await rs.get('/v1/alerts?limit=1000')) as { alerts: Alert[] }).alerts;

/** A client core signed in as `user`, enrolled (one message sent and receipted); its device key read from its credential store. */
async function enrolledClient(rs: RetentionServer, user: string) {
  const keys = createMemoryStore();
  const c = journaledCore(prosody, rs, {}, { keys });
  await c.core.handlers['session:signIn']({ address: jid(user), password: `${user}-pass-1`, remember: false });
  const id = sentId(await c.send(jid('bob'), `hello from ${user}`));
  await waitFor(() => c.journal.status().pending === 0, { timeoutMs: 60_000, what: `${user} enrolled and receipted` });
  const deviceId = c.journal.deviceId!;
  const key = (await loadDeviceKey(keys, deviceId))!;
  return { c, keys, deviceId, key, firstMessage: id };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresAvailable())(`device enrollment and signed batches on ${kind}`, () => {
    let rs: RetentionServer;
    beforeAll(async () => {
      rs = await startRetentionServer({ kind, xmpp: { prosody } });
    });
    afterAll(async () => {
      await rs?.close();
    });

    it(
      'the fleet token alone cannot ingest; a client enrolls through its XMPP session and its records carry the verified JID and device',
      async () => {
        const forged = record('AAAAAAAAAAAAAAAAAAAAAA', { key: 'fleet-only', sender: 'governor@agency.gov' });
        const alone = await call(rs, '/v1/journal/batches', { batchId: 'fleet-only', records: [{ record: forged, hash: contentHash(forged) }] });
        expect(alone).toMatchObject({ status: 403, body: { reason: 'signature-required' } });

        const alice = await enrolledClient(rs, 'alice');
        try {
          const stored = await rs.records({ participant: jid('alice') });
          const mine = stored.find((r) => r.meta?.messageId === alice.firstMessage);
          expect(mine).toMatchObject({ deviceId: alice.deviceId, sender: jid('alice') });
          expect(stored.some((r) => r.body === forged.body)).toBe(false);
          const origins = (await rs.get(`/v1/records/${encodeURIComponent(mine!.recordId)}/origin`)) as { deviceId: string; jid: string };
          expect(origins).toEqual({ recordId: mine!.recordId, deviceId: alice.deviceId, jid: jid('alice') });
          const listed = await rs.devices();
          expect(listed).toContainEqual(expect.objectContaining({ deviceId: alice.deviceId, jid: jid('alice'), state: 'active', clientVersion: 'test' }));
          // The private key is in the credential store; the server has only the public half.
          expect(alice.key.publicKey).toMatch(/^MCowBQYDK2VwAyEA/);
        } finally {
          await alice.c.close();
        }
      },
      SLOW,
    );

    it(
      'forged sender, backdated record, fake sequence-gap alert, id pre-emption and someone else’s 1:1 or room record are refused with 403 and an alert; a genuine record and its replay are stored once',
      async () => {
        const alice = await enrolledClient(rs, 'alice');
        const mallory = await enrolledClient(rs, 'mallory');
        try {
          const m = mallory.deviceId;
          const twoYearsAgo = new Date(Date.now() - 2 * 365 * 86_400_000).toISOString();
          const attempts: [string, JournalRecord, string][] = [
            ['forged sender', record(m, { key: 'forged', sender: 'governor@agency.gov' }), 'sender-mismatch'],
            ['alice’s outbound record', record(m, { key: 'as-alice', sender: jid('alice') }), 'sender-mismatch'],
            ['backdated two years', record(m, { key: 'backdated', sentAt: twoYearsAgo, recordedAt: twoYearsAgo }), 'backdated'],
            ['backdated sentAt', record(m, { key: 'backdated-sent', sentAt: twoYearsAgo }), 'backdated'],
            ['fake sequence gap on alice’s device', record(alice.deviceId, { key: 'gap', recordId: `${alice.deviceId}/out/gap`, seq: 999_999 }), 'device-mismatch'],
            ['id pre-emption in alice’s id space', record(m, { key: 'x', recordId: `${alice.deviceId}/out/next-id` }), 'record-id-outside-device'],
            ['inbound 1:1 addressed to alice', record(m, { key: 'in', direction: 'in', sender: jid('bob'), recipients: [jid('alice')] }), 'recipient-mismatch'],
            [
              'outbound room record sent as another occupant’s real JID',
              record(m, { key: 'room', conversation: `team@${prosody.mucDomain}`, conversationType: 'groupchat', sender: jid('bob'), recipients: [`team@${prosody.mucDomain}`] }),
              'room-sender-mismatch',
            ],
          ];
          for (const [what, r, reason] of attempts) {
            const { batch, headers } = signedBatch(mallory.key, m, [r]);
            const res = await call(rs, '/v1/journal/batches', batch, headers);
            expect(res.status, what).toBe(403);
            expect(res.body, what).toMatchObject({ reason, error: expect.any(String) });
          }
          // A fake retraction of alice's message, written by mallory's device in alice's name: refused too.
          const retraction = record(m, { key: 'retract', kind: 'retraction', replaces: `${alice.deviceId}/out/${alice.firstMessage}`, sender: jid('alice'), body: '' });
          const r1 = signedBatch(mallory.key, m, [retraction]);
          expect((await call(rs, '/v1/journal/batches', r1.batch, r1.headers)).body).toMatchObject({ reason: 'sender-mismatch' });

          // Nothing of it was stored, and each refusal raised an alert; no sequence-gap alert for alice's device.
          const stored = await rs.records({});
          expect(stored.filter((r) => r.body.startsWith('scripted'))).toEqual([]);
          const refusedAlerts = (await alerts(rs)).filter((a) => a.type === 'device-refused' && a.deviceId === m);
          expect(refusedAlerts.map((a) => a.detail.reason).sort()).toEqual([...attempts.map((a) => a[2]), 'sender-mismatch'].sort());
          expect((await alerts(rs)).filter((a) => a.type === 'sequence-gap' && a.deviceId === alice.deviceId)).toEqual([]);

          // Control: alice's own genuine record id still goes through (nothing pre-empted it), and so does a
          // genuine scripted record of mallory's; replaying it is harmless (a duplicate).
          const aliceNext = sentId(await alice.c.send(jid('bob'), 'still mine'));
          await waitFor(() => alice.c.journal.status().pending === 0, { what: 'alice receipted' });
          expect((await rs.records({ participant: jid('alice') })).filter((r) => r.meta?.messageId === aliceNext)).toHaveLength(1);
          const genuine = signedBatch(mallory.key, m, [record(m, { key: 'genuine' })], 'genuine-batch');
          const first = await call(rs, '/v1/journal/batches', genuine.batch, genuine.headers);
          expect(first.status).toBe(200);
          expect(first.body).toMatchObject({ receipts: [{ status: 'stored' }] });
          const replay = await call(rs, '/v1/journal/batches', genuine.batch, genuine.headers);
          expect(replay.body).toMatchObject({ receipts: [{ status: 'duplicate' }] });
          expect((await rs.records({})).filter((r) => r.body === 'scripted genuine')).toHaveLength(1);

          // A batch whose signature does not match the device key (another key, or altered after signing).
          const other = generateKeyPairSync('ed25519').privateKey;
          const tampered = { ...genuine.headers, [SIGNATURE_HEADER]: sign(null, Buffer.from(batchSigningText(m, genuine.batch)), other).toString('base64') };
          expect((await call(rs, '/v1/journal/batches', genuine.batch, tampered)).body).toMatchObject({ reason: 'bad-signature' });
        } finally {
          await alice.c.close();
          await mallory.c.close();
        }
      },
      SLOW,
    );

    it(
      'an enrollment answered from another account fails; the same enrollment answered from the named account succeeds',
      async () => {
        const bob = journaledCore(prosody, rs);
        const alice = journaledCore(prosody, rs);
        try {
          await bob.core.handlers['session:signIn']({ address: jid('bob'), password: 'bob-pass-1', remember: false });
          await alice.core.handlers['session:signIn']({ address: jid('alice'), password: 'alice-pass-1', remember: false });
          const attempt = async (deviceId: string, from: typeof bob) => {
            const { privateKey, publicKey } = generateKeyPairSync('ed25519');
            const start = await call(rs, ENROLLMENTS_PATH, { deviceId, jid: jid('alice'), publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), clientVersion: 'scripted' });
            expect(start.status).toBe(201);
            const { enrollmentId, challenge, sendTo } = start.body as { enrollmentId: string; challenge: string; sendTo: string };
            expect(sendTo).toBe(rs.xmppJid);
            await xmppEnrollmentProof(() => from.core.session()).sendEnrollmentProof(sendTo, challenge);
            const signature = sign(null, Buffer.from(enrollmentSigningText({ enrollmentId, challenge, deviceId, jid: jid('alice') })), privateKey).toString('base64');
            let res = await call(rs, enrollmentCompletePath(enrollmentId), { signature });
            for (let i = 0; i < 100 && res.status === 202; i++) {
              await new Promise((r) => setTimeout(r, 100));
              res = await call(rs, enrollmentCompletePath(enrollmentId), { signature });
            }
            return res;
          };
          const stolen = 'stolenchallenge00000001';
          const wrong = await attempt(stolen, bob);
          expect(wrong).toMatchObject({ status: 403, body: { reason: 'wrong-account' } });
          expect((await rs.devices()).map((d) => d.deviceId)).not.toContain(stolen);
          expect((await alerts(rs)).filter((a) => a.type === 'enrollment-refused' && a.deviceId === stolen).map((a) => a.detail)).toEqual([
            expect.objectContaining({ reason: 'wrong-account', jid: jid('alice'), proofJid: jid('bob') }),
          ]);
          const fine = 'rightaccount0000000001';
          expect(await attempt(fine, alice)).toMatchObject({ status: 200, body: { deviceId: fine, jid: jid('alice'), state: 'active' } });
          expect(await rs.devices()).toContainEqual(expect.objectContaining({ deviceId: fine, jid: jid('alice'), state: 'active' }));
        } finally {
          await bob.close();
          await alice.close();
        }
      },
      SLOW,
    );

    it(
      'device revoke stops the device’s writes at once; the client re-enrolls through its XMPP session with a new key and nothing is lost',
      async () => {
        const alice = await enrolledClient(rs, 'alice');
        try {
          const oldKey = alice.key;
          const probe = signedBatch(oldKey, alice.deviceId, [record(alice.deviceId, { key: 'probe-before', sender: jid('alice') })]);
          expect((await call(rs, '/v1/journal/batches', probe.batch, probe.headers)).status).toBe(200); // control

          await rs.cli(['device', 'revoke', '--id', alice.deviceId]);
          const after = signedBatch(oldKey, alice.deviceId, [record(alice.deviceId, { key: 'probe-after', sender: jid('alice') })]);
          expect((await call(rs, '/v1/journal/batches', after.batch, after.headers)).body).toMatchObject({ reason: 'device-revoked' });

          const ids: string[] = [];
          for (let i = 0; i < 5; i++) ids.push(sentId(await alice.c.send(jid('bob'), `after revocation ${i}`)));
          await waitFor(() => alice.c.journal.status().pending === 0, { timeoutMs: 60_000, what: 're-enrolled and receipted' });
          const devices = await rs.devices();
          expect(devices.find((d) => d.deviceId === alice.deviceId)).toMatchObject({ state: 'active', jid: jid('alice') });
          const newKey = (await loadDeviceKey(alice.keys, alice.deviceId))!;
          expect(newKey.publicKey).not.toBe(oldKey.publicKey);
          // The revoked key stays refused after the re-enrollment.
          const stale = signedBatch(oldKey, alice.deviceId, [record(alice.deviceId, { key: 'probe-stale', sender: jid('alice') })]);
          expect((await call(rs, '/v1/journal/batches', stale.batch, stale.headers)).body).toMatchObject({ reason: 'bad-signature' });

          const stored = await rs.records({ participant: jid('alice') });
          for (const id of [alice.firstMessage, ...ids]) expect(stored.filter((r) => r.meta?.messageId === id), id).toHaveLength(1);
          expect(stored.some((r) => r.body === 'scripted probe-after' || r.body === 'scripted probe-stale')).toBe(false);
        } finally {
          await alice.c.close();
        }
      },
      SLOW,
    );
  });
}
