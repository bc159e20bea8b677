import { z } from 'zod';
import { POLICY_BY_NAME } from '../policy/schema';

/** A bare JID as users type it: local@domain. Validated loosely here; main normalises with @xmpp/jid. */
export const BareJidSchema = z
  .string()
  .trim()
  .min(3)
  .max(3071)
  .regex(/^[^@/\s<>'"&]+@[^@/\s<>'"&]+$/, 'must look like name@domain');

export const PresenceShowSchema = z.enum(['online', 'chat', 'away', 'xa', 'dnd', 'offline']);
export type PresenceShow = z.infer<typeof PresenceShowSchema>;

export const DeliveryStateSchema = z.enum(['pending', 'sent', 'delivered', 'read', 'failed', 'received']);
export type DeliveryState = z.infer<typeof DeliveryStateSchema>;

export const ChatMessageSchema = z.object({
  id: z.string(),
  conversation: z.string(),
  conversationType: z.enum(['chat', 'groupchat']),
  direction: z.enum(['in', 'out']),
  from: z.string(),
  /** Display name of the sender (nick in rooms). */
  fromName: z.string().optional(),
  body: z.string(),
  sentAt: z.string(),
  state: DeliveryStateSchema,
  edited: z.boolean().optional(),
  retracted: z.boolean().optional(),
  /** A policy notice shown with the message, e.g. "File sharing is blocked by policy". */
  notice: z.string().optional(),
  /** Whether the local user is mentioned (rooms). */
  mention: z.boolean().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ContactSchema = z.object({
  jid: z.string(),
  name: z.string(),
  subscription: z.enum(['none', 'to', 'from', 'both', 'remove']),
  ask: z.boolean(),
  presence: PresenceShowSchema,
  status: z.string().optional(),
  /** XEP-0319: idle since (ISO), when the contact's client reports it. */
  idleSince: z.string().optional(),
  unread: z.number().int().nonnegative(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const ConfigProblemSchema = z.object({ policy: z.string(), message: z.string() });

export const SessionPhaseSchema = z.enum(['config-error', 'signed-out', 'connecting', 'online', 'reconnecting', 'offline']);
export type SessionPhase = z.infer<typeof SessionPhaseSchema>;

export const SessionStateSchema = z.object({
  phase: SessionPhaseSchema,
  jid: z.string().optional(),
  /** A sentence for the user when sign-in or the connection failed. */
  error: z.string().optional(),
  configErrors: z.array(ConfigProblemSchema),
  configWarnings: z.array(ConfigProblemSchema),
  rememberPasswordAllowed: z.boolean(),
  savedAddress: z.string().optional(),
  hasSavedPassword: z.boolean(),
  /** What policy allows in this session (group chat, corrections, retraction, length limit). */
  features: z
    .object({ groupChat: z.boolean(), correction: z.boolean(), retraction: z.boolean(), maxMessageLength: z.number().int().positive() })
    .optional(),
  /** The records notice must be acknowledged before chatting (Policy 630-04). */
  noticeRequired: z.boolean().optional(),
  /** Increases with every state main produces (events and replies): the newest wins. */
  seq: z.number().int().nonnegative().optional(),
  /** Idle sign-out (IdleSignOutMinutes) is near: the session ends in this many seconds unless there is activity. */
  idleWarning: z.object({ secondsLeft: z.number().int().nonnegative() }).strict().optional(),
  /** Why the last session ended without the user signing out, for the sign-in screen (e.g. idle sign-out). */
  signedOutReason: z.string().optional(),
  /** Incoming messages are held (not shown, not lost) because they can't be recorded; sending is stopped too. */
  receivingPaused: z.string().optional(),
});
export type SessionState = z.infer<typeof SessionStateSchema>;

export const TypingStateSchema = z.enum(['active', 'composing', 'paused', 'inactive', 'gone']);
export type TypingState = z.infer<typeof TypingStateSchema>;

export const PolicyEntryViewSchema = z.object({
  name: z.string(),
  description: z.string(),
  category: z.string(),
  scope: z.enum(['machine', 'user']),
  value: z.string(),
  level: z.string(),
  source: z.string(),
  status: z.enum(['ok', 'invalid', 'conflict', 'unset']),
  message: z.string(),
  runtime: z.boolean(),
  sensitive: z.boolean(),
  securityCritical: z.boolean(),
  /** Short caption (as in the Group Policy editor). */
  title: z.string().optional(),
  /** The default, formatted like `value`. */
  defaultValue: z.string().optional(),
  /** Set by group policy: the matching setting is locked ("Managed by your organization"). */
  locked: z.boolean().optional(),
  /** A new value arrived that applies only after a restart. */
  restartRequired: z.boolean().optional(),
  /** Losing values (weaker sources, or sources where the policy may not be set); sensitive ones masked. */
  conflicts: z.array(z.object({ level: z.string(), source: z.string(), value: z.string(), reason: z.string() })).optional(),
});
export const PolicyViewSchema = z.object({
  entries: z.array(PolicyEntryViewSchema),
  hash: z.string(),
  policyVersion: z.string(),
  reviewedOn: z.string(),
  reviewOverdue: z.boolean(),
  warnings: z.array(ConfigProblemSchema),
  fatal: z.array(ConfigProblemSchema),
  /** Why the review is flagged (not set, or more than 365 days old). */
  reviewMessage: z.string().optional(),
  /** Policies whose new value applies only after a restart. */
  restartRequired: z.array(z.string()).optional(),
  /** Policy sources that contributed values, strongest first. */
  sources: z.array(z.object({ level: z.string(), source: z.string() })).optional(),
  /** When the view was produced (ISO 8601). */
  generatedAt: z.string().optional(),
});
export type PolicyView = z.infer<typeof PolicyViewSchema>;

export const OccupantSchema = z.object({
  nick: z.string(),
  role: z.string(),
  affiliation: z.string(),
  jid: z.string().optional(),
  presence: PresenceShowSchema,
});
export type Occupant = z.infer<typeof OccupantSchema>;

export const RoomInfoSchema = z.object({
  jid: z.string(),
  name: z.string(),
  nick: z.string(),
  joined: z.boolean(),
  subject: z.string(),
  occupants: z.array(OccupantSchema),
  role: z.string(),
  affiliation: z.string(),
  bookmarked: z.boolean(),
  autojoin: z.boolean(),
  unread: z.number().int().nonnegative(),
});
export type RoomInfo = z.infer<typeof RoomInfoSchema>;

/** The client journal (retention spool and uploader), for the status line in the sidebar. */
export const JournalStatusSchema = z.object({
  /** connected: records reach the retention server; pending: records wait in the local spool;
   *  blocked: sending is stopped (spool not writable, or fail-closed backlog over its limit);
   *  disabled: no retention server configured (development builds only). */
  state: z.enum(['connected', 'pending', 'blocked', 'disabled']),
  /** Records in the local spool not yet receipted by the retention server. */
  pending: z.number().int().nonnegative(),
  oldestPendingAgeSeconds: z.number().nonnegative().optional(),
  failMode: z.enum(['fail-open-spooled', 'fail-closed']),
  /** A sentence for the user: why records wait or why sending is stopped. */
  message: z.string().optional(),
});
export type JournalStatus = z.infer<typeof JournalStatusSchema>;

/**
 * The user's own value for a policy marked `userSettable` (today IdleSignOutMinutes), for 'settings:set'.
 * Only such policies are accepted, and the value must pass that policy's own schema; null clears the
 * user's value so the default applies again. Whether a policy currently locks it is main's decision.
 */
export const UserSettingRequestSchema = z
  .object({
    name: z.string().min(1).max(100),
    value: z.union([z.number(), z.boolean(), z.string().max(10_000)]).nullable(),
  })
  .strict()
  .superRefine((req, ctx) => {
    const def = POLICY_BY_NAME.get(req.name); // a Map: '__proto__' and friends are simply unknown
    if (!def?.userSettable) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'is not a setting users may choose' });
      return;
    }
    if (req.value === null) return;
    const checked = def.schema.safeParse(req.value);
    if (!checked.success) ctx.addIssue({ code: 'custom', path: ['value'], message: checked.error.issues[0]?.message ?? 'is not a valid value' });
  });
export type UserSettingRequest = z.infer<typeof UserSettingRequestSchema>;
