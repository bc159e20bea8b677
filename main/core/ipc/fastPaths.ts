/**
 * Hand checks for the hot channels (the send path: `chat:send`), at least as strict as the contract's zod
 * schemas and giving the same parsed value: when one answers, the router skips zod; when it returns null
 * (anything unusual), zod decides and explains as before. `fastPaths.test.ts` checks that each agrees
 * with its schema (same verdict where it answers, same parsed value) on valid and broken input.
 */
import type { InvokeChannel } from '../../../shared/ipc/contract';
import { isPlainObject, optStr, plainWithKeys, str } from '../../../shared/validation/plainValues';

/** The parsed value exactly as the schema would give it, or null: ask the schema. */
export type FastCheck = (value: unknown) => { value: unknown } | null;

/** BareJidSchema's pattern; the value must already be trimmed (the schema trims: then it is unchanged). */
const BARE_JID = /^[^@/\s<>'"&]+@[^@/\s<>'"&]+$/;
const STATES = new Set(['pending', 'sent', 'delivered', 'read', 'failed', 'received']);

const SEND_KEYS = new Set(['to', 'body', 'justification']);

/** chat:send's request: `{ to: BareJid, body: 1..100000, justification?: ..2000 }`, strict. */
function chatSendRequest(r: unknown): { value: unknown } | null {
  if (!isPlainObject(r) || !plainWithKeys(r, SEND_KEYS)) return null;
  const { to, body, justification } = r;
  if (!str(to, 3, 3071) || to.trim() !== to || !BARE_JID.test(to)) return null;
  if (!str(body, 1, 100_000)) return null;
  if (justification !== undefined && !str(justification, 0, 2000)) return null;
  return { value: { to, body, ...(justification !== undefined ? { justification } : {}) } };
}

const optBool = (v: unknown) => v === undefined || typeof v === 'boolean';

/** chat:send's reply when sent: `{ status: 'sent', message: ChatMessage }` (other keys dropped, as z.object does). */
function chatSendResponse(r: unknown): { value: unknown } | null {
  if (!isPlainObject(r) || r.status !== 'sent' || !isPlainObject(r.message)) return null;
  const m = r.message;
  if (!str(m.id) || !str(m.conversation) || !str(m.from) || !str(m.body) || !str(m.sentAt)) return null;
  if ((m.conversationType !== 'chat' && m.conversationType !== 'groupchat') || (m.direction !== 'in' && m.direction !== 'out')) return null;
  if (typeof m.state !== 'string' || !STATES.has(m.state)) return null;
  if (!optStr(m.fromName) || !optStr(m.notice) || !optBool(m.edited) || !optBool(m.retracted) || !optBool(m.mention)) return null;
  const message: Record<string, unknown> = { id: m.id, conversation: m.conversation, conversationType: m.conversationType, direction: m.direction, from: m.from };
  if (m.fromName !== undefined) message.fromName = m.fromName;
  message.body = m.body;
  message.sentAt = m.sentAt;
  message.state = m.state;
  for (const k of ['edited', 'retracted', 'notice', 'mention'] as const) if (m[k] !== undefined) message[k] = m[k];
  return { value: { status: 'sent', message } };
}

export const fastRequests: Partial<Record<InvokeChannel, FastCheck>> = { 'chat:send': chatSendRequest };
export const fastResponses: Partial<Record<InvokeChannel, FastCheck>> = { 'chat:send': chatSendResponse };
