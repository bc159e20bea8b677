/**
 * The policy step of the outbound path (pure): addresses, domains, lengths and control characters, on the
 * exact text that will be sent. The DLP and encoded-binary checks are the gates after it.
 */
import parseJid from '@xmpp/jid';
import type { PolicyValues } from '../../../shared/policy/schema';

// C0 controls except tab and newline, DEL, C1 controls, and bidi overrides that can disguise text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// In one-line fields (addresses, nicknames, subjects, names) tab and newline are control characters too.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF\u2028\u2029]/;

/** Message bodies: control characters and bidi overrides removed, newlines and tabs kept. */
export function stripControlCharacters(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

export function hasControlCharacters(text: string): boolean {
  return LINE_CONTROL.test(text);
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parse what the user typed into a bare JID; control characters are refused before anything is sent. */
export function parseAddress(address: string, what = 'address'): Checked<string> {
  if (hasControlCharacters(address)) return { ok: false, reason: `The ${what} contains a control character. Type it again without it.` };
  try {
    const j = parseJid(address.trim());
    if (!j.local || !j.domain) throw new Error('incomplete');
    return { ok: true, value: parseJid(j.local, j.domain).toString().toLowerCase() };
  } catch {
    return { ok: false, reason: `Enter the ${what} as name@domain.` };
  }
}

/**
 * AllowedContactDomains as its definition says: `*.example.gov` is every subdomain, a plain domain is the
 * domain and its subdomains (the rooms service under it), and the XmppDomain is always allowed.
 */
export function domainAllowed(domain: string, values: Pick<PolicyValues, 'AllowedContactDomains' | 'XmppDomain'>): boolean {
  const d = domain.toLowerCase();
  const under = (base: string) => d === base || d.endsWith(`.${base}`);
  if (under(values.XmppDomain.toLowerCase())) return true;
  return values.AllowedContactDomains.some((p) => {
    const pattern = p.toLowerCase();
    return pattern.startsWith('*.') ? d.endsWith(pattern.slice(1)) : under(pattern);
  });
}

export function allowedDomainsText(values: Pick<PolicyValues, 'AllowedContactDomains' | 'XmppDomain'>): string {
  return [values.XmppDomain, ...values.AllowedContactDomains.filter((d) => d.toLowerCase() !== values.XmppDomain.toLowerCase())].join(', ');
}

/** An address the user may chat with, invite, add or join (a room under an allowed domain). */
export function checkContactAddress(address: string, values: Pick<PolicyValues, 'AllowedContactDomains' | 'XmppDomain'>, what = 'address'): Checked<string> {
  const parsed = parseAddress(address, what);
  if (!parsed.ok) return parsed;
  const domain = parsed.value.split('@')[1] ?? '';
  if (!domainAllowed(domain, values)) {
    return { ok: false, reason: `Chat with ${domain} is not allowed by policy. You can chat with: ${allowedDomainsText(values)}.` };
  }
  return parsed;
}

/** A message body: control characters stripped, not empty, within MaxMessageLength. */
export function checkMessageText(body: string, maxLength: number): Checked<string> {
  const clean = stripControlCharacters(body);
  if (!clean.trim()) return { ok: false, reason: 'The message is empty.' };
  if (clean.length > maxLength) {
    return { ok: false, reason: `The message is too long (${clean.length} characters; the limit is ${maxLength}). Shorten it and send again.` };
  }
  return { ok: true, value: clean };
}

/** A one-line field (nickname, subject, status, name): control characters refused, within its limit. */
export function checkLineText(text: string, what: string, maxLength: number): Checked<string> {
  if (hasControlCharacters(text)) return { ok: false, reason: `The ${what} contains a control character. Type it again without it.` };
  if (text.length > maxLength) return { ok: false, reason: `The ${what} is too long (the limit is ${maxLength} characters).` };
  return { ok: true, value: text.trim() };
}
