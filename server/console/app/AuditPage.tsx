import { useCallback, useEffect, useState } from 'react';
import { errorText, get } from './api';

interface Entry {
  id: number;
  at: string;
  tokenName: string | null;
  role: string | null;
  action: string;
  query: Record<string, unknown>;
  resultCount: number;
  outcome: string;
  remote: string | null;
}

export function AuditPage() {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState('');

  const load = useCallback(async (after?: number) => {
    try {
      const r = await get<{ entries: Entry[] }>('audit', { after: after === undefined ? undefined : String(after), limit: '200' });
      setEntries((cur) => (after === undefined ? r.entries : [...cur, ...r.entries]));
      setMore(r.entries.length === 200);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Access audit</h1>
      <p className="hint">Every search, view, export and change, with who, when, why and how many records.</p>
      {error && <p role="alert" className="error">{error}</p>}
      <table className="results">
        <caption>Audit entries</caption>
        <thead>
          <tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Query and reason</th><th scope="col">Results</th><th scope="col">Outcome</th></tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{e.id}</td>
              <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
              <td>{e.tokenName ?? '—'} <span className="hint">{e.role}</span></td>
              <td>{e.action}</td>
              <td><code className="query">{JSON.stringify(e.query)}</code></td>
              <td>{e.resultCount}</td>
              <td><span className={`badge ${e.outcome === 'ok' ? 'ok' : 'warn'}`}>{e.outcome}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && <button type="button" onClick={() => void load(entries.at(-1)?.id)}>Older entries</button>}
    </section>
  );
}
