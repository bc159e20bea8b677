import { useEffect, useState } from 'react';
import { errorText, get } from './api';

interface Status {
  store: string;
  treeSize: number;
  unsignedLeaves: number;
  latestTreeHead: { treeSize: number; rootHash: string; timestamp: string; keyId: string; signature: string } | null;
  signingKeyId: string;
  devices: number;
  devicesWithGaps: { deviceId: string; missing: number }[];
  alerts: { id: number; type: string; at: string; deviceId: string | null; recordId: string | null; detail: Record<string, unknown> }[];
}

export function StatusPage() {
  const [s, setS] = useState<Status | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    get<Status>('status').then(setS, (e: unknown) => setError(errorText(e)));
  }, []);
  return (
    <section aria-labelledby="status-title">
      <h1 id="status-title">Store status</h1>
      {error && <p role="alert" className="error">{error}</p>}
      {s && (
        <>
          <dl className="card facts">
            <dt>Store</dt><dd>{s.store}</dd>
            <dt>Records (Merkle leaves)</dt><dd>{s.treeSize}</dd>
            <dt>Not yet in a signed head</dt><dd>{s.unsignedLeaves}</dd>
            <dt>Latest signed tree head</dt>
            <dd>{s.latestTreeHead ? <>size {s.latestTreeHead.treeSize}, signed {s.latestTreeHead.timestamp}<br /><code>{s.latestTreeHead.rootHash}</code></> : 'none yet'}</dd>
            <dt>Signing key</dt><dd><code>{s.signingKeyId}</code></dd>
            <dt>Devices</dt><dd>{s.devices}</dd>
          </dl>
          <table className="results">
            <caption>Device gaps</caption>
            <thead><tr><th scope="col">Device</th><th scope="col">Missing records</th></tr></thead>
            <tbody>
              {s.devicesWithGaps.map((d) => <tr key={d.deviceId}><td>{d.deviceId}</td><td>{d.missing}</td></tr>)}
              {s.devicesWithGaps.length === 0 && <tr><td colSpan={2}>No device has gaps.</td></tr>}
            </tbody>
          </table>
          <table className="results">
            <caption>Alerts</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Type</th><th scope="col">Device</th><th scope="col">Record</th><th scope="col">Detail</th></tr></thead>
            <tbody>
              {s.alerts.map((a) => (
                <tr key={a.id}><td>{a.at.replace('T', ' ').slice(0, 19)}</td><td>{a.type}</td><td>{a.deviceId ?? '—'}</td><td>{a.recordId ?? '—'}</td><td><code className="query">{JSON.stringify(a.detail)}</code></td></tr>
              ))}
              {s.alerts.length === 0 && <tr><td colSpan={5}>No alerts.</td></tr>}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
