import { useStore } from '../state/store';
import { displayName, presenceLabel } from '../state/people';
import { emptyConversation } from '../state/reducer';
import { Composer } from './Composer';
import { Avatar } from './Avatar';
import { MessageList } from './MessageList';
import { TypingIndicator } from './TypingIndicator';

/** One conversation: header, message log, typing line, composer. Keyed by jid in the parent. */
export function ConversationView({ jid }: { jid: string }) {
  const { state, actions } = useStore();
  const conv = state.conversations[jid] ?? emptyConversation(jid);
  const contact = state.contacts.find((c) => c.jid === jid);
  const name = displayName(jid, state.contacts);
  const presence = contact?.presence ?? 'offline';

  return (
    <section className="conversation" aria-labelledby="conversation-title">
      <header className="conversation-header">
        <Avatar name={name} colorKey={jid} presence={presence} />
        <div className="conversation-heading">
          <h1 id="conversation-title" className="conversation-title">
            {name}
          </h1>
          <p className="conversation-sub">
            <span>{contact ? presenceLabel(presence) : 'Not in your contacts'}</span>
            {contact?.status && <span className="conversation-status"> · {contact.status}</span>}
            <span className="conversation-jid"> · {jid}</span>
          </p>
        </div>
        <span className="record-chip" title="Messages in this conversation are retained as public records (Policy 630-04).">
          <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M6 9V6.5a4 4 0 0 1 8 0V9M5 9h10v8H5z" />
          </svg>
          Retained record
        </span>
      </header>
      <MessageList conversation={conv} peerName={name} onLoadOlder={() => void actions.loadOlder(jid)} />
      <TypingIndicator name={name} state={conv.peerTyping} since={conv.peerTypingAt} />
      <Composer jid={jid} peerName={name} />
    </section>
  );
}
