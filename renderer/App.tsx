import { useEffect, useState } from 'react';
import { ConfigErrorScreen } from './components/ConfigErrorScreen';
import { IdleWarningDialog } from './components/IdleWarningDialog';
import { MainLayout } from './components/MainLayout';
import { NoticeGate } from './components/NoticeGate';
import { PolicyPane } from './components/PolicyPane';
import { SignInScreen } from './components/SignInScreen';
import { Splash } from './components/Splash';
import { useActivityReports } from './hooks/useAutoAway';
import { useStore } from './state/store';

/** Picks the screen for the session phase. Each screen is its own component. */
export function App() {
  const { state, actions } = useStore();
  const session = state.session;
  const [policyOnError, setPolicyOnError] = useState(false);
  const unread = Object.values(state.unread).reduce((a, b) => a + b, 0);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Approved IM` : 'Approved IM';
  }, [unread]);
  // Idle sign-out: main keeps the timer; the window reports activity and shows main's warning.
  useActivityReports(state, actions);
  if (!session) return <Splash text="Starting Approved IM…" />;
  const warning = session.phase !== 'signed-out' && session.phase !== 'config-error' ? session.idleWarning : undefined;
  return (
    <>
      {screen()}
      {warning && <IdleWarningDialog secondsLeft={warning.secondsLeft} onStay={() => void actions.reportActivity().catch(() => undefined)} />}
    </>
  );

  function screen() {
    if (!session) return null;
    switch (session.phase) {
      case 'config-error':
        // Fail closed: no sign-in, only the problems and (for the administrator) the policy page.
        return policyOnError ? (
          <main className="standalone-page">
            <PolicyPane onClose={() => setPolicyOnError(false)} />
          </main>
        ) : (
          <ConfigErrorScreen problems={session.configErrors} warnings={session.configWarnings} onShowPolicy={() => setPolicyOnError(true)} />
        );
      case 'signed-out':
        return <SignInScreen session={session} lastAddress={state.lastAddress} />;
      case 'connecting':
      case 'reconnecting':
      case 'offline':
        // Never online yet since signing in: still the sign-in screen, saying what the connection is doing.
        if (!state.wasOnline) return <SignInScreen session={session} lastAddress={state.lastAddress} />;
        return session.noticeRequired ? <NoticeGate session={session} /> : <MainLayout session={session} />;
      case 'online':
        // The records notice comes first when main says it must be (re)acknowledged.
        return session.noticeRequired ? <NoticeGate session={session} /> : <MainLayout session={session} />;
    }
  }
}
