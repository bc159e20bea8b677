/**
 * The conversation in Debian's Chromium against the fake bridge: the log, the composer (Enter / Shift+Enter,
 * typing, refusals, DLP justification, paste guard), history, corrections, and the New chat dialog by
 * keyboard; axe-core on each state. Screenshots go to .tmp/screens/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usePreview } from './previewKit';

const { open, shot, calls, poll, axe, preview } = usePreview();

async function openDana(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Dana Whitfield/ }).click();
  await page.getByRole('log', { name: 'Messages with Dana Whitfield' }).getByText('Open floor').waitFor();
}

describe('renderer preview: conversation (Chromium + fake bridge)', () => {
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
    await poll(() => box.inputValue()).toBe('');
    expect(await calls(page, 'chat:send')).toEqual([{ to: 'dana.whitfield@agency.example.gov', body: 'first line\nsecond line' }]);
    await log.getByText('second line').waitFor();
    await page.getByText('Dana Whitfield is typing…').waitFor();
    await shot(page, 'conversation-typing');
    await log.getByText('Sounds good.').waitFor();
    await poll(() => log.getByText('Read', { exact: true }).count()).toBeGreaterThan(0);

    // A reply to a conversation that is not open counts as unread.
    await box.fill('Quick question');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('button', { name: /Marcus Lee/ }).click();
    await page.getByRole('log', { name: 'Messages with Marcus Lee' }).waitFor();
    // The two messages that were unread sit under a "New messages" line, above the first of them.
    await page.getByRole('log', { name: 'Messages with Marcus Lee' }).getByText('New messages').waitFor();
    await poll(() => page.getByRole('button', { name: /Dana Whitfield/ }).textContent()).toContain('1 unread message');
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
    const older = (await calls(page, 'chat:loadOlder')) as { jid: string; before?: string }[];
    expect(older.length).toBeGreaterThanOrEqual(2);
    // Each call names the oldest message held, so main answers from where the renderer stands.
    expect(older.every((c) => typeof c.before === 'string' && c.before.length > 0)).toBe(true);
    expect(new Set(older.map((c) => c.before)).size).toBe(older.length);
    await shot(page, 'conversation-older');
    await page.getByRole('button', { name: /Janet Okafor/ }).click();
    const janet = page.getByRole('log', { name: 'Messages with Janet Okafor' });
    await janet.getByText('Not delivered').waitFor();
    await shot(page, 'conversation-failed');
    await janet.getByRole('button', { name: 'Send again' }).click();
    await poll(async () => (await calls(page, 'chat:send')).at(-1)).toEqual({
      to: 'janet.okafor@agency.example.gov',
      body: 'Reminder: timesheets are due today by 5 PM.',
    });
    await poll(() => janet.getByText('Reminder: timesheets are due today by 5 PM.').count()).toBe(2);
    await page.context().close();
  });

  it('refusals are alerts; a DLP warning asks for a justification and resends with it', async () => {
    const page = await open('online');
    await openDana(page);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('password: hunter2');
    await box.press('Enter');
    await poll(() => page.getByRole('alert').textContent()).toContain('appears to contain a password');
    expect(await box.inputValue()).toBe('password: hunter2');

    // Files pasted into the composer are refused; HTML is reduced to text.
    await box.fill('');
    await box.evaluate((el) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], 'report.pdf', { type: 'application/pdf' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await poll(() => page.getByRole('alert').textContent()).toBe("Files and images can't be sent: Policy 630-04 allows text only.Dismiss");
    await shot(page, 'composer-refused');
    await box.evaluate((el) => {
      const dt = new DataTransfer();
      dt.setData('text/html', '<p>Agenda <b>item</b></p>');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await poll(() => box.inputValue()).toBe('Agenda item');

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
    expect(await page.getByRole('textbox', { name: 'Message' }).evaluate((el) => el === document.activeElement)).toBe(true);
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
    await poll(() => dialog.getByRole('alert').textContent()).toContain('name@domain');
    await shot(page, 'new-chat-invalid');
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await poll(() => dialog.count()).toBe(0);
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

  it('rooms: Join room dialog (contract names), room log and people, invitations, leaving', async () => {
    const page = await open('online,invite');
    await page.getByRole('button', { name: /Budget Office/ }).click();
    const log = page.getByRole('log', { name: 'Messages in Budget Office' });
    await log.getByText('break out travel separately').waitFor();
    expect(await page.getByRole('complementary', { name: 'People in Budget Office' }).getByText('Dana Whitfield').count()).toBe(1);
    await shot(page, 'room');
    await axe(page, 'room');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Travel will be a separate tab.');
    await box.press('Enter');
    await log.getByText('Travel will be a separate tab.').waitFor();
    expect((await calls(page, 'chat:send')).at(-1)).toEqual({ to: 'budget-office@conference.agency.example.gov', body: 'Travel will be a separate tab.' });

    const joinRoom = page.getByRole('button', { name: 'Join room' });
    await joinRoom.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Join room' });
    await dialog.waitFor();
    await axe(page, 'join room dialog');
    await page.keyboard.type('nowhere');
    await page.keyboard.press('Enter');
    await poll(() => dialog.getByRole('alert').textContent()).toContain('room@conference.domain');
    await dialog.getByRole('textbox', { name: 'Room address' }).fill('it-helpdesk@conference.agency.example.gov');
    await dialog.getByRole('button', { name: 'Join', exact: true }).click();
    await page.getByRole('log', { name: 'Messages in it-helpdesk' }).waitFor();
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.getByRole('button', { name: 'Join records-training' }).click();
    await page.getByRole('log', { name: 'Messages in records-training' }).waitFor();
    await page.getByRole('button', { name: 'Leave room' }).click();
    await poll(() => page.getByRole('button', { name: /records-training/ }).count()).toBe(0);
    expect(await calls(page, 'room:leave')).toEqual([{ room: 'records-training@conference.agency.example.gov', forget: true }]);
    await page.context().close();
  });

  it('search finds messages and opens the conversation', async () => {
    const page = await open('online');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const box = page.getByRole('searchbox', { name: 'Search messages' });
    await box.fill('agenda');
    await box.press('Enter');
    await page.getByText('2 messages contain “agenda”', { exact: false }).waitFor();
    await shot(page, 'search');
    await axe(page, 'search');
    await page.getByRole('button', { name: /Dana Whitfield.*draft agenda/ }).click();
    await page.getByRole('log', { name: 'Messages with Dana Whitfield' }).waitFor();
    await page.context().close();
  });

  it('ran without page errors or CSP violations', () => {
    expect(preview().problems).toEqual([]);
  });
});
