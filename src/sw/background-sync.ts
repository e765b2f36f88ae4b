// The service worker's side of Background Sync: when the browser says the network is back, drain the
// outbox with the same engine the page uses (push in order, then pull), as the signed-in user.
import { NotebookDb, DEFAULT_DB_NAME } from '../db/db.ts';
import { createSyncEngine } from '../sync/engine.ts';
import { createSessionStore } from '../sync/session.ts';
import { OUTBOX_SYNC_TAG } from '../sync/background-sync.ts';
import { createHttpTransport } from '../sync/transport.ts';

interface SyncEvent extends ExtendableEvent {
  tag: string;
}

/**
 * One round; a failure worth retrying (no network, a server error) rejects, so that the browser retries
 * the sync later with its own backoff. Signed out, refused or too old (426 client_too_old) resolve:
 * retrying in the background cannot help, the outbox keeps every edit, and the app says why when it
 * is opened. Too old also asks the browser for the new build now, so that it is there at that moment.
 */
async function drain(registration: ServiceWorkerRegistration): Promise<void> {
  const sessions = createSessionStore();
  const session = await sessions.get();
  if (!session) return;
  const db = new NotebookDb(DEFAULT_DB_NAME);
  try {
    const transport = createHttpTransport({ baseUrl: '', token: async () => (await sessions.get())?.token });
    const engine = createSyncEngine({ db, transport, deviceId: await sessions.deviceId() });
    const result = await engine.round();
    if (result.ok) return;
    const { failure } = result;
    if (failure.kind === 'network' || failure.kind === 'server') throw new Error(failure.message);
    if (failure.kind === 'client_too_old') await registration.update().catch(() => undefined);
  } finally {
    db.close();
  }
}

export function listenForBackgroundSync(scope: ServiceWorkerGlobalScope): void {
  scope.addEventListener('sync', (event) => {
    const e = event as SyncEvent;
    if (e.tag === OUTBOX_SYNC_TAG) e.waitUntil(drain(scope.registration));
  });
}
