import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { checkRetentionUrl, createHttpTransport, isLoopbackHost } from './transport';

describe('retention transport', () => {
  it('refuses plain http to any host but loopback', () => {
    for (const u of ['http://records.example.gov', 'http://10.0.0.5:8080', 'http://[2001:db8::1]/', 'http://127.0.0.1.example.gov/']) {
      expect(() => checkRetentionUrl(u), u).toThrow(/https/);
    }
    for (const u of ['https://records.example.gov', 'http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:9000', 'http://127.8.9.10/']) {
      expect(checkRetentionUrl(u).href).toBeTruthy();
    }
    expect(() => checkRetentionUrl('ftp://records.example.gov')).toThrow(/https/);
    expect(() => checkRetentionUrl('https://u:p@records.example.gov')).toThrow(/user name/);
    expect(() => createHttpTransport({ url: 'http://records.example.gov', token: 't' })).toThrow(/https/);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });

  it('posts the batch with the bearer token and idempotency key, and does not follow redirects', async () => {
    const seen: { auth?: string; key?: string; path?: string; body?: string }[] = [];
    const srv = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, key: String(req.headers['idempotency-key']), path: req.url, body });
        res.writeHead(302, { location: 'http://example.invalid/' }).end();
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    const t = createHttpTransport({ url: `http://127.0.0.1:${port}/base`, token: 'tok-123' });
    const res = await t.post({ batchId: 'b-1', records: [] as never });
    t.close();
    srv.close();
    expect(res.status).toBe(302);
    expect(seen).toEqual([{ auth: 'Bearer tok-123', key: 'b-1', path: '/base/v1/journal/batches', body: '{"batchId":"b-1","records":[]}' }]);
  });
});
