import type { Contact, DeliveryState, PresenceShow, SessionPhase } from '../../shared/ipc/types';

/** Words for presence, as Teams/Jabber users know them. */
export function presenceLabel(show: PresenceShow): string {
  switch (show) {
    case 'online':
      return 'Available';
    case 'chat':
      return 'Free to chat';
    case 'away':
      return 'Away';
    case 'xa':
      return 'Away for a while';
    case 'dnd':
      return 'Do not disturb';
    case 'offline':
      return 'Offline';
  }
}

/** The connection line under the user's own name; role status reads this. */
export function connectionLabel(phase: SessionPhase): string {
  switch (phase) {
    case 'online':
      return 'Online';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'offline':
      return 'Offline';
    case 'signed-out':
      return 'Signed out';
    case 'config-error':
      return 'Configuration error';
  }
}

export function deliveryLabel(state: DeliveryState): string {
  switch (state) {
    case 'pending':
      return 'Sending';
    case 'sent':
      return 'Sent';
    case 'delivered':
      return 'Delivered';
    case 'read':
      return 'Read';
    case 'failed':
      return 'Not delivered';
    case 'received':
      return 'Received';
  }
}

export function localPart(jid: string): string {
  const at = jid.indexOf('@');
  return at > 0 ? jid.slice(0, at) : jid;
}

/** "dana.whitfield" → "Dana Whitfield": a readable name for an address with no roster name. */
export function nameFromAddress(jid: string): string {
  const words = localPart(jid)
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return words.length ? words.join(' ') : jid;
}

export function displayName(jid: string, contacts: readonly Contact[]): string {
  const c = contacts.find((x) => x.jid === jid);
  return c?.name?.trim() || nameFromAddress(jid);
}

/** Up to two initials for an avatar. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  const out = letters.map((w) => Array.from(w ?? '')[0] ?? '').join('');
  return (out || '?').toUpperCase();
}

const AVATAR_TONES = 8;

/** A stable colour slot per address, so a person keeps their avatar colour. */
export function avatarTone(key: string): number {
  let h = 0;
  for (const ch of key) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return h % AVATAR_TONES;
}

/** Loose check that an address looks like name@domain (main validates for real). */
export function looksLikeAddress(value: string): boolean {
  return /^[^@/\s<>'"&]+@[^@/\s<>'"&.]+(\.[^@/\s<>'"&.]+)*$/.test(value.trim());
}
