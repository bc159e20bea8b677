import { useState } from 'react';
import { errorText } from '../state/actions';
import { displayName } from '../state/people';
import { useStore } from '../state/store';
import { Avatar } from './Avatar';

/** "X wants to add you as a contact": Accept / Decline, above the contact list. */
export function ContactRequests() {
  const { state, actions } = useStore();
  const [error, setError] = useState<string | null>(null);
  if (state.contactRequests.length === 0) return null;

  async function answer(jid: string, accept: boolean) {
    setError(null);
    try {
      await actions.respondToContact(jid, accept);
    } catch (err) {
      setError(errorText(err, 'Your answer could not be sent. Try again.'));
    }
  }

  return (
    <section className="requests" aria-labelledby="requests-heading">
      <h2 id="requests-heading" className="section-title">
        Contact requests
      </h2>
      {error && (
        <p role="alert" className="requests-error">
          {error}
        </p>
      )}
      <ul className="request-list">
        {state.contactRequests.map((jid) => {
          const name = displayName(jid, state.contacts);
          return (
            <li key={jid} className="request">
              <Avatar name={name} colorKey={jid} size="sm" />
              <span className="request-text">
                <span className="request-name">{name}</span>
                <span className="request-sub" title={jid}>
                  wants to add you
                </span>
              </span>
              <span className="request-actions">
                <button type="button" className="btn btn-small btn-accept" aria-label={`Accept ${name}`} onClick={() => void answer(jid, true)}>
                  Accept
                </button>
                <button type="button" className="btn btn-small btn-ghost-light" aria-label={`Decline ${name}`} onClick={() => void answer(jid, false)}>
                  Decline
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
