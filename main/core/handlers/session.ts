import type { IpcHandlers } from '../ipc/router';
import type { HandlerContext } from './context';

type SessionChannels = 'session:getState' | 'session:signIn' | 'session:signOut' | 'session:activity' | 'notice:get' | 'notice:acknowledge' | 'policy:get' | 'journal:getStatus';

/** Sign-in and out, activity, the records notice, the policy page and the journal's status. */
export function sessionHandlers(ctx: HandlerContext): Pick<IpcHandlers, SessionChannels> {
  const { lifecycle } = ctx;
  return {
    'session:getState': async () => lifecycle.state(),
    'session:signIn': async (req) => lifecycle.signIn(req),
    'session:signOut': async (req) => lifecycle.signOut(req),
    'session:activity': async () => {
      await lifecycle.activity();
      return {};
    },
    'notice:get': async () => lifecycle.notice(),
    'notice:acknowledge': async () => lifecycle.acknowledgeNotice(),
    'policy:get': async () => ctx.policy.view(),
    'journal:getStatus': async () => ctx.journal.status(),
  };
}
