/**
 * Composer safety features, notifications and the settings page in Debian's Chromium against the fake
 * bridge (scripts/renderer-preview.ts): DLP hints while typing with "Mask sensitive text", encoded
 * binaries refused before sending, and axe-core on each new screen. Screenshots go to .tmp/screens/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usePreview } from './previewKit';

const { open, shot, calls, poll, axe } = usePreview();

async function openDana(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Dana Whitfield/ }).click();
  await page.getByRole('log', { name: 'Messages with Dana Whitfield' }).getByText('Open floor').waitFor();
}

/** A recording stand-in for the system's notifications (headless Chromium has none to look at); reloads the page. */
async function installFakeNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __notifications: unknown[]; __permissionAsked: number };
    w.__notifications = [];
    w.__permissionAsked = 0;
    class FakeNotification {
      static permission: NotificationPermission = 'default';
      static requestPermission(): Promise<NotificationPermission> {
        w.__permissionAsked += 1;
        FakeNotification.permission = 'granted';
        return Promise.resolve('granted');
      }
      onclick: (() => void) | null = null;
      onclose: (() => void) | null = null;
      closed = false;
      constructor(
        public title: string,
        public options: NotificationOptions,
      ) {
        w.__notifications.push(this);
      }
      close() {
        this.closed = true;
      }
    }
    Object.defineProperty(window, 'Notification', { value: FakeNotification, configurable: true, writable: true });
  });
  await page.reload();
}

describe('renderer preview: composer safety, notifications, settings (Chromium + fake bridge)', () => {
  it('DLP hints while typing name the finding and the action; Mask replaces it in the draft', async () => {
    const page = await open('online');
    await openDana(page);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.click();
    await page.keyboard.type('Her SSN 536-22-8147 for the form');
    const panel = page.getByRole('region', { name: 'Sensitive information check' });
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Looks like a Social Security number');
    expect(await panel.textContent()).toContain('536-22-8147');
    expect(await panel.textContent()).toContain('Blocked');
    await shot(page, 'dlp-hints');
    await axe(page, 'dlp hints');
    // Advisory only: nothing was sent while typing.
    expect(await calls(page, 'chat:send')).toEqual([]);

    await panel.getByRole('button', { name: 'Mask sensitive text' }).click();
    await poll(() => box.inputValue()).toBe('Her SSN •••-••-8147 for the form');
    await poll(() => panel.count()).toBe(0);
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await calls(page, 'chat:send')).toEqual([]);

    // A warn-level finding says a reason will be needed; clearing the draft hides the panel.
    await box.fill('DOB: 03/14/1982');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Looks like a date of birth');
    expect(await panel.textContent()).toContain('Needs a reason');
    await shot(page, 'dlp-hints-warn');
    await box.fill('');
    await poll(() => panel.count()).toBe(0);
    await page.context().close();
  });

  it('a base64 PDF is refused with an alert before sending, typed or pasted', async () => {
    const pdf = Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n${'x'.repeat(300)}`, 'latin1').toString('base64');
    const page = await open('online');
    await openDana(page);
    const box = page.getByRole('textbox', { name: 'Message' });

    // Typed (or put there any other way): Enter shows the reason and sends nothing.
    await box.fill(`Here is the report ${pdf}`);
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await poll(() => alert.textContent()).toContain('This message contains a base64-encoded PDF document');
    expect(await alert.textContent()).toContain('Policy 630-04 allows text messages only');
    expect(await box.inputValue()).toBe(`Here is the report ${pdf}`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    expect(await calls(page, 'chat:send')).toEqual([]);
    // The typing hint says the same, and Mask would take the file out.
    await page.getByRole('region', { name: 'Sensitive information check' }).getByText('Looks like a file encoded as text').waitFor();
    await shot(page, 'encoded-binary-refused');
    await axe(page, 'encoded binary refused');

    // Pasted: refused as it arrives, the draft keeps what was there.
    await box.fill('Before ');
    await poll(() => alert.count()).toBe(0);
    const inserted = await box.evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      el.dispatchEvent(event);
      return !event.defaultPrevented;
    }, pdf);
    expect(inserted).toBe(false);
    await poll(() => alert.textContent()).toContain('base64-encoded PDF document');
    expect(await box.inputValue()).toBe('Before ');
    expect(await calls(page, 'chat:send')).toEqual([]);

    // Ordinary text still goes.
    await box.fill('Report is on the shared drive, page 4.');
    await page.keyboard.press('Enter');
    await poll(() => calls(page, 'chat:send')).toEqual([{ to: 'dana.whitfield@agency.example.gov', body: 'Report is on the shared drive, page 4.' }]);
    await page.context().close();
  });

  it('desktop notifications: asked for on a click, shown for a conversation that is not open, opened on click, silent in Do not disturb', async () => {
    const page = await open('online');
    await installFakeNotifications(page);
    const notes = () => page.evaluate(() => (window as unknown as { __notifications: { title: string; options: NotificationOptions; closed: boolean }[] }).__notifications.map((n) => ({ title: n.title, ...n.options, closed: n.closed })));

    const enable = page.getByRole('button', { name: 'Enable desktop notifications' });
    await enable.waitFor();
    await shot(page, 'notifications-offer');
    await axe(page, 'notifications offer');
    await enable.click();
    await poll(() => enable.count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __permissionAsked: number }).__permissionAsked)).toBe(1);

    // Dana answers while Marcus's conversation is open: a notification, tagged with her conversation.
    await openDana(page);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Quick question');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /Marcus Lee/ }).click();
    await page.getByRole('log', { name: 'Messages with Marcus Lee' }).waitFor();
    await poll(notes).toEqual([{ title: 'Dana Whitfield', body: 'Sounds good.', tag: 'dana.whitfield@agency.example.gov', closed: false }]);
    // Clicking it opens her conversation (and it closes).
    await page.evaluate(() => (window as unknown as { __notifications: { onclick: () => void }[] }).__notifications[0]!.onclick());
    await page.getByRole('log', { name: 'Messages with Dana Whitfield' }).getByText('Sounds good.').waitFor();
    expect((await notes())[0]?.closed).toBe(true);

    // Do not disturb: the reply only counts as unread.
    await page.getByRole('button', { name: /Your presence/ }).click();
    await page.getByRole('menuitemradio', { name: /Do not disturb/ }).click();
    await poll(() => calls(page, 'presence:set')).toEqual([{ show: 'dnd' }]);
    await box.fill('Another question');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /Marcus Lee/ }).click();
    await poll(() => page.getByRole('button', { name: /Dana Whitfield/ }).textContent()).toContain('1 unread message');
    expect(await notes()).toHaveLength(1);
    await page.context().close();
  });

  it('Settings: managed settings locked with "Managed by your organization"; the local notifications switch asks once', async () => {
    const page = await open('online');
    await installFakeNotifications(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Settings' }).getAttribute('aria-current')).toBe('page');

    // RememberPasswordAllowed is set by group policy in the preview: locked, and it says so.
    const remember = page.getByRole('checkbox', { name: 'Remember password' });
    await poll(() => page.getByText('Managed by your organization').count()).toBe(1);
    expect(await remember.isDisabled()).toBe(true);
    const rememberNote = await remember.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(rememberNote).toContain('Managed by your organization');
    expect(rememberNote).toContain('RememberPasswordAllowed');

    // IdleSignOutMinutes is not managed: no lock, the value in effect, and why it can't be changed here yet.
    const idle = page.getByRole('spinbutton', { name: 'Sign out after idle minutes' });
    expect(await idle.inputValue()).toBe('0');
    expect(await idle.isDisabled()).toBe(false);
    expect(await idle.getAttribute('readonly')).not.toBeNull();
    expect(await page.getByText("can't be saved from this version").count()).toBe(1);

    // Desktop notifications: off until the permission is given; turning it on asks once.
    const notify = page.getByRole('checkbox', { name: 'Desktop notifications' });
    expect(await notify.isChecked()).toBe(false);
    await shot(page, 'settings');
    await axe(page, 'settings');
    await notify.click();
    await poll(() => notify.isChecked()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __permissionAsked: number }).__permissionAsked)).toBe(1);
    expect(await page.getByRole('button', { name: 'Enable desktop notifications' }).count()).toBe(0);
    await notify.click();
    await poll(() => notify.isChecked()).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __permissionAsked: number }).__permissionAsked)).toBe(1);
    await shot(page, 'settings-notifications-off');

    await page.getByRole('button', { name: 'View all policies' }).click();
    await page.getByRole('heading', { name: 'Policy' }).waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByText('Welcome to Approved IM').waitFor();
    await page.context().close();
  });
});
