/**
 * The sidebar and the message list at scale (issue 18 item 7) in Debian's Chromium against the fake bridge's
 * `scale` mode: 2,000 contacts and 200 rooms are virtual rows (only those in view are in the DOM), the
 * filter and the keyboard still reach every contact, and a 10,000-message conversation opens at its end.
 * Speed is measured by bench/renderer.bench.ts, not here.
 */
import { describe, expect, it } from 'vitest';
import { usePreview } from './previewKit';
import { SCALE_CONVERSATION, SCALE_MESSAGES, scaleContacts } from './dev/scaleData';
import { INITIAL_WINDOW, WINDOW_STEP } from './hooks/useHistoryWindow';

const { open, poll, axe, shot } = usePreview();
const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

describe('renderer preview at scale (2,000 contacts, 200 rooms, 10,000 messages)', () => {
  it('renders only the rows in view, yet the filter and the keyboard reach every contact', async () => {
    const page = await open('online,scale');
    const first = page.locator(`[data-contact="${SCALE_CONVERSATION}"]`);
    await first.waitFor();
    const inDom = await page.locator('[data-contact]').count();
    expect(inDom).toBeGreaterThan(3);
    expect(inDom).toBeLessThan(100);
    // Control: the list knows all of them (aria-setsize on the rows), not just those rendered.
    expect(await page.locator('.contacts li').first().getAttribute('aria-setsize')).toBe('2000');

    // Keyboard: End reaches the last contact (never rendered before), Home the first.
    const last = scaleContacts().sort((a, b) => collator.compare(a.name, b.name)).at(-1)!;
    await first.focus();
    await page.keyboard.press('End');
    await poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.contact ?? '')).toBe(last.jid);
    await page.keyboard.press('ArrowUp');
    await poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.row ?? '')).toBe('1998');
    await page.keyboard.press('Home');
    await poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.contact ?? '')).toBe(SCALE_CONVERSATION);

    // The filter searches all 2,000, not only the rendered rows.
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill(last.name);
    await page.locator(`[data-contact="${last.jid}"]`).waitFor();
    expect(await page.locator('[data-contact]').count()).toBe(1);
    await axe(page, 'scale roster filtered');
    await page.context().close();
  });

  it('opens the 10,000-message conversation at its newest message with a bounded DOM', async () => {
    const page = await open('online,scale');
    await page.locator(`[data-contact="${SCALE_CONVERSATION}"]`).click();
    const log = page.getByRole('log', { name: 'Messages with Aaron Abbott' });
    await log.getByText('(#9999)', { exact: false }).waitFor();
    expect(await log.locator('.log-row').count()).toBeLessThan(100);
    // The newest message is in view, not merely in the DOM.
    const newest = log.locator('.log-row', { hasText: '(#9999)' });
    const [box, logBox] = [await newest.boundingBox(), await log.boundingBox()];
    expect(box!.y + box!.height).toBeLessThanOrEqual(logBox!.y + logBox!.height + 1);
    expect(box!.y).toBeGreaterThanOrEqual(logBox!.y);
    await shot(page, 'scale-conversation');
    await page.context().close();
  });

  it('scrolling up reaches the very first of the 10,000 messages, one row per message, keeping the reader\'s place', async () => {
    const page = await open('online,scale');
    await page.locator(`[data-contact="${SCALE_CONVERSATION}"]`).click();
    const log = page.getByRole('log', { name: 'Messages with Aaron Abbott' });
    await log.getByText('(#9999)', { exact: false }).waitFor();
    // Only the newest INITIAL_WINDOW messages are rendered at first; the rest is not lost, only not yet shown.
    const windowTop = SCALE_MESSAGES - INITIAL_WINDOW;
    const rowOf = (n: number) => log.locator('.log-row', { has: page.locator('.msg-body', { hasText: new RegExp(`\\(#${n}\\)$`) }) });
    expect(await log.getByText('This is the start of your conversation history.', { exact: false }).count()).toBe(0);

    // Scrolled to the top of that window, older messages appear above it, and the row that was at the top
    // stays where it was on screen (the reader keeps their place).
    await log.evaluate((el) => (el.scrollTop = 0));
    await rowOf(windowTop).waitFor();
    await poll(() => rowOf(windowTop).getAttribute('data-index')).toBe(String(WINDOW_STEP));
    const [keptBox, logBox] = [await rowOf(windowTop).boundingBox(), await log.boundingBox()];
    expect(keptBox!.y).toBeGreaterThanOrEqual(logBox!.y);
    expect(keptBox!.y).toBeLessThan(logBox!.y + logBox!.height / 2);

    // Keep scrolling to the top until the start of the history: the first message is there.
    await page.evaluate(async () => {
      const log = document.querySelector<HTMLElement>('[role=log]')!;
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
      for (let i = 0; i < 2000 && !(log.textContent ?? '').includes('This is the start of your conversation history.'); i += 1) {
        log.scrollTop = 0;
        await frame();
      }
    });
    await log.getByText('This is the start of your conversation history.', { exact: false }).waitFor();
    // The first message of the scale history is "OK. (#0)" (renderer/dev/scaleData.ts), at the very top.
    await log.evaluate((el) => (el.scrollTop = 0));
    await poll(() => page.evaluate(() => document.querySelector('[role=log] .log-row .msg-body')?.textContent)).toBe('OK. (#0)');
    expect(await page.evaluate(() => document.querySelector<HTMLElement>('[role=log] .log-row')?.dataset.index)).toBe('0');
    // Every message is a row: back at the bottom, the newest is row 10,000.
    await page.evaluate(() => {
      const log = document.querySelector<HTMLElement>('[role=log]')!;
      log.scrollTop = log.scrollHeight;
    });
    await poll(() => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[role=log] .log-row')].at(-1)?.dataset.index)).toBe('9999');
    expect(await log.locator('.log-row').last().locator('.msg-body').textContent()).toBe('Who is covering the front desk on Monday? (#9999)');
    await page.context().close();
  });
});
