/**
 * The renderer in Debian's Chromium against the fake bridge (scripts/renderer-preview.ts), screens and
 * flows around the conversation: accessible names from CONTRACTS.md, keyboard use, and axe-core on every
 * screen. Screenshots go to .tmp/screens/. The conversation itself: ui.conversation.preview.test.ts.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usePreview } from './previewKit';

const { open, shot, calls, poll, axe, preview } = usePreview();

async function signIn(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: 'Password' }).fill('correct horse');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await poll(() => page.getByRole('status').filter({ hasText: 'Online' }).count()).toBe(1);
}

describe('renderer preview: screens (Chromium + fake bridge)', () => {
  it('shows the configuration error naming each policy', async () => {
    const page = await open('config-error');
    await page.getByText('Configuration error — contact your administrator').waitFor();
    await poll(() => page.getByText('XmppHost').count()).toBe(1);
    await poll(() => page.getByText('RetentionServerUrl').count()).toBe(1);
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
    await poll(() => address.inputValue()).toBe('alex.morgan@agency.example.gov');
    expect(await page.getByRole('checkbox', { name: 'Remember password' }).isEnabled()).toBe(true);
    await shot(page, 'sign-in');
    await axe(page, 'sign-in');

    await page.getByRole('textbox', { name: 'Password' }).fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('Incorrect address or password');
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
    // Focus starts on the presence in effect (the checked item), not on the first one.
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-checked'))).toBe('true');
    await shot(page, 'presence-menu');
    await axe(page, 'presence menu');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await poll(() => menu.count()).toBe(0);
    expect(await presence.textContent()).toContain('Do not disturb');
    expect(await presence.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await calls(page, 'presence:set')).toEqual([{ show: 'dnd' }]);
    // Reopened, the menu starts on the checked item (now the last one), not the first.
    await page.keyboard.press('ArrowDown');
    await menu.waitFor();
    await poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Do not disturb');
    await page.keyboard.press('Escape');
    await poll(() => menu.count()).toBe(0);

    await page.getByRole('button', { name: 'Policy' }).click();
    await page.getByRole('heading', { name: 'Policy' }).waitFor();
    await page.getByText('AllowedContactDomains').waitFor();
    await shot(page, 'policy');
    await axe(page, 'policy');
    await page.getByRole('button', { name: 'Export' }).click();
    await poll(() => page.getByRole('textbox', { name: /Exported policy/ }).inputValue()).toContain('XmppDomain');
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
    await poll(() => page.getByRole('status').textContent()).toContain('Reconnecting…');
    await page.getByText('Connection lost.').waitFor();
    await shot(page, 'reconnecting');
    await axe(page, 'reconnecting');
    await page.context().close();
  });

  it('journal state: waiting records in the sidebar; a blocked spool is an alert', async () => {
    const page = await open('online,journal-pending');
    await page.getByText('12 records waiting to upload').waitFor();
    expect(await page.getByText('Receiving is paused.').count()).toBe(0);
    await page.context().close();
    const blocked = await open('online,journal-blocked');
    await poll(() => blocked.getByRole('alert').textContent()).toContain('Sending is stopped.');
    await shot(blocked, 'journal-blocked');
    await axe(blocked, 'journal blocked');
    await blocked.context().close();
    // Main holds arrivals it can't record: an alert says receiving is paused and why (control: none above).
    const paused = await open('online,receiving-paused');
    await poll(() => paused.getByRole('alert').textContent()).toContain('Receiving is paused.');
    expect(await paused.getByRole('alert').textContent()).toContain('can’t be recorded');
    // The heading once, then main's reason as it came (main sends no heading of its own).
    expect(await paused.getByRole('alert').textContent()).toMatch(/^Receiving is paused\. Incoming messages can’t be recorded/);
    await shot(paused, 'receiving-paused');
    await axe(paused, 'receiving paused');
    await paused.context().close();
  });

  it('contact requests can be accepted; a chat partner outside the roster can be added', async () => {
    const page = await open('online,request');
    const accept = page.getByRole('button', { name: 'Accept Sam Fisher' });
    await accept.waitFor();
    await shot(page, 'contact-request');
    await axe(page, 'contact request');
    await accept.click();
    await poll(() => accept.count()).toBe(0);
    expect(await calls(page, 'contact:respond')).toEqual([{ jid: 'sam.fisher@agency.example.gov', accept: true }]);
    await page.getByRole('button', { name: /Sam Fisher/ }).first().waitFor();

    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Address' }).fill('lee.chen@agency.example.gov');
    await page.getByRole('dialog').getByRole('button', { name: 'Start chat' }).click();
    await page.getByText('Not in your contacts').waitFor();
    await page.getByRole('button', { name: 'Add to contacts' }).click();
    await poll(() => page.getByRole('button', { name: 'Add to contacts' }).count()).toBe(0);
    expect(await calls(page, 'contact:add')).toEqual([{ jid: 'lee.chen@agency.example.gov' }]);
    await page.context().close();
  });

  it('ran without page errors or CSP violations', () => {
    expect(preview().problems).toEqual([]);
  });
});
