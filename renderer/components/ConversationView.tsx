import { useCallback, useState } from 'react';
import type { ChatMessage } from '../../shared/ipc/types';
import { errorText } from '../state/actions';
import { displayName, presenceLabel } from '../state/people';
import { emptyConversation } from '../state/reducer';
import { useStore } from '../state/store';
import { Avatar } from './Avatar';
import { Composer } from './Composer';
import { DeleteMessageDialog } from './DeleteMessageDialog';
import { MessageList, type MessageActions } from './MessageList';
import { TypingIndicator } from './TypingIndicator';

/** One conversation: header, message log, typing line, composer. Keyed by jid in the parent. */
export function ConversationView({ jid }: { jid: string }) {
  const { state, actions } = useStore();
  const conv = state.conversations[jid] ?? emptyConversation(jid);
  const contact = state.contacts.find((c) => c.jid === jid);
  const name = displayName(jid, state.contacts);
  const presence = contact?.presence ?? 'offline';
  const features = state.session?.features;
  const [editing, setEditing] = useState<ChatMessage | null>(null);
  const [deleting, setDeleting] = useState<ChatMessage | null>(null);
  const [error, setError] = useState<string | null>(null);

  const editable = (m: ChatMessage) => m.direction === 'out' && !m.retracted && m.state !== 'failed' && m.state !== 'pending';
  const messageActions: MessageActions = {
    onEdit: features?.correction ? (m) => setEditing(m) : undefined,
    onDelete: features?.retraction ? (m) => setDeleting(m) : undefined,
    canAct: editable,
  };

  const editLast = useCallback(() => {
    if (!features?.correction) return;
    const last = [...conv.messages].reverse().find(editable);
    if (last) setEditing(last);
  }, [features?.correction, conv.messages]);

  async function remove(m: ChatMessage) {
    setDeleting(null);
    // The row's buttons go away with the message text: carry on from the composer.
    document.querySelector<HTMLTextAreaElement>('.composer-input')?.focus();
    try {
      const result = await actions.retract(jid, m.id);
      if (result.status === 'refused') setError(result.reason ?? 'This message could not be deleted.');
    } catch (err) {
      setError(errorText(err, 'This message could not be deleted.'));
    }
  }

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
        {!contact && (
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => void actions.addContact(jid).catch((err: unknown) => setError(errorText(err, 'The contact could not be added.')))}
          >
            Add to contacts
          </button>
        )}
        <span className="record-chip" title="Messages in this conversation are retained as public records (Policy 630-04).">
          <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M6 9V6.5a4 4 0 0 1 8 0V9M5 9h10v8H5z" />
          </svg>
          Retained record
        </span>
      </header>
      <MessageList conversation={conv} peerName={name} actions={messageActions} onLoadOlder={() => void actions.loadOlder(jid)} />
      <TypingIndicator name={name} state={conv.peerTyping} since={conv.peerTypingAt} />
      {error && (
        <div role="alert" className="banner banner-error conversation-alert">
          <span>{error}</span>
          <button type="button" className="btn-link" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      )}
      <Composer jid={jid} peerName={name} editing={editing} onEditEnd={() => setEditing(null)} onEditLast={editLast} />
      {deleting && <DeleteMessageDialog peerName={name} message={deleting} onCancel={() => setDeleting(null)} onConfirm={() => void remove(deleting)} />}
    </section>
  );
}
