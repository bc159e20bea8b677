import { useEffect, useRef, useState } from 'react';
import { useNow } from '../hooks/useAutoAway';
import { idleLabel } from '../idle';
import { errorText } from '../state/actions';
import { displayName, presenceLabel } from '../state/people';
import { useStore } from '../state/store';
import { Avatar } from './Avatar';
import { ChatPane } from './ChatPane';
import { ContactActionsMenu, type ContactAction } from './ContactActionsMenu';
import { RemoveContactDialog } from './RemoveContactDialog';
import { RenameContactDialog } from './RenameContactDialog';

/** A 1:1 conversation: header with the person's presence, then the chat pane. Keyed by jid in the parent. */
export function ConversationView({ jid }: { jid: string }) {
  const { state, actions } = useStore();
  const contact = state.contacts.find((c) => c.jid === jid && c.subscription !== 'remove');
  const name = displayName(jid, state.contacts);
  const presence = contact?.presence ?? 'offline';
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<ContactAction | null>(null);
  const [focusTitle, setFocusTitle] = useState(false);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const now = useNow();
  const idle = contact && presence !== 'offline' ? idleLabel(contact.idleSince, now) : null;

  useEffect(() => {
    if (!focusTitle) return;
    titleRef.current?.focus();
    setFocusTitle(false);
  }, [focusTitle]);

  return (
    <section className="conversation" aria-labelledby="conversation-title">
      <header className="conversation-header">
        <Avatar name={name} colorKey={jid} presence={presence} />
        <div className="conversation-heading">
          <h1 id="conversation-title" ref={titleRef} tabIndex={-1} className="conversation-title">
            {name}
          </h1>
          <p className="conversation-sub">
            <span>{contact ? presenceLabel(presence) : 'Not in your contacts'}</span>
            {idle && <span className="conversation-idle"> · {idle}</span>}
            {contact?.status && <span className="conversation-status"> · {contact.status}</span>}
            <span className="conversation-jid"> · {jid}</span>
          </p>
        </div>
        {!contact && (
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => void actions.addContact(jid).catch((err: unknown) => setError(errorText(err, 'The contact could not be added.')))}
          >
            Add to contacts
          </button>
        )}
        <RecordChip />
        {contact && <ContactActionsMenu name={name} onChoose={setDialog} />}
      </header>
      {error && (
        <div role="alert" className="banner banner-error banner-inline">
          {error}
        </div>
      )}
      <ChatPane jid={jid} name={name} showTyping />
      {dialog === 'rename' && (
        <RenameContactDialog jid={jid} name={name} onClose={() => setDialog(null)} onRename={(next) => actions.renameContact(jid, next)} />
      )}
      {dialog === 'remove' && (
        <RemoveContactDialog
          name={name}
          onClose={() => setDialog(null)}
          onRemove={() => actions.removeContact(jid)}
          onRemoved={() => {
            setDialog(null);
            setFocusTitle(true);
          }}
        />
      )}
    </section>
  );
}

export function RecordChip() {
  return (
    <span className="record-chip" title="Messages here are retained as public records (Policy 630-04).">
      <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        <path d="M6 9V6.5a4 4 0 0 1 8 0V9M5 9h10v8H5z" />
      </svg>
      Retained record
    </span>
  );
}
