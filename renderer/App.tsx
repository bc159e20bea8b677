import { useEffect } from 'react';
import { ConfigErrorFallback } from './components/ConfigErrorFallback';
import { MainLayout } from './components/MainLayout';
import { SignInScreen } from './components/SignInScreen';
import { Splash } from './components/Splash';
import { useStore } from './state/store';

/** Picks the screen for the session phase. Each screen is its own component. */
export function App() {
  const { state } = useStore();
  const session = state.session;
  const unread = Object.values(state.unread).reduce((a, b) => a + b, 0);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Approved IM` : 'Approved IM';
  }, [unread]);
  if (!session) return <Splash text="Starting Approved IM…" />;
  switch (session.phase) {
    case 'config-error':
      return <ConfigErrorFallback problems={session.configErrors} />;
    case 'signed-out':
      return <SignInScreen session={session} />;
    case 'connecting':
      return state.wasOnline ? <MainLayout session={session} /> : <SignInScreen session={session} />;
    case 'online':
    case 'reconnecting':
    case 'offline':
      return <MainLayout session={session} />;
  }
}
