// The notebook locks itself after LOCK_AFTER_MS without a touch or a key, and when the app comes back
// after being hidden that long (issue 16). A timer alone is not enough: a phone in a pocket throttles
// or freezes a hidden page's timers, so the time it was hidden is also checked when it shows again.
import { useLayoutEffect } from 'preact/hooks';
import type { NotebookLock } from '../../db/crypto/notebook-lock.ts';

/** Five minutes, unless an admin set the commune's own time ([M26], the profile's `lockMinutes`). */
export const LOCK_AFTER_MS = 5 * 60_000;

/** The lock time of a commune's setting in ms: a whole 1–30 minutes, anything else the default. */
export function lockAfterMs(minutes: unknown): number {
  return typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 1 && minutes <= 30
    ? minutes * 60_000
    : LOCK_AFTER_MS;
}

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export function useIdleLock(lock: NotebookLock, active: boolean, after = LOCK_AFTER_MS): void {
  // Armed as the notebook shows (a layout effect), not a frame later.
  useLayoutEffect(() => {
    if (!active) return;
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const idle = Date.now() - last;
      if (idle >= after) lock.lock(true, 'idle');
      else timer = setTimeout(check, after - idle);
    };
    const touched = () => {
      last = Date.now();
    };
    const visibility = () => {
      // Back from hidden: judged by the time it left, whatever the timers did meanwhile.
      if (document.visibilityState === 'visible') check();
    };
    timer = setTimeout(check, after);
    for (const type of ACTIVITY) addEventListener(type, touched, { passive: true, capture: true });
    document.addEventListener('visibilitychange', visibility);
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY) removeEventListener(type, touched, { capture: true });
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [lock, active, after]);
}
