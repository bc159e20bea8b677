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

  it('a base64 PDF is refused with an alert before sending, typed or pasted; pasted refusals are reported to main', async () => {
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
    // Main hears of the refusal (for the audit): what and how, never the text.
    await poll(() => calls(page, 'composer:refused')).toEqual([{ how: 'paste', what: 'encoded-binary' }]);

    // A pasted image is refused too, and reported with its type and count only (no file name).
    const imageInserted = await box.evaluate((el) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array([137, 80, 78, 71])], 'secret-plan.png', { type: 'image/png' }));
      const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      el.dispatchEvent(event);
      return !event.defaultPrevented;
    });
    expect(imageInserted).toBe(false);
    await poll(() => alert.textContent()).toContain("Files and images can't be sent");
    await poll(() => calls(page, 'composer:refused')).toEqual([
      { how: 'paste', what: 'encoded-binary' },
      { how: 'paste', what: 'image', mime: 'image/png', count: 1 },
    ]);
    expect(JSON.stringify(await calls(page, 'composer:refused'))).not.toContain('secret-plan');

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
    // NotificationShowsText is off (the default): the sender's name, none of the text.
    await poll(notes).toEqual([{ title: 'Dana Whitfield', body: 'New message from Dana Whitfield', tag: 'dana.whitfield@agency.example.gov', closed: false }]);
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

  it('desktop notifications carry the text only when policy NotificationShowsText is on', async () => {
    const page = await open('online,notify-text');
    await installFakeNotifications(page);
    const notes = () => page.evaluate(() => (window as unknown as { __notifications: { title: string; options: NotificationOptions }[] }).__notifications.map((n) => ({ title: n.title, body: n.options.body })));
    await page.getByRole('button', { name: 'Enable desktop notifications' }).click();
    await openDana(page);
    await page.getByRole('textbox', { name: 'Message' }).fill('Quick question');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /Marcus Lee/ }).click();
    await poll(notes).toEqual([{ title: 'Dana Whitfield', body: 'Sounds good.' }]);
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

    // IdleSignOutMinutes is not managed: no lock, the value in effect, and the user may change it.
    const idle = page.getByRole('spinbutton', { name: 'Sign out after idle minutes' });
    await poll(() => idle.isDisabled()).toBe(false);
    expect(await idle.inputValue()).toBe('0');
    expect(await idle.getAttribute('readonly')).toBeNull();
    expect(await page.getByText('Off: you stay signed in while idle.').count()).toBe(1);

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

  it('Settings: the user saves their own idle sign-out minutes through main; a bad number is explained', async () => {
    const page = await open('online');
    await page.getByRole('button', { name: 'Settings' }).click();
    const idle = page.getByRole('spinbutton', { name: 'Sign out after idle minutes' });
    await poll(() => idle.isDisabled()).toBe(false);

    // Out of range: said in an alert next to the field, and nothing is sent to main.
    await idle.fill('2000');
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('alert').filter({ hasText: 'from 0 to 1440' }).count()).toBe(1);
    expect(await idle.getAttribute('aria-invalid')).toBe('true');
    expect(await calls(page, 'settings:set')).toEqual([]);

    // Enter saves (the field is a form): main answers with the policy now in force.
    await idle.fill('45');
    await idle.press('Enter');
    await poll(() => page.getByRole('status').filter({ hasText: 'Saved. You are signed out after 45 minutes without activity.' }).count()).toBe(1);
    expect(await calls(page, 'settings:set')).toEqual([{ name: 'IdleSignOutMinutes', value: 45 }]);
    expect(await idle.inputValue()).toBe('45');
    expect(await page.getByRole('alert').filter({ hasText: 'from 0 to 1440' }).count()).toBe(0);
    expect(await page.getByText('Managed by your organization').count()).toBe(1); // still only Remember password
    await shot(page, 'settings-idle-saved');
    await axe(page, 'settings after saving');

    // The Policy page shows the user's value and where it comes from.
    await page.getByRole('button', { name: 'View all policies' }).click();
    await page.getByRole('heading', { name: 'Policy' }).waitFor();
    await poll(() => page.getByText('user settings').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('Settings: IdleSignOutMinutes set by group policy stays locked ("Managed by your organization"), with no Save', async () => {
    const page = await open('online,idle-managed');
    await page.getByRole('button', { name: 'Settings' }).click();
    const idle = page.getByRole('spinbutton', { name: 'Sign out after idle minutes' });
    await poll(() => idle.inputValue()).toBe('30');
    expect(await idle.isDisabled()).toBe(true);
    expect(await page.getByText('Managed by your organization').count()).toBe(2);
    const note = await idle.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
    expect(note).toContain('Managed by your organization');
    expect(note).toContain('IdleSignOutMinutes');
    expect(note).toContain('You are signed out after 30 minutes without activity.');
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await shot(page, 'settings-idle-managed');
    await axe(page, 'settings with idle sign-out managed');
    await page.context().close();
  });
});

describe('renderer preview: idle sign-out (Chromium + fake bridge)', () => {
  it('warns before idle sign-out in an alert dialog; "Stay signed in" reports activity and keeps the session', async () => {
    const page = await open('online,idle-warning');
    const dialog = page.getByRole('alertdialog', { name: 'Are you still there?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/You will be signed out in (60|59|58) seconds because of inactivity\./);
    // The description is the dialog's accessible description, so it is read with the name.
    const description = await dialog.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
    expect(description).toMatch(/You will be signed out in \d+ seconds because of inactivity\./);
    const stay = page.getByRole('button', { name: 'Stay signed in' });
    await poll(() => stay.evaluate((el) => el === document.activeElement)).toBe(true);
    await shot(page, 'idle-warning');
    await axe(page, 'idle warning');

    // The countdown moves on.
    await poll(() => dialog.textContent()).toMatch(/signed out in 5[0-8] seconds/);
    const before = (await calls(page, 'session:activity')).length;
    await stay.click();
    await poll(() => dialog.count()).toBe(0);
    expect((await calls(page, 'session:activity')).length).toBeGreaterThan(before);
    // Still signed in, and the page is usable again (no inert root left behind).
    await poll(() => page.getByRole('status').filter({ hasText: 'Online' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.context().close();
  });

  it('reports keyboard/mouse activity to main, throttled', async () => {
    const page = await open('online');
    await poll(() => page.getByRole('status').filter({ hasText: 'Online' }).count()).toBe(1);
    for (let i = 0; i < 40; i++) await page.mouse.move(100 + i * 5, 200 + i * 3);
    await page.keyboard.press('Shift');
    await poll(async () => (await calls(page, 'session:activity')).length).toBe(1);
    expect(await calls(page, 'session:activity')).toEqual([{}]);
    await page.context().close();
  });

  it('without activity the session ends and the sign-in screen says why; the saved address stays', async () => {
    const page = await open('online,saved,idle-soon');
    await page.getByRole('alertdialog', { name: 'Are you still there?' }).waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
    const why = page.getByRole('status').filter({ hasText: 'You were signed out after 30 minutes without activity.' });
    await poll(() => why.count()).toBe(1);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Address' }).inputValue()).toBe('alex.morgan@agency.example.gov');
    expect(await page.getByRole('checkbox', { name: 'Remember password' }).isChecked()).toBe(true);
    await shot(page, 'idle-signed-out');
    await axe(page, 'signed out for inactivity');
    // Signing in again clears the sentence.
    await page.getByRole('textbox', { name: 'Password' }).fill('correct horse');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'Online' }).count()).toBe(1);
    expect(await page.getByText('without activity').count()).toBe(0);
    await page.context().close();
  });
});
