import { useId, useState, type FormEvent } from 'react';
import type { ChatMessage } from '../../shared/ipc/types';
import { errorText } from '../state/actions';
import { displayName } from '../state/people';
import { useStore } from '../state/store';
import { dayLabel, timeLabel } from '../state/timeline';
import { roomTitle } from './RoomList';
import { highlight } from '../state/search';

/** Search the messages this client has (main searches its loaded history, not the whole archive). */
export function SearchPane() {
  const { api, state, actions } = useStore();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ query: string; messages: ChatMessage[]; archive: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const q = query.trim();
    if (!q) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.invoke('chat:search', { query: q });
      const sorted = [...r.messages].sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt));
      setResults({ query: q, messages: sorted, archive: r.searchedArchive });
    } catch (err) {
      setError(errorText(err, 'Search failed. Try again.'));
    } finally {
      setBusy(false);
    }
  }

  const where = (m: ChatMessage) => {
    const room = state.rooms.find((r) => r.jid === m.conversation);
    return room ? roomTitle(room) : displayName(m.conversation, state.contacts);
  };
  const now = new Date();

  return (
    <section className="search-page" aria-labelledby={titleId}>
      <header className="search-header">
        <h1 id={titleId} className="conversation-title">
          Search messages
        </h1>
        <form className="search-form" onSubmit={onSubmit} role="search">
          <input
            type="search"
            aria-label="Search messages"
            placeholder="Words to find"
            value={query}
            maxLength={200}
            onChange={(e) => setQuery(e.target.value)}
            autoFocus
          />
          <button type="submit" className="btn btn-primary" disabled={busy || !query.trim()}>
            Search
          </button>
        </form>
      </header>
      <div className="search-body">
        {error && (
          <p role="alert" className="banner banner-error">
            {error}
          </p>
        )}
        {results && (
          <>
            <p aria-live="polite" className="search-count">
              {results.messages.length === 0
                ? `No messages contain “${results.query}”.`
                : `${results.messages.length} ${results.messages.length === 1 ? 'message contains' : 'messages contain'} “${results.query}”.`}
              {!results.archive && ' Searched the conversations loaded on this computer.'}
            </p>
            <ul className="search-results">
              {results.messages.map((m) => {
                const date = new Date(m.sentAt);
                const sender = m.direction === 'out' ? 'You' : m.fromName?.trim() || displayName(m.conversation, state.contacts);
                return (
                  <li key={`${m.conversation}:${m.id}`}>
                    <button type="button" className="search-result" onClick={() => void actions.openConversation(m.conversation)}>
                      <span className="search-result-head">
                        <span className="search-result-where">{where(m)}</span>
                        <span className="search-result-when">
                          {dayLabel(date, now)}, {timeLabel(date)}
                        </span>
                      </span>
                      <span className="search-result-body">
                        <span className="search-result-sender">{sender}: </span>
                        {highlight(m.body, results.query).map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </>
        )}
        {!results && !error && <p className="muted">Find words in your conversations and rooms. Results open the conversation.</p>}
      </div>
    </section>
  );
}
