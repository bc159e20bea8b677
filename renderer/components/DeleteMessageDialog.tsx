import type { ChatMessage } from '../../shared/ipc/types';
import { Modal } from './Modal';

interface Props {
  message: ChatMessage;
  peerName: string;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Confirms a retraction. Says plainly that the record is kept (Policy 630-04). */
export function DeleteMessageDialog({ message, peerName, onCancel, onConfirm }: Props) {
  const preview = message.body.length > 140 ? `${message.body.slice(0, 140)}…` : message.body;
  return (
    <Modal
      title="Delete message?"
      description={`It will be removed from ${peerName}'s screen where their app supports it. The original stays in the retained record.`}
      onClose={onCancel}
    >
      <blockquote className="quote">{preview}</blockquote>
      <div className="modal-actions">
        <button type="button" className="btn btn-secondary" onClick={onCancel} data-autofocus>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" onClick={onConfirm}>
          Delete
        </button>
      </div>
    </Modal>
  );
}
