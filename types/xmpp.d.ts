// Minimal module declarations for xmpp.js packages (they ship no types). The typed surface lives in
// main/core/xmpp/types.ts; these declarations only let TypeScript resolve the imports.
declare module '@xmpp/client-core' {
  import type { XmppElement, XmppJid } from '../main/core/xmpp/types';
  export const Client: new (options: { service: string; domain: string }) => unknown;
  export function xml(name: string, attrs?: Record<string, string | number | undefined> | null, ...children: (XmppElement | string | null | undefined | false)[]): XmppElement;
  export function jid(local: string, domain?: string, resource?: string): XmppJid;
}
declare module '@xmpp/xml' {
  import type { XmppElement } from '../main/core/xmpp/types';
  function xml(name: string, attrs?: Record<string, string | number | undefined> | null, ...children: (XmppElement | string | null | undefined | false)[]): XmppElement;
  export default xml;
  export function parse(text: string): XmppElement;
}
declare module '@xmpp/jid' {
  import type { XmppJid } from '../main/core/xmpp/types';
  function jid(address: string): XmppJid;
  function jid(local: string, domain: string, resource?: string): XmppJid;
  export default jid;
}
declare module '@xmpp/reconnect';
declare module '@xmpp/tcp';
declare module '@xmpp/middleware';
declare module '@xmpp/stream-features';
declare module '@xmpp/iq/caller.js';
declare module '@xmpp/iq/callee.js';
declare module '@xmpp/resource-binding';
declare module '@xmpp/stream-management';
declare module '@xmpp/starttls/starttls.js' {
  export function canUpgrade(socket: unknown): boolean;
  export function upgrade(socket: unknown, options: Record<string, unknown>): Promise<unknown>;
}
declare module '@xmpp/events' {
  export function procedure(entity: unknown, stanza: unknown, handler: (el: never, done: (value?: unknown) => void) => unknown): Promise<unknown>;
}
declare module '@xmpp/client' {
  export function client(options: Record<string, unknown>): import('../main/core/xmpp/types').XmppClient;
  export { xml, jid } from '@xmpp/client-core';
}
