import { useState } from 'react';
import { Modal } from './Modal';

interface Props {
  onClose: () => void;
  onConfirm: (forgetPassword: boolean) => void;
  busy: boolean;
}

/** Asked only when a password is saved: sign out, and optionally forget it. */
export function SignOutDialog({ onClose, onConfirm, busy }: Props) {
  const [forget, setForget] = useState(false);
  return (
    <Modal
      title="Sign out?"
      description="Your password is saved on this computer. You can keep it for next time or remove it now."
      onClose={onClose}
    >
      <div className="modal-form">
        <div className="check-field">
          <input id="sign-out-forget" type="checkbox" checked={forget} onChange={(e) => setForget(e.target.checked)} />
          <label htmlFor="sign-out-forget">Forget my saved password</label>
        </div>
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => onConfirm(forget)}>
            Sign out
          </button>
        </div>
      </div>
    </Modal>
  );
}
