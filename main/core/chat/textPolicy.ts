/**
 * Text-only checks on the exact body that will be sent: control characters stripped, length limit,
 * recipient domain allowed. Pure; the DLP and encoded-binary checks are separate gates.
 */
// C0 controls except tab and newline, DEL, C1 controls, and bidi overrides that can disguise text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

export function stripControlCharacters(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

export type TextCheck = { ok: true; body: string } | { ok: false; reason: string };

export function checkOutgoingText(
  body: string,
  opts: { maxLength: number; allowedDomains: string[]; ownDomain: string; recipient: string },
): TextCheck {
  const clean = stripControlCharacters(body);
  if (!clean.trim()) return { ok: false, reason: 'The message is empty.' };
  if (clean.length > opts.maxLength) {
    return { ok: false, reason: `The message is too long (${clean.length} characters; the limit is ${opts.maxLength}). Shorten it and send again.` };
  }
  const domain = opts.recipient.split('@')[1]?.toLowerCase() ?? '';
  const allowed = opts.allowedDomains.length ? opts.allowedDomains.map((d) => d.toLowerCase()) : [opts.ownDomain.toLowerCase()];
  // A service under an allowed domain (e.g. the rooms service conference.agency.gov) is allowed too.
  if (!allowed.some((d) => domain === d || domain.endsWith(`.${d}`))) {
    return { ok: false, reason: `Chat with ${domain} is not allowed by policy. You can chat with: ${allowed.join(', ')}.` };
  }
  return { ok: true, body: clean };
}
