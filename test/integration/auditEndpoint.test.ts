import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { composeClient, staticPolicyProvider } from '../../main/core/compose';
import { createMemoryStore } from '../../main/core/credentials/credentialStore';
import { silentLogger } from '../../main/core/log';
import { CLIENT_VERSION } from '../../main/core/auditEndpoint';

let server: ProsodyServer;
let collector: Server;
const received: { events: Record<string, unknown>[] }[] = [];
let url = '';

beforeAll(async () => {
  server = await startProsody();
  server.addUser('alice', 'alice-pass-1');
  collector = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as { events: Record<string, unknown>[] });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', () => r()));
  const addr = collector.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/audit`;
});
afterAll(async () => {
  collector?.close();
  await server?.stop();
});

describe('central audit endpoint (AuditEndpointUrl)', () => {
  it('reports the client version and policy hash at sign-in, and audit events without message content', async () => {
    const policy = staticPolicyProvider(
      [{ level: 'mandatory-machine', source: 'test', values: { XmppDomain: server.domain, XmppHost: 'localhost', XmppPort: server.port, XmppCaCertificateFile: server.certs.caFile, AuditEndpointUrl: url, PolicyVersion: '2026.4' } }],
      { developmentBuild: true },
    );
    const { core } = composeClient({
      policy,
      credentials: createMemoryStore(),
      journalKeys: createMemoryStore(),
      dataDir: mkdtempSync(join(tmpdir(), 'aim-audit-')),
      log: silentLogger,
      deliver: () => {},
      isTrustedSender: () => true,
    });
    await core.handlers['session:signIn']({ address: `alice@${server.domain}`, password: 'alice-pass-1', remember: false });
    await core.handlers['notice:acknowledge']({});
    const res = await core.handlers['chat:send']({ to: `alice@${server.domain}`, body: 'card 4556 7375 8689 9855 exp 09/29 for the vendor' });
    expect(res.status).not.toBe('sent');
    await core.shutdown(); // flushes the feed
    const events = received.flatMap((r) => r.events);
    const start = events.find((e) => e.type === 'session-start');
    expect(start).toMatchObject({ clientVersion: CLIENT_VERSION, policyHash: policy.current().hash, policyVersion: '2026.4', account: `alice@${server.domain}` });
    expect(events.some((e) => String(e.type).startsWith('dlp-'))).toBe(true);
    expect(JSON.stringify(received)).not.toContain('8689');
  });
});
