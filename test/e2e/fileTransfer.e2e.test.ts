/**
 * Text only, through the real UI: the web host (same core and renderer as the app) in Debian's Chromium,
 * a real Prosody, and a real peer (python3-slixmpp) that tries every file-transfer path. Paste and drop
 * use real DataTransfer objects with real File objects dispatched on the composer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { startWebHostProcess, type RunningWebHost } from '../support/webHost';
import { signInThroughUi } from '../support/ui';
import { launchChromium } from '../support/browser';
import { runPeer, type PeerResult } from '../peers/runPeer';
import { filesContaining, listTree } from '../peers/diskCheck';

let server: ProsodyServer;
let web: RunningWebHost;
let browser: Browser;
let page: Page;
let dataDir: string;
let peerDir: string;
let offered: string;
const downloads: string[] = [];
const marker = `APPROVED-IM-MARKER-${randomUUID()}`;
const startedAt = Date.now();
const shots = '.tmp/screens';
const peerJid = () => `peer@${server.domain}`;

const signIn = signInThroughUi;

/** Dispatches a paste or drop carrying a real DataTransfer on the composer; returns whether it was cancelled. */
async function dispatchTransfer(p: Page, kind: 'paste' | 'drop', content: { files?: { name: string; type: string; text: string }[]; data?: Record<string, string> }, selector = 'textarea[aria-label="Message"]') {
  return p.evaluate(
    ({ kind, content, selector }) => {
      const dt = new DataTransfer();
      for (const f of content.files ?? []) dt.items.add(new File([f.text], f.name, { type: f.type }));
      for (const [type, value] of Object.entries(content.data ?? {})) dt.setData(type, value);
      const target = document.querySelector(selector) as HTMLElement;
      const ev = kind === 'paste' ? new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }) : new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
      if (kind === 'drop') target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(ev);
      return ev.defaultPrevented;
    },
    { kind, content, selector },
  );
}

const composer = () => page.getByRole('textbox', { name: 'Message' });
const alert = () => page.getByRole('alert').filter({ hasText: /Policy 630-04|text only|can't be sent|can’t be sent/i }).first();
async function dismissAlerts() {
  for (const b of await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).all()) await b.click().catch(() => undefined);
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startProsody({ httpUpload: true });
  server.addUser('alice', 'alice-pass-1');
  server.addUser('peer', 'peer-pass-1');
  peerDir = mkdtempSync(join(tmpdir(), 'aim-peer-'));
  offered = join(peerDir, 'site-photos.pdf');
  writeFileSync(offered, `%PDF-1.4\n% ${marker}\n${'0123456789'.repeat(200)}\n%%EOF\n`);
  dataDir = mkdtempSync(join(tmpdir(), 'aim-web-data-'));
  web = await startWebHostProcess(server.policyFile(), ['--data-dir', dataDir]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: false });
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.goto(web.url);
  await signIn(page, `alice@${server.domain}`, 'alice-pass-1');
  await page.getByRole('button', { name: 'New chat' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Address' }).fill(peerJid());
  await dialog.getByRole('button', { name: 'Start chat' }).click();
  await page.getByRole('log').waitFor();
  await composer().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await server?.stop();
});

describe('text only in the UI (web host + Chromium + real Prosody + slixmpp peer)', () => {
  it('has no attach, upload or file control anywhere', async () => {
    expect(await page.locator('input[type=file]').count()).toBe(0);
    expect(await page.getByRole('button', { name: /attach|upload|file|photo|image|picture/i }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /attach|upload|file|download/i }).count()).toBe(0);
    expect(await page.locator('[download]').count()).toBe(0);
  });

  it('refuses pasted files and images with an alert, and turns pasted HTML into plain text', async () => {
    await composer().fill('');
    expect(await dispatchTransfer(page, 'paste', { files: [{ name: 'budget.pdf', type: 'application/pdf', text: '%PDF-1.4 fake' }] })).toBe(true);
    await alert().waitFor();
    expect(await composer().inputValue()).toBe('');
    await dismissAlerts();

    expect(await dispatchTransfer(page, 'paste', { files: [{ name: 'screenshot.png', type: 'image/png', text: '\x89PNG\r\n\x1a\n' }] })).toBe(true);
    await alert().waitFor();
    expect(await composer().inputValue()).toBe('');
    await dismissAlerts();

    expect(await dispatchTransfer(page, 'paste', { data: { 'text/html': '<p><b>Budget</b> review <a href="https://example.gov/x">moved</a></p><img src="data:image/png;base64,iVBORw0KGgo=">' } })).toBe(true);
    await expect.poll(() => composer().inputValue()).toBe('Budget review moved');
    await composer().fill('');
  });

  it('refuses dropped files on the composer and swallows them anywhere else in the window', async () => {
    expect(await dispatchTransfer(page, 'drop', { files: [{ name: 'plan.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', text: 'PK\x03\x04' }] })).toBe(true);
    await alert().waitFor();
    expect(await composer().inputValue()).toBe('');
    await dismissAlerts();
    // Outside the composer the window never opens the file (no navigation to file://).
    const url = page.url();
    expect(await dispatchTransfer(page, 'drop', { files: [{ name: 'x.pdf', type: 'application/pdf', text: '%PDF' }] }, 'body')).toBe(true);
    expect(page.url()).toBe(url);
  });

  it('refuses text that is an encoded file (base64 PDF, data: URI), saying why, and sends nothing', async () => {
    const pdf64 = Buffer.from(`%PDF-1.4\n% ${marker}\n1 0 obj\n<< >>\nendobj\n`).toString('base64');
    for (const body of [`the report: ${pdf64}`, 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7']) {
      await composer().fill(body);
      await composer().press('Enter');
      await page.getByRole('alert').filter({ hasText: /Policy 630-04 allows text messages only/ }).first().waitFor();
      expect(await page.getByRole('log').getByText(body).count()).toBe(0);
      await page.screenshot({ path: `${shots}/e2e-encoded-binary-refused.png` });
      await dismissAlerts();
    }
    await composer().fill('');
  });

  it('refuses every offer from a real peer, shows file links as text with the notice, and writes nothing', async () => {
    const dataBefore = listTree(dataDir);
    const results: PeerResult[] = [];
    let ready!: () => void;
    const online = new Promise<void>((r) => (ready = r));
    const run = runPeer({
      server,
      local: 'peer',
      password: 'peer-pass-1',
      target: 'wait-for-message',
      actions: ['si', 'ibb', 's5b', 'oob-iq', 'jingle', 'oob-message', 'upload', 'sims', 'sfs', 'text'],
      file: offered,
      onResult: (r) => {
        results.push(r);
        if (r.action === 'ready') ready();
      },
    });
    await online;
    // The peer learns our full JID from a message, as a real contact would.
    await composer().fill('Hi, please send the site photos');
    await composer().press('Enter');
    const { results: byAction, trapHits } = await run;

    expect(byAction.get('si')).toMatchObject({ outcome: 'error', condition: 'forbidden' });
    expect(byAction.get('ibb')).toMatchObject({ outcome: 'error', condition: 'not-acceptable' });
    expect(byAction.get('s5b')).toMatchObject({ outcome: 'error', condition: 'not-acceptable' });
    expect(byAction.get('oob-iq')).toMatchObject({ outcome: 'error', condition: 'not-acceptable' });
    expect(byAction.get('jingle')).toMatchObject({ outcome: 'terminated', ackType: 'result', jingleAction: 'session-terminate', sidMatches: true });
    expect((byAction.get('jingle')!.reasons as string[])[0]).toBe('decline');

    const log = page.getByRole('log');
    for (const a of ['oob-message', 'upload', 'sims', 'sfs']) {
      const body = byAction.get(a)!.body as string;
      const row = log.locator('.msg-body', { hasText: body }).first();
      await row.waitFor({ timeout: 20_000 });
      // Shown as text, with the notice beside it; never a link.
      const bubble = log.locator('.bubble', { has: page.locator('.msg-body', { hasText: body }) }).first();
      await expect.poll(() => bubble.innerText()).toContain('File sharing is blocked by policy');
      expect(await bubble.locator('a').count()).toBe(0);
    }
    await log.getByText('plain text from the peer').waitFor();
    const plainBubble = log.locator('.bubble', { has: page.locator('.msg-body', { hasText: 'plain text from the peer' }) }).first();
    expect(await plainBubble.innerText()).not.toContain('File sharing is blocked by policy');
    expect(await log.locator('a').count()).toBe(0);
    await page.screenshot({ path: `${shots}/e2e-file-sharing-notice.png` });

    // Clicking a file link does nothing: no navigation, no download.
    const url = page.url();
    await log.locator('.msg-body', { hasText: byAction.get('upload')!.body as string }).first().click();
    await new Promise((r) => setTimeout(r, 500));
    expect(page.url()).toBe(url);
    expect(downloads).toEqual([]);
    expect(trapHits).toEqual([]);

    // Nothing on disk: the web host's data directory has the same files, and the offered file's bytes
    // are in no file under tmp (browser profile and cache included) except Prosody's own upload store.
    expect(listTree(dataDir)).toEqual(dataBefore);
    expect(filesContaining(marker, startedAt, [server.dir, peerDir])).toEqual([]);
  });
});
