/**
 * Shared setup for the Chromium preview tests (renderer/ui*.preview.test.ts): one preview session per
 * file, started and closed by vitest hooks, and the helpers every such test uses.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startPreviewSession, type PreviewSession } from '../scripts/renderer-preview';

export function usePreview() {
  let preview: PreviewSession;
  beforeAll(async () => {
    preview = await startPreviewSession();
  });
  afterAll(async () => {
    await preview?.close();
  });
  return {
    open: (hash = '') => preview.open(hash),
    shot: (page: Page, name: string) => preview.screenshot(page, name),
    calls: (page: Page, channel: string) => preview.calls(page, channel),
    /** expect.poll with room for a loaded CI machine (the fake bridge answers after a few hundred ms). */
    poll: <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 }),
    /** No serious or critical axe-core violations on the page. */
    async axe(page: Page, name: string): Promise<void> {
      const serious = await preview.seriousA11yViolations(page);
      expect(serious, `${name}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
    },
    preview: () => preview,
  };
}
