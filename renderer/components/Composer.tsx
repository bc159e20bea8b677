import { useEffect, useLayoutEffect, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent, type RefObject } from 'react';
import type { ChatMessage } from '../../shared/ipc/types';
import { sendRefusal } from '../composer/encodedGuard';
import { checkTransfer, type TransferLike } from '../composer/pasteGuard';
import { useTypingNotifier } from '../composer/useTypingNotifier';
import { errorText } from '../state/actions';
import { useStore } from '../state/store';
import { DlpHints } from './DlpHints';
import { JustificationPanel } from './JustificationPanel';

interface Props {
  jid: string;
  peerName: string;
  /** An own message being corrected (XEP-0308); null when composing a new one. */
  editing: ChatMessage | null;
  onEditEnd: () => void;
  /** Up arrow in an empty composer: start editing the last own message. */
  onEditLast: () => void;
  /** Lets the parent put focus back into the composer (e.g. after a dialog). */
  focusRef?: RefObject<HTMLTextAreaElement | null>;
}

type Pending = { body: string; editId: string | null; reason: string; findings: { type: string }[] };

const MAX_HEIGHT = 200;

/** Text-only composer: Enter sends, Shift+Enter breaks the line. No attach control by design (Policy 630-04). */
export function Composer({ jid, peerName, editing, onEditEnd, onEditLast, focusRef }: Props) {
  const { state, actions } = useStore();
  const [text, setText] = useState(() => state.drafts[jid] ?? '');
  const [alert, setAlert] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [sending, setSending] = useState(false);
  const ownRef = useRef<HTMLTextAreaElement>(null);
  const inputRef = focusRef ?? ownRef;
  const textRef = useRef(text);
  textRef.current = text;
  const typing = useTypingNotifier((s) => actions.setTyping(jid, s));
  // Policy's length limit (main enforces it; this only warns early). Count code points, as people see them.
  const maxLength = state.session?.features?.maxMessageLength;
  const length = maxLength ? Array.from(text).length : 0;
  const over = maxLength ? length - maxLength : 0;
  const nearLimit = maxLength !== undefined && length > maxLength * 0.9;

  // Editing swaps the draft for the message's text; finishing or cancelling brings the draft back.
  const stash = useRef<string | null>(null);

  // Keep the draft when switching conversations (the view is keyed by jid, so this runs on leave);
  // mid-correction, the draft is what was stashed, not the message being corrected.
  useEffect(() => () => actions.setDraft(jid, stash.current ?? textRef.current), [actions, jid]);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const editId = editing?.id ?? null;
  const editBody = editing?.body ?? '';
  useLayoutEffect(() => {
    if (editId === null) return;
    if (stash.current === null) stash.current = textRef.current;
    setText(editBody);
    setPending(null);
    const el = inputRef.current;
    el?.focus();
    requestAnimationFrame(() => el?.setSelectionRange(editBody.length, editBody.length));
  }, [editId, editBody]);

  function endEdit() {
    setText(stash.current ?? '');
    stash.current = null;
    setPending(null);
    onEditEnd();
    inputRef.current?.focus();
  }

  // Grow with the text up to MAX_HEIGHT, then scroll.
  useLayoutEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
    el.style.overflowY = el.scrollHeight > MAX_HEIGHT ? 'auto' : 'hidden';
  }, [text]);

  function update(next: string) {
    setText(next);
    typing.onInput(next);
    if (alert) setAlert(null);
  }

  async function send(body: string, justification?: string, correcting: string | null = editId) {
    if (!body.trim() || sending) return;
    if (maxLength && Array.from(body).length > maxLength) {
      setAlert(`This message is too long: the limit is ${maxLength.toLocaleString()} characters. Shorten it or split it into several messages.`);
      return;
    }
    // Files written out as text are refused here, before anything is invoked (main checks again).
    const encoded = sendRefusal(body);
    if (encoded) {
      setAlert(encoded);
      return;
    }
    setSending(true);
    setAlert(null);
    try {
      const result = correcting ? await actions.correct(jid, correcting, body, justification) : await actions.send(jid, body, justification);
      if (result.status === 'sent' && correcting) {
        endEdit();
      } else if (result.status === 'sent') {
        setPending(null);
        typing.onSent();
        // Clear only what was sent; anything typed meanwhile stays.
        setText((t) => (t === body ? '' : t.startsWith(body) ? t.slice(body.length).trimStart() : t));
        actions.setDraft(jid, '');
        inputRef.current?.focus();
      } else if (result.status === 'refused') {
        setPending(null);
        setAlert(result.reason);
        inputRef.current?.focus();
      } else {
        setPending({ body, editId: correcting, reason: result.reason, findings: result.findings });
      }
    } catch (err) {
      setAlert(errorText(err, 'The message could not be sent. Try again.'));
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Escape' && editId) {
      e.preventDefault();
      endEdit();
      return;
    }
    if (e.key === 'ArrowUp' && !text && !editId && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      onEditLast();
      return;
    }
    if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || e.nativeEvent.isComposing) return;
    e.preventDefault();
    void send(text);
  }

  function guard(data: TransferLike | null, e: { preventDefault(): void }, how: 'paste' | 'drop') {
    const decision = checkTransfer(data);
    if (decision.kind === 'allow') return;
    e.preventDefault();
    if (decision.kind === 'refuse') {
      setAlert(decision.reason);
      // Main audits the refusal: what and how only, never the content or a file name.
      const { what, mime, count } = decision;
      actions.transferRefused({ how, what, ...(mime ? { mime } : {}), ...(count !== undefined ? { count } : {}) });
      return;
    }
    const el = inputRef.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    update(text.slice(0, start) + decision.text + text.slice(end));
    const caret = start + decision.text.length;
    requestAnimationFrame(() => el?.setSelectionRange(caret, caret));
  }

  return (
    <div className="composer-wrap">
      {alert && (
        <div role="alert" className="banner banner-error composer-alert">
          <span>{alert}</span>
          <button type="button" className="btn-link" onClick={() => setAlert(null)}>
            Dismiss
          </button>
        </div>
      )}
      {pending && (
        <JustificationPanel
          reason={pending.reason}
          findings={pending.findings}
          busy={sending}
          onSend={(j) => void send(pending.body, j, pending.editId)}
          onCancel={() => {
            setPending(null);
            inputRef.current?.focus();
          }}
        />
      )}
      {editing && (
        <div className="editing-bar">
          <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M12.5 4.5l3 3L7 16H4v-3l8.5-8.5z" />
          </svg>
          <span>Editing your message. The original stays in the retained record.</span>
          <button type="button" className="btn-link" onClick={endEdit}>
            Cancel editing
          </button>
        </div>
      )}
      <div className={`composer${editing ? ' is-editing' : ''}`}>
        <textarea
          ref={inputRef}
          className="composer-input"
          aria-label="Message"
          aria-describedby="composer-hint"
          placeholder={`Message ${peerName}`}
          rows={1}
          value={text}
          onChange={(e) => update(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={(e: ClipboardEvent<HTMLTextAreaElement>) => guard(e.clipboardData, e, 'paste')}
          onDrop={(e: DragEvent<HTMLTextAreaElement>) => guard(e.dataTransfer, e, 'drop')}
          spellCheck
        />
        <button type="button" className="composer-send" onClick={() => void send(text)} disabled={!text.trim() || sending || over > 0} title={editing ? 'Save (Enter)' : 'Send (Enter)'}>
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M3.5 10L16.5 4l-3.2 12.5-3.6-4.4L3.5 10zM9.7 12.1l6.8-8.1" />
          </svg>
          <span className="composer-send-text">{editing ? 'Save' : 'Send'}</span>
        </button>
      </div>
      <DlpHints
        text={text}
        onMask={(masked) => {
          update(masked);
          inputRef.current?.focus();
        }}
      />
      <div className="composer-foot">
        <p id="composer-hint" className="composer-hint">
          {editing
            ? 'Enter to save · Esc to cancel · Shift+Enter for a new line'
            : 'Enter to send · Shift+Enter for a new line · Text only; every message is a retained public record'}
        </p>
        {nearLimit && (
          <p className={`composer-count${over > 0 ? ' is-over' : ''}`} aria-live="polite">
            {over > 0 ? `${over.toLocaleString()} characters over the limit` : `${(maxLength - length).toLocaleString()} characters left`}
          </p>
        )}
      </div>
    </div>
  );
}
