import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { download, errorText, get, post } from './api';

interface Hold {
  id: string;
  matter: string;
  reason: string;
  owner: string;
  scope: { participants?: string[]; conversations?: string[]; from?: string; to?: string; terms?: string[] };
  placedBy: string;
  placedAt: string;
  released: { reason: string; by: string; at: string } | null;
}

const split = (s: string) => s.split(/[,\n]/).map((x) => x.trim()).filter(Boolean);

function scopeText(s: Hold['scope']): string {
  const parts = [
    s.participants?.length ? `participants: ${s.participants.join(', ')}` : '',
    s.conversations?.length ? `conversations: ${s.conversations.join(', ')}` : '',
    s.from || s.to ? `dates: ${s.from ?? '…'} to ${s.to ?? '…'}` : '',
    s.terms?.length ? `terms: ${s.terms.map((t) => `"${t}"`).join(' or ')}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

export function HoldsPage(props: { canManage: boolean; canExport: boolean }) {
  const [holds, setHolds] = useState<Hold[]>([]);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [form, setForm] = useState({ matter: '', reason: '', owner: '', participants: '', conversations: '', from: '', to: '', terms: '' });
  const [releasing, setReleasing] = useState<{ id: string; reason: string } | null>(null);

  const load = useCallback(() => {
    get<{ holds: Hold[] }>('holds').then((r) => setHolds(r.holds), (e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(load, [load]);

  const place = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      const h = await post<Hold>('holds', {
        matter: form.matter, reason: form.reason, owner: form.owner || undefined,
        scope: { participants: split(form.participants), conversations: split(form.conversations), from: form.from || undefined, to: form.to || undefined, terms: split(form.terms) },
      });
      setStatus(`Hold placed for ${h.matter}`);
      setForm({ matter: '', reason: '', owner: '', participants: '', conversations: '', from: '', to: '', terms: '' });
      load();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const release = async () => {
    if (!releasing) return;
    setError('');
    try {
      await post(`holds/${encodeURIComponent(releasing.id)}/release`, { reason: releasing.reason });
      setReleasing(null);
      setStatus('Hold released');
      load();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const exportHold = async (h: Hold) => {
    setError('');
    setStatus(`Preparing the export for ${h.matter}…`);
    try {
      setStatus(`Downloaded ${await download('exports', { source: { kind: 'hold', holdId: h.id }, reason: `Matter: ${h.matter}` })}`);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const input = (key: keyof typeof form, label: string, extra: { type?: string; required?: boolean; placeholder?: string } = {}) => (
    <label>
      {label}
      <input type={extra.type ?? 'text'} required={extra.required} placeholder={extra.placeholder} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );

  return (
    <section aria-labelledby="holds-title">
      <h1 id="holds-title">Legal holds</h1>
      <p className="hint">Held records are never disposed of. A hold is a scope: records that arrive later and match it are held too.</p>
      {error && <p role="alert" className="error">{error}</p>}
      <p role="status" className="status">{status}</p>
      <table className="results">
        <caption>Holds</caption>
        <thead>
          <tr>
            <th scope="col">Matter</th>
            <th scope="col">Scope</th>
            <th scope="col">Owner</th>
            <th scope="col">Placed</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {holds.map((h) => (
            <tr key={h.id}>
              <td>
                <strong>{h.matter}</strong>
                <div className="hint">{h.reason}</div>
              </td>
              <td>{scopeText(h.scope)}</td>
              <td>{h.owner}</td>
              <td>{h.placedAt.slice(0, 10)}</td>
              <td>{h.released ? <span className="badge">Released {h.released.at.slice(0, 10)}: {h.released.reason}</span> : <span className="badge ok">Active</span>}</td>
              <td className="actions">
                {props.canExport && (
                  <button type="button" onClick={() => void exportHold(h)} aria-label={`Export ${h.matter}`}>
                    Export
                  </button>
                )}
                {props.canManage && !h.released && (
                  <button type="button" onClick={() => setReleasing({ id: h.id, reason: '' })} aria-label={`Release ${h.matter}`}>
                    Release
                  </button>
                )}
              </td>
            </tr>
          ))}
          {holds.length === 0 && (
            <tr>
              <td colSpan={6}>No holds.</td>
            </tr>
          )}
        </tbody>
      </table>
      {releasing && (
        <div className="card" role="group" aria-label="Release hold">
          <label>
            Release reason
            <input value={releasing.reason} onChange={(e) => setReleasing({ ...releasing, reason: e.target.value })} />
          </label>
          <button type="button" onClick={() => void release()} disabled={releasing.reason.trim() === ''}>
            Confirm release
          </button>
          <button type="button" onClick={() => setReleasing(null)}>
            Cancel
          </button>
        </div>
      )}
      {props.canManage && (
        <form className="card filters" onSubmit={(e) => void place(e)} aria-label="Place a hold">
          <h2 className="wide">Place a hold</h2>
          {input('matter', 'Matter', { required: true, placeholder: 'e.g. Smith v. State, No. 24-1234' })}
          {input('reason', 'Reason for the hold', { required: true })}
          {input('owner', 'Owner', { placeholder: 'defaults to you' })}
          {input('participants', 'Participants', { placeholder: 'JIDs, comma-separated' })}
          {input('conversations', 'Conversations', { placeholder: 'peer or room JIDs' })}
          {input('from', 'Held from', { type: 'date' })}
          {input('to', 'Held to', { type: 'date' })}
          {input('terms', 'Search terms', { placeholder: 'words or phrases, comma-separated (any)' })}
          <button type="submit" className="primary">
            Place hold
          </button>
        </form>
      )}
    </section>
  );
}
