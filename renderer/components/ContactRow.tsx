import { memo } from 'react';
import type { Contact } from '../../shared/ipc/types';
import { idleLabel } from '../idle';
import { presenceLabel } from '../state/people';
import { Avatar } from './Avatar';

function subtitle(c: Contact, typing: boolean, now: number): string {
  if (typing) return 'Typing…';
  if (c.ask && c.subscription !== 'both' && c.subscription !== 'to') return 'Contact request sent';
  const line = c.status?.trim() || presenceLabel(c.presence);
  const idle = c.presence !== 'offline' ? idleLabel(c.idleSince, now) : null;
  return idle ? `${line} · ${idle}` : line;
}

interface Props {
  contact: Contact;
  index: number;
  unread: number;
  typing: boolean;
  active: boolean;
  tabStop: boolean;
  now: number;
  onOpen: (jid: string) => void;
}

/** One person in the sidebar. Memoised: opening a conversation re-renders two rows, not the roster. */
export const ContactRow = memo(function ContactRow({ contact: c, index, unread: count, typing, active, tabStop, now, onOpen }: Props) {
  return (
    <button
      type="button"
      data-contact={c.jid}
      data-row={index}
      className={`contact${active ? ' is-active' : ''}${count ? ' has-unread' : ''}`}
      aria-current={active ? 'page' : undefined}
      tabIndex={tabStop ? 0 : -1}
      onClick={() => onOpen(c.jid)}
      title={c.jid}
    >
      <Avatar name={c.name} colorKey={c.jid} presence={c.presence} />
      <span className="contact-text">
        <span className="contact-name">{c.name}</span>
        <span className="contact-status">{subtitle(c, typing, now)}</span>
      </span>
      {count > 0 && (
        <span className="badge">
          <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
          <span className="sr-only">{count === 1 ? '1 unread message' : `${count} unread messages`}</span>
        </span>
      )}
    </button>
  );
});
