import type { SessionState } from '../../shared/ipc/types';

/** A bar across the main pane while the connection is not up. The sidebar's role=status announces it. */
export function ConnectionBanner({ session }: { session: SessionState }) {
  if (session.phase === 'online') return null;
  const text =
    session.phase === 'reconnecting'
      ? 'Connection lost. Reconnecting… Messages you send now wait until the connection is back.'
      : session.phase === 'offline'
        ? 'You are offline. Check your network connection; Approved IM keeps trying to reconnect.'
        : 'Connecting…';
  return (
    <div className={`banner banner-inline ${session.phase === 'offline' ? 'banner-error' : 'banner-warning'}`}>
      <span>{text}</span>
      {session.error && <span className="banner-detail"> {session.error}</span>}
    </div>
  );
}
