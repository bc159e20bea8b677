import { useEffect, useState } from 'react';
import type { TypingState } from '../../shared/ipc/types';

/** A "composing" that is not refreshed or ended within this time is stale (the peer left or lost connection). */
export const TYPING_STALE_MS = 30_000;

/** "<name> is typing…" under the log; polite live region so it is announced without interrupting. */
export function TypingIndicator({ name, state, since }: { name: string; state: TypingState | null; since: number }) {
  const [, setTick] = useState(0);
  const age = Date.now() - since;
  const fresh = state === 'composing' && age < TYPING_STALE_MS;
  useEffect(() => {
    if (!fresh) return;
    const t = window.setTimeout(() => setTick((n) => n + 1), TYPING_STALE_MS - age + 50);
    return () => window.clearTimeout(t);
  }, [fresh, age]);
  return (
    <div className="typing-line" aria-live="polite">
      {fresh && (
        <span className="typing">
          <span className="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {name} is typing…
        </span>
      )}
    </div>
  );
}
