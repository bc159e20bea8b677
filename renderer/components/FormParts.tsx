import type { InputHTMLAttributes } from 'react';

/**
 * The pieces every small form dialog shares (new chat, join room, invite, rename contact), so they look,
 * read and behave alike: an address input, a field's error announced with role="alert", and the
 * Cancel / submit pair.
 */

/** A JID input: no autocorrect, capitalisation or spell check; the email keyboard on touch devices. */
export function AddressInput(props: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  return <input type="text" inputMode="email" autoComplete="off" autoCapitalize="off" spellCheck={false} {...props} />;
}

/** aria-invalid / aria-describedby for an input whose error (when shown) has id errorId, besides an optional hint. */
export function describedBy(error: string | null, errorId: string, hintId?: string) {
  const ids = [error ? errorId : undefined, hintId].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined } as const;
}

export function FieldError({ id, error }: { id?: string; error: string | null }) {
  if (!error) return null;
  return (
    <p id={id} role="alert" className="field-error">
      {error}
    </p>
  );
}

/** Cancel (closes, nothing done) and the form's submit button, disabled while busy. */
export function FormActions({ onCancel, submitLabel, busy = false }: { onCancel: () => void; submitLabel: string; busy?: boolean }) {
  return (
    <div className="modal-actions">
      <button type="button" className="btn btn-secondary" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {submitLabel}
      </button>
    </div>
  );
}
