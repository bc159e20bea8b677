import type { Page } from 'playwright-core';

/**
 * Sign in through the UI as a user would: Address, Password, "Sign in", then "Acknowledge" on the
 * records notice when it is shown (first sign-in, yearly, or after the text changes).
 */
export async function signInThroughUi(page: Page, address: string, password: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Address' }).fill(address);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const ack = page.getByRole('button', { name: 'Acknowledge' });
  const ready = page.getByRole('button', { name: 'New chat' });
  await ack.or(ready).first().waitFor({ timeout: 30_000 });
  if (await ack.isVisible().catch(() => false)) await ack.click();
  await ready.waitFor({ timeout: 30_000 });
  await page.getByRole('status').filter({ hasText: /Online/ }).first().waitFor({ timeout: 30_000 });
}
