/** The readable parts of a disclosure export: one EML per conversation-day and an HTML transcript. */
import type { ExportRecord } from './types';

const clean = (s: string) => s.replace(/\p{Cc}/gu, ' ');
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const day = (iso: string) => iso.slice(0, 10);

/** Records with content (kept or redacted), grouped by conversation and UTC day, in time order. */
export function conversationDays(records: ExportRecord[]): { conversation: string; day: string; records: ExportRecord[] }[] {
  const groups = new Map<string, { conversation: string; day: string; records: ExportRecord[] }>();
  for (const r of records) {
    if (!r.record) continue;
    const key = `${r.record.conversation.toLowerCase()}\u0000${day(r.record.sentAt)}`;
    const g = groups.get(key) ?? { conversation: r.record.conversation.toLowerCase(), day: day(r.record.sentAt), records: [] };
    g.records.push(r);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => (a.conversation + a.day < b.conversation + b.day ? -1 : 1));
}

export function emlFileName(conversation: string, d: string): string {
  return `eml/${conversation.replace(/[^A-Za-z0-9@._-]/g, '_').slice(0, 150)}_${d}.eml`;
}

function line(r: ExportRecord): string {
  const x = r.record;
  if (!x) return '';
  const mark = r.redaction ? ` [REDACTED: ${clean(r.redaction.reason)}]` : '';
  return `[${x.sentAt}] ${clean(x.sender)} -> ${x.recipients.map(clean).join(', ')} (${x.kind}, ${x.recordId})${mark}\r\n${x.body.replace(/\r?\n/g, '\r\n')}\r\n`;
}

export function renderEml(exportId: string, g: { conversation: string; day: string; records: ExportRecord[] }): string {
  const first = g.records[0]?.record;
  const people = [...new Set(g.records.flatMap((r) => (r.record ? [r.record.sender.split('/')[0] ?? '', ...r.record.recipients] : [])))].map(clean);
  const headers = [
    `From: ${clean(first?.sender.split('/')[0] ?? 'unknown')}`,
    `To: ${people.filter((p) => p.length > 0).join(', ')}`,
    `Subject: IM conversation ${clean(g.conversation)} on ${g.day}`,
    `Date: ${new Date(first?.sentAt ?? `${g.day}T00:00:00Z`).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${exportId}.${g.day}.${clean(g.conversation).replace(/[^A-Za-z0-9.@-]/g, '_')}@approved-im-export>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    `X-Approved-IM-Conversation: ${clean(g.conversation)}`,
    `X-Approved-IM-Records: ${g.records.map((r) => r.recordId).join(' ')}`,
  ];
  return `${headers.join('\r\n')}\r\n\r\n${g.records.map(line).join('\r\n')}`;
}

export function renderTranscript(meta: { title: string; createdAt: string; reason: string; treeSize: number; rootHash: string }, records: ExportRecord[]): string {
  const rows = records
    .map((r) => {
      const x = r.record;
      if (!x) {
        return `<tr class="gone"><td colspan="4">Record ${esc(r.recordId)} (leaf ${r.leafIndex}): content destroyed by disposition ${esc(r.disposedBy ?? '')}</td></tr>`;
      }
      const note = r.redaction ? ` <span class="redacted">[REDACTED: ${esc(r.redaction.reason)}]</span>` : '';
      return `<tr><td>${esc(x.sentAt)}</td><td>${esc(x.conversation)}</td><td>${esc(x.sender)}</td><td><pre>${esc(x.body)}</pre>${note}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(meta.title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px;vertical-align:top;text-align:left}pre{white-space:pre-wrap;margin:0;font:inherit}.redacted{background:#000;color:#fff;padding:0 4px}.gone{color:#555;font-style:italic}</style>
</head><body>
<h1>${esc(meta.title)}</h1>
<p>Exported ${esc(meta.createdAt)}. Reason: ${esc(meta.reason)}. Signed tree head: size ${meta.treeSize}, root <code>${esc(meta.rootHash)}</code>.
Check this package with <code>npm run retention -- verify-export PATH</code>.</p>
<table><thead><tr><th>Sent</th><th>Conversation</th><th>Sender</th><th>Message</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
