// Background Sync: the page asks the browser to wake the service worker once the network is back, so
// that the outbox drains even if the app was closed meanwhile (Chromium on Android has it; elsewhere
// this does nothing and the app syncs when next opened).
export const OUTBOX_SYNC_TAG = 'so06-outbox';

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

/** Ask for a background drain of the outbox. Never fails: an old browser simply has no such thing. */
export async function requestBackgroundSync(): Promise<boolean> {
  try {
    if (!('serviceWorker' in navigator)) return false;
    const registration = await navigator.serviceWorker.ready;
    const sync = (registration as ServiceWorkerRegistration & { sync?: SyncManagerLike }).sync;
    if (!sync) return false;
    await sync.register(OUTBOX_SYNC_TAG);
    return true;
  } catch {
    return false;
  }
}
