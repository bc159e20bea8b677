import { useState } from 'react';
import type { SessionState } from '../../shared/ipc/types';
import { useBlockFileDrops } from '../composer/useBlockFileDrops';
import { errorText } from '../state/actions';
import { useStore } from '../state/store';
import { ConnectionBanner } from './ConnectionBanner';
import { ConversationView } from './ConversationView';
import { EmptyState } from './EmptyState';
import { JournalBanner } from './JournalIndicator';
import { NewChatDialog } from './NewChatDialog';
import { PolicyPane } from './PolicyPane';
import { Sidebar } from './Sidebar';
import { SignOutDialog } from './SignOutDialog';

type Dialog = 'none' | 'new-chat' | 'sign-out';

/** Signed-in shell: sidebar on the left, the current view in the main pane, dialogs on top. */
export function MainLayout({ session }: { session: SessionState }) {
  const { state, actions } = useStore();
  const [dialog, setDialog] = useState<Dialog>('none');
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useBlockFileDrops();

  async function signOut(forgetPassword: boolean) {
    setSigningOut(true);
    try {
      await actions.signOut(forgetPassword);
    } catch (err) {
      setError(errorText(err, 'Sign-out failed. Try again.'));
      setDialog('none');
    } finally {
      setSigningOut(false);
    }
  }

  const view = state.view;
  const modal = dialog !== 'none';
  return (
    <>
      {/* While a dialog is open the shell is inert and hidden from assistive tech (and from role queries). */}
      <div className="app-shell" aria-hidden={modal || undefined} inert={modal}>
        <Sidebar
          session={session}
          onNewChat={() => setDialog('new-chat')}
          onSignOut={() => {
            if (session.hasSavedPassword) setDialog('sign-out');
            else void signOut(false);
          }}
        />
        <main className="main-pane">
          <ConnectionBanner session={session} />
          <JournalBanner status={state.journal} />
          {error && (
            <div role="alert" className="banner banner-error banner-inline">
              {error}
            </div>
          )}
          {view.kind === 'conversation' ? (
            <ConversationView key={view.jid} jid={view.jid} />
          ) : view.kind === 'policy' ? (
            <PolicyPane onClose={() => actions.show({ kind: 'home' })} />
          ) : (
            <EmptyState />
          )}
        </main>
      </div>
      {dialog === 'new-chat' && (
        <NewChatDialog
          onClose={() => setDialog('none')}
          onStart={(jid) => {
            setDialog('none');
            actions.openConversation(jid).catch((err: unknown) => setError(errorText(err)));
          }}
        />
      )}
      {dialog === 'sign-out' && <SignOutDialog busy={signingOut} onClose={() => setDialog('none')} onConfirm={signOut} />}
    </>
  );
}
