import type { IpcHandlers } from '../ipc/router';
import { xmppCall, type HandlerContext } from './context';

type ContactChannels = 'roster:list' | 'contact:add' | 'contact:remove' | 'contact:rename' | 'contact:respond' | 'presence:set';

/** Contacts and our own presence: names and status texts go through the outbound path. */
export function contactHandlers(ctx: HandlerContext): Pick<IpcHandlers, ContactChannels> {
  const { lifecycle, outbound } = ctx;
  return {
    'roster:list': async () => lifecycle.live()?.session.roster() ?? [],
    'contact:add': async ({ jid, name }) => {
      const l = lifecycle.requireLive();
      await xmppCall(() => outbound.addContact(l, { jid, ...(name ? { name } : {}) }), 'add the contact');
      return {};
    },
    'contact:remove': async ({ jid }) => {
      const l = lifecycle.requireLive();
      await xmppCall(() => l.contacts.remove(outbound.address(jid)), 'remove the contact');
      return {};
    },
    'contact:rename': async ({ jid, name }) => {
      const l = lifecycle.requireLive();
      await xmppCall(() => outbound.renameContact(l, { jid, name }), 'rename the contact');
      return {};
    },
    'contact:respond': async ({ jid, accept }) => {
      const l = lifecycle.requireLive();
      await xmppCall(() => l.contacts.respond(outbound.address(jid), accept), 'answer the request');
      return {};
    },
    'presence:set': async ({ show, status, idleSince }) => {
      const l = lifecycle.requireLive();
      await xmppCall(() => outbound.setPresence(l, { show, ...(status ? { status } : {}), ...(idleSince ? { idleSince } : {}) }), 'change your status');
      return {};
    },
  };
}
