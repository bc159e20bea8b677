import { useCallback, useEffect, useRef } from 'react';
import type { TypingState } from '../../shared/ipc/types';

/** After this long without a keystroke, "composing" becomes "paused" (XEP-0085 suggests a few seconds). */
export const PAUSE_AFTER_MS = 5000;

/**
 * Chat-state notifications for the composer, debounced: one 'composing' when typing starts,
 * 'paused' after a quiet spell, 'active' when the draft is cleared. Nothing is sent twice in a row.
 */
export function useTypingNotifier(send: (state: TypingState) => void): { onInput: (text: string) => void; onSent: () => void } {
  const last = useRef<TypingState>('active');
  const timer = useRef<number | undefined>(undefined);
  const sendRef = useRef(send);
  sendRef.current = send;

  const emit = useCallback((state: TypingState) => {
    if (last.current === state) return;
    last.current = state;
    sendRef.current(state);
  }, []);

  const clear = () => {
    if (timer.current !== undefined) window.clearTimeout(timer.current);
    timer.current = undefined;
  };

  const onInput = useCallback(
    (text: string) => {
      clear();
      if (!text.trim()) {
        emit('active');
        return;
      }
      emit('composing');
      timer.current = window.setTimeout(() => emit('paused'), PAUSE_AFTER_MS);
    },
    [emit],
  );

  /** The message itself tells the peer we stopped typing; just reset without sending. */
  const onSent = useCallback(() => {
    clear();
    last.current = 'active';
  }, []);

  // Leaving the conversation mid-sentence: tell the peer we stopped.
  useEffect(
    () => () => {
      clear();
      if (last.current === 'composing') sendRef.current('paused');
    },
    [],
  );

  return { onInput, onSent };
}
