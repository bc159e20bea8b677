import { memo } from 'react';
import type { Contact } from '../../shared/ipc/types';
import { idleLabel } from '../idle';
import { presenceLabel } from '../state/people';
import { Avatar } from './Avatar';
import { SidebarRow } from './SidebarRow';

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
    <SidebarRow
      data-contact={c.jid}
      data-row={index}
      leading={<Avatar name={c.name} colorKey={c.jid} presence={c.presence} />}
      name={c.name}
      status={subtitle(c, typing, now)}
      unread={count}
      active={active}
      tabIndex={tabStop ? 0 : -1}
      onClick={() => onOpen(c.jid)}
      title={c.jid}
    />
  );
});
