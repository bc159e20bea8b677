import { useState } from 'react';
import type { Occupant } from '../../shared/ipc/types';
import { errorText } from '../state/actions';
import { presenceLabel } from '../state/people';
import { useStore } from '../state/store';
import { Avatar } from './Avatar';
import { ChatPane } from './ChatPane';
import { RecordChip } from './ConversationView';
import { InviteDialog } from './InviteDialog';
import { roomTitle } from './RoomList';

const ROLE_ORDER: Record<string, number> = { moderator: 0, participant: 1, visitor: 2 };

function roleNote(o: Occupant): string | null {
  if (o.affiliation === 'owner') return 'Owner';
  if (o.affiliation === 'admin') return 'Admin';
  if (o.role === 'moderator') return 'Moderator';
  if (o.role === 'visitor') return 'Can’t post';
  return null;
}

/** A group chat: header with subject and actions, the chat pane, and who is in the room. */
export function RoomView({ jid }: { jid: string }) {
  const { state, actions } = useStore();
  const room = state.rooms.find((r) => r.jid === jid);
  const [inviting, setInviting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!room) return null;
  const title = roomTitle(room);
  const people = [...room.occupants].sort((a, b) => (ROLE_ORDER[a.role] ?? 3) - (ROLE_ORDER[b.role] ?? 3) || a.nick.localeCompare(b.nick));

  async function leave() {
    try {
      await actions.leaveRoom(jid);
    } catch (err) {
      setError(errorText(err, 'Could not leave the room.'));
    }
  }

  return (
    <section className="conversation room" aria-labelledby="conversation-title">
      <header className="conversation-header">
        <span className="room-avatar" aria-hidden="true">
          #
        </span>
        <div className="conversation-heading">
          <h1 id="conversation-title" className="conversation-title">
            {title}
          </h1>
          <p className="conversation-sub">
            <span>{room.joined ? (people.length === 1 ? '1 person' : `${people.length} people`) : 'Not joined'}</span>
            {room.subject.trim() && <span className="conversation-status"> · {room.subject}</span>}
            <span className="conversation-jid"> · {jid}</span>
          </p>
        </div>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => setInviting(true)} disabled={!room.joined}>
          Invite
        </button>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => void leave()}>
          Leave room
        </button>
        <RecordChip />
      </header>
      {error && (
        <div role="alert" className="banner banner-error banner-inline">
          {error}
        </div>
      )}
      <div className="room-body">
        <div className="room-main">
          <ChatPane jid={jid} name={title} showTyping={false} />
        </div>
        <aside className="occupants" aria-label={`People in ${title}`}>
          <h2 className="occupants-title">People · {people.length}</h2>
          <ul className="occupant-list">
            {people.map((o) => (
              <li key={o.nick} className="occupant">
                <Avatar name={o.nick} colorKey={o.jid ?? `${jid}/${o.nick}`} size="sm" presence={o.presence} />
                <span className="occupant-text">
                  <span className="occupant-nick">
                    {o.nick}
                    {o.nick === room.nick && <span className="occupant-you"> (you)</span>}
                  </span>
                  <span className="occupant-sub">{roleNote(o) ?? presenceLabel(o.presence)}</span>
                </span>
              </li>
            ))}
          </ul>
        </aside>
      </div>
      {inviting && (
        <InviteDialog
          roomTitle={title}
          onClose={() => setInviting(false)}
          onInvite={(who, reason) => actions.inviteToRoom(jid, who, reason).then(() => setInviting(false))}
        />
      )}
    </section>
  );
}
