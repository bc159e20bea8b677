/**
 * The baseline of bench/renderer.bench.ts: a plain React list (no virtualisation, no app state) of the same
 * rows the app shows — the 10,000 messages of the scale conversation, or the 2,000 contacts and 200 rooms —
 * mounted in the same page, measured in the same run. Loaded as plainList.js beside the renderer bundle.
 */
import { useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { SELF } from '../renderer/dev/sampleData';
import { scaleContacts, scaleHistory, scaleRooms } from '../renderer/dev/scaleData';

interface Row {
  key: string;
  title: string;
  text: string;
}

const nextPaint = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

function messageRows(): Row[] {
  return scaleHistory(new Date()).map((m) => ({ key: m.id, title: `${m.from === SELF ? 'You' : 'Aaron Abbott'} · ${new Date(m.sentAt).toLocaleTimeString()}`, text: m.body }));
}
function rosterRows(): Row[] {
  return [...scaleRooms().map((r) => ({ key: r.jid, title: r.name, text: r.subject })), ...scaleContacts().map((c) => ({ key: c.jid, title: c.name, text: c.status ?? c.presence }))];
}

let setQuery: ((q: string) => void) | null = null;

function List({ rows }: { rows: Row[] }) {
  const [q, setQ] = useState('');
  setQuery = setQ;
  const shown = q ? rows.filter((r) => r.title.toLowerCase().includes(q) || r.key.includes(q)) : rows;
  return (
    <ul className="plain-list">
      {shown.map((r) => (
        <li key={r.key}>
          <button type="button">
            <strong>{r.title}</strong> <span>{r.text}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

let root: Root | null = null;
let host: HTMLElement | null = null;

const plain = {
  /** Mount the list of `kind` rows; ms until it is painted. */
  async mount(kind: 'messages' | 'roster'): Promise<number> {
    const rows = kind === 'messages' ? messageRows() : rosterRows();
    host = document.createElement('div');
    host.className = 'plain-host';
    document.body.append(host);
    // The same scroll box as the app's list: fixed, full window (CSSOM, which the CSP allows).
    Object.assign(host.style, { position: 'fixed', inset: '0', overflow: 'auto', background: '#fff', zIndex: '9999' });
    const t0 = performance.now();
    root = createRoot(host);
    flushSync(() => root!.render(<List rows={rows} />));
    if (kind === 'messages') host.scrollTop = host.scrollHeight;
    await nextPaint();
    return performance.now() - t0;
  },
  /** Filter to `q`; ms until painted. */
  async filter(q: string): Promise<number> {
    const t0 = performance.now();
    flushSync(() => setQuery?.(q.toLowerCase()));
    await nextPaint();
    return performance.now() - t0;
  },
  scroller(): HTMLElement | null {
    return host;
  },
  unmount(): void {
    root?.unmount();
    host?.remove();
    root = null;
    host = null;
  },
};

Object.defineProperty(window, '__plainList', { value: plain });
