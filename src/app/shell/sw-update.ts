// The service worker's registration and the update flow, through workbox-window: a new version
// waits; the person taps "Cập nhật"; it takes over and the page reloads — never by itself, and never
// over a form that holds unsaved input (the update waits until the form is saved or left).
import type { Workbox } from 'workbox-window';
import { useEffect, useState } from 'preact/hooks';
import { whenNoUnsavedInput } from './unsaved.ts';

export interface UpdateState {
  /** A new version is installed and waiting for the person's tap. */
  available: boolean;
  /** The person tapped, and the update waits for a form to be saved or left. */
  waitingForForm: boolean;
}

const HOUR = 3_600_000;
let workbox: Workbox | undefined;
let accepted = false;
/** A look for a new version was asked for before the registration was made. */
let lookWanted = false;
let state: UpdateState = { available: false, waitingForForm: false };
const listeners = new Set<(s: UpdateState) => void>();

function set(next: Partial<UpdateState>) {
  state = { ...state, ...next };
  for (const listener of listeners) listener(state);
}

/** Register /sw.js and watch for new versions. A browser without service workers just runs online. */
export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  // Loaded after the first screen: the list must not wait for the update machinery.
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox('/sw.js');
  workbox = wb;
  wb.addEventListener('waiting', () => set({ available: true }));
  // A new worker took over: after the tap here, or in another tab of the app. Reload to run it, but
  // only once no form holds unsaved input, whichever tab accepted.
  wb.addEventListener('controlling', (event) => {
    if (event.isUpdate || accepted) whenNoUnsavedInput(() => location.reload());
  });
  await wb.register();
  if (lookWanted) checkForUpdate();
  // Look for a new version when the app comes back to the foreground, and every hour while open.
  setInterval(() => void wb.update(), HOUR);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void wb.update();
  });
}

/**
 * Look for a new version now: the server said this build is too old for it (426 client_too_old), so
 * the new build should be installed and waiting for the person's tap as soon as possible. A failed
 * look (offline) is repeated by the usual triggers.
 */
export function checkForUpdate(): void {
  lookWanted = !workbox;
  void workbox?.update().catch(() => undefined);
}

/** The person tapped "Cập nhật". */
export function applyUpdate(): void {
  if (!workbox || accepted) return;
  accepted = true;
  const wb = workbox;
  set({ waitingForForm: true });
  whenNoUnsavedInput(() => {
    set({ waitingForForm: false });
    wb.messageSkipWaiting();
  });
}

export function useUpdateState(): UpdateState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}
