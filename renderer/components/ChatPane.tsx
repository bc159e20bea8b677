import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ChatMessage } from '../../shared/ipc/types';
import { errorText } from '../state/actions';
import { emptyConversation } from '../state/reducer';
import { useStore } from '../state/store';
import { Composer } from './Composer';
import { DeleteMessageDialog } from './DeleteMessageDialog';
import { MessageList, type MessageActions } from './MessageList';
import { TypingIndicator } from './TypingIndicator';

interface Props {
  jid: string;
  /** The person's or room's name: the log is "Messages with <name>", the composer "Message <name>". */
  name: string;
  /** 1:1 only: rooms have no single typist to name. */
  showTyping: boolean;
}

function editable(m: ChatMessage): boolean {
  return m.direction === 'out' && !m.retracted && m.state !== 'failed' && m.state !== 'pending';
}

/** The log, typing line and composer of a conversation or room, with correcting and deleting own messages. */
export function ChatPane({ jid, name, showTyping }: Props) {
  const { state, actions } = useStore();
  const conv = state.conversations[jid] ?? emptyConversation(jid);
  const features = state.session?.features;
  const [editing, setEditing] = useState<ChatMessage | null>(null);
  const [deleting, setDeleting] = useState<ChatMessage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  // Bumped to move focus to the composer once a dialog has closed (its cleanup restores focus first).
  const [refocus, setRefocus] = useState(0);
  useEffect(() => {
    if (refocus) composerRef.current?.focus();
  }, [refocus]);

  // Stable across renders (typing in the composer re-renders this pane): the memoised rows then skip re-rendering.
  const correction = !!features?.correction;
  const retraction = !!features?.retraction;
  const messageActions = useMemo<MessageActions>(
    () => ({
      onEdit: correction ? (m) => setEditing(m) : undefined,
      onDelete: retraction ? (m) => setDeleting(m) : undefined,
      onRetry: (m) => {
        actions.send(jid, m.body).then(
          (r) => r.status !== 'sent' && setError(r.reason),
          (err: unknown) => setError(errorText(err, 'The message could not be sent. Try again.')),
        );
      },
      canAct: editable,
    }),
    [correction, retraction, actions, jid],
  );
  const loadOlder = useCallback(() => void actions.loadOlder(jid), [actions, jid]);

  const editLast = useCallback(() => {
    if (!features?.correction) return;
    const last = [...conv.messages].reverse().find(editable);
    if (last) setEditing(last);
  }, [features?.correction, conv.messages]);

  async function remove(m: ChatMessage) {
    setDeleting(null);
    // The row's buttons go away with the message text: carry on from the composer.
    setRefocus((n) => n + 1);
    try {
      const result = await actions.retract(jid, m.id);
      if (result.status === 'refused') setError(result.reason ?? 'This message could not be deleted.');
    } catch (err) {
      setError(errorText(err, 'This message could not be deleted.'));
    }
  }

  return (
    <>
      <MessageList conversation={conv} peerName={name} isRoom={!showTyping} actions={messageActions} onLoadOlder={loadOlder} />
      {showTyping ? <TypingIndicator name={name} state={conv.peerTyping} since={conv.peerTypingAt} /> : <div className="typing-line" />}
      {error && (
        <div role="alert" className="banner banner-error conversation-alert">
          <span>{error}</span>
          <button type="button" className="btn-link" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      )}
      <Composer jid={jid} peerName={name} editing={editing} onEditEnd={() => setEditing(null)} onEditLast={editLast} focusRef={composerRef} />
      {deleting && <DeleteMessageDialog peerName={name} message={deleting} onCancel={() => setDeleting(null)} onConfirm={() => void remove(deleting)} />}
    </>
  );
}
