import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText, get, post } from './api';

interface Series {
  id: string;
  name: string;
  retentionDays: number | null;
  citation: string;
  isDefault: boolean;
}
interface Rule {
  id: number;
  seriesId: string;
  kind: string;
  values: string[];
}
interface Conversation {
  conversationKey: string;
  conversationType: string;
  liveRecords: number;
  lastMs: number;
  seriesId: string | null;
  because: string;
  expiresAt: string | null;
}

export function SeriesPage(props: { canManage: boolean; canClassify: boolean }) {
  const [series, setSeries] = useState<Series[]>([]);
  const [rules, setRules] = useState<Rule[]>([]);
  const [convs, setConvs] = useState<Conversation[]>([]);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [s, setS] = useState({ id: '', name: '', days: '', citation: '', isDefault: false });
  const [r, setR] = useState({ seriesId: '', kind: 'participant', values: '' });
  const [re, setRe] = useState({ conversation: '', seriesId: '', reason: '' });

  const load = useCallback(() => {
    get<{ series: Series[]; rules: Rule[] }>('series').then((x) => { setSeries(x.series); setRules(x.rules); }, (e: unknown) => setError(errorText(e)));
    if (props.canClassify) get<{ conversations: Conversation[] }>('conversations').then((x) => setConvs(x.conversations), (e: unknown) => setError(errorText(e)));
  }, [props.canClassify]);
  useEffect(load, [load]);

  const run = (fn: () => Promise<unknown>, done: string) => async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      await fn();
      setStatus(done);
      load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const name = (id: string | null) => series.find((x) => x.id === id)?.name ?? id ?? '—';

  return (
    <section aria-labelledby="series-title">
      <h1 id="series-title">Record series and schedules</h1>
      {error && <p role="alert" className="error">{error}</p>}
      <p role="status" className="status">{status}</p>
      <table className="results">
        <caption>Series</caption>
        <thead>
          <tr><th scope="col">Series</th><th scope="col">Kept</th><th scope="col">Citation</th><th scope="col">Rules</th></tr>
        </thead>
        <tbody>
          {series.map((x) => (
            <tr key={x.id}>
              <td>{x.name} {x.isDefault && <span className="badge">default</span>}</td>
              <td>{x.retentionDays === null ? 'Permanent' : `${x.retentionDays} days after the conversation ends`}</td>
              <td>{x.citation}</td>
              <td>{rules.filter((y) => y.seriesId === x.id).map((y) => `${y.kind}: ${y.values.join(', ')}`).join('; ') || '—'}</td>
            </tr>
          ))}
          {series.length === 0 && <tr><td colSpan={4}>No series defined yet.</td></tr>}
        </tbody>
      </table>
      {props.canManage && (
        <>
          <form className="card filters" aria-label="Save a series" onSubmit={run(() => post('series', {
            id: s.id, name: s.name, citation: s.citation, isDefault: s.isDefault, retentionDays: s.days.trim() === '' ? null : Number(s.days),
          }), 'Series saved')}>
            <h2 className="wide">Save a series</h2>
            <label>Series id<input value={s.id} onChange={(e) => setS({ ...s, id: e.target.value })} placeholder="transitory" required /></label>
            <label>Series name<input value={s.name} onChange={(e) => setS({ ...s, name: e.target.value })} required /></label>
            <label>Days kept<input inputMode="numeric" value={s.days} onChange={(e) => setS({ ...s, days: e.target.value })} placeholder="empty = permanent" /></label>
            <label>Citation<input value={s.citation} onChange={(e) => setS({ ...s, citation: e.target.value })} required /></label>
            <label className="inline"><input type="checkbox" checked={s.isDefault} onChange={(e) => setS({ ...s, isDefault: e.target.checked })} />Default series</label>
            <button type="submit" className="primary">Save series</button>
          </form>
          <form className="card filters" aria-label="Add a rule" onSubmit={run(() => post('rules', { seriesId: r.seriesId || series[0]?.id, kind: r.kind, values: r.values.split(',').map((v) => v.trim()).filter(Boolean) }), 'Rule added')}>
            <h2 className="wide">Add a rule</h2>
            <label>Rule series<select value={r.seriesId} onChange={(e) => setR({ ...r, seriesId: e.target.value })}>{series.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}</select></label>
            <label>Applies to<select value={r.kind} onChange={(e) => setR({ ...r, kind: e.target.value })}><option value="participant">participant or group</option><option value="room">room</option><option value="domain">domain</option></select></label>
            <label className="wide">JIDs or domains<input value={r.values} onChange={(e) => setR({ ...r, values: e.target.value })} placeholder="comma-separated" required /></label>
            <button type="submit">Add rule</button>
          </form>
        </>
      )}
      {props.canClassify && (
        <>
          <table className="results">
            <caption>Conversations and their series</caption>
            <thead>
              <tr><th scope="col">Conversation</th><th scope="col">Records</th><th scope="col">Series</th><th scope="col">Why</th><th scope="col">Expires</th></tr>
            </thead>
            <tbody>
              {convs.map((c) => (
                <tr key={c.conversationKey}>
                  <td>{c.conversationKey} <span className="hint">{c.conversationType}</span></td>
                  <td>{c.liveRecords}</td>
                  <td>{name(c.seriesId)}</td>
                  <td>{c.because}</td>
                  <td>{c.expiresAt?.slice(0, 10) ?? 'never'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <form className="card filters" aria-label="Reclassify a conversation" onSubmit={run(() => post('reclassify', { conversation: re.conversation, seriesId: re.seriesId || series[0]?.id, reason: re.reason }), 'Conversation reclassified')}>
            <h2 className="wide">Reclassify a conversation</h2>
            <label>Conversation to reclassify<input value={re.conversation} onChange={(e) => setRe({ ...re, conversation: e.target.value })} required /></label>
            <label>New series<select value={re.seriesId} onChange={(e) => setRe({ ...re, seriesId: e.target.value })}>{series.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}</select></label>
            <label className="wide">Reclassification reason<input value={re.reason} onChange={(e) => setRe({ ...re, reason: e.target.value })} required /></label>
            <button type="submit">Reclassify</button>
          </form>
        </>
      )}
    </section>
  );
}
