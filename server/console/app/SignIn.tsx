import { useState, type FormEvent } from 'react';
import { errorText, type Me } from './api';

export function SignIn(props: { config: { oidc: boolean; tokenSignIn: boolean }; onSignedIn: (me: Me) => void; initialError: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(props.initialError);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const res = await fetch('/console/api/session/token', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: token.trim() }),
      });
      const body = (await res.json()) as Me & { error?: string };
      if (!res.ok) throw new Error(body.error ?? `sign-in failed (${res.status})`);
      setToken('');
      props.onSignedIn(body);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <h1>Records console</h1>
      <p>Approved IM retention server. Every search, view and export is recorded in the access audit with its reason.</p>
      {props.config.oidc && (
        <p>
          <a className="button primary" href="/console/oidc/login">
            Sign in with your agency account
          </a>
        </p>
      )}
      {props.config.tokenSignIn && (
        <form onSubmit={(e) => void submit(e)} className="card">
          <h2>Break-glass sign-in</h2>
          <p className="hint">For emergencies only: a bearer token created with <code>retention token create</code>.</p>
          <label>
            Token
            <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required />
          </label>
          <button type="submit" disabled={busy || token.trim() === ''}>
            Sign in with token
          </button>
        </form>
      )}
      {!props.config.oidc && !props.config.tokenSignIn && <p>No sign-in method is configured on this server.</p>}
      {error && <p role="alert" className="error">{error}</p>}
    </main>
  );
}
