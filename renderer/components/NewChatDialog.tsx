import { useId, useState, type FormEvent } from 'react';
import { looksLikeAddress } from '../state/people';
import { Modal } from './Modal';

interface Props {
  onClose: () => void;
  onStart: (jid: string) => void;
}

/** "New chat": ask for an address, check it looks like name@domain, open the conversation. */
export function NewChatDialog({ onClose, onStart }: Props) {
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState(false);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const jid = address.trim().toLowerCase();
    if (!looksLikeAddress(jid)) {
      setError('Enter an address in the form name@domain, for example jane.doe@agency.example.gov.');
      return;
    }
    setStarted(true);
    onStart(jid);
  }

  return (
    <Modal title="New chat" description="Start a one-to-one conversation with a colleague." onClose={onClose} restoreFocus={!started}>
      <form onSubmit={onSubmit} noValidate className="modal-form">
        <div className="field">
          <label htmlFor={inputId}>Address</label>
          <input
            id={inputId}
            type="text"
            inputMode="email"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="name@agency.example.gov"
            value={address}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            onChange={(e) => {
              setAddress(e.target.value);
              if (error) setError(null);
            }}
            data-autofocus
          />
          <p id={hintId} className="field-help">
            Messages are text only and kept as public records.
          </p>
          {error && (
            <p id={errorId} role="alert" className="field-error">
              {error}
            </p>
          )}
        </div>
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary">
            Start chat
          </button>
        </div>
      </form>
    </Modal>
  );
}
