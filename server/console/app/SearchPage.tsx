import { useState, type FormEvent } from 'react';
import { download, errorText, get } from './api';
import { Highlight } from './Highlight';

export interface ShownRecord {
  recordId: string;
  leafIndex: number;
  conversation?: string;
  sender?: string;
  sentAt?: string;
  body?: string;
  kind?: string;
  disposed?: boolean;
}

interface Filters {
  q: string;
  participant: string;
  conversation: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { q: '', participant: '', conversation: '', from: '', to: '' };

export function SearchPage(props: { canExport: boolean; canHold: boolean }) {
  const [f, setF] = useState<Filters>(EMPTY);
  const [reason, setReason] = useState('');
  const [searched, setSearched] = useState<{ filters: Filters; reason: string } | null>(null);
  const [records, setRecords] = useState<ShownRecord[]>([]);
  const [terms, setTerms] = useState<string[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [context, setContext] = useState<{ focus: string; conversation: string; records: ShownRecord[] } | null>(null);
  const [redact, setRedact] = useState<Set<string>>(new Set());
  const [redactReason, setRedactReason] = useState('');

  const run = async (cursor?: string) => {
    setBusy(true);
    setError('');
    try {
      const res = await get<{ records: ShownRecord[]; terms: string[]; nextCursor: string | null }>('records', { ...f, reason, cursor });
      setRecords(cursor ? [...records, ...res.records] : res.records);
      setTerms(res.terms);
      setNext(res.nextCursor);
      setSearched({ filters: f, reason });
      if (!cursor) {
        setContext(null);
        setRedact(new Set());
      }
      setStatus(`${cursor ? records.length + res.records.length : res.records.length} records${res.nextCursor ? ' (more available)' : ''}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run();
  };

  const view = async (recordId: string) => {
    setError('');
    try {
      setContext(await get<{ focus: string; conversation: string; records: ShownRecord[] }>('conversation', { recordId, reason: searched?.reason ?? reason }));
    } catch (e) {
      setError(errorText(e));
    }
  };

  const exportSearch = async () => {
    if (!searched) return;
    setError('');
    setStatus('Preparing the export…');
    try {
      const redactions = [...redact].map((recordId) => ({ recordId, reason: redactReason.trim() || 'withheld from release' }));
      const name = await download('exports', { source: { kind: 'search', ...searched.filters }, reason: searched.reason, redactions });
      setStatus(`Downloaded ${name}`);
    } catch (e) {
      setError(errorText(e));
      setStatus('');
    }
  };

  const field = (key: keyof Filters, label: string, type = 'text') => (
    <label>
      {label}
      <input type={type} value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} />
    </label>
  );

  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">Search</h1>
      <form className="card filters" onSubmit={submit} role="search">
        <label className="wide">
          Search records
          <input type="text" value={f.q} onChange={(e) => setF({ ...f, q: e.target.value })} placeholder="words that must all appear" />
        </label>
        {field('participant', 'Participant')}
        {field('conversation', 'Conversation')}
        {field('from', 'From', 'date')}
        {field('to', 'To', 'date')}
        <label className="wide">
          Reason
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="matter or reason for this access (recorded in the audit)" required minLength={3} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Search
        </button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      <p role="status" className="status">{status}</p>
      {searched && (
        <>
          {props.canExport && (
            <div className="toolbar">
              <label>
                Redaction reason
                <input value={redactReason} onChange={(e) => setRedactReason(e.target.value)} placeholder="e.g. b(6) personal privacy" />
              </label>
              <button type="button" onClick={() => void exportSearch()}>
                Export
              </button>
              <span className="hint">{redact.size ? `${redact.size} record(s) will be redacted in the export` : 'Tick "Redact" on records to withhold them from a release.'}</span>
            </div>
          )}
          <table className="results">
            <caption>Search results</caption>
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">Conversation</th>
                <th scope="col">Sender</th>
                <th scope="col">Message</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.recordId} className={context?.focus === r.recordId ? 'focus' : undefined}>
                  <td>{r.sentAt?.replace('T', ' ').replace(/\.\d+Z$/, 'Z') ?? '—'}</td>
                  <td>{r.conversation ?? '—'}</td>
                  <td>{r.sender ?? '—'}</td>
                  <td className="body">{r.disposed ? <em>Content destroyed by an approved disposition</em> : <Highlight text={r.body ?? ''} terms={terms} />}</td>
                  <td className="actions">
                    {!r.disposed && (
                      <button type="button" onClick={() => void view(r.recordId)} aria-label={`View ${r.recordId} in context`}>
                        Context
                      </button>
                    )}
                    {props.canExport && !r.disposed && (
                      <label className="inline">
                        <input
                          type="checkbox"
                          checked={redact.has(r.recordId)}
                          onChange={(e) => {
                            const s = new Set(redact);
                            if (e.target.checked) s.add(r.recordId);
                            else s.delete(r.recordId);
                            setRedact(s);
                          }}
                        />
                        Redact
                      </label>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {next && (
            <button type="button" onClick={() => void run(next)} disabled={busy}>
              More results
            </button>
          )}
        </>
      )}
      {context && (
        <section className="card context" aria-label="Conversation in context">
          <h2>Conversation {context.conversation}</h2>
          <ol className="log">
            {context.records.map((r) => (
              <li key={r.recordId} className={r.recordId === context.focus ? 'focus' : undefined}>
                <span className="meta">
                  {r.sentAt} · {r.sender}
                </span>
                <span className="text">{r.disposed ? <em>Content destroyed</em> : <Highlight text={r.body ?? ''} terms={terms} />}</span>
              </li>
            ))}
          </ol>
          <button type="button" onClick={() => setContext(null)}>
            Close
          </button>
        </section>
      )}
    </section>
  );
}
