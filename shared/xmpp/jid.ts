/**
 * The one bare-JID helper for both sides: the address without its resource, lower-cased, so the same
 * contact or room is one key everywhere (main and renderer). Pure: no parsing library, no Node.
 */
export function bareJid(jid: string): string {
  const slash = jid.indexOf('/');
  return (slash === -1 ? jid : jid.slice(0, slash)).trim().toLowerCase();
}

/** The resource (a room nickname, a device) after the first '/', as sent (resources are case-sensitive); '' when there is none. */
export function resourceOf(jid: string): string {
  const slash = jid.indexOf('/');
  return slash === -1 ? '' : jid.slice(slash + 1);
}
