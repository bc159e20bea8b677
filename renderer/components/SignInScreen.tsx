import { useId, useState, type FormEvent } from 'react';
import type { SessionState } from '../../shared/ipc/types';
import { errorText } from '../state/actions';
import { connectionLabel, looksLikeAddress } from '../state/people';
import { useStore } from '../state/store';
import { BrandMark } from './BrandMark';

export function SignInScreen({ session, lastAddress = '' }: { session: SessionState; lastAddress?: string }) {
  const { actions } = useStore();
  const [address, setAddress] = useState(session.savedAddress ?? session.jid ?? lastAddress);
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(session.rememberPasswordAllowed && session.hasSavedPassword);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rememberHelpId = useId();

  const busy = submitting || session.phase === 'connecting' || session.phase === 'reconnecting';
  const shownError =
    error ??
    (session.phase === 'signed-out' || session.phase === 'offline' || session.phase === 'reconnecting'
      ? (session.error ?? (session.phase === 'signed-out' ? undefined : 'Approved IM can’t reach the messaging server. It keeps trying; check your network connection.'))
      : undefined);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!looksLikeAddress(address)) {
      setError('Enter your address in the form name@domain, for example jane.doe@agency.example.gov.');
      return;
    }
    if (!password) {
      setError('Enter your password.');
      return;
    }
    setError(null);
    setSubmitting(true);
    try {
      await actions.signIn(address, password, remember && session.rememberPasswordAllowed);
    } catch (err) {
      setError(errorText(err, 'Sign-in failed. Check your address and password and try again.'));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <main className="auth-screen">
      <section className="auth-card" aria-labelledby="sign-in-title">
        <div className="auth-brand">
          <BrandMark />
          <span className="auth-product">Approved IM</span>
        </div>
        <h1 id="sign-in-title" className="auth-title">
          Sign in
        </h1>
        <p className="auth-lead">Use your state workplace messaging account.</p>

        {shownError && (
          <div role="alert" className="banner banner-error">
            {shownError}
          </div>
        )}
        {!shownError && !submitting && session.phase === 'signed-out' && session.signedOutReason && (
          // Why the last session ended (idle sign-out): information, not an error.
          <div role="status" className="banner banner-info">
            {session.signedOutReason}
          </div>
        )}
        {session.configWarnings.length > 0 && (
          <div className="banner banner-warning">
            <strong>Settings need attention.</strong>{' '}
            {session.configWarnings.map((w) => `${w.policy}: ${w.message}`).join(' ')}
          </div>
        )}

        <form className="auth-form" onSubmit={onSubmit} noValidate>
          <fieldset disabled={busy} className="plain-fieldset">
            <div className="field">
              <label htmlFor="sign-in-address">Address</label>
              <input
                id="sign-in-address"
                name="address"
                type="text"
                inputMode="email"
                autoComplete="username"
                autoCapitalize="off"
                spellCheck={false}
                placeholder="name@agency.example.gov"
                value={address}
                onChange={(e) => setAddress(e.target.value)}
                autoFocus={!address}
              />
            </div>
            <div className="field">
              <label htmlFor="sign-in-password">Password</label>
              <input
                id="sign-in-password"
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoFocus={Boolean(address)}
              />
            </div>
            <div className="check-field">
              <input
                id="sign-in-remember"
                type="checkbox"
                checked={remember && session.rememberPasswordAllowed}
                disabled={!session.rememberPasswordAllowed}
                aria-describedby={session.rememberPasswordAllowed ? undefined : rememberHelpId}
                onChange={(e) => setRemember(e.target.checked)}
              />
              <label htmlFor="sign-in-remember">Remember password</label>
            </div>
            {!session.rememberPasswordAllowed && (
              <p id={rememberHelpId} className="field-help">
                Your administrator doesn't allow saving passwords on this computer.
              </p>
            )}
            <button type="submit" className="btn btn-primary btn-block">
              {busy && <span className="spinner" aria-hidden="true" />}
              Sign in
            </button>
          </fieldset>
          {(busy || session.phase === 'offline') && (
            <p role="status" className="auth-status">
              {submitting && session.phase === 'signed-out' ? 'Connecting…' : connectionLabel(session.phase)}
            </p>
          )}
        </form>
      </section>
      <p className="auth-footnote">
        For state business only. Messages are public records, retained and open to review under State IT Policy 630-04.
        Text only — no files, no sensitive or confidential information.
      </p>
    </main>
  );
}
