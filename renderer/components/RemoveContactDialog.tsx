import { useState } from 'react';
import { errorText } from '../state/actions';
import { Modal } from './Modal';

interface Props {
  name: string;
  onClose: () => void;
  /** Resolves once main removed the contact; the dialog closes then. */
  onRemove: () => Promise<void>;
  /** Closing after a removal: the opener is gone with the contact, so the caller places focus. */
  onRemoved: () => void;
}

/** Confirms removing a contact. Says plainly that the conversation stays on record (Policy 630-04). */
export function RemoveContactDialog({ name, onClose, onRemove, onRemoved }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await onRemove();
      onRemoved();
    } catch (err) {
      setError(errorText(err, 'The contact could not be removed. Try again.'));
      setBusy(false);
    }
  }

  return (
    <Modal
      title={`Remove ${name}?`}
      description={`${name} leaves your contact list and you stop sharing presence with each other. Your conversation stays in the retained record.`}
      onClose={onClose}
    >
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="btn btn-secondary" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" onClick={() => void remove()} disabled={busy}>
          Remove
        </button>
      </div>
    </Modal>
  );
}
