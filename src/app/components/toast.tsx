// The confirmation of a tap, where the volunteer looks: a short line fixed above the bottom of the
// screen (never scrolled off), announced by screen readers (a live region that is always in the page,
// so that a new message is read out), gone after a few seconds.
import { useEffect, useRef, useState } from 'preact/hooks';

const SHOWN_MS = 4000;

export interface ToastMessage {
  text: string;
  /** A refused write stays until the next message: it needs reading, not a glance. */
  error?: boolean;
}

export function useToast() {
  const [message, setMessage] = useState<ToastMessage | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const show = (next: ToastMessage) => {
    clearTimeout(timer.current);
    setMessage(next);
    if (!next.error) timer.current = setTimeout(() => setMessage(null), SHOWN_MS);
  };
  return { message, show };
}

export function Toast({ message }: { message: ToastMessage | null }) {
  return (
    <div class="toast-region" role="status" aria-live="polite">
      {message && <p class={message.error ? 'toast error' : 'toast'}>{message.text}</p>}
    </div>
  );
}
