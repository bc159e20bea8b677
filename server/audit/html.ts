/**
 * Server-rendered printable pages for the fleet view, the DLP and refusal report and the yearly review:
 * plain HTML tables, every value escaped, no script, print-friendly CSS. Served with a CSP that allows
 * nothing but the inline style.
 */
import type { FleetDevice } from './fleet';
import type { DlpReport, Override, ReviewReport } from './reports';

export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function escapeHtml(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function table(caption: string, headers: string[], rows: unknown[][], empty = 'None.'): string {
  if (rows.length === 0) return `<section><h2>${escapeHtml(caption)}</h2><p>${escapeHtml(empty)}</p></section>`;
  return `<section><h2>${escapeHtml(caption)}</h2><table><thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table></section>`;
}

const counts = (caption: string, label: string, m: Record<string, number>) =>
  table(caption, [label, 'Count'], Object.entries(m).sort((a, b) => b[1] - a[1]));

/** The pages' CSS; inline by default, or served as a file (the console's CSP allows no inline style). */
export const PAGE_CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#111}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}.flag{font-weight:bold}p.meta{color:#444}
@media print{body{margin:0}section{break-inside:avoid}}`;

function page(title: string, subtitle: string, body: string, stylesheet?: string): string {
  const style = stylesheet ? `<link rel="stylesheet" href="${escapeHtml(stylesheet)}">` : `<style>${PAGE_CSS}</style>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
${style}</head>
<body><main><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(subtitle)}</p>
${body}
</main></body></html>
`;
}

const yesNo = (b: boolean | null) => (b === null ? 'unknown' : b ? 'yes' : 'no');

export function fleetPage(devices: FleetDevice[], meta: { generatedAt: string; newestClientVersion: string; expectedPolicyHashes: string[]; filters: string }, stylesheet?: string): string {
  return page(
    'Approved IM fleet',
    `Generated ${meta.generatedAt}. Newest client version ${meta.newestClientVersion || 'unknown'}; expected policy ${meta.expectedPolicyHashes.join(', ') || 'unknown'}. ${meta.filters}`,
    table(
      `Devices (${devices.length})`,
      ['Device', 'User', 'Client version', 'Old version', 'Policy hash', 'Policy version', 'Expected policy', 'Review overdue', 'Last seen', 'Backlog', 'Device proven'],
      devices.map((d) => [d.deviceId, d.jid, d.clientVersion, yesNo(d.oldVersion), d.policyHash, d.policyVersion, yesNo(d.runsExpectedPolicy), yesNo(d.reviewOverdue), d.lastSeen, d.backlog, yesNo(d.deviceVerified)]),
      'No device has reported yet.',
    ),
    stylesheet,
  );
}

export function dlpPage(r: Omit<DlpReport, 'period'>, overrides: Override[] | { count: number }, generatedAt: string, stylesheet?: string): string {
  const overrideSection = Array.isArray(overrides)
    ? table('DLP overrides with justifications', ['Sent', 'Sender', 'Conversation', 'Types', 'Rules', 'Justification', 'Record'],
        overrides.map((o) => [o.sentAt, o.sender, o.conversation, o.types, o.rules, o.justification, o.recordId]))
    : `<section><h2>DLP overrides</h2><p>${overrides.count} override(s). Justifications are shown only to roles that may read record content.</p></section>`;
  return page(
    'DLP and refusal report',
    `${r.from} to ${r.to}, by ${r.bucket}. ${r.total} event(s)${r.truncated ? ' (truncated)' : ''}. Generated ${generatedAt}.`,
    [
      counts('By event type', 'Event type', r.totals.byEventType),
      counts('By action', 'Action', r.totals.byAction),
      counts('By finding type (or refused protocol)', 'Type', r.totals.byType),
      counts('By rule', 'Rule', r.totals.byRule),
      counts('By department or group', 'Group', r.totals.byGroup),
      table('Over time', ['Period', 'Event type', 'Action', 'Count'], r.series.map((s) => [s.period, s.eventType, s.action, s.count])),
      overrideSection,
      table('Latest events', ['Event', 'At', 'Type', 'Action', 'Finding types', 'Rules', 'User', 'Device', 'Group'],
        r.events.map((e) => [e.leafIndex, e.at, e.eventType, e.action, e.types.join(', '), e.rules.join(', '), e.jid, e.deviceId, e.group])),
    ].join('\n'),
    stylesheet,
  );
}

export function reviewPage(r: ReviewReport, stylesheet?: string): string {
  const d = r.disposition;
  return page(
    'Approved IM yearly review',
    `Policy 630-04 annual review, ${r.from} to ${r.to}. Generated ${r.generatedAt}.${r.truncated ? ' Client events truncated.' : ''}`,
    [
      table('Policy in force', ['Policy hash', 'Version', 'Reviewed on', 'Review overdue', 'Devices', 'Last seen'],
        r.policy.inForce.map((p) => [p.policyHash, p.policyVersion, p.policyReviewedOn || 'not set', yesNo(p.reviewOverdue), p.devices, p.lastSeen])),
      `<p>Expected policy hash: ${escapeHtml(r.policy.expectedPolicyHashes.join(', ') || 'not configured')}</p>`,
      table('Client versions seen', ['Version', 'Devices', 'First seen', 'Last seen'], r.clientVersions.map((v) => [v.clientVersion, v.devices, v.firstSeen, v.lastSeen])),
      table('Records notice acknowledgements', ['User', 'Acknowledgements', 'Last'], r.noticeAcknowledgements.map((a) => [a.jid, a.count, a.lastAcknowledgedAt])),
      counts(`DLP and refusals (${r.dlp.total})`, 'Event type', r.dlp.byEventType),
      counts('DLP and refusals by action', 'Action', r.dlp.byAction),
      table('Retention', ['Measure', 'Count'], [
        ['Records in the period', r.retention.recordsInPeriod],
        ...Object.entries(r.retention.byKind).map(([k, n]) => [`  of kind ${k}`, n]),
        ['Records retained in total', r.retention.totalRecords],
        ['Client audit events in the period', r.retention.clientEventsInPeriod],
      ]),
      d.available
        ? table('Disposition', ['Measure', 'Count'], [
            ['Dispositions proposed', d.proposed],
            ['Dispositions approved (two people)', d.approved],
            ['Record contents destroyed', d.destroyed],
            ['Records withheld by a legal hold', d.withheld],
            ['Certificates issued', d.certificates],
            ['Legal holds in force', d.holdsInForce],
          ])
        : `<section><h2>Disposition</h2><p>Not available: ${escapeHtml(d.note)}</p></section>`,
      table('Access audit by role', ['Role', 'Outcome', 'Count'], r.accessAudit.map((a) => [a.role, a.outcome, a.count])),
    ].join('\n'),
    stylesheet,
  );
}
