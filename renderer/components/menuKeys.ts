import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

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

/** Closed, or open with focus starting on the first or the last item (ArrowUp on the button opens at the last). */
export type MenuOpen = false | 'first' | 'last';

/**
 * The state of a menu button (WAI-ARIA menu button pattern): opening focuses the checked item (a
 * menuitemradio) or else the first or last item; a click outside closes; `close(true)` returns focus to
 * the button; the button opens the menu on click and on ArrowDown/ArrowUp.
 */
export function useMenuButton(itemSelector: string) {
  const [open, setOpen] = useState<MenuOpen>(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLElement>(itemSelector) ?? []);
    const checked = items.find((el) => el.getAttribute('aria-checked') === 'true');
    (checked ?? (open === 'last' ? items[items.length - 1] : items[0]))?.focus();
    const onDown = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open, itemSelector]);

  function close(focusButton: boolean) {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  }

  return {
    open,
    close,
    menuId,
    buttonRef,
    menuRef,
    buttonProps: {
      'aria-haspopup': 'menu' as const,
      'aria-expanded': Boolean(open),
      'aria-controls': open ? menuId : undefined,
      onClick: () => setOpen((o) => (o ? false : 'first')),
      onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          setOpen(e.key === 'ArrowUp' ? 'last' : 'first');
        }
      },
    },
    onMenuKey: (e: KeyboardEvent<HTMLUListElement>) => handleMenuKey(e, itemSelector, close),
  };
}
