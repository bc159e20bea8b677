import { useId, useState, type FormEvent } from 'react';
import { looksLikeAddress } from '../state/people';
import { AddressInput, describedBy, FieldError, FormActions } from './FormParts';
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
          <AddressInput
            id={inputId}
            placeholder="name@agency.example.gov"
            value={address}
            {...describedBy(error, errorId, hintId)}
            onChange={(e) => {
              setAddress(e.target.value);
              if (error) setError(null);
            }}
            data-autofocus
          />
          <p id={hintId} className="field-help">
            Messages are text only and kept as public records.
          </p>
          <FieldError id={errorId} error={error} />
        </div>
        <FormActions onCancel={onClose} submitLabel="Start chat" />
      </form>
    </Modal>
  );
}
