import type { PresenceShow } from '../../shared/ipc/types';
import { avatarTone, initials, presenceLabel } from '../state/people';

interface AvatarProps {
  name: string;
  /** Stable key for the colour (the address). */
  colorKey: string;
  size?: 'sm' | 'md' | 'lg';
  /** Shows a presence dot; its label is read by screen readers. */
  presence?: PresenceShow;
  /** Overrides the dot's label (e.g. the connection state for the user's own avatar). */
  presenceText?: string;
}

/** Initials on a stable colour, with an optional presence dot. Decorative apart from the dot's text. */
export function Avatar({ name, colorKey, size = 'md', presence, presenceText }: AvatarProps) {
  return (
    <span className={`avatar avatar-${size} tone-${avatarTone(colorKey)}`}>
      <span aria-hidden="true">{initials(name)}</span>
      {presence && <PresenceDot show={presence} label={presenceText} />}
    </span>
  );
}

export function PresenceDot({ show, label }: { show: PresenceShow; label?: string }) {
  return (
    <span className={`presence-dot presence-${show}`}>
      <span className="sr-only">{label ?? presenceLabel(show)}</span>
    </span>
  );
}
