import type { ButtonHTMLAttributes, ReactNode } from 'react';

interface Props extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'className' | 'children' | 'aria-current'> {
  /** The avatar or the room's "#" on the left. */
  leading: ReactNode;
  name: string;
  status: string;
  unread: number;
  active: boolean;
}

/**
 * One row of the sidebar (a contact in ContactRow, a room in RoomList): the leading mark, name and status
 * line, and the unread badge, as one button; the open conversation's row is aria-current="page".
 */
export function SidebarRow({ leading, name, status, unread, active, ...button }: Props) {
  return (
    <button type="button" {...button} className={`contact${active ? ' is-active' : ''}${unread ? ' has-unread' : ''}`} aria-current={active ? 'page' : undefined}>
      {leading}
      <span className="contact-text">
        <span className="contact-name">{name}</span>
        <span className="contact-status">{status}</span>
      </span>
      {unread > 0 && (
        <span className="badge">
          <span aria-hidden="true">{unread > 99 ? '99+' : unread}</span>
          <span className="sr-only">{unread === 1 ? '1 unread message' : `${unread} unread messages`}</span>
        </span>
      )}
    </button>
  );
}
