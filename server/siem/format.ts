/**
 * Audit events as RFC 5424 syslog messages with a CEF or JSON payload, framed by octet counting for
 * syslog over TLS (RFC 5425 §4.3: `MSG-LEN SP SYSLOG-MSG`).
 *
 *   <PRI>1 TIMESTAMP HOSTNAME approved-im - MSGID [approvedim@32473 source="client" id="12"] PAYLOAD
 *
 * Facility 13 (log audit); severity 4 (warning) for blocks, refusals and denied access, 5 (notice) for
 * overrides and review overdue, 6 (info) otherwise; retention alerts (source "alert") are warnings. `source` and `id` name the event (client events:
 * events-tree leaf; access audit: audit row id) so a SIEM can drop the rare duplicate sent again after a
 * collector outage. Payloads never carry message bodies: client events are body-free, and the access
 * audit's free-text search terms (`q`) are replaced by "[redacted]".
 */
import { hostname } from 'node:os';
import type { StoredEvent } from '../audit/eventLog';
import type { Alert, AuditRow } from '../store/types';

export type SiemFormat = 'cef' | 'json';
export type SiemValue = string | number | boolean | null;

export interface SiemEvent {
  source: 'client' | 'access' | 'alert';
  id: number;
  at: string;
  type: string;
  severity: 4 | 5 | 6;
  fields: Record<string, SiemValue>;
}

/** IANA private enterprise number reserved for documentation (RFC 5612). */
const SD_ID = 'approvedim@32473';
const FACILITY = 13;

export function fromClientEvent(e: StoredEvent): SiemEvent {
  const warn = /block|refus|denied|fail-closed/.test(e.type) || e.fields.action === 'block';
  const notice = e.type === 'dlp-override' || e.reviewOverdue;
  return {
    source: 'client',
    id: e.leafIndex,
    at: e.at,
    type: e.type,
    severity: warn ? 4 : notice ? 5 : 6,
    fields: {
      deviceId: e.deviceId,
      deviceVerified: e.deviceVerified,
      jid: e.jid,
      clientVersion: e.clientVersion,
      policyHash: e.policyHash,
      policyVersion: e.policyVersion,
      reviewOverdue: e.reviewOverdue,
      backlog: e.backlog,
      storedAt: e.storedAt,
      ...e.fields,
    },
  };
}

export function fromAccessAudit(a: AuditRow): SiemEvent {
  const query = Object.fromEntries(Object.entries(a.query).map(([k, v]) => [k, k === 'q' ? '[redacted]' : v]));
  return {
    source: 'access',
    id: a.id,
    at: a.at,
    type: `access.${a.action}`,
    severity: a.outcome === 'ok' ? 6 : 4,
    fields: { role: a.role, tokenName: a.tokenName, tokenId: a.tokenId, outcome: a.outcome, resultCount: a.resultCount, remote: a.remote, query: JSON.stringify(query) },
  };
}

/** A retention alert (hash conflict, sequence gap or reuse, refused device…): ids and facts, never bodies. */
export function fromAlert(a: Alert): SiemEvent {
  const detail = Object.fromEntries(Object.entries(a.detail).map(([k, v]) => [k, typeof v === 'number' ? v : String(v)]));
  return { source: 'alert', id: a.id, at: a.at, type: `alert.${a.type}`, severity: 4, fields: { deviceId: a.deviceId, recordId: a.recordId, ...detail } };
}

const printable = (s: string, max: number) => (s.replace(/[^\x21-\x7e]/g, '_').slice(0, max) || '-');
const sdValue = (s: string) => s.replace(/[\\"\]]/g, (c) => `\\${c}`);

const cefHeader = (s: string) => s.replace(/[\\|]/g, (c) => `\\${c}`).replace(/[\r\n]/g, ' ');
const cefValue = (s: string) => s.replace(/[\\=]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, '\\n');

const CEF_KEYS: Record<string, string> = {
  jid: 'suser',
  peer: 'duser',
  deviceId: 'deviceExternalId',
  action: 'act',
  outcome: 'outcome',
  remote: 'src',
  role: 'suid',
};
const CEF_CUSTOM = ['policyHash', 'policyVersion', 'clientVersion', 'types', 'rules', 'protocol'];

export function cefPayload(e: SiemEvent, productVersion: string): string {
  const ext: string[] = [`rt=${Date.parse(e.at)}`, `externalId=${e.source}-${e.id}`, `cat=${cefValue(e.source)}`];
  const rest: string[] = [];
  for (const [k, v] of Object.entries(e.fields)) {
    if (v === null || v === '') continue;
    const std = CEF_KEYS[k];
    const custom = CEF_CUSTOM.indexOf(k);
    if (std) ext.push(`${std}=${cefValue(String(v))}`);
    else if (custom >= 0) ext.push(`cs${custom + 1}Label=${k} cs${custom + 1}=${cefValue(String(v))}`);
    else rest.push(`${k}:${String(v)}`);
  }
  if (rest.length) ext.push(`msg=${cefValue(rest.join(' '))}`);
  const cefSeverity = e.severity === 4 ? 7 : e.severity === 5 ? 5 : 3;
  return `CEF:0|Approved IM|Approved IM Retention|${cefHeader(productVersion)}|${cefHeader(e.type)}|${cefHeader(e.type)}|${cefSeverity}|${ext.join(' ')}`;
}

export function jsonPayload(e: SiemEvent): string {
  return JSON.stringify({ source: e.source, id: e.id, type: e.type, at: e.at, ...e.fields });
}

export function syslogMessage(e: SiemEvent, format: SiemFormat, opts: { host?: string; productVersion: string }): string {
  const pri = FACILITY * 8 + e.severity;
  const ts = new Date(e.at).toISOString();
  const sd = `[${SD_ID} source="${sdValue(e.source)}" id="${e.id}"]`;
  const payload = format === 'cef' ? cefPayload(e, opts.productVersion) : jsonPayload(e);
  return `<${pri}>1 ${ts} ${printable(opts.host ?? hostname(), 255)} approved-im - ${printable(e.type, 32)} ${sd} ${payload}`;
}

/** RFC 5425 octet-counting frame. */
export function frame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
