import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import type { SessionState } from '../../shared/ipc/types';
import { errorText } from '../state/actions';
import { connectionLabel } from '../state/people';
import { useStore } from '../state/store';
import { BrandMark } from './BrandMark';
import { RecordsNotice } from './RecordsNotice';
import { Splash } from './Splash';

type Notice = ResponseOf<'notice:get'>;

/**
 * Before chatting, the records notice must be acknowledged (Policy 630-04): at first use, after the
 * interval, when the text changes. Main decides (SessionState.noticeRequired) and records the
 * acknowledgement; this screen shows the text and the connection state above it.
 */
export function NoticeGate({ session }: { session: SessionState }) {
  const { api, actions } = useStore();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.invoke('notice:get', {}).then(
      (n) => live && setNotice(n),
      (err: unknown) => live && setError(errorText(err, 'The records notice could not be loaded. Sign out and try again.')),
    );
    return () => {
      live = false;
    };
  }, [api]);

  async function acknowledge() {
    setBusy(true);
    setError(null);
    try {
      await actions.acknowledgeNotice();
    } catch (err) {
      setError(errorText(err, 'Your acknowledgement could not be recorded. Try again.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="notice-gate">
      <header className="notice-bar">
        <BrandMark size={24} />
        <span className="notice-bar-product">Approved IM</span>
        <span role="status" className={`notice-bar-status connection-${session.phase}`}>
          <span className="connection-dot" aria-hidden="true" />
          {connectionLabel(session.phase)}
        </span>
      </header>
      {notice ? (
        <RecordsNotice
          text={notice.text}
          intervalDays={notice.intervalDays}
          reason={notice.reason}
          lastAcknowledgedAt={notice.lastAcknowledgedAt ?? null}
          onAcknowledge={() => void acknowledge()}
          onSignOut={() => void actions.signOut(false).catch((err: unknown) => setError(errorText(err)))}
          busy={busy}
          error={error}
        />
      ) : error ? (
        <main className="splash">
          <p role="alert" className="banner banner-error">
            {error}
          </p>
          <button type="button" className="btn btn-secondary" onClick={() => void actions.signOut(false)}>
            Sign out
          </button>
        </main>
      ) : (
        <Splash text="Loading the records notice…" />
      )}
    </div>
  );
}
