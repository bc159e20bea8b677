import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

interface ModalProps {
  title: string;
  /** Optional sentence under the title; becomes the dialog's description. */
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Put focus back where it was when the dialog closes (default). Off when closing moves focus on purpose. */
  restoreFocus?: boolean;
  className?: string;
  /** 'alertdialog' for an urgent interruption that needs an answer (the idle sign-out warning). */
  role?: 'dialog' | 'alertdialog';
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * While any modal is open, the app root is inert and hidden from assistive technology (and so from
 * role queries); the dialogs live outside it, portalled into <body>.
 */
function setAppHidden(hidden: boolean): void {
  const root = document.getElementById('root');
  if (!root) return;
  if (hidden) {
    root.setAttribute('aria-hidden', 'true');
    root.inert = true;
  } else if (!document.querySelector('dialog.modal[open]')) {
    root.removeAttribute('aria-hidden');
    root.inert = false;
  }
}

/**
 * A modal dialog on the native <dialog> (showModal makes the rest of the page inert and puts the
 * dialog in the top layer). Escape closes it, Tab wraps inside it, and focus returns to the control
 * that opened it. Close by unmounting: the parent decides whether it is open.
 */
export function Modal({ title, description, onClose, children, restoreFocus = true, className, role }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  // Read during the first render, before the commit that makes the page inert (which blurs the opener).
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  const restoreRef = useRef(restoreFocus);
  restoreRef.current = restoreFocus;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    setAppHidden(true);
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      setAppHidden(false);
      if (restoreRef.current && opener?.isConnected) opener.focus();
    };
  }, [opener]);

  function onKeyDown(e: KeyboardEvent<HTMLDialogElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = Array.from(ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.offsetParent !== null);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onMouseDown={(e) => {
        // A press on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="modal-body">
        <h2 id={titleId} className="modal-title">
          {title}
        </h2>
        {description && (
          <p id={descId} className="modal-description">
            {description}
          </p>
        )}
        {children}
      </div>
    </dialog>,
    document.body,
  );
}
