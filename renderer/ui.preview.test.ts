/**
 * The renderer in Debian's Chromium against the fake bridge (scripts/renderer-preview.ts): accessible
 * names from CONTRACTS.md, keyboard flows, and axe-core on every screen. Screenshots go to .tmp/screens/.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPreview, servePreview } from '../scripts/renderer-preview';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const screens = join(root, '.tmp', 'screens');
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
const outDir = join(tmpdir(), `approved-im-preview-${process.pid}`);

let browser: Browser;
let server: Server;
let baseUrl: string;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(screens, { recursive: true });
  const dir = await buildPreview(outDir);
  ({ server, url: baseUrl } = await servePreview(dir));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  rmSync(outDir, { recursive: true, force: true });
});

async function open(hash = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', locale: 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // CSP violations and React errors show up here; the favicon 404 does not matter.
    if (m.type() === 'error' && !m.text().includes('404')) problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${baseUrl}${hash ? `#${hash}` : ''}`);
  return page;
}

async function axe(page: Page, name: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${name}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(screens, `${name}.png`) });

async function signIn(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: 'Password' }).fill('correct horse');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'Online' }).count()).toBe(1);
}

async function openDana(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Dana Whitfield/ }).click();
  await page.getByRole('log', { name: 'Messages with Dana Whitfield' }).getByText('Open floor').waitFor();
}

const calls = (page: Page, channel: string) =>
  page.evaluate((c) => (window as unknown as { __fakeCalls: { channel: string; request: unknown }[] }).__fakeCalls.filter((x) => x.channel === c).map((x) => x.request), channel);

describe('renderer preview (Chromium + fake bridge)', () => {
  it('shows the configuration error naming each policy', async () => {
    const page = await open('config-error');
    await page.getByText('Configuration error — contact your administrator').waitFor();
    await expect.poll(() => page.getByText('XmppHost').count()).toBe(1);
    await expect.poll(() => page.getByText('RetentionServerUrl').count()).toBe(1);
    await shot(page, 'config-error');
    await axe(page, 'config error');
    // The administrator can still see the policy; there is no way on to sign-in.
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Policy' }).click();
    await page.getByRole('heading', { name: 'Policy' }).waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByText('Configuration error').first().waitFor();
    await page.context().close();
  });

  it('signs in with the contract names, shows errors as alerts, and explains a locked checkbox', async () => {
    const page = await open();
    const address = page.getByRole('textbox', { name: 'Address' });
    await expect.poll(() => address.inputValue()).toBe('alex.morgan@agency.example.gov');
    expect(await page.getByRole('checkbox', { name: 'Remember password' }).isEnabled()).toBe(true);
    await shot(page, 'sign-in');
    await axe(page, 'sign-in');

    await page.getByRole('textbox', { name: 'Password' }).fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Incorrect address or password');
    await shot(page, 'sign-in-error');
    await axe(page, 'sign-in error');
    await signIn(page);
    expect(await calls(page, 'session:signIn')).toEqual([
      { address: 'alex.morgan@agency.example.gov', password: '•', remember: false },
      { address: 'alex.morgan@agency.example.gov', password: '•', remember: false },
    ]);
    await page.context().close();

    const locked = await open('no-remember');
    const box = locked.getByRole('checkbox', { name: 'Remember password' });
    await box.waitFor();
    expect(await box.isDisabled()).toBe(true);
    expect(await box.evaluate((el) => el.getAttribute('aria-describedby') && document.getElementById(el.getAttribute('aria-describedby')!)?.textContent)).toContain(
      "doesn't allow saving passwords",
    );
    await shot(locked, 'sign-in-no-remember');
    await locked.context().close();
  });

  it('records notice comes before chatting; Acknowledge leads to the main screen', async () => {
    const page = await open('notice');
    await signIn(page);
    const ack = page.getByRole('button', { name: 'Acknowledge' });
    await ack.waitFor();
    expect(await page.getByText('Every message you send or receive is a public record', { exact: false }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'New chat' }).count()).toBe(0);
    await shot(page, 'records-notice');
    await axe(page, 'records notice');
    await ack.click();
    await page.getByRole('button', { name: 'New chat' }).waitFor();
    expect((await calls(page, 'notice:acknowledge')).length).toBe(1);
    await page.context().close();
  });

  it('main screen: status Online, contacts with presence and unread, policy page', async () => {
    const page = await open();
    await signIn(page);
    await page.getByRole('button', { name: /Marcus Lee/ }).waitFor();
    expect(await page.getByRole('button', { name: /Marcus Lee/ }).textContent()).toContain('2 unread messages');
    expect(await page.getByRole('button', { name: /Priya Raman/ }).textContent()).toContain('Do not disturb');
    await shot(page, 'main');
    await axe(page, 'main');

    // Own presence: a menu button, keyboard operable.
    const presence = page.getByRole('button', { name: /Your presence/ });
    await presence.focus();
    await page.keyboard.press('ArrowDown');
    const menu = page.getByRole('menu', { name: 'Set your presence' });
    await menu.waitFor();
    await shot(page, 'presence-menu');
    await axe(page, 'presence menu');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect.poll(() => menu.count()).toBe(0);
    expect(await presence.textContent()).toContain('Do not disturb');
    expect(await presence.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await calls(page, 'presence:set')).toEqual([{ show: 'dnd' }]);

    await page.getByRole('button', { name: 'Policy' }).click();
    await page.getByRole('heading', { name: 'Policy' }).waitFor();
    await page.getByText('AllowedContactDomains').waitFor();
    await shot(page, 'policy');
    await axe(page, 'policy');
    await page.getByRole('button', { name: 'Export' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: /Exported policy/ }).inputValue()).toContain('XmppDomain');
    await page.context().close();
  });

  it('conversation: log, Enter sends, Shift+Enter breaks the line, typing, delivery, unread', async () => {
    const page = await open('online');
    await openDana(page);
    expect(await calls(page, 'chat:markRead')).toContainEqual({ jid: 'dana.whitfield@agency.example.gov' });
    const log = page.getByRole('log', { name: 'Messages with Dana Whitfield' });
    expect(await log.getByText('File sharing is blocked by policy').count()).toBe(1);
    expect(await log.getByText('<script>alert(1)</script>', { exact: false }).count()).toBe(1);
    expect(await log.getByText('(edited)').count()).toBe(1);
    await shot(page, 'conversation');
    await axe(page, 'conversation');

    const box = page.getByRole('textbox', { name: 'Message' });
    await box.click();
    await page.keyboard.type('first line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    expect(await box.inputValue()).toBe('first line\nsecond line');
    expect(await calls(page, 'chat:send')).toEqual([]);
    expect(await calls(page, 'chat:setTyping')).toContainEqual({ to: 'dana.whitfield@agency.example.gov', state: 'composing' });
    await page.keyboard.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('');
    expect(await calls(page, 'chat:send')).toEqual([{ to: 'dana.whitfield@agency.example.gov', body: 'first line\nsecond line' }]);
    await log.getByText('second line').waitFor();
    await page.getByText('Dana Whitfield is typing…').waitFor();
    await shot(page, 'conversation-typing');
    await log.getByText('Sounds good.').waitFor();
    await expect.poll(() => log.getByText('Read', { exact: true }).count()).toBeGreaterThan(0);

    // A reply to a conversation that is not open counts as unread.
    await box.fill('Quick question');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('button', { name: /Marcus Lee/ }).click();
    await page.getByRole('log', { name: 'Messages with Marcus Lee' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: /Dana Whitfield/ }).textContent(), { timeout: 5000 }).toContain('1 unread message');
    await shot(page, 'unread');
    // The draft is kept per conversation.
    await page.getByRole('textbox', { name: 'Message' }).fill('draft for Marcus');
    await page.getByRole('button', { name: /Dana Whitfield/ }).click();
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('');
    await page.getByRole('button', { name: /Marcus Lee/ }).click();
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('draft for Marcus');
    await page.context().close();
  });

  it('older history loads on scrolling to the top; failed messages say so', async () => {
    const page = await open('online');
    await openDana(page);
    const log = page.getByRole('log', { name: 'Messages with Dana Whitfield' });
    for (let i = 0; i < 3; i += 1) {
      await log.evaluate((el) => (el.scrollTop = 0));
      await page.waitForTimeout(600);
    }
    expect((await calls(page, 'chat:loadOlder')).length).toBeGreaterThanOrEqual(2);
    await shot(page, 'conversation-older');
    await page.getByRole('button', { name: /Janet Okafor/ }).click();
    await page.getByRole('log', { name: 'Messages with Janet Okafor' }).getByText('Not delivered').waitFor();
    await shot(page, 'conversation-failed');
    await page.context().close();
  });

  it('refusals are alerts; a DLP warning asks for a justification and resends with it', async () => {
    const page = await open('online');
    await openDana(page);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('password: hunter2');
    await box.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('appears to contain a password');
    expect(await box.inputValue()).toBe('password: hunter2');

    // Files pasted into the composer are refused; HTML is reduced to text.
    await box.fill('');
    await box.evaluate((el) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], 'report.pdf', { type: 'application/pdf' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.getByRole('alert').textContent()).toBe("Files and images can't be sent: Policy 630-04 allows text only.Dismiss");
    await shot(page, 'composer-refused');
    await box.evaluate((el) => {
      const dt = new DataTransfer();
      dt.setData('text/html', '<p>Agenda <b>item</b></p>');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => box.inputValue()).toBe('Agenda item');

    await box.fill('Her SSN is 123-45-6789');
    await box.press('Enter');
    const justification = page.getByRole('textbox', { name: 'Justification' });
    await justification.waitFor();
    await shot(page, 'composer-justification');
    await axe(page, 'justification');
    await justification.fill('Benefits case 4411, requested by the claimant');
    await page.getByRole('button', { name: 'Send anyway' }).click();
    await page.getByRole('log').getByText('Her SSN is 123-45-6789').waitFor();
    expect((await calls(page, 'chat:send')).at(-1)).toEqual({
      to: 'dana.whitfield@agency.example.gov',
      body: 'Her SSN is 123-45-6789',
      justification: 'Benefits case 4411, requested by the claimant',
    });
    expect(await justification.count()).toBe(0);
    await page.context().close();
  });

  it('own messages can be corrected (Up arrow) and deleted, with the record kept', async () => {
    const page = await open('online');
    await openDana(page);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('my draft');
    await box.fill('');
    await box.press('ArrowUp');
    await page.getByText('Editing your message.').waitFor();
    expect(await box.inputValue()).toContain('stay plain text here');
    await shot(page, 'editing');
    await box.fill('Corrected: markup stays plain text.');
    await box.press('Enter');
    const log = page.getByRole('log');
    await log.getByText('Corrected: markup stays plain text.').waitFor();
    expect(await page.getByText('Editing your message.').count()).toBe(0);
    expect((await calls(page, 'chat:correct')).length).toBe(1);

    await box.press('ArrowUp');
    await box.press('Escape');
    expect(await page.getByText('Editing your message.').count()).toBe(0);
    expect(await box.inputValue()).toBe('');

    const del = log.getByRole('button', { name: 'Delete message' }).last();
    await del.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete message?' });
    await dialog.waitFor();
    await shot(page, 'delete-dialog');
    await axe(page, 'delete dialog');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await log.getByText('This message was deleted.').waitFor();
    expect((await calls(page, 'chat:retract')).length).toBe(1);
    await page.context().close();
  });

  it('New chat dialog works from the keyboard: validation, Escape, focus trap and return', async () => {
    const page = await open('online');
    const newChat = page.getByRole('button', { name: 'New chat' });
    await newChat.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New chat' });
    await dialog.waitFor();
    const address = dialog.getByRole('textbox', { name: 'Address' });
    expect(await address.evaluate((el) => el === document.activeElement)).toBe(true);
    await shot(page, 'new-chat-dialog');
    await axe(page, 'new chat dialog');

    await page.keyboard.type('not-an-address');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('name@domain');
    await shot(page, 'new-chat-invalid');
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await newChat.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    await address.waitFor();
    await page.keyboard.type('sam.fisher@agency.example.gov');
    await page.keyboard.press('Enter');
    await page.getByRole('log', { name: 'Messages with Sam Fisher' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Hello Sam');
    await page.keyboard.press('Enter');
    await page.getByRole('log').getByText('Hello Sam').waitFor();
    await shot(page, 'new-chat-conversation');
    await page.context().close();
  });

  it('Sign out asks about a saved password, then returns to sign-in', async () => {
    const page = await open('online,saved');
    await page.getByRole('button', { name: 'Sign out' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out?' });
    await dialog.waitFor();
    await shot(page, 'sign-out-dialog');
    await axe(page, 'sign-out dialog');
    await dialog.getByRole('checkbox', { name: 'Forget my saved password' }).check();
    await dialog.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await calls(page, 'session:signOut')).toEqual([{ forgetPassword: true }]);
    await page.context().close();
  });

  it('reconnecting and offline show in the status and as a banner', async () => {
    const page = await open('reconnecting');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Reconnecting…');
    await page.getByText('Connection lost.').waitFor();
    await shot(page, 'reconnecting');
    await axe(page, 'reconnecting');
    await page.context().close();
  });

  it('journal state: waiting records in the sidebar; a blocked spool is an alert', async () => {
    const page = await open('online,journal-pending');
    await page.getByText('12 records waiting to upload').waitFor();
    await page.context().close();
    const blocked = await open('online,journal-blocked');
    await expect.poll(() => blocked.getByRole('alert').textContent()).toContain('Sending is stopped.');
    await shot(blocked, 'journal-blocked');
    await axe(blocked, 'journal blocked');
    await blocked.context().close();
  });

  it('contact requests can be accepted; a chat partner outside the roster can be added', async () => {
    const page = await open('online,request');
    const accept = page.getByRole('button', { name: 'Accept Sam Fisher' });
    await accept.waitFor();
    await shot(page, 'contact-request');
    await axe(page, 'contact request');
    await accept.click();
    await expect.poll(() => accept.count()).toBe(0);
    expect(await calls(page, 'contact:respond')).toEqual([{ jid: 'sam.fisher@agency.example.gov', accept: true }]);
    await page.getByRole('button', { name: /Sam Fisher/ }).first().waitFor();

    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Address' }).fill('lee.chen@agency.example.gov');
    await page.getByRole('dialog').getByRole('button', { name: 'Start chat' }).click();
    await page.getByText('Not in your contacts').waitFor();
    await page.getByRole('button', { name: 'Add to contacts' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Add to contacts' }).count()).toBe(0);
    expect(await calls(page, 'contact:add')).toEqual([{ jid: 'lee.chen@agency.example.gov' }]);
    await page.context().close();
  });

  it('ran without page errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
