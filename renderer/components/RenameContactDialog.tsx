import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../state/actions';
import { describedBy, FieldError, FormActions } from './FormParts';
import { Modal } from './Modal';

interface Props {
  jid: string;
  name: string;
  onClose: () => void;
  onRename: (name: string) => Promise<void>;
}

const MAX_NAME = 200;

/** "Rename contact": the name shown for someone in the contact list (their address does not change). */
export function RenameContactDialog({ jid, name, onClose, onRename }: Props) {
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const next = value.trim();
    if (!next) {
      setError('Enter a name.');
      return;
    }
    if (next.length > MAX_NAME) {
      setError(`Use at most ${MAX_NAME} characters.`);
      return;
    }
    if (next === name) {
      onClose();
      return;
    }
    setBusy(true);
    try {
      await onRename(next);
      onClose();
    } catch (err) {
      setError(errorText(err, 'The contact could not be renamed. Try again.'));
      setBusy(false);
    }
  }

  return (
    <Modal title="Rename contact" description={`The name you see for ${jid}. Only you see it.`} onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="modal-form">
        <div className="field">
          <label htmlFor={inputId}>Name</label>
          <input
            id={inputId}
            type="text"
            autoComplete="off"
            maxLength={MAX_NAME + 50}
            value={value}
            {...describedBy(error, errorId, hintId)}
            onChange={(e) => {
              setValue(e.target.value);
              if (error) setError(null);
            }}
            onFocus={(e) => e.currentTarget.select()}
            data-autofocus
          />
          <p id={hintId} className="field-help">
            Up to {MAX_NAME} characters.
          </p>
          <FieldError id={errorId} error={error} />
        </div>
        <FormActions onCancel={onClose} submitLabel="Save" busy={busy} />
      </form>
    </Modal>
  );
}
