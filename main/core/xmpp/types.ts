/**
 * Types for the parts of xmpp.js we use (it ships no TypeScript declarations).
 */
import type { EventEmitter } from 'node:events';

export interface XmppElement {
  name: string;
  attrs: Record<string, string | undefined>;
  children: (XmppElement | string)[];
  parent?: XmppElement | null;
  is(name: string, xmlns?: string): boolean;
  getNS(): string | undefined;
  getChild(name: string, xmlns?: string): XmppElement | undefined;
  getChildren(name: string, xmlns?: string): XmppElement[];
  getChildText(name: string, xmlns?: string): string | null;
  getChildElements(): XmppElement[];
  getChildByAttr(attr: string, value: string, xmlns?: string, recursive?: boolean): XmppElement | undefined;
  text(): string;
  append(...children: (XmppElement | string)[]): XmppElement;
  c(name: string, attrs?: Record<string, string>): XmppElement;
  toString(): string;
  clone(): XmppElement;
}

export interface XmppJid {
  local: string;
  domain: string;
  resource: string;
  bare(): XmppJid;
  toString(): string;
  equals(other: XmppJid): boolean;
}

export interface StreamManagement extends EventEmitter {
  enabled: boolean;
  id: string;
  outbound_q: { stanza: XmppElement; stamp: string }[];
  inbound: number;
  outbound: number;
  timeout: number;
  requestAckInterval: number;
  requestAckDebounce: number;
}

export interface IqCaller {
  request(stanza: XmppElement, timeout?: number): Promise<XmppElement>;
  get(element: XmppElement, to?: string, timeout?: number): Promise<XmppElement | undefined>;
  set(element: XmppElement, to?: string, timeout?: number): Promise<XmppElement | undefined>;
}

export interface IqCallee {
  get(ns: string, name: string, handler: (ctx: { stanza: XmppElement; from: XmppJid }) => unknown): void;
  set(ns: string, name: string, handler: (ctx: { stanza: XmppElement; from: XmppJid }) => unknown): void;
}

export interface Reconnect extends EventEmitter {
  delay: number;
  start(): void;
  stop(): void;
}

export interface MiddlewareContext {
  stanza: XmppElement;
  from: XmppJid;
  entity: XmppClient;
}

export interface Middleware {
  use(fn: (ctx: MiddlewareContext, next: () => unknown) => unknown): void;
  filter(fn: (ctx: MiddlewareContext, next: () => unknown) => unknown): void;
}

export interface XmppClient extends EventEmitter {
  jid: XmppJid | null;
  status: string;
  socket: unknown;
  options: { domain: string; service: string };
  start(): Promise<XmppJid>;
  stop(): Promise<void>;
  disconnect(timeout?: number): Promise<void>;
  send(element: XmppElement): Promise<void>;
  sendMany(elements: XmppElement[]): Promise<void>;
  sendReceive(element: XmppElement, timeout?: number): Promise<XmppElement>;
  restart(): Promise<void>;
  isSecure(): boolean;
  _attachSocket(socket: unknown): void;
  reconnect: Reconnect;
  middleware: Middleware;
  iqCaller: IqCaller;
  iqCallee: IqCallee;
  streamManagement: StreamManagement;
  /** Ours (client.ts): Nagle's algorithm off on the current connection; stock clients lack it. */
  noDelay?(): void;
}
