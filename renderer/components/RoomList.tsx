import type { RoomInfo } from '../../shared/ipc/types';
import type { RoomInvitation } from '../state/reducer';
import { localPart } from '../state/people';

interface Props {
  rooms: readonly RoomInfo[];
  invitations: readonly RoomInvitation[];
  unread: Readonly<Record<string, number>>;
  activeJid: string | null;
  onOpen: (jid: string) => void;
  onAccept: (inv: RoomInvitation) => void;
  onDecline: (inv: RoomInvitation) => void;
}

export function roomTitle(room: Pick<RoomInfo, 'jid' | 'name'>): string {
  return room.name.trim() || localPart(room.jid);
}

/** Group chats in the sidebar, with pending invitations on top. Hidden when there are none. */
export function RoomList({ rooms, invitations, unread, activeJid, onOpen, onAccept, onDecline }: Props) {
  if (rooms.length === 0 && invitations.length === 0) return null;
  const sorted = [...rooms].sort((a, b) => roomTitle(a).localeCompare(roomTitle(b), undefined, { sensitivity: 'base' }));
  return (
    <nav className="rooms" aria-labelledby="rooms-heading">
      <div className="contacts-head">
        <h2 id="rooms-heading" className="section-title">
          Rooms
        </h2>
      </div>
      {invitations.length > 0 && (
        <ul className="request-list rooms-invitations">
          {invitations.map((inv) => (
            <li key={inv.room} className="request">
              <span className="room-icon" aria-hidden="true">
                #
              </span>
              <span className="request-text">
                <span className="request-name">{localPart(inv.room)}</span>
                <span className="request-sub" title={inv.reason ?? inv.from}>
                  Invitation from {localPart(inv.from)}
                </span>
              </span>
              <span className="request-actions">
                <button type="button" className="btn btn-small btn-accept" aria-label={`Join ${localPart(inv.room)}`} onClick={() => onAccept(inv)}>
                  Join
                </button>
                <button type="button" className="btn btn-small btn-ghost-light" aria-label={`Decline ${localPart(inv.room)}`} onClick={() => onDecline(inv)}>
                  Decline
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <ul className="contact-list">
        {sorted.map((r) => {
          const count = unread[r.jid] ?? 0;
          const active = r.jid === activeJid;
          const people = r.occupants.length;
          return (
            <li key={r.jid}>
              <button
                type="button"
                className={`contact${active ? ' is-active' : ''}${count ? ' has-unread' : ''}`}
                aria-current={active ? 'page' : undefined}
                onClick={() => onOpen(r.jid)}
                title={r.jid}
              >
                <span className="room-icon" aria-hidden="true">
                  #
                </span>
                <span className="contact-text">
                  <span className="contact-name">{roomTitle(r)}</span>
                  <span className="contact-status">
                    {!r.joined ? 'Not joined' : r.subject.trim() || (people === 1 ? '1 person' : `${people} people`)}
                  </span>
                </span>
                {count > 0 && (
                  <span className="badge">
                    <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
                    <span className="sr-only">{count === 1 ? '1 unread message' : `${count} unread messages`}</span>
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
