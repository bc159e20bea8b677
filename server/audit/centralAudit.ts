/**
 * The central audit service (issue 15): takes client events into the append-only events log, and holds
 * what the fleet view and the reports need (the administrator's expected policy hash and minimum client
 * version, departments/groups by JID or domain) plus two seams for parts built elsewhere:
 *   - authenticateDevice: a device credential proving which device posts (default: the enrolled device's
 *     signature, deviceAuth.ts); events posted with the fleet token alone carry their own device id
 *     (deviceVerified: false);
 *   - dispositionTotals: disposition counts for the yearly review (default: from the store's records
 *     management, disposition.ts; "not available" for a store without it).
 */
import { readFileSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Store } from '../store/types';
import { dispositionTotalsFrom, type DispositionSource } from './disposition';
import { eventHeadSigner } from './eventHeads';
import { EventBatchSchema, toStoredEvent, type StoredEventBody } from './eventInput';
import { EventLog, type HeadSigner, type StoredEvent } from './eventLog';

export interface ProvenDevice {
  deviceId: string;
  jid?: string;
}

/** Identify the posting device from a device credential; undefined = no device credential presented. */
export type DeviceAuthenticator = (req: FastifyRequest) => Promise<ProvenDevice | undefined>;

export type { DispositionSource, DispositionTotals } from './disposition';

export interface GroupRule {
  group: string;
  /** A bare JID (exact) or a domain (the JID's domain or a parent of it). */
  match: string;
}

export interface CentralAuditConfig {
  /** Policy hashes the administrator expects clients to run; empty = the newest policy seen. */
  expectedPolicyHashes: string[];
  /** Versions below this are "old"; unset = below the newest version seen. */
  minClientVersion?: string;
  groups: GroupRule[];
  /** Sign an events head after this many new events (and on the records' timer and at shutdown). */
  signEvery: number;
}

export const DEFAULT_CENTRAL_AUDIT: CentralAuditConfig = { expectedPolicyHashes: [], groups: [], signEvery: 100 };

const GroupsFileSchema = z.record(z.string().min(1).max(200), z.array(z.string().min(1).max(3071)));

/** `--groups FILE`: `{ "Finance": ["finance.example.gov", "carol@example.gov"], … }`. */
export function loadGroups(file: string): GroupRule[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`--groups ${file}: not readable JSON (${(err as Error).message})`);
  }
  const parsed = GroupsFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`--groups ${file}: expected { "Group name": ["domain or bare JID", …] }`);
  return Object.entries(parsed.data).flatMap(([group, matches]) => matches.map((m) => ({ group, match: m.trim().toLowerCase() })));
}

export function groupOf(jid: string, rules: GroupRule[]): string {
  const bare = jid.toLowerCase();
  const exact = rules.find((r) => r.match === bare);
  if (exact) return exact.group;
  const domain = bare.includes('@') ? bare.slice(bare.indexOf('@') + 1) : bare;
  const byDomain = rules
    .filter((r) => !r.match.includes('@') && (domain === r.match || domain.endsWith(`.${r.match}`)))
    .sort((a, b) => b.match.length - a.match.length)[0];
  return byDomain?.group ?? '(no group)';
}

export type IngestEventsOutcome =
  | { status: 200; body: { stored: number; duplicates: number; redactedFields: number } }
  | { status: 400; body: { error: string } };

export interface CentralAuditDeps {
  store: Store;
  signingKeyFile: string;
  config?: Partial<CentralAuditConfig>;
  authenticateDevice?: DeviceAuthenticator;
  dispositionTotals?: DispositionSource;
  clock?: () => Date;
}

export class CentralAudit {
  readonly log: EventLog;
  readonly config: CentralAuditConfig;
  /** Given by the embedder; otherwise the routes use signed events of enrolled devices (deviceAuth.ts). */
  readonly authenticateDevice: DeviceAuthenticator | undefined;
  readonly dispositionTotals: DispositionSource;
  readonly clock: () => Date;
  private readonly signer: HeadSigner;
  private readonly listeners = new Set<() => void>();

  constructor(deps: CentralAuditDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.log = new EventLog(deps.store, this.clock);
    this.config = { ...DEFAULT_CENTRAL_AUDIT, ...deps.config };
    this.signer = eventHeadSigner(deps.signingKeyFile);
    this.authenticateDevice = deps.authenticateDevice;
    const management = (deps.store as Partial<Pick<Store, 'management'>>).management;
    this.dispositionTotals =
      deps.dispositionTotals ??
      (management
        ? dispositionTotalsFrom(management)
        : async () => ({ available: false, note: 'Disposition is not available on this server (records management).' }));
  }

  get store(): Store {
    return this.log.store;
  }

  migrate(): Promise<void> {
    return this.log.migrate();
  }

  /** Called after events are stored (the SIEM forwarder wakes up). */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ingest(body: unknown, tokenId: string, device: ProvenDevice | undefined): Promise<IngestEventsOutcome> {
    const parsed = EventBatchSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { status: 400, body: { error: `${issue?.path.join('.') || 'batch'}: ${issue?.message ?? 'invalid event batch'}` } };
    }
    const events: StoredEventBody[] = parsed.data.events.map((e) => toStoredEvent(e, device));
    const first = events[0];
    if (parsed.data.dropped && first) {
      // The client's bounded queue overflowed: say so in the log itself.
      events.push({
        ...first,
        eventId: `${first.eventId}/dropped`,
        type: 'audit-events-dropped',
        fields: { count: parsed.data.dropped },
      });
    }
    const result = await this.log.append(events, tokenId, { signer: this.signer, every: this.config.signEvery });
    if (result.stored.length > 0) for (const l of this.listeners) l();
    return {
      status: 200,
      body: { stored: result.stored.length, duplicates: result.duplicates, redactedFields: events.reduce((n, e) => n + (e.redacted?.length ?? 0), 0) },
    };
  }

  signNow(force: boolean): ReturnType<EventLog['signNow']> {
    return this.log.signNow(this.signer, force);
  }

  query(...args: Parameters<EventLog['query']>): Promise<StoredEvent[]> {
    return this.log.query(...args);
  }
}
