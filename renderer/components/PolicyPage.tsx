import { useId, useMemo, useState } from 'react';
import type { PolicyView } from '../../shared/ipc/types';
import { policyExportJson } from '../../shared/policy/view';

type Entry = PolicyView['entries'][number];

export interface PolicyPageProps {
  /** From 'policy:get'; null while loading. */
  view: PolicyView | null;
  /** Loading failed. */
  error?: string | null;
  /** Called with the export document (masked JSON) when the user presses Export, e.g. to save it. */
  onExport?: (json: string) => void;
  /** Re-read the policy. */
  onReload?: () => void;
  /** Leave the page. */
  onClose?: () => void;
}

const LEVEL_LABEL: Record<string, string> = {
  'mandatory-machine': 'Mandatory, machine',
  'mandatory-user': 'Mandatory, user',
  'recommended-machine': 'Recommended, machine',
  'recommended-user': 'Recommended, user',
  'user-setting': 'Your setting',
  default: 'Default',
};

const STATUS_LABEL: Record<Entry['status'], string> = { ok: 'OK', invalid: 'Invalid', conflict: 'Conflict', unset: 'Not set' };

function matches(e: Entry, q: string): boolean {
  if (!q) return true;
  const hay = `${e.name} ${e.title ?? ''} ${e.category} ${e.source} ${e.status} ${e.sensitive ? '' : e.value}`.toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

function ValueCell({ e }: { e: Entry }) {
  if (e.value === '') return <span className="pol-muted">{e.status === 'unset' ? 'not set' : 'empty'}</span>;
  if (e.sensitive) {
    return (
      <span>
        {e.value} <span className="pol-muted">(hidden)</span>
      </span>
    );
  }
  return <code className="pol-value">{e.value}</code>;
}

/**
 * The policy page: every defined policy with its effective value (masked if sensitive), source, scope,
 * status and message; the policy version, review date (warning once more than 365 days old), the hash
 * of the effective policy and an "Export" as JSON. Presentational: data and actions come from props.
 */
export function PolicyPage({ view, error, onExport, onReload, onClose }: PolicyPageProps) {
  const titleId = useId();
  const filterId = useId();
  const [filter, setFilter] = useState('');
  const [exported, setExported] = useState<string | null>(null);
  const groups = useMemo(() => {
    const map = new Map<string, Entry[]>();
    for (const e of view?.entries ?? []) {
      if (!matches(e, filter)) continue;
      const list = map.get(e.category) ?? [];
      list.push(e);
      map.set(e.category, list);
    }
    return [...map];
  }, [view, filter]);

  const doExport = () => {
    if (!view) return;
    const json = policyExportJson(view);
    setExported(json);
    onExport?.(json);
  };

  const counts = view
    ? {
        invalid: view.entries.filter((e) => e.status === 'invalid').length,
        conflict: view.entries.filter((e) => e.status === 'conflict').length,
      }
    : null;

  return (
    <section className="pol-page" aria-labelledby={titleId}>
      <header className="pol-page-header">
        <h1 id={titleId} className="pol-title">
          Policy
        </h1>
        <div className="pol-actions">
          {onReload && (
            <button type="button" className="pol-button" onClick={onReload}>
              Reload
            </button>
          )}
          <button type="button" className="pol-button pol-button-primary" onClick={doExport} disabled={!view}>
            Export
          </button>
          {onClose && (
            <button type="button" className="pol-button" onClick={onClose}>
              Close
            </button>
          )}
        </div>
      </header>

      {error && (
        <p role="alert" className="pol-banner pol-banner-error">
          {error}
        </p>
      )}
      {!view && !error && <p className="pol-muted">Loading policy…</p>}

      {view && (
        <>
          <dl className="pol-summary">
            <div>
              <dt>Policy version</dt>
              <dd>{view.policyVersion || <span className="pol-muted">not set</span>}</dd>
            </div>
            <div>
              <dt>Last reviewed</dt>
              <dd>{view.reviewedOn || <span className="pol-muted">not set</span>}</dd>
            </div>
            <div className="pol-summary-wide">
              <dt>Policy hash (SHA-256)</dt>
              <dd>
                <code className="pol-hash">{view.hash}</code>
              </dd>
            </div>
          </dl>

          {view.reviewOverdue && (
            <p role="status" className="pol-banner pol-banner-warning">
              <strong>Review overdue.</strong> {view.reviewMessage || 'The policy has not been reviewed in the last 365 days.'}
            </p>
          )}
          {view.fatal.length > 0 && (
            <div role="alert" className="pol-banner pol-banner-error">
              <strong>Configuration error — contact your administrator.</strong>
              <ul className="pol-problems">
                {view.fatal.map((p, i) => (
                  <li key={i}>
                    <span className="pol-problem-policy">{p.policy}</span> <span className="pol-problem-message">{p.message}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {view.warnings.length > 0 && (
            <div role="status" className="pol-banner pol-banner-warning">
              <strong>
                {view.warnings.length} policy warning{view.warnings.length === 1 ? '' : 's'}.
              </strong>
              <ul className="pol-problems">
                {view.warnings.map((p, i) => (
                  <li key={i}>
                    <span className="pol-problem-policy">{p.policy}</span> <span className="pol-problem-message">{p.message}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {(view.restartRequired?.length ?? 0) > 0 && (
            <p role="status" className="pol-banner pol-banner-info">
              Restart required: new values for {view.restartRequired!.join(', ')} apply after Approved IM restarts.
            </p>
          )}

          {exported !== null && (
            <div className="pol-export">
              <label htmlFor={`${filterId}-export`}>Exported policy (JSON, sensitive values masked)</label>
              <textarea id={`${filterId}-export`} readOnly value={exported} rows={8} onFocus={(ev) => ev.currentTarget.select()} />
            </div>
          )}

          <div className="pol-toolbar">
            <label htmlFor={filterId}>Filter policies</label>
            <input id={filterId} type="search" value={filter} onChange={(ev) => setFilter(ev.currentTarget.value)} />
            <span className="pol-muted">
              {view.entries.length} policies
              {counts && counts.invalid > 0 ? ` · ${counts.invalid} invalid` : ''}
              {counts && counts.conflict > 0 ? ` · ${counts.conflict} in conflict` : ''}
            </span>
          </div>

          <table className="pol-table">
            <caption className="pol-sr-only">Policies in force, their values and where they come from</caption>
            <thead>
              <tr>
                <th scope="col">Policy</th>
                <th scope="col">Value</th>
                <th scope="col">Source</th>
                <th scope="col">Scope</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            {groups.map(([category, entries]) => (
              <tbody key={category}>
                <tr className="pol-group">
                  <th scope="colgroup" colSpan={5}>
                    {category}
                  </th>
                </tr>
                {entries.map((e) => (
                  <tr key={e.name} className={`pol-row pol-row-${e.status}`}>
                    <th scope="row">
                      <span className="pol-name">{e.name}</span>
                      {e.title && <span className="pol-desc">{e.title}</span>}
                      <span className="pol-flags">
                        {e.securityCritical && <span className="pol-tag">security-critical</span>}
                        <span className="pol-tag">{e.runtime ? 'applies at once' : 'restart to apply'}</span>
                      </span>
                    </th>
                    <td>
                      <ValueCell e={e} />
                    </td>
                    <td>
                      <span className="pol-level">{LEVEL_LABEL[e.level] ?? e.level}</span>
                      {e.source !== 'default' && <span className="pol-source">{e.source}</span>}
                    </td>
                    <td>{e.scope}</td>
                    <td>
                      <span className={`pol-status pol-status-${e.status}`}>{STATUS_LABEL[e.status]}</span>
                      {e.restartRequired && <span className="pol-status pol-status-restart">Restart required</span>}
                      {e.message && <span className="pol-message">{e.message}</span>}
                      {(e.conflicts?.length ?? 0) > 0 && (
                        <ul className="pol-conflicts" aria-label={`Values of ${e.name} that are not used`}>
                          {e.conflicts!.map((c, i) => (
                            <li key={i}>
                              <code className="pol-value">{c.value || '""'}</code> from {c.source} ({LEVEL_LABEL[c.level] ?? c.level}): {c.reason}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
          {groups.length === 0 && <p className="pol-muted">No policy matches “{filter}”.</p>}
          {(view.sources?.length ?? 0) > 0 && (
            <details className="pol-details">
              <summary>Policy sources read ({view.sources!.length})</summary>
              <ul>
                {view.sources!.map((s, i) => (
                  <li key={i}>
                    {LEVEL_LABEL[s.level] ?? s.level}: <code>{s.source}</code>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
