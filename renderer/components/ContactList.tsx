import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Contact } from '../../shared/ipc/types';
import { useNow } from '../hooks/useAutoAway';
import { useSidebarVirtual } from '../hooks/useSidebarVirtual';
import { nameFromAddress } from '../state/people';
import { ContactRow } from './ContactRow';

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

/** One collator for every sort (localeCompare with options builds one per call). */
const byName = new Intl.Collator(undefined, { sensitivity: 'base' });
/** Row height before measuring (two lines of text and padding). */
const ROW_ESTIMATE = 54;

interface Sorted {
  contact: Contact;
  /** Lower-case name and address, for the filter. */
  hay: string;
}

/** Roster plus other open conversations, one tab stop; arrow keys move between people. Virtual rows. */
export function ContactList({ contacts, otherJids, unread, typing, activeJid, loading, onOpen }: Props) {
  const [filter, setFilter] = useState('');
  const now = useNow();

  // The same others in a new array (any conversation change) must not re-sort the roster.
  const othersKey = otherJids.join('\n');
  const sorted = useMemo<Sorted[]>(() => {
    const others = othersKey ? othersKey.split('\n') : [];
    const all: Contact[] = [
      // A roster entry without a name shows a readable one made from the address.
      ...contacts.filter((c) => c.subscription !== 'remove').map((c) => (c.name.trim() ? c : { ...c, name: nameFromAddress(c.jid) })),
      ...others.map((jid) => ({ jid, name: nameFromAddress(jid), subscription: 'none' as const, ask: false, presence: 'offline' as const, unread: 0 })),
    ];
    return all.sort((a, b) => byName.compare(a.name, b.name)).map((contact) => ({ contact, hay: `${contact.name}\n${contact.jid}`.toLowerCase() }));
  }, [contacts, othersKey]);

  const q = filter.trim().toLowerCase();
  const entries = useMemo(() => (q ? sorted.filter((e) => e.hay.includes(q)) : sorted).map((e) => e.contact), [sorted, q]);

  const activeIndex = activeJid ? entries.findIndex((e) => e.jid === activeJid) : -1;
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const tabIndex = focusIndex !== null && focusIndex < entries.length ? focusIndex : activeIndex >= 0 ? activeIndex : 0;
  const { listRef, virtualizer, margin } = useSidebarVirtual({
    count: entries.length,
    estimate: ROW_ESTIMATE,
    keyOf: (i) => entries[i]?.jid ?? String(i),
    pinned: entries.length ? tabIndex : -1,
  });

  // A stable callback for the memoised rows (the sidebar passes a new function each render).
  const openRef = useRef(onOpen);
  openRef.current = onOpen;
  const open = useCallback((jid: string) => openRef.current(jid), []);

  // Arrow keys: move the tab stop, scroll it into view, then focus it once rendered.
  const pendingFocus = useRef<number | null>(null);
  useEffect(() => {
    const at = pendingFocus.current;
    if (at === null) return;
    const button = document.querySelector<HTMLButtonElement>(`.contacts button[data-row="${at}"]`);
    if (button) {
      pendingFocus.current = null;
      button.focus();
    }
  });
  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    const at = Number((document.activeElement as HTMLElement | null)?.dataset.row ?? NaN);
    if (Number.isNaN(at)) return;
    const last = entries.length - 1;
    const to = e.key === 'ArrowDown' ? Math.min(at + 1, last) : e.key === 'ArrowUp' ? Math.max(at - 1, 0) : e.key === 'Home' ? 0 : e.key === 'End' ? last : -1;
    if (to === -1) return;
    e.preventDefault();
    pendingFocus.current = to;
    setFocusIndex(to);
    virtualizer.scrollToIndex(to, { align: 'auto' });
  }

  const items = virtualizer.getVirtualItems();
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
          onChange={(e) => {
            setFilter(e.target.value);
            setFocusIndex(null);
          }}
        />
      </div>
      {loading && entries.length === 0 ? (
        <p className="contacts-empty">Loading contacts…</p>
      ) : entries.length === 0 ? (
        <p className="contacts-empty">{filter ? 'No contacts match your search.' : 'No contacts yet. Use New chat to message someone.'}</p>
      ) : (
        <ul ref={listRef} className="contact-list is-virtual" onKeyDown={onKeyDown} style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const c = entries[item.index];
            if (!c) return null;
            return (
              <li
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                aria-setsize={entries.length}
                aria-posinset={item.index + 1}
                style={{ transform: `translateY(${item.start - margin}px)` }}
              >
                <ContactRow
                  contact={c}
                  index={item.index}
                  unread={unread[c.jid] ?? 0}
                  typing={typing.has(c.jid)}
                  active={c.jid === activeJid}
                  tabStop={item.index === tabIndex}
                  now={now}
                  onOpen={open}
                />
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
