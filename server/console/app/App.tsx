import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorText, get, post, setCsrf, type Me } from './api';
import { AuditPage } from './AuditPage';
import { DispositionsPage } from './DispositionsPage';
import { FleetPage } from './FleetPage';
import { HoldsPage } from './HoldsPage';
import { SearchPage } from './SearchPage';
import { SeriesPage } from './SeriesPage';
import { SignIn } from './SignIn';
import { StatusPage } from './StatusPage';

interface Screen {
  path: string;
  label: string;
  permission: string;
}

/** The screens, and the permission each needs; a role sees only the ones it may use. */
const SCREENS: Screen[] = [
  { path: 'search', label: 'Search', permission: 'records:read' },
  { path: 'holds', label: 'Holds', permission: 'holds:read' },
  { path: 'dispositions', label: 'Dispositions', permission: 'disposition:read' },
  { path: 'series', label: 'Series', permission: 'series:read' },
  { path: 'audit', label: 'Audit', permission: 'audit:read' },
  { path: 'status', label: 'Status', permission: 'ops:read' },
  { path: 'fleet', label: 'Fleet', permission: 'fleet:read' },
];

function useHashPath(): string {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  const [path, setPath] = useState(read);
  useEffect(() => {
    const on = () => setPath(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return path;
}

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [config, setConfig] = useState<{ oidc: boolean; tokenSignIn: boolean }>({ oidc: false, tokenSignIn: true });
  const [error, setError] = useState('');
  const path = useHashPath();

  const signedIn = useCallback((m: Me) => {
    setCsrf(m.csrf);
    setMe(m);
  }, []);

  useEffect(() => {
    get<{ oidc: boolean; tokenSignIn: boolean }>('config').then(setConfig, () => undefined);
    get<Me>('session').then(signedIn, (e: unknown) => {
      if (!(e instanceof ApiError && e.status === 401)) setError(errorText(e));
      setMe(null);
    });
  }, [signedIn]);

  if (me === undefined) return <p className="loading">Loading…</p>;
  if (me === null) return <SignIn config={config} onSignedIn={signedIn} initialError={error} />;

  const allowed = SCREENS.filter((s) => me.permissions.includes(s.permission));
  const current = allowed.find((s) => s.path === path) ?? allowed[0];
  const can = (p: string) => me.permissions.includes(p);
  const signOut = async () => {
    await post('session/signout').catch(() => undefined);
    setMe(null);
  };

  return (
    <div className="shell">
      <header className="top">
        <span className="brand">Approved IM · Records console</span>
        <span className="who">
          {me.name} <span className="role">{me.role}</span>
          {me.via === 'token' && <span className="badge warn">break-glass token</span>}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <nav className="side" aria-label="Console">
        <ul>
          {allowed.map((s) => (
            <li key={s.path}>
              <a href={`#/${s.path}`} aria-current={current?.path === s.path ? 'page' : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        {!current && <p>Your role ({me.role}) has no screens in the records console.</p>}
        {current?.path === 'search' && <SearchPage canExport={can('records:export')} canHold={can('holds:manage')} />}
        {current?.path === 'holds' && <HoldsPage canManage={can('holds:manage')} canExport={can('records:export')} />}
        {current?.path === 'dispositions' && <DispositionsPage canManage={can('disposition:manage')} />}
        {current?.path === 'series' && <SeriesPage canManage={can('series:manage')} canClassify={can('records:classify')} />}
        {current?.path === 'audit' && <AuditPage />}
        {current?.path === 'status' && <StatusPage />}
        {current?.path === 'fleet' && <FleetPage />}
      </main>
    </div>
  );
}
