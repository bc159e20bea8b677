import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { FleetResult } from '../../routes/fleet';
import { errorText, get } from './api';

/** The API's own types (type-only: nothing of the server is bundled), so the page and `/v1/fleet` can't drift. */
type Fleet = FleetResult;

interface DlpSummary {
  total: number;
  totals: { byEventType: Record<string, number>; byAction: Record<string, number>; byGroup: Record<string, number> };
}

const flag = (on: boolean, text: string) => (on ? <span className="badge warn">{text}</span> : null);
const short = (hash: string) => (hash.length > 16 ? `${hash.slice(0, 12)}…` : hash || '—');

/** Every installed client: version, policy, last seen, backlog; filters; links to the printable reports. */
export function FleetPage() {
  const [oldVersion, setOldVersion] = useState(false);
  const [policyDiffers, setPolicyDiffers] = useState(false);
  const [notSeenDays, setNotSeenDays] = useState('');
  const [fleet, setFleet] = useState<Fleet | null>(null);
  const [dlp, setDlp] = useState<DlpSummary | null>(null);
  const [error, setError] = useState('');

  const query = useCallback(
    () => ({ oldVersion: oldVersion ? 'true' : undefined, policyDiffers: policyDiffers ? 'true' : undefined, notSeenDays: notSeenDays.trim() || undefined }),
    [oldVersion, policyDiffers, notSeenDays],
  );
  const load = useCallback(async () => {
    setError('');
    try {
      setFleet(await get<Fleet>('fleet', query()));
    } catch (e) {
      setError(errorText(e));
    }
  }, [query]);

  useEffect(() => {
    void load();
    get<DlpSummary>('reports/dlp', { limit: '0' }).then(setDlp, () => undefined);
    // Load once on opening; later loads come from "Apply".
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load();
  };
  const printable = `/console/api/fleet.html?${new URLSearchParams(Object.entries(query()).filter((x): x is [string, string] => x[1] !== undefined))}`;

  return (
    <section aria-labelledby="fleet-title">
      <h1 id="fleet-title">Fleet</h1>
      <p className="hint">Every installed client as its audit events report it: user, client version, policy in force, when it was last seen and its journal backlog.</p>
      <form className="card filters" onSubmit={submit} aria-label="Fleet filters">
        <label className="inline">
          <input type="checkbox" checked={oldVersion} onChange={(e) => setOldVersion(e.target.checked)} />
          Old version only
        </label>
        <label className="inline">
          <input type="checkbox" checked={policyDiffers} onChange={(e) => setPolicyDiffers(e.target.checked)} />
          Policy differs only
        </label>
        <label>
          Not seen for days
          <input type="number" min={0} inputMode="numeric" value={notSeenDays} onChange={(e) => setNotSeenDays(e.target.value)} />
        </label>
        <button type="submit" className="primary">Apply</button>
      </form>
      <p className="toolbar">
        <a href={printable} target="_blank" rel="noopener">Printable fleet</a>
        <a href="/console/api/reports/dlp.html" target="_blank" rel="noopener">DLP and refusal report</a>
        <a href="/console/api/review-report.html" target="_blank" rel="noopener">Yearly review</a>
      </p>
      {error && <p role="alert" className="error">{error}</p>}
      {fleet && (
        <p className="status">
          Newest client version {fleet.newestClientVersion || 'unknown'}; expected policy {fleet.expectedPolicyHashes.map(short).join(', ') || 'unknown'}.
        </p>
      )}
      {fleet && (
        <table className="results">
          <caption>Devices ({fleet.devices.length})</caption>
          <thead>
            <tr>
              <th scope="col">Device</th><th scope="col">User</th><th scope="col">Client version</th><th scope="col">Policy</th>
              <th scope="col">Last seen</th><th scope="col">Backlog</th><th scope="col">Flags</th>
            </tr>
          </thead>
          <tbody>
            {fleet.devices.map((d) => (
              <tr key={d.deviceId}>
                <td><code>{d.deviceId}</code>{d.deviceVerified ? <span className="badge ok">proven</span> : null}</td>
                <td>{d.jid || '—'}</td>
                <td>{d.clientVersion || '—'}</td>
                <td><code title={d.policyHash}>{short(d.policyHash)}</code> {d.policyVersion && <span className="hint">v{d.policyVersion}</span>}</td>
                <td>{d.lastSeen.replace('T', ' ').slice(0, 19)} <span className="hint">({d.daysSinceSeen} d)</span></td>
                <td>{d.backlog}</td>
                <td>
                  {flag(d.oldVersion, 'old version')}
                  {flag(d.runsExpectedPolicy === false, 'policy differs')}
                  {flag(d.reviewOverdue, 'review overdue')}
                </td>
              </tr>
            ))}
            {fleet.devices.length === 0 && <tr><td colSpan={7}>No device matches.</td></tr>}
          </tbody>
        </table>
      )}
      {dlp && (
        <table className="results">
          <caption>DLP and refusals, last 365 days ({dlp.total})</caption>
          <thead><tr><th scope="col">Event type</th><th scope="col">Count</th></tr></thead>
          <tbody>
            {Object.entries(dlp.totals.byEventType).map(([k, n]) => <tr key={k}><td>{k}</td><td>{n}</td></tr>)}
            {dlp.total === 0 && <tr><td colSpan={2}>None.</td></tr>}
          </tbody>
        </table>
      )}
    </section>
  );
}
