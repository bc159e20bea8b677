import { z } from 'zod';
import {
  BareJidSchema,
  ChatMessageSchema,
  ContactSchema,
  DeliveryStateSchema,
  JournalStatusSchema,
  PolicyViewSchema,
  RoomInfoSchema,
  SessionStateSchema,
  TypingStateSchema,
  UserSettingRequestSchema,
} from './types';

/**
 * The one IPC contract between the untrusted renderer and main. Channels are `domain:verb`.
 * Every request is validated in main against `request`; every response is validated against `response`
 * before it leaves main. The preload and the web host's bridge build the renderer API from this object.
 */
const empty = z.object({}).strict();

const SendResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('sent'), message: ChatMessageSchema }),
  z.object({ status: z.literal('refused'), reason: z.string() }),
  z.object({
    status: z.literal('needs-justification'),
    reason: z.string(),
    findings: z.array(z.object({ type: z.string(), start: z.number(), end: z.number() })),
  }),
]);

export const ipcInvokeContract = {
  'session:getState': { request: empty, response: SessionStateSchema },
  'session:signIn': {
    request: z.object({ address: BareJidSchema, password: z.string().min(1).max(1024), remember: z.boolean() }).strict(),
    response: SessionStateSchema,
  },
  'session:signOut': {
    request: z.object({ forgetPassword: z.boolean() }).strict(),
    response: SessionStateSchema,
  },
  /** Keyboard or mouse activity in the window (idle sign-out). The renderer sends it at most about every 30 s. */
  'session:activity': { request: empty, response: z.object({}).strict() },
  'roster:list': { request: empty, response: z.array(ContactSchema) },
  'chat:open': {
    request: z.object({ jid: BareJidSchema }).strict(),
    response: z.object({ messages: z.array(ChatMessageSchema), complete: z.boolean() }),
  },
  'chat:loadOlder': {
    /** `before`: the id of the oldest message the renderer holds; older ones in main's memory come first. */
    request: z.object({ jid: BareJidSchema, before: z.string().min(1).max(256).optional() }).strict(),
    response: z.object({ messages: z.array(ChatMessageSchema), complete: z.boolean() }),
  },
  'chat:send': {
    request: z
      .object({
        to: BareJidSchema,
        body: z.string().min(1).max(100_000),
        /** The user's justification when the DLP check warned. */
        justification: z.string().max(2000).optional(),
      })
      .strict(),
    response: SendResponseSchema,
  },
  'chat:setTyping': {
    request: z.object({ to: BareJidSchema, state: TypingStateSchema }).strict(),
    response: z.object({}),
  },
  'chat:markRead': { request: z.object({ jid: BareJidSchema }).strict(), response: z.object({}) },
  'policy:get': { request: empty, response: PolicyViewSchema },
  /** Save the user's own value for a userSettable policy (IdleSignOutMinutes); answers with the policy now in force. */
  'settings:set': { request: UserSettingRequestSchema, response: PolicyViewSchema },
  'notice:get': {
    request: empty,
    response: z.object({
      required: z.boolean(),
      reason: z.enum(['first', 'changed', 'expired']).optional(),
      text: z.string(),
      intervalDays: z.number(),
      lastAcknowledgedAt: z.string().optional(),
    }),
  },
  'notice:acknowledge': { request: empty, response: SessionStateSchema },
  'chat:correct': {
    request: z.object({ to: BareJidSchema, id: z.string().min(1).max(128), body: z.string().min(1).max(100_000), justification: z.string().max(2000).optional() }).strict(),
    response: SendResponseSchema,
  },
  'chat:retract': {
    request: z.object({ to: BareJidSchema, id: z.string().min(1).max(128) }).strict(),
    response: z.object({ status: z.enum(['retracted', 'refused']), reason: z.string().optional() }),
  },
  'chat:search': {
    request: z.object({ query: z.string().trim().min(1).max(200), jid: BareJidSchema.optional() }).strict(),
    response: z.object({ messages: z.array(ChatMessageSchema), searchedArchive: z.boolean() }),
  },
  'room:list': { request: empty, response: z.array(RoomInfoSchema) },
  'room:join': {
    request: z.object({ room: BareJidSchema, nick: z.string().trim().min(1).max(64).optional() }).strict(),
    response: RoomInfoSchema,
  },
  'room:leave': { request: z.object({ room: BareJidSchema, forget: z.boolean() }).strict(), response: z.object({}) },
  'room:invite': {
    request: z.object({ room: BareJidSchema, jid: BareJidSchema, reason: z.string().max(500).optional() }).strict(),
    response: z.object({}),
  },
  'room:setSubject': { request: z.object({ room: BareJidSchema, subject: z.string().max(1000) }).strict(), response: z.object({}) },
  'contact:add': { request: z.object({ jid: BareJidSchema, name: z.string().trim().max(200).optional() }).strict(), response: z.object({}) },
  'contact:remove': { request: z.object({ jid: BareJidSchema }).strict(), response: z.object({}) },
  'contact:rename': { request: z.object({ jid: BareJidSchema, name: z.string().trim().min(1).max(200) }).strict(), response: z.object({}) },
  'contact:respond': { request: z.object({ jid: BareJidSchema, accept: z.boolean() }).strict(), response: z.object({}) },
  'presence:set': {
    request: z.object({ show: z.enum(['online', 'away', 'xa', 'dnd']), status: z.string().max(500).optional(), idleSince: z.string().datetime().optional() }).strict(),
    response: z.object({}),
  },
  'journal:getStatus': { request: empty, response: JournalStatusSchema },
  /**
   * The composer refused a pasted or dropped file, image or encoded binary (Policy 630-04): main audits it.
   * Facts only, never the content, file names or text. Main caps how many it records.
   */
  'composer:refused': {
    request: z
      .object({
        how: z.enum(['paste', 'drop']),
        what: z.enum(['file', 'image', 'encoded-binary']),
        /** Declared media type of the first item, e.g. image/png. */
        mime: z.string().max(100).regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,49}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,49}$/i).optional(),
        /** How many items were refused. */
        count: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    response: z.object({}).strict(),
  },
} as const;

export const ipcEventContract = {
  'session:state': SessionStateSchema,
  'roster:changed': z.array(ContactSchema),
  'chat:message': ChatMessageSchema,
  'chat:messageState': z.object({ id: z.string(), conversation: z.string(), state: DeliveryStateSchema }),
  'chat:typing': z.object({ jid: z.string(), state: TypingStateSchema }),
  'room:changed': RoomInfoSchema,
  'room:invitation': z.object({ room: z.string(), from: z.string(), reason: z.string().optional() }),
  'contact:request': z.object({ jid: z.string() }),
  'journal:status': JournalStatusSchema,
} as const;

export type InvokeChannel = keyof typeof ipcInvokeContract;
export type EventChannel = keyof typeof ipcEventContract;
export type RequestOf<C extends InvokeChannel> = z.input<(typeof ipcInvokeContract)[C]['request']>;
export type ParsedRequestOf<C extends InvokeChannel> = z.output<(typeof ipcInvokeContract)[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof ipcInvokeContract)[C]['response']>;
export type EventOf<E extends EventChannel> = z.output<(typeof ipcEventContract)[E]>;

export const INVOKE_CHANNELS = Object.keys(ipcInvokeContract) as InvokeChannel[];
export const EVENT_CHANNELS = Object.keys(ipcEventContract) as EventChannel[];

/** What crosses the wire for every invoke: a result, never a thrown error object. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ipcInvokeContract, value);
}
