/** Masking for the UI's "mask and send" offer, audit fields, and the justification rule for `warn`. */
import type { DlpAction, DlpDecision, DlpFinding } from './types.js';

const MASK = '•';
/** Types whose value is replaced by a label: no part of it is safe to keep. */
const REDACT_LABEL: Record<string, string> = {
  PRIVATE_KEY: '[private key removed]',
  SECRET: '[secret removed]',
  PASSWORD: '[password removed]',
  ENCODED_BINARY: '[encoded file removed]',
};
/** Types for which the last four characters may stay, as on a receipt. */
const KEEP_LAST4: ReadonlySet<string> = new Set(['US_SSN', 'US_ITIN', 'CREDIT_CARD', 'US_BANK_ACCOUNT', 'ABA_ROUTING']);

function maskValue(value: string, type: string): string {
  const label = REDACT_LABEL[type];
  if (label) return label;
  const alnum = value.replace(/[^\p{L}\p{N}]/gu, '').length;
  let keep = KEEP_LAST4.has(type) && alnum >= 8 ? 4 : 0;
  let out = '';
  // By code point, letters and digits of every script: the engine also finds values written in
  // full-width or Arabic-Indic digits (see normalize.ts), and their mask must cover them too.
  const chars = [...value];
  for (let i = chars.length - 1; i >= 0; i--) {
    const ch = chars[i]!;
    if (/[\p{L}\p{N}]/u.test(ch)) {
      out = (keep > 0 ? ch : MASK) + out;
      if (keep > 0) keep--;
    } else out = ch + out;
  }
  return out;
}

/**
 * Replaces each finding's span with a mask: digits and letters become "•" (SSN/card/bank numbers keep their
 * last four), secrets, passwords, keys and encoded files become a label. Overlapping findings are merged.
 */
export function maskText(text: string, findings: readonly DlpFinding[]): string {
  const spans = findings
    .filter((f) => f.start >= 0 && f.end <= text.length && f.start < f.end)
    .map((f) => ({ start: f.start, end: f.end, type: f.type }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number; type: string }[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) {
      if (s.end > last.end) last.end = s.end;
      if (REDACT_LABEL[s.type] && !REDACT_LABEL[last.type]) last.type = s.type;
      else if (!KEEP_LAST4.has(s.type) && KEEP_LAST4.has(last.type)) last.type = s.type; // merged with PHI etc.: mask all
    } else merged.push({ ...s });
  }
  let out = '';
  let at = 0;
  for (const m of merged) {
    out += text.slice(at, m.start) + maskValue(text.slice(m.start, m.end), m.type);
    at = m.end;
  }
  return out + text.slice(at);
}

/** What the audit log may record about a decision: type, rule and action. Never the matched value. */
export function auditFields(decision: DlpDecision): { type: string; rule: string; action: DlpAction }[] {
  return decision.findings.map((f) => ({ type: f.type, rule: f.rule, action: f.action }));
}

/** A `warn` needs a typed justification: at least 10 characters with 2 words, not one character repeated. */
export function isValidJustification(text: string): boolean {
  const t = text.trim();
  if (t.length < 10 || t.length > 1000) return false;
  if (/^(.)\1*$/.test(t.replace(/\s/g, ''))) return false;
  return t.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length >= 2;
}
