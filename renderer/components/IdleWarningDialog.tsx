import { useEffect, useState } from 'react';
import { Modal } from './Modal';

/** "You will be signed out in 45 seconds because of inactivity." (also for the tests and README). */
export function idleWarningText(secondsLeft: number): string {
  if (secondsLeft <= 0) return 'Signing you out because of inactivity…';
  return `You will be signed out in ${secondsLeft} ${secondsLeft === 1 ? 'second' : 'seconds'} because of inactivity.`;
}

/**
 * The warning before idle sign-out (IdleSignOutMinutes). Main decides and signs out; this only counts down
 * what main said (`secondsLeft` when the state arrived). "Stay signed in", Escape or any other keyboard or
 * mouse activity reports activity, main clears the warning and the dialog goes away.
 */
export function IdleWarningDialog({ secondsLeft, onStay }: { secondsLeft: number; onStay: () => void }) {
  const [deadline, setDeadline] = useState(() => Date.now() + secondsLeft * 1000);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = Date.now();
    setDeadline(t + secondsLeft * 1000);
    setNow(t);
  }, [secondsLeft]);
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  const left = Math.min(secondsLeft, Math.max(0, Math.ceil((deadline - now) / 1000)));

  return (
    <Modal role="alertdialog" title="Are you still there?" description={idleWarningText(left)} onClose={onStay} className="idle-warning">
      <div className="modal-actions">
        <button type="button" className="btn btn-primary" onClick={onStay} data-autofocus>
          Stay signed in
        </button>
      </div>
    </Modal>
  );
}
