import { useEffect, useId, useRef } from 'react';

export interface RecordsNoticeProps {
  /** RecordsNoticeText from policy. Rendered as plain text; blank lines separate paragraphs. */
  text: string;
  /** RecordsNoticeIntervalDays. */
  intervalDays: number;
  /** Why the notice is shown now. */
  reason?: 'first' | 'expired' | 'changed';
  /** ISO 8601 time of the previous acknowledgement, if any. */
  lastAcknowledgedAt?: string | null;
  onAcknowledge: () => void;
  /** Leave without acknowledging. */
  onSignOut?: () => void;
  /** While the acknowledgement is being recorded. */
  busy?: boolean;
  /** Recording failed: say so; the user cannot continue until it is recorded. */
  error?: string | null;
}

const REASONS = {
  first: 'Before you start, please read this notice.',
  expired: 'Please read this notice again: it must be acknowledged periodically.',
  changed: 'This notice has changed since you last acknowledged it. Please read it again.',
} as const;

/**
 * The records notice (Policy 630-04) that must be acknowledged before chatting: at first sign-in, after
 * the interval, and when the text changes. The acknowledgement is recorded for central audit by main.
 */
export function RecordsNotice({ text, intervalDays, reason = 'first', lastAcknowledgedAt, onAcknowledge, onSignOut, busy = false, error }: RecordsNoticeProps) {
  const titleId = useId();
  const bodyId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const last = lastAcknowledgedAt ? new Date(lastAcknowledgedAt) : null;
  return (
    <main className="pol-notice-screen">
      <section className="pol-card pol-notice" aria-labelledby={titleId} aria-describedby={bodyId}>
        <h1 id={titleId} className="pol-title" tabIndex={-1} ref={headingRef}>
          Records notice
        </h1>
        <p className="pol-lead">{REASONS[reason]}</p>
        <div id={bodyId} className="pol-notice-text">
          {paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
        <p className="pol-muted">
          Your acknowledgement is recorded. You will be asked again in {intervalDays} {intervalDays === 1 ? 'day' : 'days'}
          {last && !Number.isNaN(last.getTime()) ? ` (last acknowledged ${last.toISOString().slice(0, 10)})` : ''}.
        </p>
        {error && (
          <p role="alert" className="pol-banner pol-banner-error">
            {error}
          </p>
        )}
        <div className="pol-actions">
          <button type="button" className="pol-button pol-button-primary" onClick={onAcknowledge} disabled={busy} aria-busy={busy || undefined}>
            Acknowledge
          </button>
          {onSignOut && (
            <button type="button" className="pol-button" onClick={onSignOut} disabled={busy}>
              Sign out
            </button>
          )}
        </div>
      </section>
    </main>
  );
}
