import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startProsody, type ProsodyServer } from '../support/prosody';
import { makeCore } from '../support/clientHarness';
import { startWebHostProcess, type RunningWebHost } from '../support/webHost';
import { launchChromium, seriousA11yViolations } from '../support/browser';
import { signInThroughUi } from '../support/ui';

/**
 * Everyday IM through the UI (issue 7): rooms, corrections, read markers and contacts, with the other
 * participants played by scripts on a real Prosody.
 */
let server: ProsodyServer;
let web: RunningWebHost;
let browser: Browser;
let page: Page;
const scripts: ReturnType<typeof makeCore>[] = [];
const jid = (u: string) => `${u}@${server.domain}`;

async function script(user: string) {
  const c = makeCore(server);
  scripts.push(c);
  await c.core.handlers['session:signIn']({ address: jid(user), password: `${user}-pass-1`, remember: false });
  return c;
}

beforeAll(async () => {
  server = await startProsody();
  for (const u of ['alice', 'bob', 'carol']) server.addUser(u, `${u}-pass-1`);
  web = await startWebHostProcess(server.policyFile({ MessageCorrectionAllowed: true }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(web.url);
  await signInThroughUi(page, jid('alice'), 'alice-pass-1');
});

afterAll(async () => {
  for (const s of scripts) await s.core.shutdown().catch(() => {});
  await browser?.close();
  await web?.stop();
  await server?.stop();
});

describe('everyday IM through the web host', () => {
  it('joins a room with "Join room", chats there, and sees a mention from a script participant', async () => {
    const room = `ops-${Date.now()}@${server.mucDomain}`;
    const bob = await script('bob');
    await page.getByRole('button', { name: 'Join room' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Room address' }).fill(room);
    await dialog.getByRole('button', { name: 'Join' }).click();
    const log = page.getByRole('log');
    await log.waitFor();
    await bob.core.handlers['room:join']({ room, nick: 'Bob' });
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Morning all, stand-up in 5');
    await page.getByRole('button', { name: 'Send' }).click();
    await bob.waitForEvent('chat:message', (m) => m.conversation === room && m.body === 'Morning all, stand-up in 5');
    await bob.core.handlers['chat:send']({ to: room, body: 'alice can you share the agenda?' });
    await log.getByText('alice can you share the agenda?').waitFor();
    // The mention is highlighted.
    await expect(log.locator('.msg-mention').filter({ hasText: 'alice can you share the agenda?' }).count()).resolves.toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screens/e2e-room.png' });
  });

  it('corrects a sent message (the peer sees it edited) and shows read state from markers', async () => {
    const carol = await script('carol');
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Address' }).fill(jid('carol'));
    await page.getByRole('dialog').getByRole('button', { name: 'Start chat' }).click();
    const log = page.getByRole('log');
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('The hearing is on Tuesday');
    await composer.press('Enter');
    const first = await carol.waitForEvent('chat:message', (m) => m.body === 'The hearing is on Tuesday');
    // Edit the last message: Up arrow in the empty composer, as in Teams/Slack (once it shows as sent).
    await log.getByText('The hearing is on Tuesday').waitFor();
    // Only a message past "Sending" can be edited: wait for its delivery state (Carol has it, so the
    // receipt is on its way; on a loaded machine the state event can trail the text).
    await log.getByText(/^(Sent|Delivered|Read)$/).first().waitFor();
    await expect.poll(() => composer.inputValue()).toBe('');
    await composer.press('ArrowUp');
    await page.getByText(/Cancel editing/).first().waitFor();
    await composer.fill('The hearing is on Wednesday');
    await composer.press('Enter');
    const edited = await carol.waitForEvent('chat:message', (m) => m.id === first.id && m.edited === true);
    expect(edited.body).toBe('The hearing is on Wednesday');
    await log.getByText('The hearing is on Wednesday').waitFor();
    await log.getByText('(edited)').first().waitFor();
    // Carol reads it: a read marker (XEP-0333) comes back and the UI says "Read".
    await carol.core.handlers['chat:open']({ jid: jid('alice') });
    await carol.core.handlers['chat:markRead']({ jid: jid('alice') });
    await log.getByText('Read', { exact: true }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: '.tmp/screens/e2e-edited-read.png' });
  });

  it('accepts a contact request and shows the new contact with presence', async () => {
    const bob = scripts[0]!;
    await bob.core.handlers['contact:add']({ jid: jid('alice'), name: 'Alice' });
    await page.getByRole('button', { name: /Accept/ }).first().click();
    await bob.waitForEvent('roster:changed', (list) => list.some((c) => c.jid === jid('alice') && (c.subscription === 'to' || c.subscription === 'both')));
    // Alice's client asks back; Bob's script accepts, so each sees the other's presence.
    await bob.waitForEvent('contact:request', (r) => r.jid === jid('alice'));
    await bob.core.handlers['contact:respond']({ jid: jid('alice'), accept: true });
    await bob.core.handlers['presence:set']({ show: 'away', status: 'At the capitol' });
    await page.getByText('At the capitol').first().waitFor({ timeout: 15_000 });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: '.tmp/screens/e2e-contacts.png' });
  });
});
