/**
 * The server's bare-JID helper, below ingest, the records store, export and reconciliation (which all
 * use it), so none of them imports another for it.
 */

/** Lower-cased bare JID (no resource). Room/nick senders become the room. */
export function bareJid(jid: string): string {
  const slash = jid.indexOf('/');
  return (slash === -1 ? jid : jid.slice(0, slash)).trim().toLowerCase();
}
