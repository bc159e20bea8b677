import type { TypingState } from '../../shared/ipc/types';

/** "<name> is typing…" under the log; polite live region so it is announced without interrupting. */
export function TypingIndicator({ name, state }: { name: string; state: TypingState | null }) {
  return (
    <div className="typing-line" aria-live="polite">
      {state === 'composing' && (
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
