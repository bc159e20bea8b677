import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCore } from '../support/clientHarness';
import { createDlpGate } from '../../main/core/dlp/gate';
import { silentLogger } from '../../main/core/log';
import type { AuditEvent } from '../../main/core/audit';

let server: ProsodyServer;
beforeAll(async () => {
  server = await startProsody();
  server.addUser('alice', 'alice-pass-1');
  server.addUser('bob', 'bob-pass-1');
});
afterAll(async () => {
  await server?.stop();
});

function withDlp(policy: Record<string, unknown> = {}) {
  const audit: AuditEvent[] = [];
  const c = makeCore(server, policy, (p) => ({
    sendGates: [createDlpGate({ policy: p, audit: { record: (e) => audit.push(e) }, log: silentLogger })],
  }));
  // What the real journal holds in its local spool (no retention server here).
  const journaled = () => c.journal.pending().filter((r) => r.direction === 'out' && r.kind !== 'notice-ack');
  return { ...c, audit, journaled };
}

describe('DLP on the send path (main decides, on the exact text)', () => {
  it('blocks an SSN, never sends it, and audits type/rule/action without the value', async () => {
    const a = withDlp();
    const b = makeCore(server);
    await a.core.handlers['session:signIn']({ address: `alice@${server.domain}`, password: 'alice-pass-1', remember: false });
    await b.core.handlers['session:signIn']({ address: `bob@${server.domain}`, password: 'bob-pass-1', remember: false });
    const res = await a.core.handlers['chat:send']({ to: `bob@${server.domain}`, body: 'Her SSN is 536-22-8147, please update the case' });
    expect(res.status).toBe('refused');
    expect(res.status === 'refused' && res.reason).toMatch(/Social Security number/);
    expect(a.journaled()).toHaveLength(0);
    expect(JSON.stringify(a.audit)).not.toContain('536-22-8147');
    expect(a.audit[0]).toMatchObject({ type: 'dlp-block', action: 'block', types: 'US_SSN' });
    await new Promise((r) => setTimeout(r, 500));
    expect(b.of('chat:message')).toHaveLength(0);
    await a.core.shutdown();
    await b.core.shutdown();
  });

  it('warns, sends only with a justification, and records the override', async () => {
    const a = withDlp({ DlpActions: { CLASSIFICATION: 'warn' } });
    const b = makeCore(server);
    await a.core.handlers['session:signIn']({ address: `alice@${server.domain}`, password: 'alice-pass-1', remember: false });
    await b.core.handlers['session:signIn']({ address: `bob@${server.domain}`, password: 'bob-pass-1', remember: false });
    const body = 'CONFIDENTIAL draft attached to the board packet, see page 2';
    const first = await a.core.handlers['chat:send']({ to: `bob@${server.domain}`, body });
    expect(first.status).toBe('needs-justification');
    const weak = await a.core.handlers['chat:send']({ to: `bob@${server.domain}`, body, justification: 'ok' });
    expect(weak.status).toBe('needs-justification');
    const sent = await a.core.handlers['chat:send']({ to: `bob@${server.domain}`, body, justification: 'Board secretary asked for the marking text' });
    expect(sent.status).toBe('sent');
    await b.waitForEvent('chat:message', (m) => m.body === body);
    expect(a.journaled().find((j) => j.kind === 'message')?.meta).toMatchObject({ dlpAction: 'warn', justification: 'Board secretary asked for the marking text' });
    expect(a.journaled().find((j) => j.kind === 'dlp-override')?.meta).toMatchObject({ findings: 'CLASSIFICATION' });
    expect(a.audit.find((e) => e.type === 'dlp-override')).toBeTruthy();
    await a.core.shutdown();
    await b.core.shutdown();
  });

  it('passes ordinary work chat untouched', async () => {
    const a = withDlp();
    await a.core.handlers['session:signIn']({ address: `alice@${server.domain}`, password: 'alice-pass-1', remember: false });
    const res = await a.core.handlers['chat:send']({ to: `bob@${server.domain}`, body: 'Ticket INC-204518 is fixed; call me at 334-555-0142 after 3' });
    expect(res.status).toBe('sent');
    expect(a.audit).toHaveLength(0);
    await a.core.shutdown();
  });
});
