import { presenceLabel } from '../state/people';
import type { OwnPresence } from '../state/reducer';
import { useMenuButton } from './menuKeys';

const CHOICES: OwnPresence[] = ['online', 'away', 'xa', 'dnd'];

interface Props {
  value: OwnPresence;
  /** Reported away automatically (idle); the menu still shows what the user chose. */
  idle?: boolean;
  disabled: boolean;
  onChange: (show: OwnPresence) => void;
}

/** A menu button for the user's own presence (WAI-ARIA menu button pattern with menuitemradio items). */
export function PresenceMenu({ value, idle = false, disabled, onChange }: Props) {
  const { open, close, menuId, buttonRef, menuRef, buttonProps, onMenuKey } = useMenuButton('[role="menuitemradio"]');

  function choose(show: OwnPresence) {
    close(true);
    if (show !== value) onChange(show);
  }

  return (
    <div className="presence-menu">
      <button
        ref={buttonRef}
        type="button"
        className="presence-button"
        {...buttonProps}
        disabled={disabled}
      >
        <span className="sr-only">Your presence: </span>
        <span className={`mini-dot presence-${idle ? 'away' : value}`} aria-hidden="true" />
        {idle ? 'Away (idle)' : presenceLabel(value)}
        <svg className="chevron" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <path d="M6 8l4 4 4-4" />
        </svg>
      </button>
      {open && (
        <ul id={menuId} ref={menuRef} role="menu" aria-label="Set your presence" className="menu" onKeyDown={onMenuKey}>
          {CHOICES.map((show) => (
            <li
              key={show}
              role="menuitemradio"
              aria-checked={show === value}
              tabIndex={-1}
              className="menu-item"
              onClick={() => choose(show)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  choose(show);
                }
              }}
            >
              <span className={`mini-dot presence-${show}`} aria-hidden="true" />
              {presenceLabel(show)}
              {show === value && (
                <svg className="menu-check" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                  <path d="M5 10.5l3.5 3.5L15 7.5" />
                </svg>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
