import { describe, expect, it } from 'vitest';
import { xml } from '@xmpp/client-core';
import { createMemoryAuditSink } from '../audit';
import type { CoreMessage } from '../xmpp/session';
import type { XmppElement } from '../xmpp/types';
import { FILE_SHARING_NOTICE, createFileSharingGuard, isUploadLink } from './fileLinks';
import { createTextOnlySendGate, UPLOAD_LINK_REFUSAL } from './sendGate';

const hosts = { uploadHosts: new Set(['upload.approved.test']) };

function message(body: string, ...payload: XmppElement[]): CoreMessage {
  const stanza = xml('message', { from: 'bob@approved.test/desk', type: 'chat', id: 'm1' }, xml('body', {}, body), ...payload);
  return {
    id: 'm1',
    originId: 'm1',
    conversation: 'bob@approved.test',
    conversationType: 'chat',
    direction: 'in',
    from: 'bob@approved.test',
    body,
    sentAt: new Date().toISOString(),
    state: 'received',
    stanza,
  };
}

describe('links into HTTP upload services', () => {
  it.each([
    'https://upload.approved.test/anything',
    'http://localhost:5280/file_share/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/report.pdf',
    'https://chat.example.org:5443/upload/8f3d1a2b7c9e0f1a2b3c4d5e6f708192a3b4c5d6/Xa9bC8dE7fG6hI5j/photo.jpg',
    'https://xmpp.example.net/httpfileupload/1b4e28ba-2fa1-11d2-883f-0016d3cca427/memo.docx',
    'https://upload.example.org/whatever.png',
    'https://share.example.org/x/y',
    'aesgcm://upload.example.org/abc/def.jpg#0123456789abcdef',
  ])('%s', (url) => expect(isUploadLink(url, hosts)).toBe(true));

  it.each([
    'https://www.example.gov/news/2024/budget',
    'https://example.org/upload/',
    'https://github.com/owner/repo/upload/main',
    'https://example.org/files/readme',
    'mailto:bob@example.gov',
    'not a url',
  ])('%s is an ordinary link', (url) => expect(isUploadLink(url, hosts)).toBe(false));
});

describe('inbound guard: notice, plain text, audited once', () => {
  const url = 'http://localhost:5280/file_share/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/report.pdf';
  it.each([
    ['OOB', 'oob', message(url, xml('x', { xmlns: 'jabber:x:oob' }, xml('url', {}, url)))],
    ['SIMS', 'sims', message('a file', xml('reference', { xmlns: 'urn:xmpp:reference:0', type: 'data', begin: '0', end: '6' }, xml('media-sharing', { xmlns: 'urn:xmpp:sims:1' }, xml('file', { xmlns: 'urn:xmpp:jingle:apps:file-transfer:5' }, xml('size', {}, '1234'), xml('media-type', {}, 'application/pdf')))))],
    ['stateless file sharing', 'file-sharing', message('shared', xml('file-sharing', { xmlns: 'urn:xmpp:sfs:0' }, xml('file', { xmlns: 'urn:xmpp:file:metadata:0' }), xml('sources', {}, xml('url-data', { xmlns: 'http://jabber.org/protocol/url-data', target: url }))))],
    ['a bare upload link', 'http-upload', message(`see ${url} please`)],
    ['an aesgcm link', 'http-upload', message('aesgcm://upload.example.org/a/b.jpg#00ff')],
    ['a file encoded as text', 'encoded-binary', message(`iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==`)],
  ])('%s', (_name, protocol, m) => {
    const audit = createMemoryAuditSink();
    const guard = createFileSharingGuard({ audit, uploadHosts: () => hosts.uploadHosts });
    const out = guard(m);
    expect(out.notice).toBe(FILE_SHARING_NOTICE);
    expect(out.body).toBe(m.body); // the text is kept, as text
    expect(audit.events).toEqual([expect.objectContaining({ type: 'refused-transfer', kind: 'refused-transfer', protocol, direction: 'in', action: 'notice', peer: 'bob@approved.test', stanzaId: 'm1' })]);
    expect(JSON.stringify(audit.events)).not.toContain(m.body);
    // History (MAM) is annotated the same way but not audited again.
    guard({ ...m, archived: true });
    expect(audit.events).toHaveLength(1);
  });

  it('records declared size and media type, never the file name', () => {
    const audit = createMemoryAuditSink();
    const guard = createFileSharingGuard({ audit, uploadHosts: () => new Set() });
    guard(message('x', xml('reference', { xmlns: 'urn:xmpp:reference:0', type: 'data' }, xml('media-sharing', { xmlns: 'urn:xmpp:sims:1' }, xml('file', { xmlns: 'urn:xmpp:jingle:apps:file-transfer:5' }, xml('name', {}, 'secret-plan.pdf'), xml('size', {}, '1234'), xml('media-type', {}, 'application/pdf'))))));
    expect(audit.events[0]).toMatchObject({ size: 1234, mediaType: 'application/pdf' });
    expect(JSON.stringify(audit.events)).not.toContain('secret-plan');
  });

  it('leaves ordinary messages alone', () => {
    const audit = createMemoryAuditSink();
    const guard = createFileSharingGuard({ audit, uploadHosts: () => hosts.uploadHosts });
    const m = message('The agenda is at https://www.example.gov/agenda and the room is 4B');
    expect(guard(m)).toBe(m);
    expect(audit.events).toEqual([]);
  });
});

describe('send gate (main, authoritative)', () => {
  it('refuses encoded files and links into our upload service, with a sentence, and audits', async () => {
    const audit = createMemoryAuditSink();
    const gate = createTextOnlySendGate({ audit, uploadLinks: () => hosts });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< >>\nendobj\n').toString('base64');
    await expect(gate.check({ to: 'bob@approved.test', body: `report: ${pdf}` })).resolves.toEqual({
      action: 'refuse',
      reason: expect.stringMatching(/^This message contains a base64-encoded PDF document\. Policy 630-04 allows text messages only/),
    });
    await expect(gate.check({ to: 'bob@approved.test', body: 'https://upload.approved.test/slot/x.pdf' })).resolves.toEqual({ action: 'refuse', reason: UPLOAD_LINK_REFUSAL });
    await expect(gate.check({ to: 'bob@approved.test', body: 'The agenda: https://www.example.gov/agenda' })).resolves.toEqual({ action: 'allow' });
    expect(audit.events.map((e) => [e.protocol, e.direction, e.action])).toEqual([
      ['encoded-binary', 'out', 'send-blocked'],
      ['http-upload', 'out', 'send-blocked'],
    ]);
  });
});
