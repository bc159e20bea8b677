import type { SessionState } from '../../shared/ipc/types';

/** A bar across the main pane while the connection is not up. The sidebar's role=status announces it. */
export function ConnectionBanner({ session }: { session: SessionState }) {
  if (session.phase === 'online') return null;
  const text =
    session.phase === 'reconnecting'
      ? 'Connection lost. Reconnecting… Messages you send now wait until the connection is back.'
      : session.phase === 'offline'
        ? // With an error the server ended the session and no reconnect will help: its words say why.
          session.error
          ? 'You are offline.'
          : 'You are offline. Check your network connection; Approved IM keeps trying to reconnect.'
        : 'Connecting…';
  return (
    <div className={`banner banner-inline ${session.phase === 'offline' ? 'banner-error' : 'banner-warning'}`}>
      <span>{text}</span>
      {session.error && <span className="banner-detail"> {session.error}</span>}
    </div>
  );
}

/**
 * Main holds incoming messages while they can't be recorded (the spool can't be written): none is shown
 * before its record is kept, none is lost, and sending stops too (issue 11, "one way in").
 */
export function ReceivingPausedBanner({ session }: { session: SessionState }) {
  if (!session.receivingPaused) return null;
  // Main sends the reason only; the heading is ours.
  return (
    <div role="alert" className="banner banner-error banner-inline">
      <span>
        <strong>Receiving is paused.</strong> {session.receivingPaused}
      </span>
    </div>
  );
}
