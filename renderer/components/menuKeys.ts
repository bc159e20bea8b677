import type { KeyboardEvent } from 'react';

/**
 * Keyboard handling for a WAI-ARIA menu (menu button pattern): arrows and Home/End move between items
 * (wrapping), Escape closes and returns focus to the button, Tab closes and lets focus move on.
 */
export function handleMenuKey(e: KeyboardEvent<HTMLElement>, itemSelector: string, close: (returnFocus: boolean) => void): void {
  const items = Array.from(e.currentTarget.querySelectorAll<HTMLElement>(itemSelector));
  const at = items.indexOf(document.activeElement as HTMLElement);
  const move = (i: number) => items[(i + items.length) % items.length]?.focus();
  if (e.key === 'ArrowDown') move(at + 1);
  else if (e.key === 'ArrowUp') move(at - 1);
  else if (e.key === 'Home') move(0);
  else if (e.key === 'End') move(items.length - 1);
  else if (e.key === 'Escape') close(true);
  else if (e.key === 'Tab') close(false);
  else return;
  if (e.key !== 'Tab') e.preventDefault();
}
