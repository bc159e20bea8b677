import { useEffect, useState } from 'react';
import type { SessionState } from '../../shared/ipc/types';
import { useBlockFileDrops } from '../composer/useBlockFileDrops';
import { hintEngineFor } from '../composer/useDlpHintEngine';
import { useAutoAway } from '../hooks/useAutoAway';
import { useDesktopNotifications } from '../notifications';
import { errorText } from '../state/actions';
import { nameFromAddress } from '../state/people';
import { warmTimeLabels } from '../state/timeline';
import { useStore } from '../state/store';
import { ConnectionBanner, ReceivingPausedBanner } from './ConnectionBanner';
import { ConversationView } from './ConversationView';
import { EmptyState } from './EmptyState';
import { JoinRoomDialog } from './JoinRoomDialog';
import { JournalBanner } from './JournalIndicator';
import { NewChatDialog } from './NewChatDialog';
import { PolicyPane } from './PolicyPane';
import { RoomView } from './RoomView';
import { SearchPane } from './SearchPane';
import { SettingsPage } from './SettingsPage';
import { Sidebar } from './Sidebar';
import { SignOutDialog } from './SignOutDialog';

type Dialog = 'none' | 'new-chat' | 'join-room' | 'sign-out';

/** Signed-in shell: sidebar on the left, the current view in the main pane, dialogs on top. */
export function MainLayout({ session }: { session: SessionState }) {
  const { state, actions, api } = useStore();
  const [dialog, setDialog] = useState<Dialog>('none');
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useBlockFileDrops();
  useAutoAway(state, actions);
  useDesktopNotifications(api, state, (jid) => void actions.openConversation(jid).catch(() => undefined));
  // Build the composer's DLP hint engine and the message list's date formats (a few ms each to build)
  // once the first screen is painted, not when a conversation opens.
  useEffect(() => {
    const warm = () => {
      void hintEngineFor(api);
      warmTimeLabels();
    };
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(warm, { timeout: 2000 });
      return () => window.cancelIdleCallback(id);
    }
    const t = window.setTimeout(warm, 500);
    return () => window.clearTimeout(t);
  }, [api]);

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
  return (
    <>
      {/* Dialogs (portalled into <body>) make this inert while they are open: see Modal. */}
      <div className="app-shell">
        <Sidebar
          session={session}
          onNewChat={() => setDialog('new-chat')}
          onJoinRoom={() => setDialog('join-room')}
          onSignOut={() => {
            if (session.hasSavedPassword) setDialog('sign-out');
            else void signOut(false);
          }}
        />
        <main className="main-pane">
          <ConnectionBanner session={session} />
          <ReceivingPausedBanner session={session} />
          <JournalBanner status={state.journal} />
          {error && (
            <div role="alert" className="banner banner-error banner-inline">
              {error}
            </div>
          )}
          {view.kind === 'conversation' && state.rooms.some((r) => r.jid === view.jid) ? (
            <RoomView key={view.jid} jid={view.jid} />
          ) : view.kind === 'conversation' ? (
            <ConversationView key={view.jid} jid={view.jid} />
          ) : view.kind === 'search' ? (
            <SearchPane />
          ) : view.kind === 'settings' ? (
            <div className="settings-pane">
              <SettingsPage onClose={() => actions.show({ kind: 'home' })} onShowPolicy={() => actions.show({ kind: 'policy' })} />
            </div>
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
      {dialog === 'join-room' && (
        <JoinRoomDialog
          defaultNick={nameFromAddress(session.jid ?? '')}
          onClose={() => setDialog('none')}
          onJoin={(room, nick) =>
            actions.joinRoom(room, nick).then((info) => {
              // Close and open in one render, so the room's composer takes focus once the page is live again.
              setDialog('none');
              void actions.openConversation(info.jid);
            })
          }
        />
      )}
      {dialog === 'sign-out' && <SignOutDialog busy={signingOut} onClose={() => setDialog('none')} onConfirm={signOut} />}
    </>
  );
}
