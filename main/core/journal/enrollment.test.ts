/**
 * DeviceEnrollment against a scripted server (the real exchange, with Prosody and the retention server,
 * is in test/integration/enrollment.test.ts): nothing happens before sign-in, batches are signed with
 * the key in the credential store, and a revocation brings a new key.
 */
import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { batchSigningText, DEVICE_HEADER, SIGNATURE_HEADER } from '../../../shared/journal/enrollment';
import { createMemoryStore } from '../credentials/credentialStore';
import { silentLogger } from '../log';
import { loadDeviceKey } from './deviceKey';
import { DeviceEnrollment, EnrollmentPending } from './enrollment';
import type { JsonTransport, TransportResponse } from './transport';

const batch = { batchId: 'b-1', records: [] };

function server(answers: { start?: TransportResponse; complete?: TransportResponse[] } = {}) {
  const calls: { path: string; body: Record<string, unknown> }[] = [];
  const completes = [...(answers.complete ?? [{ status: 200, body: { deviceId: 'dev-0123456789abcdef', jid: 'alice@example.gov', state: 'active' } }])];
  const t: JsonTransport = {
    async request(path, body) {
      calls.push({ path, body: body as Record<string, unknown> });
      if (path.endsWith('/complete')) return completes.length > 1 ? completes.shift()! : completes[0]!;
      return answers.start ?? { status: 201, body: { enrollmentId: 'e-1', challenge: 'c'.repeat(43), sendTo: 'retention@example.gov', expiresAt: '2999-01-01T00:00:00Z' } };
    },
  };
  return { t, calls };
}

function setup(account = 'alice@example.gov') {
  const keys = createMemoryStore();
  const proofs: [string, string][] = [];
  let who = account;
  const e = new DeviceEnrollment({
    keys,
    proof: { sendEnrollmentProof: async (to, challenge) => void proofs.push([to, challenge]) },
    account: () => who,
    clientVersion: '1.2.3',
    log: silentLogger,
    pollMs: 1,
    sleep: async () => {},
  });
  return { e, keys, proofs, signIn: (j: string) => (who = j) };
}

const verifies = (publicKey: string, headers: Record<string, string>) =>
  verify(null, Buffer.from(batchSigningText(headers[DEVICE_HEADER]!, batch)), createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' }), Buffer.from(headers[SIGNATURE_HEADER]!, 'base64'));

describe('DeviceEnrollment', () => {
  it('waits for sign-in without calling the server; then enrolls through the XMPP proof and signs batches with the stored key', async () => {
    const { e, keys, proofs, signIn } = setup('');
    const { t, calls } = server();
    await expect(e.signBatch('dev-0123456789abcdef', batch, t)).rejects.toBeInstanceOf(EnrollmentPending);
    expect(calls).toEqual([]);
    expect(await loadDeviceKey(keys, 'dev-0123456789abcdef')).toBeNull();

    signIn('alice@example.gov');
    const headers = await e.signBatch('dev-0123456789abcdef', batch, t);
    const key = (await loadDeviceKey(keys, 'dev-0123456789abcdef'))!;
    expect(calls[0]).toMatchObject({ path: '/v1/enrollments', body: { deviceId: 'dev-0123456789abcdef', jid: 'alice@example.gov', publicKey: key.publicKey, clientVersion: '1.2.3' } });
    expect(proofs).toEqual([['retention@example.gov', 'c'.repeat(43)]]);
    expect(calls[1]?.path).toBe('/v1/enrollments/e-1/complete');
    expect(verifies(key.publicKey, headers)).toBe(true);
    // Enrolled: the next batch is signed without another enrollment.
    await e.signBatch('dev-0123456789abcdef', batch, t);
    expect(calls).toHaveLength(2);
  });

  it('polls while the proof has not arrived; a refusal or a server without XMPP account keeps records waiting with a reason', async () => {
    const pending = setup();
    const slow = server({ complete: [{ status: 202, body: { status: 'pending' } }, { status: 202, body: { status: 'pending' } }, { status: 200, body: { deviceId: 'd', jid: 'alice@example.gov', state: 'active' } }] });
    await pending.e.signBatch('dev-0123456789abcdef', batch, slow.t);
    expect(slow.calls.filter((c) => c.path.endsWith('/complete'))).toHaveLength(3);

    const refused = setup();
    const wrong = server({ complete: [{ status: 403, body: { error: 'answered from bob', reason: 'wrong-account' } }] });
    await expect(refused.e.signBatch('dev-0123456789abcdef', batch, wrong.t)).rejects.toThrow(/wrong-account/);
    const noXmpp = server({ start: { status: 503, body: { error: 'no XMPP account', reason: 'unavailable' } } });
    await expect(setup().e.signBatch('dev-0123456789abcdef', batch, noXmpp.t)).rejects.toThrow(/no XMPP account/);
  });

  it('after a revocation it enrolls again with a new key; after a plain refusal it keeps the key', async () => {
    const { e, keys } = setup();
    const { t, calls } = server();
    await e.signBatch('dev-0123456789abcdef', batch, t);
    const first = (await loadDeviceKey(keys, 'dev-0123456789abcdef'))!.publicKey;
    e.invalidate('device-not-enrolled');
    await e.signBatch('dev-0123456789abcdef', batch, t);
    expect(calls.filter((c) => c.path === '/v1/enrollments').map((c) => c.body.publicKey)).toEqual([first, first]);
    e.invalidate('device-revoked');
    const headers = await e.signBatch('dev-0123456789abcdef', batch, t);
    const second = (await loadDeviceKey(keys, 'dev-0123456789abcdef'))!.publicKey;
    expect(second).not.toBe(first);
    expect(verifies(second, headers)).toBe(true);
    expect(verifies(first, headers)).toBe(false);
  });
});
