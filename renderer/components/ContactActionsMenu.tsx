import { useMenuButton } from './menuKeys';

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
  const { open, close, menuId, buttonRef, menuRef, buttonProps, onMenuKey } = useMenuButton('[role="menuitem"]');

  function choose(action: ContactAction) {
    // Focus goes back to the menu button first, so the dialog that opens returns focus there.
    close(true);
    onChoose(action);
  }

  return (
    <div className="actions-menu">
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-secondary btn-small btn-icon"
        aria-label={`More actions for ${name}`}
        title="More actions"
        {...buttonProps}
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
