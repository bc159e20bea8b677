import { useCallback, useEffect, useState } from 'react';
import { errorText, get, post } from './api';

interface Series {
  id: string;
  name: string;
  retentionDays: number | null;
  citation: string;
}
interface Disposition {
  id: string;
  seriesName: string;
  citation: string;
  reason: string;
  proposedByName: string;
  proposedAt: string;
  count: number;
  fromMs: number | null;
  toMs: number | null;
  approval: { approvedByName: string; approvedAt: string; destroyed: number; withheld: number } | null;
}
interface Eligible {
  seriesId: string;
  conversations: number;
  records: number;
  held: number;
  from: string | null;
  to: string | null;
}

const day = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().slice(0, 10));

export function DispositionsPage(props: { canManage: boolean }) {
  const [list, setList] = useState<Disposition[]>([]);
  const [series, setSeries] = useState<Series[]>([]);
  const [seriesId, setSeriesId] = useState('');
  const [eligible, setEligible] = useState<Eligible | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');

  const load = useCallback(() => {
    get<{ dispositions: Disposition[] }>('dispositions').then((r) => setList(r.dispositions), (e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(() => {
    load();
    if (props.canManage) {
      get<{ series: Series[] }>('series').then((r) => {
        setSeries(r.series);
        setSeriesId((cur) => cur || r.series[0]?.id || '');
      }, (e: unknown) => setError(errorText(e)));
    }
  }, [load, props.canManage]);

  const check = async () => {
    setError('');
    try {
      setEligible(await get<Eligible>('dispositions/eligible', { series: seriesId }));
    } catch (e) {
      setError(errorText(e));
    }
  };

  const propose = async () => {
    setError('');
    try {
      const d = await post<Disposition>('dispositions', { seriesId, reason });
      setStatus(`Proposed disposition of ${d.count} records in ${d.seriesName}; a second records officer must approve it`);
      setReason('');
      setEligible(null);
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const approve = async (d: Disposition) => {
    setError('');
    try {
      const cert = await post<{ count: number; withheldByHolds: number }>(`dispositions/${encodeURIComponent(d.id)}/approve`);
      setStatus(`Approved: ${cert.count} records destroyed, ${cert.withheldByHolds} kept under legal holds`);
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section aria-labelledby="disp-title">
      <h1 id="disp-title">Dispositions</h1>
      <p className="hint">Destroying expired records takes two records officers: one proposes, another approves. Held records are always kept.</p>
      {error && <p role="alert" className="error">{error}</p>}
      <p role="status" className="status">{status}</p>
      {props.canManage && (
        <div className="card filters" role="group" aria-label="Propose a disposition">
          <h2 className="wide">Propose a disposition</h2>
          <label>
            Record series
            <select value={seriesId} onChange={(e) => { setSeriesId(e.target.value); setEligible(null); }}>
              {series.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.retentionDays === null ? 'permanent' : `${s.retentionDays} days`})
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void check()} disabled={!seriesId}>
            Check eligible records
          </button>
          {eligible && (
            <p className="wide">
              {eligible.records} records in {eligible.conversations} conversations are eligible ({day(eligible.from ? Date.parse(eligible.from) : null)} to{' '}
              {day(eligible.to ? Date.parse(eligible.to) : null)}); {eligible.held} expired records are kept under legal holds.
            </p>
          )}
          <label className="wide">
            Disposition reason
            <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. FY2024 transitory records, schedule GRS 5.2/020" />
          </label>
          <button type="button" className="primary" onClick={() => void propose()} disabled={!seriesId || reason.trim() === ''}>
            Propose disposition
          </button>
        </div>
      )}
      <table className="results">
        <caption>Dispositions</caption>
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col">Records</th>
            <th scope="col">Dates</th>
            <th scope="col">Proposed</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {list.map((d) => (
            <tr key={d.id}>
              <td>
                {d.seriesName}
                <div className="hint">{d.citation}</div>
              </td>
              <td>{d.approval ? `${d.approval.destroyed} destroyed, ${d.approval.withheld} held` : `${d.count} proposed`}</td>
              <td>
                {day(d.fromMs)} to {day(d.toMs)}
              </td>
              <td>
                {d.proposedByName}
                <div className="hint">{d.proposedAt.slice(0, 16).replace('T', ' ')}</div>
              </td>
              <td>{d.approval ? <span className="badge ok">Approved by {d.approval.approvedByName}</span> : <span className="badge warn">Awaiting approval</span>}</td>
              <td className="actions">
                {!d.approval && props.canManage && (
                  <button type="button" onClick={() => void approve(d)} aria-label={`Approve disposition of ${d.seriesName}`}>
                    Approve
                  </button>
                )}
                {d.approval && (
                  <>
                    <a href={`/console/api/dispositions/${encodeURIComponent(d.id)}/certificate.html`} target="_blank" rel="noreferrer">
                      Certificate
                    </a>{' '}
                    <a href={`/console/api/dispositions/${encodeURIComponent(d.id)}/certificate`} target="_blank" rel="noreferrer">
                      JSON
                    </a>
                  </>
                )}
              </td>
            </tr>
          ))}
          {list.length === 0 && (
            <tr>
              <td colSpan={6}>No dispositions yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
