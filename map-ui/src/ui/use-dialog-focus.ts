/** Focus handling of the UI's dialogs: the views drawn over the map, and modal `<dialog>`s. */
import { useEffect, useRef } from 'react';

/**
 * A non-modal view drawn over the map (comparison, observatory): focus moves to its heading
 * when it opens, Escape closes it, and focus goes back to whatever opened it.
 * `const headingRef = useDialogFocus<HTMLHeadingElement>(onClose)` then `<h2 ref={headingRef} tabIndex={-1}>`.
 */
export function useDialogFocus<T extends HTMLElement>(onClose: () => void) {
  const headingRef = useRef<T>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    headingRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      // A control inside the view that handled Escape itself (a note editor) keeps it open.
      if (e.key === 'Escape' && !e.defaultPrevented) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (opener?.isConnected) opener.focus();
    };
  }, [onClose]);
  return headingRef;
}

/**
 * A `<dialog>` shown as a modal as soon as it mounts (the browser then traps focus in it and
 * gives it back on close): `<dialog ref={useModalDialog()} onClose={…}>`.
 */
export function useModalDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return ref;
}
