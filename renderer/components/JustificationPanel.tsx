import { useId, useState, type FormEvent } from 'react';
import { findingNames } from '../composer/findings';

interface Props {
  reason: string;
  findings: readonly { type: string }[];
  busy: boolean;
  onSend: (justification: string) => void;
  onCancel: () => void;
}

/** DLP "warn": the message may go only with a business justification, which is recorded. */
export function JustificationPanel({ reason, findings, busy, onSend, onCancel }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const inputId = useId();
  const names = findingNames(findings);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) {
      setError('Enter a business justification, or cancel and edit the message.');
      return;
    }
    onSend(text.trim());
  }

  return (
    <form
      className="justify-panel"
      aria-labelledby={titleId}
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
      noValidate
    >
      <h2 id={titleId} className="justify-title">
        Check before sending
      </h2>
      <p className="justify-reason">{reason}</p>
      {names.length > 0 && (
        <p className="justify-findings">
          Looks like: {names.map((n) => <span key={n} className="tag tag-warning">{n}</span>)}
        </p>
      )}
      <label htmlFor={inputId} className="justify-label">
        Justification
      </label>
      <textarea
        id={inputId}
        className="justify-input"
        rows={2}
        maxLength={2000}
        value={text}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        autoFocus
        placeholder="Why this needs to be sent by IM (recorded with the message)"
      />
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <div className="justify-actions">
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-warning" disabled={busy}>
          Send anyway
        </button>
      </div>
    </form>
  );
}
