import { useMemo, useState, type KeyboardEvent } from 'react';
import type { Contact } from '../../shared/ipc/types';
import { useNow } from '../hooks/useAutoAway';
import { idleLabel } from '../idle';
import { nameFromAddress, presenceLabel } from '../state/people';
import { Avatar } from './Avatar';

export interface ContactEntry {
  contact: Contact;
  unread: number;
  typing: boolean;
}

interface Props {
  contacts: readonly Contact[];
  /** Conversations with people not in the roster (a new chat, or a message from someone new). */
  otherJids: readonly string[];
  unread: Readonly<Record<string, number>>;
  typing: ReadonlySet<string>;
  activeJid: string | null;
  loading: boolean;
  onOpen: (jid: string) => void;
}

function subtitle(c: Contact, typing: boolean, now: number): string {
  if (typing) return 'Typing…';
  if (c.ask && c.subscription !== 'both' && c.subscription !== 'to') return 'Contact request sent';
  const line = c.status?.trim() || presenceLabel(c.presence);
  const idle = c.presence !== 'offline' ? idleLabel(c.idleSince, now) : null;
  return idle ? `${line} · ${idle}` : line;
}

/** Roster plus other open conversations, one tab stop; arrow keys move between people. */
export function ContactList({ contacts, otherJids, unread, typing, activeJid, loading, onOpen }: Props) {
  const [filter, setFilter] = useState('');
  const now = useNow();

  const entries = useMemo(() => {
    const all: Contact[] = [
      // A roster entry without a name shows a readable one made from the address.
      ...contacts.filter((c) => c.subscription !== 'remove').map((c) => (c.name.trim() ? c : { ...c, name: nameFromAddress(c.jid) })),
      ...otherJids.map((jid) => ({
        jid,
        name: nameFromAddress(jid),
        subscription: 'none' as const,
        ask: false,
        presence: 'offline' as const,
        unread: 0,
      })),
    ];
    const q = filter.trim().toLowerCase();
    return all
      .filter((c) => !q || c.name.toLowerCase().includes(q) || c.jid.toLowerCase().includes(q))
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  }, [contacts, otherJids, filter]);

  const focusJid = entries.some((e) => e.jid === activeJid) ? activeJid : (entries[0]?.jid ?? null);

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    const buttons = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('button[data-contact]'));
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at === -1) return;
    const to =
      e.key === 'ArrowDown' ? Math.min(at + 1, buttons.length - 1)
      : e.key === 'ArrowUp' ? Math.max(at - 1, 0)
      : e.key === 'Home' ? 0
      : e.key === 'End' ? buttons.length - 1
      : -1;
    if (to === -1) return;
    e.preventDefault();
    buttons.forEach((b, i) => (b.tabIndex = i === to ? 0 : -1));
    buttons[to]?.focus();
  }

  return (
    <nav className="contacts" aria-labelledby="contacts-heading">
      <div className="contacts-head">
        <h2 id="contacts-heading" className="section-title">
          Contacts
        </h2>
        <span className="section-count" aria-hidden="true">
          {contacts.length || ''}
        </span>
      </div>
      <div className="contact-search">
        <input
          type="search"
          aria-label="Search contacts"
          placeholder="Search contacts"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      {loading && entries.length === 0 ? (
        <p className="contacts-empty">Loading contacts…</p>
      ) : entries.length === 0 ? (
        <p className="contacts-empty">{filter ? 'No contacts match your search.' : 'No contacts yet. Use New chat to message someone.'}</p>
      ) : (
        <ul className="contact-list" onKeyDown={onKeyDown}>
          {entries.map((c) => {
            const count = unread[c.jid] ?? 0;
            const active = c.jid === activeJid;
            return (
              <li key={c.jid}>
                <button
                  type="button"
                  data-contact={c.jid}
                  className={`contact${active ? ' is-active' : ''}${count ? ' has-unread' : ''}`}
                  aria-current={active ? 'page' : undefined}
                  tabIndex={c.jid === focusJid ? 0 : -1}
                  onClick={() => onOpen(c.jid)}
                  title={c.jid}
                >
                  <Avatar name={c.name} colorKey={c.jid} presence={c.presence} />
                  <span className="contact-text">
                    <span className="contact-name">{c.name}</span>
                    <span className="contact-status">{subtitle(c, typing.has(c.jid), now)}</span>
                  </span>
                  {count > 0 && (
                    <span className="badge">
                      <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
                      <span className="sr-only">{count === 1 ? '1 unread message' : `${count} unread messages`}</span>
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
