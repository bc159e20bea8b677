import { useEffect, useMemo, useState } from 'react';
import { HINT_DEBOUNCE_MS, dlpHints, groupHints, hintAnnouncement, maskDraft, strictestAction } from '../composer/dlpHints';
import { useDlpHintEngine } from '../composer/useDlpHintEngine';
import { useStore } from '../state/store';

interface Props {
  /** The draft as it is now. */
  text: string;
  /** Replace the draft with this text (the sensitive spans masked). */
  onMask: (masked: string) => void;
}

const HEADLINE = {
  block: "Policy won't let this message be sent as it is.",
  warn: 'Sending will ask you for a business reason, which is recorded.',
  log: 'This can be sent; the finding is recorded with the message.',
} as const;

/**
 * DLP hints while typing (issue 5): what the local DLP engine sees in the draft and what policy will do
 * about it, with a "Mask sensitive text" button. Advisory: nothing leaves the renderer, and main checks
 * the exact text again when it is sent.
 */
export function DlpHints({ text, onMask }: Props) {
  const { api } = useStore();
  const engine = useDlpHintEngine(api);
  const [scanned, setScanned] = useState(text);

  useEffect(() => {
    if (!text.trim()) {
      setScanned('');
      return;
    }
    const timer = window.setTimeout(() => setScanned(text), HINT_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  const hints = useMemo(() => (engine && scanned ? dlpHints(engine, scanned) : []), [engine, scanned]);
  const groups = groupHints(hints);
  const strictest = strictestAction(hints);
  const announcement = hintAnnouncement(hints);

  function mask() {
    if (!engine) return;
    const masked = maskDraft(engine, text);
    setScanned(masked);
    onMask(masked);
  }

  return (
    <>
      {/* Said once per change in what was found, not on every keystroke. */}
      <div className="sr-only" aria-live="polite">
        {announcement}
      </div>
      {strictest && (
        <section className={`dlp-hints dlp-hints-${strictest}`} aria-label="Sensitive information check">
          <svg className="dlp-hints-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M10 2.5l6 2.3v4.6c0 3.9-2.5 6.7-6 8.1-3.5-1.4-6-4.2-6-8.1V4.8l6-2.3zM10 7v3.5M10 13v.01" />
          </svg>
          <div className="dlp-hints-body">
            <p className="dlp-hints-headline">{HEADLINE[strictest]}</p>
            <ul className="dlp-hints-list">
              {groups.map((g) => (
                <li key={`${g.action}:${g.label}`} className="dlp-hint">
                  <span className="dlp-hint-label">{g.label}</span>
                  {g.snippets.slice(0, 3).map((s) => (
                    <mark key={s} className="dlp-hint-snippet">
                      {s}
                    </mark>
                  ))}
                  {g.snippets.length > 3 && <span className="dlp-hint-more">and {g.snippets.length - 3} more</span>}
                  <span className={`dlp-hint-action dlp-hint-action-${g.action}`}>{g.actionText}</span>
                </li>
              ))}
            </ul>
          </div>
          <button type="button" className="btn btn-small btn-secondary dlp-hints-mask" onClick={mask}>
            Mask sensitive text
          </button>
        </section>
      )}
    </>
  );
}
