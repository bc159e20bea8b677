/**
 * Central audit end to end (issue 15): real client cores (composeClient, as the hosts wire them) signed in
 * to a real Prosody post their audit events to a real retention server (in process, on SQLite) at its
 * default address (RetentionServerUrl + /v1/events); the server forwards every client event and every
 * access-audit entry to a real rsyslog over TLS. Messages carry known marker strings; the test then
 * searches everything the central audit stored and forwarded for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { rsyslogAvailable, startRsyslog, type Rsyslog } from '../support/rsyslog';
import { waitFor } from '../support/ports';
import { composeClient, staticPolicyProvider } from '../../main/core/compose';
import { createMemoryStore } from '../../main/core/credentials/credentialStore';
import { silentLogger } from '../../main/core/log';
import { CLIENT_VERSION } from '../../main/core/auditEndpoint';
import { createToken } from '../../server/auth';
import { startServer, type RunningServer } from '../../server/serve';
import { openStore } from '../../server/store/open';
import type { SqliteStore } from '../../server/store/sqlite';
import type { FleetDevice } from '../../server/audit/fleet';
import type { StoredEvent } from '../../server/audit/eventLog';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const SLOW = 180_000;
const MARK = {
  plain: `MARKPLAIN${randomUUID().slice(0, 8)}`,
  blocked: `MARKBLOCK${randomUUID().slice(0, 8)}`,
  warned: `MARKWARN${randomUUID().slice(0, 8)}`,
  justification: `MARKJUST${randomUUID().slice(0, 8)}`,
};

let prosody: ProsodyServer;
let rsyslog: Rsyslog;
let rs: RunningServer;
let dir: string;
let db: string;
const tokens: Record<'client' | 'admin' | 'records' | 'auditor' | 'legal', string> = { client: '', admin: '', records: '', auditor: '', legal: '' };

const today = new Date().toISOString().slice(0, 10);
function policyValues(extra: Record<string, unknown>) {
  return {
    XmppDomain: prosody.domain,
    XmppHost: 'localhost',
    XmppPort: prosody.port,
    XmppCaCertificateFile: prosody.certs.caFile,
    RetentionServerUrl: rs?.url ?? 'http://127.0.0.1:1',
    RetentionServerToken: tokens.client,
    ...extra,
  };
}
const provider = (values: Record<string, unknown>) => staticPolicyProvider([{ level: 'mandatory-machine', source: 'test', values }], { developmentBuild: true });
const POLICY_A = { PolicyVersion: '2026.1', PolicyReviewedOn: today, DlpActions: { CLASSIFICATION: 'warn' } };
const POLICY_B = { PolicyVersion: '2025.1', PolicyReviewedOn: '2024-01-15' };

async function api(path: string, token: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${rs.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

function client(user: string, extra: Record<string, unknown>) {
  const policy = provider(policyValues(extra));
  const composed = composeClient({
    policy,
    credentials: createMemoryStore(),
    journalKeys: createMemoryStore(),
    dataDir: mkdtempSync(join(tmpdir(), `aim-central-${user}-`)),
    log: silentLogger,
    deliver: () => {},
    isTrustedSender: () => true,
  });
  return { ...composed, policy, signIn: () => composed.core.handlers['session:signIn']({ address: `${user}@${prosody.domain}`, password: `${user}-pass-1`, remember: false }) };
}

beforeAll(async () => {
  if (!rsyslogAvailable()) return; // the suite below is skipped, saying why
  prosody = await startProsody();
  for (const u of ['alice', 'bob', 'carol']) prosody.addUser(u, `${u}-pass-1`);
  // The retention server's own XMPP account: devices enroll through it before their batches are taken.
  prosody.addUser('retention', 'retention-pass-1');
  rsyslog = await startRsyslog();
  dir = mkdtempSync(join(tmpdir(), 'aim-central-server-'));
  writeFileSync(join(dir, 'xmpp-password'), 'retention-pass-1\n', { mode: 0o600 });
  db = `sqlite:${join(dir, 'retention.db')}`;
  const store = await openStore(db);
  for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) tokens[role] = (await createToken(store, role, `${role}-central`)).token;
  // The expected hash is the hash of policy A as the client computes it (RetentionServerUrl is part of it,
  // so it is computed again once the server's URL is known, below).
  rs = await startServer({
    store,
    signingKeyFile: join(dir, 'signing-key.pem'),
    host: '127.0.0.1',
    port: 0,
    logLevel: false,
    treeHeads: { everyRecords: 1000, everyMs: 0 },
    xmpp: { jid: `retention@${prosody.domain}`, passwordFile: join(dir, 'xmpp-password'), host: 'localhost', port: prosody.port, caFile: prosody.certs.caFile },
    centralAudit: {
      config: { expectedPolicyHashes: [], groups: [{ group: 'Finance', match: prosody.domain }], signEvery: 5 },
      siem: { url: `tls://localhost:${rsyslog.port}`, caFile: rsyslog.certs.caFile, format: 'json', intervalMs: 200, settleMs: 500 },
    },
  });
  rs.central.audit.config.expectedPolicyHashes.push(provider(policyValues(POLICY_A)).current().hash);
}, SLOW);

afterAll(async () => {
  await rs?.close().catch(() => undefined);
  await rsyslog?.close();
  await prosody?.stop();
});

describe.skipIf(!rsyslogAvailable())('central audit: client events, fleet, reports, SIEM (needs rsyslog and rsyslog-gnutls)', () => {
  let deviceA = '';
  let deviceB = '';

  it('events from the real client core arrive with the right device, account, client version and policy hash', async () => {
    const a = client('alice', POLICY_A);
    expect((await a.signIn()).phase).toBe('online');
    await a.core.handlers['notice:acknowledge']({});
    const bob = `bob@${prosody.domain}`;
    expect((await a.core.handlers['chat:send']({ to: bob, body: `Budget meeting moved to 3pm ${MARK.plain}` })).status).toBe('sent');
    expect((await a.core.handlers['chat:send']({ to: bob, body: `Her SSN is 536-22-8147 ${MARK.blocked}` })).status).toBe('refused');
    // A marking as a marking (issue 16: an upper-case word used as an adjective no longer counts).
    const warned = `CONFIDENTIAL: board draft ${MARK.warned}`;
    expect((await a.core.handlers['chat:send']({ to: bob, body: warned })).status).toBe('needs-justification');
    expect((await a.core.handlers['chat:send']({ to: bob, body: warned, justification: `Board secretary asked for it ${MARK.justification}` })).status).toBe('sent');
    deviceA = a.journal.deviceId ?? '';
    expect(deviceA).not.toBe('');
    // The journal reaches the server too (control: the markers do travel, as records).
    await waitFor(async () => {
      const r = await api(`/v1/records?participant=${encodeURIComponent(`alice@${prosody.domain}`)}`, tokens.auditor);
      return r.status === 200 && r.text.includes(MARK.warned) && r.text.includes(MARK.plain);
    }, { timeoutMs: 60_000, what: 'alice’s records on the retention server' });
    await a.core.shutdown();

    const b = client('carol', POLICY_B);
    await b.signIn();
    deviceB = b.journal.deviceId ?? '';
    await b.core.shutdown();

    const res = await api(`/v1/events?deviceId=${encodeURIComponent(deviceA)}&limit=1000`, tokens.admin);
    expect(res.status).toBe(200);
    const events = (res.json().events as StoredEvent[]) ?? [];
    const start = events.find((e) => e.type === 'session-start');
    // Posted after the journal enrolled the device: signed with the device key, so the device is proven.
    expect(start).toMatchObject({
      deviceId: deviceA,
      deviceVerified: true,
      jid: `alice@${prosody.domain}`,
      clientVersion: CLIENT_VERSION,
      policyHash: a.policy.current().hash,
      policyVersion: '2026.1',
      policyReviewedOn: today,
      reviewOverdue: false,
    });
    expect(events.find((e) => e.type === 'dlp-block')).toMatchObject({ fields: { action: 'block', types: 'US_SSN' } });
    expect(events.find((e) => e.type === 'dlp-override')).toMatchObject({ fields: { action: 'warn', types: 'CLASSIFICATION' } });
    const carol = (await api(`/v1/events?deviceId=${encodeURIComponent(deviceB)}`, tokens.admin)).json().events as StoredEvent[];
    expect(carol.find((e) => e.type === 'session-start')).toMatchObject({ jid: `carol@${prosody.domain}`, policyHash: b.policy.current().hash, reviewOverdue: true });
    expect(carol.find((e) => e.type === 'policy-review-overdue')).toMatchObject({ policyReviewedOn: '2024-01-15', fields: { ageDays: expect.any(Number) } });
    expect(events.find((e) => e.type === 'policy-review-overdue')).toBeUndefined(); // control: reviewed today
    expect(events.find((e) => e.type === 'session-end')).toMatchObject({ jid: `alice@${prosody.domain}` });
    // The fleet token may post but not read; legal has no fleet right.
    expect((await api('/v1/events', tokens.client)).status).toBe(403);
    expect((await api('/v1/fleet', tokens.legal)).status).toBe(403);
  }, SLOW);

  it('the fleet view flags an old client version and a policy hash other than the expected one', async () => {
    // A device still on an older release (its feed, as that release posts it).
    const legacy = await api('/v1/events', tokens.client, {
      method: 'POST',
      body: { events: [{ type: 'session-start', at: new Date().toISOString(), eventId: 'e1', deviceId: 'legacy-device', account: `bob@${prosody.domain}`, clientVersion: '0.0.9', policyHash: rs.central.audit.config.expectedPolicyHashes[0], policyVersion: '2026.1', password: 'hunter2', body: MARK.plain }] },
    });
    expect(legacy.status).toBe(200);
    expect(legacy.json()).toMatchObject({ stored: 1, redactedFields: 2 });
    // A device header with a signature that is not the device's is refused, and nothing is stored.
    const forged = await fetch(`${rs.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.client}`, 'content-type': 'application/json', 'x-aim-device': deviceA, 'x-aim-signature': Buffer.alloc(64, 1).toString('base64') },
      body: JSON.stringify({ events: [{ type: 'session-start', at: new Date().toISOString(), eventId: 'forged', clientVersion: '9.9.9' }] }),
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ reason: 'bad-signature' });
    // Nor may the fleet token alone speak for an enrolled device.
    const unsigned = await api('/v1/events', tokens.client, { method: 'POST', body: { events: [{ type: 'session-start', at: new Date().toISOString(), eventId: 'unsigned', deviceId: deviceA, clientVersion: '9.9.9' }] } });
    expect(unsigned.status).toBe(403);
    expect(unsigned.json()).toMatchObject({ reason: 'signature-required' });
    expect(((await api(`/v1/events?deviceId=${encodeURIComponent(deviceA)}&limit=1000`, tokens.admin)).json().events as StoredEvent[]).some((e) => e.clientVersion === '9.9.9')).toBe(false);

    const fleet = await api('/v1/fleet', tokens.admin);
    expect(fleet.status).toBe(200);
    const devices = fleet.json().devices as FleetDevice[];
    const byId = new Map(devices.map((d) => [d.deviceId, d]));
    expect(byId.get(deviceA)).toMatchObject({ jid: `alice@${prosody.domain}`, clientVersion: CLIENT_VERSION, policyVersion: '2026.1', oldVersion: false, runsExpectedPolicy: true, reviewOverdue: false });
    expect(byId.get(deviceA)?.lastSeen).toMatch(/^\d{4}-/);
    expect(typeof byId.get(deviceA)?.backlog).toBe('number');
    expect(byId.get(deviceB)).toMatchObject({ jid: `carol@${prosody.domain}`, oldVersion: false, runsExpectedPolicy: false, reviewOverdue: true });
    expect(byId.get('legacy-device')).toMatchObject({ clientVersion: '0.0.9', oldVersion: true, runsExpectedPolicy: true, deviceVerified: false });
    expect(byId.get(deviceA)?.deviceVerified).toBe(true);

    const ids = async (q: string) => ((await api(`/v1/fleet?${q}`, tokens.auditor)).json().devices as FleetDevice[]).map((d) => d.deviceId).sort();
    expect(await ids('policyDiffers=true')).toEqual([deviceB]);
    expect(await ids('oldVersion=true')).toEqual(['legacy-device']);
    expect(await ids('notSeenDays=1')).toEqual([]);
    expect((await ids('notSeenDays=0')).length).toBeGreaterThanOrEqual(3);
    expect((await api('/v1/fleet?notSeenDays=soon', tokens.admin)).status).toBe(400);
    const html = await api('/v1/fleet.html?policyDiffers=true', tokens.records);
    expect(html.status).toBe(200);
    expect(html.text).toContain(deviceB);
    expect(html.text).not.toContain(deviceA);
  }, SLOW);

  it('DLP report: counts by type, rule, action and group; justifications only for roles that may read content', async () => {
    const asAdmin = await api('/v1/reports/dlp?bucket=month', tokens.admin);
    expect(asAdmin.status).toBe(200);
    const r = asAdmin.json() as { totals: Record<string, Record<string, number>>; overrides: unknown; events: { eventType: string; group: string }[]; series: unknown[] };
    expect(r.totals.byEventType).toMatchObject({ 'dlp-block': 1, 'dlp-override': 1 });
    expect(r.totals.byType).toMatchObject({ US_SSN: 1, CLASSIFICATION: 1 });
    expect(r.totals.byAction).toMatchObject({ block: 1, warn: 1 });
    expect(r.totals.byGroup).toMatchObject({ Finance: 2 });
    expect(r.series.length).toBeGreaterThan(0);
    expect(r.overrides).toEqual({ count: 1, justificationsVisible: false });
    expect(asAdmin.text).not.toContain(MARK.justification);
    const filtered = (await api('/v1/reports/dlp?action=block', tokens.admin)).json() as { total: number };
    expect(filtered.total).toBe(1);

    const asRecords = await api('/v1/reports/dlp', tokens.records);
    const overrides = asRecords.json().overrides as { justification: string; sender: string }[];
    expect(overrides).toHaveLength(1);
    expect(overrides[0]?.justification).toContain(MARK.justification);
    const page = await api('/v1/reports/dlp.html', tokens.records);
    expect(page.text).toContain(MARK.justification);
    expect(page.text).toContain('By department or group');
  }, SLOW);

  it('yearly review report: policy in force, client versions, notice acknowledgements, totals, access audit by role', async () => {
    const res = await api('/v1/review-report', tokens.auditor);
    expect(res.status).toBe(200);
    const r = res.json() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const hashes = (r.policy.inForce as { policyHash: string }[]).map((p) => p.policyHash);
    expect(hashes).toContain(rs.central.audit.config.expectedPolicyHashes[0]);
    expect(hashes.length).toBeGreaterThanOrEqual(2);
    expect((r.clientVersions as { clientVersion: string }[]).map((v) => v.clientVersion).sort()).toEqual(['0.0.9', CLIENT_VERSION].sort());
    expect(r.noticeAcknowledgements).toEqual([expect.objectContaining({ jid: `alice@${prosody.domain}`, count: 1 })]);
    expect(r.dlp).toMatchObject({ total: 2 });
    expect(r.retention.byKind).toMatchObject({ message: 2, 'notice-ack': 1 });
    expect(r.disposition).toMatchObject({ available: true, proposed: 0, approved: 0, destroyed: 0, holdsInForce: 0 });
    expect((r.accessAudit as { role: string }[]).map((a) => a.role)).toEqual(expect.arrayContaining(['admin', 'auditor', 'records']));
    const html = await api('/v1/review-report.html', tokens.admin);
    expect(html.status).toBe(200);
    expect(html.text).toContain('Approved IM yearly review');
    expect(html.text).toContain('Dispositions approved (two people)');
  }, SLOW);

  it('SIEM: every client event and access-audit entry reaches rsyslog over TLS, across a collector restart', async () => {
    const forwarded = () => {
      const seen = { client: new Set<number>(), access: new Set<number>() };
      for (const line of rsyslog.lines()) {
        const m = /\[approvedim@32473 source="(client|access)" id="(\d+)"\]/.exec(line);
        if (m) seen[m[1] as 'client' | 'access'].add(Number(m[2]));
      }
      return seen;
    };
    const expected = async () => {
      const size = (await rs.central.audit.log.treeState()).size;
      const audit = await rs.central.audit.store.listAudit({ limit: 100_000 });
      return { client: size, access: audit.map((a) => a.id) };
    };
    const allArrived = async () => {
      const want = await expected();
      const got = forwarded();
      return want.client > 0 && [...Array(want.client).keys()].every((i) => got.client.has(i)) && want.access.every((id) => got.access.has(id));
    };
    await waitFor(allArrived, { timeoutMs: 30_000, what: 'every event at the collector' });
    const before = await expected();

    await rsyslog.stop();
    // While the collector is down: more client events, and more access-audit entries.
    const c = client('carol', POLICY_B);
    await c.signIn();
    await c.core.shutdown();
    expect((await api('/v1/fleet', tokens.admin)).status).toBe(200);
    expect((await api('/v1/audit', tokens.auditor)).status).toBe(200);
    const during = await expected();
    expect(during.client).toBeGreaterThan(before.client);
    expect(during.access.length).toBeGreaterThan(before.access.length);
    await new Promise((r) => setTimeout(r, 1500));

    await rsyslog.start();
    await waitFor(allArrived, { timeoutMs: 60_000, what: 'the events queued during the outage at the collector' });

    const lines = rsyslog.lines();
    const sample = lines.find((l) => l.startsWith('session-start '));
    expect(sample).toBeDefined();
    const payload = JSON.parse(sample!.slice(sample!.indexOf('] ') + 2)) as Record<string, unknown>;
    expect(payload).toMatchObject({ source: 'client', type: 'session-start', clientVersion: expect.any(String), policyHash: expect.any(String) });
  }, SLOW);

  it('no client event, access-audit entry or forwarded message contains a message body, value or justification', async () => {
    const store = rs.central.audit.store as SqliteStore;
    const stored = await store.exclusive((d) =>
      JSON.stringify([
        d.prepare('SELECT * FROM client_events').all(),
        d.prepare('SELECT * FROM event_tree_heads').all(),
        d.prepare('SELECT * FROM audit').all(),
        d.prepare('SELECT * FROM siem_cursors').all(),
      ]),
    );
    const forwarded = rsyslog.lines().join('\n');
    expect(stored).toContain('session-start'); // control: this is where the events are
    expect(forwarded).toContain('dlp-override');
    for (const text of [stored, forwarded]) {
      for (const m of [...Object.values(MARK), '536-22-8147', 'hunter2', tokens.client]) expect(text).not.toContain(m);
    }
    // Control: the bodies are retained, as records, where content roles may read them.
    const records = await api(`/v1/records?participant=${encodeURIComponent(`alice@${prosody.domain}`)}`, tokens.records);
    expect(records.text).toContain(MARK.plain);
    expect(records.text).not.toContain(MARK.blocked);
  }, SLOW);

  it('verify checks the client events tree and names an altered event', async () => {
    await rs.close();
    const verify = async () => {
      try {
        const r = await run('npx', ['tsx', 'server/cli.ts', 'verify', '--db', db, '--signing-key', join(dir, 'signing-key.pem')], { cwd: ROOT, encoding: 'utf8' });
        return { code: 0, out: r.stdout };
      } catch (err) {
        const e = err as { code: number; stdout: string };
        return { code: e.code, out: e.stdout };
      }
    };
    const ok = await verify();
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Store intact: .*client events, \d+ signed events heads verified/);
    const raw = await openStore(db);
    await (raw as SqliteStore).exclusive((d) => {
      d.exec('DROP TRIGGER client_events_no_update');
      d.prepare("UPDATE client_events SET event_json = replace(event_json, 'US_SSN', 'NONE') WHERE type = 'dlp-block'").run();
    });
    await raw.close();
    const bad = await verify();
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/INTEGRITY FAILURE: client event .* has been altered/);
    expect(bad.out).toContain('client_events_no_update');
  }, SLOW);
});
