import { memo } from 'react';
import type { ChatMessage, DeliveryState } from '../../shared/ipc/types';
import { deliveryLabel } from '../state/people';
import { fullTimeLabel, timeLabel } from '../state/timeline';
import { Avatar } from './Avatar';

interface Props {
  message: ChatMessage;
  groupStart: boolean;
  groupEnd: boolean;
  /** Name shown for incoming messages when the message carries none. */
  peerName: string;
  onEdit?: (m: ChatMessage) => void;
  onDelete?: (m: ChatMessage) => void;
  /** Send a failed message's text again (as a new message). */
  onRetry?: (m: ChatMessage) => void;
}

const STATE_ICON: Record<DeliveryState, string> = {
  pending: 'M10 5v5l3 2M10 17a7 7 0 1 0 0-14 7 7 0 0 0 0 14z',
  sent: 'M5 10.5l3.5 3.5L15 7.5',
  delivered: 'M2.5 10.5L6 14l6.5-6.5M8.5 13l1 1 6.5-6.5',
  read: 'M2.5 10.5L6 14l6.5-6.5M8.5 13l1 1 6.5-6.5',
  failed: 'M10 6v5M10 14v.5M10 17a7 7 0 1 0 0-14 7 7 0 0 0 0 14z',
  received: 'M5 10.5l3.5 3.5L15 7.5',
};

function DeliveryMark({ state, showText }: { state: DeliveryState; showText: boolean }) {
  const label = deliveryLabel(state);
  const visible = showText || state === 'failed' || state === 'pending';
  return (
    <span className={`delivery delivery-${state}`} title={label}>
      <svg className="delivery-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        <path d={STATE_ICON[state]} />
      </svg>
      {visible ? <span className="delivery-text">{label}</span> : <span className="sr-only">{label}</span>}
    </span>
  );
}

/** A message bubble. Text is rendered as React text only: markup and links stay plain characters. */
export const MessageRow = memo(function MessageRow({ message: m, groupStart, groupEnd, peerName, onEdit, onDelete, onRetry }: Props) {
  const own = m.direction === 'out';
  const date = new Date(m.sentAt);
  const time = timeLabel(date);
  const sender = own ? 'You' : m.fromName?.trim() || peerName;
  const classes = [
    'msg',
    own ? 'msg-out' : 'msg-in',
    groupStart ? 'msg-start' : '',
    groupEnd ? 'msg-end' : '',
    m.state === 'failed' ? 'msg-failed' : '',
    m.mention ? 'msg-mention' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div className={classes}>
      {!own && (
        <div className="msg-gutter" aria-hidden="true">
          {groupStart && <Avatar name={sender} colorKey={m.from} size="sm" />}
        </div>
      )}
      {(onEdit || onDelete) && (
        <div className="msg-actions">
          {onEdit && (
            <button type="button" className="msg-action" aria-label="Edit message" title="Edit" onClick={() => onEdit(m)}>
              <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                <path d="M12.5 4.5l3 3L7 16H4v-3l8.5-8.5z" />
              </svg>
            </button>
          )}
          {onDelete && (
            <button type="button" className="msg-action" aria-label="Delete message" title="Delete" onClick={() => onDelete(m)}>
              <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                <path d="M4.5 6h11M8 6V4.5h4V6M6 6l.7 10h6.6L14 6" />
              </svg>
            </button>
          )}
        </div>
      )}
      <div className="msg-main">
        {groupStart && (
          <div className="msg-header" aria-hidden="true">
            {!own && <span className="msg-sender">{sender}</span>}
            <time className="msg-time" dateTime={m.sentAt} title={fullTimeLabel(date)}>
              {time}
            </time>
          </div>
        )}
        <div className="bubble" title={groupStart ? undefined : `${time}`}>
          <span className="sr-only">
            {sender}, {time}:{' '}
          </span>
          {m.retracted ? (
            <span className="msg-retracted">This message was deleted.</span>
          ) : (
            <span className="msg-body">{m.body}</span>
          )}
          {m.edited && !m.retracted && <span className="msg-edited"> (edited)</span>}
          {m.notice && (
            <span className="msg-notice">
              <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                <path d="M10 2.5l6 2.3v4.6c0 3.9-2.5 6.7-6 8.1-3.5-1.4-6-4.2-6-8.1V4.8l6-2.3zM10 7v4M10 13.5v.5" />
              </svg>
              {m.notice}
            </span>
          )}
          {own && <DeliveryMark state={m.state} showText={groupEnd} />}
          {own && m.state === 'failed' && onRetry && (
            <button type="button" className="btn-link msg-retry" onClick={() => onRetry(m)}>
              Send again
            </button>
          )}
        </div>
      </div>
    </div>
  );
});
