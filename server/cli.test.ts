/**
 * The CLI end to end, as operators run it: `npx tsx server/cli.ts …` in a child process, reading stdout.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecordsResponseSchema } from '../shared/journal/api';
import { batch, enrollTestDevice, harnesses, makeRecord, type OpenedStore } from './test/fixtures';
import { retentionCli, startServe } from '../test/support/retentionProcess';

const SLOW = 90_000;

const cli = retentionCli;

const lastLine = (s: string) => s.trimEnd().split('\n').at(-1) ?? '';

for (const harness of harnesses()) {
  describe.skipIf(!harness.available)(`retention CLI on ${harness.title}`, () => {
    let s: OpenedStore;
    let env: Record<string, string>;
    beforeAll(() => harness.setup());
    afterAll(() => harness.teardown());
    beforeEach(async () => {
      s = await harness.open();
      env = { RETENTION_STATE_DIR: s.dir };
    });
    afterEach(() => s.cleanup());

    it('token create, serve, ingest, read, verify; then tampering and deletion make verify fail naming the record', { timeout: SLOW }, async () => {
      const client = await cli(['token', 'create', '--db', s.db, '--role', 'client', '--name', 'workstation fleet'], env);
      expect(client.code, client.stderr).toBe(0);
      const clientToken = lastLine(client.stdout);
      expect(clientToken).toMatch(/^aimr_[A-Za-z0-9_-]{43}$/);
      const auditorToken = lastLine((await cli(['token', 'create', '--db', s.db, '--role', 'auditor', '--name', 'audit office'], env)).stdout);
      expect(auditorToken).toMatch(/^aimr_/);
      expect(auditorToken).not.toBe(clientToken);
      // Stored hashed: the token text is nowhere in the store.
      expect((await s.store.listTokens()).map((t) => t.tokenHash)).not.toContain(clientToken);

      const server = await startServe(['--db', s.db, '--port', '0', '--log-level', 'debug', '--trust-proxy', '127.0.0.1/32'], env);
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${server.url}/v1/health`);
      expect(await health.json()).toEqual({ ok: true });
      const body = batch([1, 2, 3].map((n) => makeRecord(n)), 'cli-batch');
      const send = (headers: Record<string, string>) =>
        fetch(`${server.url}/v1/journal/batches`, {
          method: 'POST',
          headers: { authorization: `Bearer ${clientToken}`, 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      // The fleet token alone cannot ingest; a batch signed by an enrolled device is stored.
      const unsigned = await send({});
      expect(unsigned.status).toBe(403);
      expect(await unsigned.json()).toMatchObject({ reason: 'signature-required' });
      const device = await enrollTestDevice(s.store, 'device-a');
      const ingest = await send(device.headers(body));
      expect(ingest.status).toBe(200);
      const read = await fetch(`${server.url}/v1/records?participant=bob@agency.example.gov&q=budget`, { headers: { authorization: `Bearer ${auditorToken}` } });
      expect(read.status).toBe(200);
      const records = RecordsResponseSchema.parse(await read.json()).records;
      expect(records.map((r) => r.recordId)).toEqual(['device-a/msg-1', 'device-a/msg-2', 'device-a/msg-3']);
      // --trust-proxy: behind the (loopback) proxy, the audit names the caller from X-Forwarded-For.
      const proxied = await fetch(`${server.url}/v1/records?participant=bob@agency.example.gov`, { headers: { authorization: `Bearer ${auditorToken}`, 'x-forwarded-for': '203.0.113.9' } });
      expect(proxied.status).toBe(200);
      expect((await s.store.listAudit({ limit: 100 })).filter((e) => e.action === 'records.search').map((e) => e.remote)).toEqual(['127.0.0.1', '203.0.113.9']);
      expect((await fetch(`${server.url}/v1/records`, { headers: { authorization: `Bearer ${clientToken}` } })).status).toBe(403);
      expect((await fetch(`${server.url}/v1/records`)).status).toBe(401);
      const stopped = await server.stop();
      expect(stopped.stderr).toContain('journal batch ingested');
      expect(stopped.stderr).not.toContain('budget'); // no bodies or search terms in logs
      expect(stopped.stderr).not.toContain(clientToken);
      expect(stopped.stderr).not.toContain(auditorToken);

      const ok = await cli(['verify', '--db', s.db], env);
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/Store intact: 3 records, 1 signed tree heads verified/); // signed at shutdown

      await s.attacker.sqlUnguarded("UPDATE records SET record_json = replace(record_json, 'budget', 'picnic') WHERE record_id = 'device-a/msg-2'");
      const altered = await cli(['verify', '--db', s.db], env);
      expect(altered.code).toBe(1);
      expect(altered.stdout).toMatch(/^INTEGRITY FAILURE: record device-a\/msg-2 \(leaf 1\) has been altered/);

      await s.attacker.sqlUnguarded("DELETE FROM records WHERE record_id = 'device-a/msg-1'");
      const missing = await cli(['verify', '--db', s.db], env);
      expect(missing.code).toBe(1);
      expect(missing.stdout).toMatch(/^INTEGRITY FAILURE: record device-a\/msg-1 \(leaf 0\) is missing/);
    });

    it('token list and revoke; bad usage exits 2 with a reason', { timeout: SLOW }, async () => {
      const created = await cli(['token', 'create', '--db', s.db, '--role', 'legal', '--name', 'counsel'], env);
      const id = /\(id ([0-9a-f-]+)\)/.exec(created.stdout)?.[1] ?? '';
      expect((await cli(['token', 'list', '--db', s.db], env)).stdout).toContain(`${id}\tlegal\tcounsel`);
      expect((await cli(['token', 'revoke', '--db', s.db, '--id', id], env)).code).toBe(0);
      expect((await cli(['token', 'list', '--db', s.db], env)).stdout).toMatch(/counsel\tcreated \S+\trevoked/);
      const badRole = await cli(['token', 'create', '--db', s.db, '--role', 'superuser', '--name', 'x'], env);
      expect(badRole.code).toBe(2);
      expect(badRole.stderr).toMatch(/--role must be one of client, admin, records, legal, monitor, auditor/);
    });

    it('device list (text and --json) and device revoke; bad --xmpp-* and --trust-proxy usage exits 2', { timeout: SLOW }, async () => {
      expect((await cli(['device', 'list', '--db', s.db, '--json'], env)).stdout.trim()).toBe('[]');
      await enrollTestDevice(s.store, 'device-a', 'alice@agency.example.gov');
      await enrollTestDevice(s.store, 'device-b', 'bob@agency.example.gov');
      const listed = JSON.parse((await cli(['device', 'list', '--db', s.db, '--json'], env)).stdout) as Record<string, unknown>[];
      expect(listed).toEqual([
        expect.objectContaining({ deviceId: 'device-a', jid: 'alice@agency.example.gov', state: 'active', lastSeen: null, clientVersion: 'test', enrolledAt: expect.any(String) }),
        expect.objectContaining({ deviceId: 'device-b', jid: 'bob@agency.example.gov', state: 'active' }),
      ]);
      expect((await cli(['device', 'list', '--db', s.db], env)).stdout).toMatch(/^device-a\talice@agency\.example\.gov\tactive\tenrolled /m);

      const revoked = await cli(['device', 'revoke', '--db', s.db, '--id', 'device-a'], env);
      expect(revoked.code, revoked.stderr).toBe(0);
      const after = JSON.parse((await cli(['device', 'list', '--db', s.db, '--json'], env)).stdout) as Record<string, unknown>[];
      expect(after.find((d) => d.deviceId === 'device-a')).toMatchObject({ state: 'revoked', revokedAt: expect.any(String) });
      expect(after.find((d) => d.deviceId === 'device-b')).toMatchObject({ state: 'active' }); // control: only the one device
      expect((await cli(['device', 'revoke', '--db', s.db, '--id', 'device-a'], env)).code).toBe(2); // already revoked
      expect((await cli(['device', 'revoke', '--db', s.db], env)).code).toBe(2);
      expect((await s.store.deviceRegistry().deviceEvents('device-a')).map((e) => e.event)).toEqual(['enrolled', 'revoked']);

      const noPassword = await cli(['serve', '--db', s.db, '--port', '0', '--xmpp-jid', 'retention@agency.example.gov'], env);
      expect(noPassword.code).toBe(2);
      expect(noPassword.stderr).toMatch(/--xmpp-password-file/);
      const noJid = await cli(['serve', '--db', s.db, '--port', '0', '--xmpp-ca', '/etc/hostname'], env);
      expect(noJid.code).toBe(2);
      expect(noJid.stderr).toMatch(/--xmpp-ca needs --xmpp-jid/);
      const badProxy = await cli(['serve', '--db', s.db, '--port', '0', '--trust-proxy', 'the-proxy'], env);
      expect(badProxy.code).toBe(2);
      expect(badProxy.stderr).toMatch(/--trust-proxy must be an address or CIDR/);
    });
  });
}

describe('retention serve transport rules', () => {
  const sqlite = harnesses()[0];
  let s: OpenedStore;
  beforeEach(async () => {
    s = await (sqlite ?? { open: () => Promise.reject(new Error('no sqlite harness')) }).open();
  });
  afterEach(() => s.cleanup());

  it('refuses plain HTTP on a non-loopback address', { timeout: SLOW }, async () => {
    const res = await cli(['serve', '--db', s.db, '--port', '0', '--host', '0.0.0.0']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Refusing to serve plain HTTP on 0\.0\.0\.0/);
    expect(res.stdout).not.toMatch(/listening/);
  });

  const openssl = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!openssl)('serves HTTPS given a certificate and key', { timeout: SLOW }, async () => {
    const cert = join(s.dir, 'cert.pem');
    const key = join(s.dir, 'key.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert]);
    expect(made.status, made.stderr.toString()).toBe(0);
    // Any address may be used with TLS; 127.0.0.1 keeps the test off the network.
    const server = await startServe(['--db', s.db, '--port', '0', '--tls-cert', cert, '--tls-key', key, '--log-level', 'warn']);
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(`${server.url}/v1/health`, { ca: readFileSync(cert) }, (res) => {
          let data = '';
          res.on('data', (d: Buffer) => (data += d.toString()));
          res.on('end', () => resolve(data));
        });
        req.on('error', reject);
        req.end();
      });
      expect(JSON.parse(body)).toEqual({ ok: true });
    } finally {
      await server.stop();
    }
  });
});
