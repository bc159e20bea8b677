import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../state/actions';
import { looksLikeAddress } from '../state/people';
import { AddressInput, describedBy, FieldError, FormActions } from './FormParts';
import { Modal } from './Modal';

interface Props {
  roomTitle: string;
  onClose: () => void;
  onInvite: (jid: string, reason?: string) => Promise<unknown>;
}

/** Invite a colleague into the room (a mediated invitation, so members-only rooms work too). */
export function InviteDialog({ roomTitle, onClose, onInvite }: Props) {
  const [address, setAddress] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const addressId = useId();
  const reasonId = useId();
  const errorId = useId();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const jid = address.trim().toLowerCase();
    if (!looksLikeAddress(jid)) {
      setError('Enter an address in the form name@domain.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onInvite(jid, reason.trim() || undefined);
    } catch (err) {
      setError(errorText(err, 'The invitation could not be sent.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={`Invite to ${roomTitle}`} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="modal-form">
        <div className="field">
          <label htmlFor={addressId}>Address</label>
          <AddressInput
            id={addressId}
            placeholder="name@agency.example.gov"
            value={address}
            {...describedBy(error, errorId)}
            onChange={(e) => {
              setAddress(e.target.value);
              setError(null);
            }}
            data-autofocus
          />
        </div>
        <div className="field">
          <label htmlFor={reasonId}>Message (optional)</label>
          <input id={reasonId} type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <FieldError id={errorId} error={error} />
        <FormActions onCancel={onClose} submitLabel="Send invitation" busy={busy} />
      </form>
    </Modal>
  );
}
