import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { handleMenuKey } from './menuKeys';

export type ContactAction = 'rename' | 'remove';

const ITEMS: { action: ContactAction; label: string }[] = [
  { action: 'rename', label: 'Rename contact' },
  { action: 'remove', label: 'Remove contact' },
];

interface Props {
  name: string;
  onChoose: (action: ContactAction) => void;
}

/** "More actions for <name>": a menu button (WAI-ARIA menu button pattern) with the roster actions. */
export function ContactActionsMenu({ name, onChoose }: Props) {
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const items = menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]');
    (open === 'last' ? items?.[items.length - 1] : items?.[0])?.focus();
    const onDown = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  function close(focusButton: boolean) {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  }

  function choose(action: ContactAction) {
    // Focus goes back to the menu button first, so the dialog that opens returns focus there.
    close(true);
    onChoose(action);
  }

  function onMenuKey(e: KeyboardEvent<HTMLUListElement>) {
    handleMenuKey(e, '[role="menuitem"]', close);
  }

  return (
    <div className="actions-menu">
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-secondary btn-small btn-icon"
        aria-label={`More actions for ${name}`}
        title="More actions"
        aria-haspopup="menu"
        aria-expanded={Boolean(open)}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => (o ? false : 'first'))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(e.key === 'ArrowUp' ? 'last' : 'first');
          }
        }}
      >
        <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <circle cx="4.5" cy="10" r="1.4" />
          <circle cx="10" cy="10" r="1.4" />
          <circle cx="15.5" cy="10" r="1.4" />
        </svg>
      </button>
      {open && (
        <ul id={menuId} ref={menuRef} role="menu" aria-label={`Actions for ${name}`} className="menu menu-end" onKeyDown={onMenuKey}>
          {ITEMS.map(({ action, label }) => (
            <li
              key={action}
              role="menuitem"
              tabIndex={-1}
              className={`menu-item${action === 'remove' ? ' menu-item-danger' : ''}`}
              onClick={() => choose(action)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  choose(action);
                }
              }}
            >
              {label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
