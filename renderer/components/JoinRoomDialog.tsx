import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../state/actions';
import { looksLikeAddress } from '../state/people';
import { AddressInput, describedBy, FieldError, FormActions } from './FormParts';
import { Modal } from './Modal';

interface Props {
  defaultNick: string;
  onClose: () => void;
  /** Resolves when joined; rejects with a user-facing reason (members-only, banned, nickname taken…). */
  onJoin: (room: string, nick: string) => Promise<unknown>;
}

/** "Join room": a room address (room@conference.domain) and the nickname to use there. */
export function JoinRoomDialog({ defaultNick, onClose, onJoin }: Props) {
  const [room, setRoom] = useState('');
  const [nick, setNick] = useState(defaultNick);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [joined, setJoined] = useState(false);
  const roomId = useId();
  const nickId = useId();
  const errorId = useId();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const jid = room.trim().toLowerCase();
    if (!looksLikeAddress(jid)) {
      setError('Enter the room address in the form room@conference.domain.');
      return;
    }
    if (!nick.trim()) {
      setError('Enter the name to show in the room.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setJoined(true);
      await onJoin(jid, nick.trim());
    } catch (err) {
      setJoined(false);
      setError(errorText(err, 'Could not join the room.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="Join room" description="Join a group conversation. Everything said there is a retained public record." onClose={onClose} restoreFocus={!joined}>
      <form onSubmit={onSubmit} noValidate className="modal-form">
        <div className="field">
          <label htmlFor={roomId}>Room address</label>
          <AddressInput
            id={roomId}
            placeholder="budget-office@conference.agency.example.gov"
            value={room}
            {...describedBy(error, errorId)}
            onChange={(e) => {
              setRoom(e.target.value);
              setError(null);
            }}
            data-autofocus
          />
        </div>
        <div className="field">
          <label htmlFor={nickId}>Your name in the room</label>
          <input id={nickId} type="text" autoComplete="off" value={nick} maxLength={64} onChange={(e) => setNick(e.target.value)} />
        </div>
        <FieldError id={errorId} error={error} />
        <FormActions onCancel={onClose} submitLabel="Join" busy={busy} />
      </form>
    </Modal>
  );
}
