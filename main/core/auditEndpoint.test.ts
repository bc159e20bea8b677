import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { centralAuditUrl, createCentralAuditWatch, createHttpAuditSink } from './auditEndpoint';
import { silentLogger } from './log';
import type { AuditEvent } from './audit';
import type { PolicyProvider } from './app';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function collector(): Promise<{ url: string; got: { path: string; headers: IncomingHttpHeaders; body: { events: Record<string, unknown>[] } }[] }> {
  const got: { path: string; headers: IncomingHttpHeaders; body: { events: Record<string, unknown>[] } }[] = [];
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(body) as { events: Record<string, unknown>[] } });
      res.writeHead(200).end('{}');
    });
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const addr = srv.address();
  return { url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`, got };
}

const policyOf = (values: Record<string, unknown>): PolicyProvider =>
  ({ current: () => ({ values, hash: 'hash-1' }), view: () => { throw new Error('unused'); } }) as unknown as PolicyProvider;

describe('central audit address', () => {
  it('defaults to the retention server’s events endpoint; an explicit AuditEndpointUrl wins; an unusable one is not replaced', () => {
    expect(centralAuditUrl({ RetentionServerUrl: 'https://records.agency.gov' })?.href).toBe('https://records.agency.gov/v1/events');
    expect(centralAuditUrl({ RetentionServerUrl: 'https://records.agency.gov/retention/' })?.href).toBe('https://records.agency.gov/retention/v1/events');
    expect(centralAuditUrl({ RetentionServerUrl: 'https://records.agency.gov', AuditEndpointUrl: 'https://siem.agency.gov/in' })?.href).toBe('https://siem.agency.gov/in');
    expect(centralAuditUrl({ RetentionServerUrl: 'https://records.agency.gov', AuditEndpointUrl: 'http://siem.agency.gov/in' })).toBeNull();
    expect(centralAuditUrl({})).toBeNull();
  });

  it('sends the retention token to the retention server only, with device id, event id and backlog', async () => {
    const retention = await collector();
    const other = await collector();
    for (const [target, extra] of [[retention, {}], [other, { AuditEndpointUrl: `${other.url}/collect` }]] as const) {
      const sink = createHttpAuditSink({
        policy: policyOf({ RetentionServerUrl: retention.url, RetentionServerToken: 'aimr_secret', PolicyVersion: '7', PolicyReviewedOn: '2000-01-01', ...extra }),
        account: () => 'alice@agency.gov',
        log: silentLogger,
        deviceId: () => 'device-1',
        backlog: () => 4,
        intervalMs: 60_000,
      });
      sink.record({ type: 'dlp-block', action: 'block' });
      await sink.close();
      const req = target.got.at(-1);
      expect(req?.body.events[0]).toMatchObject({ type: 'dlp-block', deviceId: 'device-1', backlog: 4, policyHash: 'hash-1', policyVersion: '7', reviewOverdue: true, account: 'alice@agency.gov', eventId: expect.any(String) });
      if (target === retention) {
        expect(req?.path).toBe('/v1/events');
        expect(req?.headers.authorization).toBe('Bearer aimr_secret');
      } else {
        expect(req?.path).toBe('/collect');
        expect(req?.headers.authorization).toBeUndefined();
      }
    }
  });

  it('reports fail-closed periods, an overdue review at sign-in, and sign-out with the account', () => {
    const events: AuditEvent[] = [];
    let t = Date.now();
    const watch = createCentralAuditWatch({ audit: { record: (e) => events.push(e) }, policy: policyOf({ PolicyReviewedOn: '2000-01-01' }), now: () => t });
    watch.sessionPhase('online', 'alice@agency.gov');
    watch.journalStatus({ state: 'pending', pending: 3, failMode: 'fail-closed' });
    watch.journalStatus({ state: 'blocked', pending: 900, failMode: 'fail-closed' });
    watch.journalStatus({ state: 'blocked', pending: 901, failMode: 'fail-closed' });
    t += 90_000;
    watch.journalStatus({ state: 'connected', pending: 0, failMode: 'fail-closed' });
    watch.sessionPhase('offline', '');
    expect(events.map((e) => e.type)).toEqual(['policy-review-overdue', 'journal-fail-closed', 'journal-fail-closed-ended', 'session-end']);
    expect(events[2]).toMatchObject({ seconds: 90 });
    expect(events[3]).toMatchObject({ account: 'alice@agency.gov' });
  });

  it('reports a runtime policy change with the new hash and version, until closed', () => {
    const events: AuditEvent[] = [];
    let listener: ((p: { values: Record<string, unknown>; hash: string }) => void) | undefined;
    const policy = { ...policyOf({}), onChange: (l: typeof listener) => ((listener = l), () => (listener = undefined)) } as unknown as PolicyProvider;
    const watch = createCentralAuditWatch({ audit: { record: (e) => events.push(e) }, policy });
    listener?.({ values: { PolicyVersion: '2027.1' }, hash: 'hash-2' });
    watch.close();
    expect(listener).toBeUndefined();
    expect(events).toEqual([{ type: 'policy-changed', policyHash: 'hash-2', policyVersion: '2027.1' }]);
  });
});
