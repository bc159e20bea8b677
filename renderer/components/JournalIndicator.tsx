import type { JournalStatus } from '../../shared/ipc/types';

function ageText(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  if (seconds < 90) return '';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `, oldest ${minutes} min`;
  return `, oldest ${Math.round(minutes / 60)} h`;
}

/** Records line in the sidebar: whether messages reach the retention server (Policy 630-04: IM is a record). */
export function JournalIndicator({ status }: { status: JournalStatus | null }) {
  if (!status || status.state === 'disabled') return null;
  const text =
    status.state === 'connected'
      ? 'Records up to date'
      : status.state === 'pending'
        ? `${status.pending.toLocaleString()} ${status.pending === 1 ? 'record' : 'records'} waiting to upload${ageText(status.oldestPendingAgeSeconds)}`
        : 'Sending stopped: records can’t be kept';
  return (
    <p className={`journal journal-${status.state}`} title={status.message}>
      <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        <path d="M4 5.5C4 4.1 6.7 3 10 3s6 1.1 6 2.5S13.3 8 10 8 4 6.9 4 5.5zM4 5.5v9C4 15.9 6.7 17 10 17s6-1.1 6-2.5v-9M4 10c0 1.4 2.7 2.5 6 2.5s6-1.1 6-2.5" />
      </svg>
      <span>{text}</span>
    </p>
  );
}

/** Across the main pane when sending is stopped: the user must know before typing. */
export function JournalBanner({ status }: { status: JournalStatus | null }) {
  if (status?.state !== 'blocked') return null;
  return (
    <div role="alert" className="banner banner-error banner-inline">
      <span>
        <strong>Sending is stopped.</strong>{' '}
        {status.message ?? 'Messages can’t be kept as records right now. Contact your IT service desk.'}
      </span>
    </div>
  );
}
