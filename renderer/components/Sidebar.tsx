import { useMemo } from 'react';
import type { SessionState } from '../../shared/ipc/types';
import { activeJid } from '../state/reducer';
import { connectionLabel, localPart, nameFromAddress } from '../state/people';
import { useStore } from '../state/store';
import { Avatar } from './Avatar';
import { BrandMark } from './BrandMark';
import { ContactList } from './ContactList';
import { ContactRequests } from './ContactRequests';
import { JournalIndicator } from './JournalIndicator';
import { NotificationOffer } from './NotificationOffer';
import { PresenceMenu } from './PresenceMenu';
import { RoomList } from './RoomList';

interface Props {
  session: SessionState;
  onNewChat: () => void;
  onJoinRoom: () => void;
  onSignOut: () => void;
}

function SelfCard({ session }: { session: SessionState }) {
  const { state, actions } = useStore();
  const jid = session.jid ?? session.savedAddress ?? '';
  const name = jid ? nameFromAddress(jid) : 'You';
  const label = connectionLabel(session.phase);
  const online = session.phase === 'online';
  const idle = online && state.ownIdleSince !== null;
  const dot = online ? (idle ? 'away' : state.ownPresence) : session.phase === 'offline' ? 'offline' : 'away';
  return (
    <div className="self-card">
      <span aria-hidden="true">
        <Avatar name={name} colorKey={jid || localPart(name)} size="lg" presence={dot} presenceText={label} />
      </span>
      <div className="self-text">
        <span className="self-name" title={jid}>
          {name}
        </span>
        <span role="status" className={`connection connection-${session.phase}`}>
          <span className="connection-dot" aria-hidden="true" />
          {label}
        </span>
      </div>
      <PresenceMenu value={state.ownPresence} idle={idle} disabled={!online} onChange={(show) => void actions.setPresence(show).catch(() => undefined)} />
    </div>
  );
}

export function Sidebar({ session, onNewChat, onJoinRoom, onSignOut }: Props) {
  const { state, actions } = useStore();
  const open = activeJid(state);

  const otherJids = useMemo(() => {
    const known = new Set([...state.contacts.map((c) => c.jid), ...state.rooms.map((r) => r.jid)]);
    return Object.values(state.conversations)
      .filter((c) => !known.has(c.jid) && (c.loaded || c.messages.length > 0 || c.jid === open))
      .filter((c) => !c.messages.some((m) => m.conversationType === 'groupchat'))
      .map((c) => c.jid);
  }, [state.contacts, state.rooms, state.conversations, open]);
  const groupChat = session.features?.groupChat !== false;

  const typing = useMemo(
    () => new Set(Object.values(state.conversations).filter((c) => c.peerTyping === 'composing').map((c) => c.jid)),
    [state.conversations],
  );

  return (
    <aside className="sidebar" aria-label="Contacts and account">
      <div className="sidebar-brand">
        <BrandMark size={28} />
        <span className="sidebar-product">Approved IM</span>
      </div>
      <SelfCard session={session} />
      <div className="sidebar-actions">
        <button type="button" className="btn btn-primary" onClick={onNewChat}>
          <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M10 4v12M4 10h12" />
          </svg>
          New chat
        </button>
        {groupChat && (
          <button type="button" className="btn btn-on-dark" onClick={onJoinRoom}>
            <span className="room-glyph" aria-hidden="true">
              #
            </span>
            Join room
          </button>
        )}
      </div>
      <div className="sidebar-lists">
        <ContactRequests />
        {groupChat && (
          <RoomList
            rooms={state.rooms}
            invitations={state.roomInvitations}
            unread={state.unread}
            activeJid={open}
            onOpen={(jid) => void actions.openConversation(jid).catch(() => undefined)}
            onAccept={(inv) =>
              void actions
                .joinRoom(inv.room, nameFromAddress(session.jid ?? ''))
                .then((info) => actions.openConversation(info.jid))
                .catch(() => undefined)
            }
            onDecline={(inv) => actions.declineRoomInvitation(inv.room)}
          />
        )}
        <ContactList
          contacts={state.contacts}
          otherJids={otherJids}
          unread={state.unread}
          typing={typing}
          activeJid={open}
          loading={session.phase !== 'online' && state.contacts.length === 0}
          onOpen={(jid) => {
            actions.openConversation(jid).catch(() => undefined);
          }}
        />
      </div>
      <NotificationOffer />
      <JournalIndicator status={state.journal} />
      <div className="sidebar-footer">
        <button
          type="button"
          className={`btn btn-quiet${state.view.kind === 'search' ? ' is-active' : ''}`}
          aria-current={state.view.kind === 'search' ? 'page' : undefined}
          onClick={() => actions.show({ kind: 'search' })}
        >
          <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M8.5 14a5.5 5.5 0 1 0 0-11 5.5 5.5 0 0 0 0 11zM12.5 12.5L17 17" />
          </svg>
          Search
        </button>
        <button
          type="button"
          className={`btn btn-quiet${state.view.kind === 'policy' ? ' is-active' : ''}`}
          aria-current={state.view.kind === 'policy' ? 'page' : undefined}
          onClick={() => actions.show({ kind: 'policy' })}
        >
          <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M10 2.5l6 2.3v4.6c0 3.9-2.5 6.7-6 8.1-3.5-1.4-6-4.2-6-8.1V4.8l6-2.3z" />
          </svg>
          Policy
        </button>
        <button
          type="button"
          className={`btn btn-quiet${state.view.kind === 'settings' ? ' is-active' : ''}`}
          aria-current={state.view.kind === 'settings' ? 'page' : undefined}
          onClick={() => actions.show({ kind: 'settings' })}
        >
          <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M10 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4" />
          </svg>
          Settings
        </button>
        <button type="button" className="btn btn-quiet" onClick={onSignOut}>
          <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M8 4H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3M12 6.5L15.5 10 12 13.5M15.5 10H8" />
          </svg>
          Sign out
        </button>
      </div>
    </aside>
  );
}
