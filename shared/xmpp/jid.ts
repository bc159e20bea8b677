/**
 * The one bare-JID helper (issue 11 item 6): `local@domain/resource` → `local@domain`, lower-cased.
 * Local parts and domains compare case-insensitively in XMPP (RFC 7622 nodeprep/nameprep as applied by
 * Prosody), so two spellings of one address must be one conversation, one contact, one record.
 * Resources are case-sensitive and are dropped here; `resourceOf` returns them unchanged.
 */
export function bareJid(jid: string): string {
  const slash = jid.indexOf('/');
  return (slash === -1 ? jid : jid.slice(0, slash)).toLowerCase();
}

/** The resource (a room nickname, a device) after the first '/', as sent; '' when there is none. */
export function resourceOf(jid: string): string {
  const slash = jid.indexOf('/');
  return slash === -1 ? '' : jid.slice(slash + 1);
}
