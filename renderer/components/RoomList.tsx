import { memo, useCallback, useMemo, useRef } from 'react';
import type { RoomInfo } from '../../shared/ipc/types';
import { useSidebarVirtual } from '../hooks/useSidebarVirtual';
import type { RoomInvitation } from '../state/reducer';
import { localPart } from '../state/people';
import { SidebarRow } from './SidebarRow';

interface Props {
  rooms: readonly RoomInfo[];
  invitations: readonly RoomInvitation[];
  unread: Readonly<Record<string, number>>;
  activeJid: string | null;
  onOpen: (jid: string) => void;
  onAccept: (inv: RoomInvitation) => void;
  onDecline: (inv: RoomInvitation) => void;
}

const byTitle = new Intl.Collator(undefined, { sensitivity: 'base' });
const ROW_ESTIMATE = 54;

export function roomTitle(room: Pick<RoomInfo, 'jid' | 'name'>): string {
  return room.name.trim() || localPart(room.jid);
}

/** Group chats in the sidebar, with pending invitations on top. Hidden when there are none. */
export function RoomList({ rooms, invitations, unread, activeJid, onOpen, onAccept, onDecline }: Props) {
  const sorted = useMemo(() => [...rooms].sort((a, b) => byTitle.compare(roomTitle(a), roomTitle(b))), [rooms]);
  const activeIndex = activeJid ? sorted.findIndex((r) => r.jid === activeJid) : -1;
  const { listRef, virtualizer, margin } = useSidebarVirtual({ count: sorted.length, estimate: ROW_ESTIMATE, keyOf: (i) => sorted[i]?.jid ?? String(i), pinned: activeIndex });
  const openRef = useRef(onOpen);
  openRef.current = onOpen;
  const open = useCallback((jid: string) => openRef.current(jid), []);
  if (rooms.length === 0 && invitations.length === 0) return null;
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
      {sorted.length > 0 && (
        <ul ref={listRef} className="contact-list is-virtual" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = sorted[item.index];
            if (!r) return null;
            return (
              <li key={item.key} data-index={item.index} ref={virtualizer.measureElement} aria-setsize={sorted.length} aria-posinset={item.index + 1} style={{ transform: `translateY(${item.start - margin}px)` }}>
                <RoomRow room={r} unread={unread[r.jid] ?? 0} active={r.jid === activeJid} onOpen={open} />
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}

/** One room in the sidebar; memoised so opening a conversation does not re-render every room. */
const RoomRow = memo(function RoomRow({ room: r, unread: count, active, onOpen }: { room: RoomInfo; unread: number; active: boolean; onOpen: (jid: string) => void }) {
  const people = r.occupants.length;
  return (
    <SidebarRow
      leading={
        <span className="room-icon" aria-hidden="true">
          #
        </span>
      }
      name={roomTitle(r)}
      status={!r.joined ? 'Not joined' : r.subject.trim() || (people === 1 ? '1 person' : `${people} people`)}
      unread={count}
      active={active}
      onClick={() => onOpen(r.jid)}
      title={r.jid}
    />
  );
});
