import { useEffect, useState } from 'react';
import type { PolicyView } from '../../shared/ipc/types';
import { errorText } from '../state/actions';
import { useStore } from '../state/store';

/**
 * Stand-in for the policy page (PolicyPage.tsx, owned by the policy components' author). It lists
 * what 'policy:get' returns so the "Policy" button leads somewhere until the real page lands.
 */
export function PolicyPlaceholder() {
  const { api } = useStore();
  const [view, setView] = useState<PolicyView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.invoke('policy:get', {}).then(
      (v) => live && setView(v),
      (err: unknown) => live && setError(errorText(err, 'The policy could not be read.')),
    );
    return () => {
      live = false;
    };
  }, [api]);

  return (
    <section className="page" aria-labelledby="policy-title">
      <header className="page-header">
        <h1 id="policy-title" className="page-title">
          Policy
        </h1>
        {view && (
          <p className="page-subtitle">
            Version {view.policyVersion || 'not set'} · reviewed {view.reviewedOn || 'never'}
            {view.reviewOverdue && <span className="tag tag-warning">Review overdue</span>}
          </p>
        )}
      </header>
      <div className="page-body">
        {error && (
          <div role="alert" className="banner banner-error">
            {error}
          </div>
        )}
        {!view && !error && <p className="muted">Loading policy…</p>}
        {view && (
          <table className="data-table">
            <caption className="sr-only">Settings set by group policy</caption>
            <thead>
              <tr>
                <th scope="col">Policy</th>
                <th scope="col">Value</th>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {view.entries.map((e) => (
                <tr key={e.name}>
                  <th scope="row">
                    <span className="policy-name">{e.name}</span>
                    <span className="policy-desc">{e.description}</span>
                  </th>
                  <td className="policy-value">{e.sensitive ? '••••••' : e.value || '—'}</td>
                  <td>{e.source}</td>
                  <td>
                    <span className={`tag tag-${e.status === 'ok' ? 'ok' : e.status === 'unset' ? 'muted' : 'warning'}`}>{e.status}</span>
                    {e.message && <span className="policy-desc">{e.message}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
