import { UserFacingError, type IpcHandlers } from '../ipc/router';
import { xmppCall, type HandlerContext } from './context';

type RoomChannels = 'room:list' | 'room:join' | 'room:leave' | 'room:invite' | 'room:setSubject';

/** Group chat (XEP-0045): joining, leaving, invitations and subjects go through the outbound path. */
export function roomHandlers(ctx: HandlerContext): Pick<IpcHandlers, RoomChannels> {
  const { lifecycle, outbound } = ctx;
  const live = () => {
    const l = lifecycle.requireLive();
    if (!ctx.policy.current().values.GroupChatAllowed) throw new UserFacingError('group-chat-off', 'Group chat is turned off by policy.');
    return l;
  };
  return {
    'room:list': async () => lifecycle.live()?.rooms.list() ?? [],
    'room:join': async ({ room, nick }) => {
      const l = live();
      return xmppCall(() => outbound.join(l, { room, ...(nick ? { nick } : {}) }), 'join the room');
    },
    'room:leave': async ({ room, forget }) => {
      const l = live();
      await xmppCall(() => l.rooms.leave(outbound.address(room, 'room address'), { forget }), 'leave the room');
      return {};
    },
    'room:invite': async ({ room, jid, reason }) => {
      const l = live();
      await xmppCall(() => outbound.invite(l, { room, jid, ...(reason ? { reason } : {}) }), 'send the invitation');
      return {};
    },
    'room:setSubject': async ({ room, subject }) => {
      const l = live();
      await xmppCall(() => outbound.setSubject(l, { room, subject }), 'change the subject');
      return {};
    },
  };
}
