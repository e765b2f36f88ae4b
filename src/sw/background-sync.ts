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

/** One round; a failure rejects, so the browser retries the sync later with its own backoff. */
async function drain(): Promise<void> {
  const sessions = createSessionStore();
  const session = await sessions.get();
  if (!session) return;
  const db = new NotebookDb(DEFAULT_DB_NAME);
  try {
    const transport = createHttpTransport({ baseUrl: '', token: async () => (await sessions.get())?.token });
    const engine = createSyncEngine({ db, transport, deviceId: await sessions.deviceId() });
    const result = await engine.round();
    // Signed out or refused: retrying in the background cannot help; the app shows it when opened.
    if (!result.ok && (result.failure.kind === 'network' || result.failure.kind === 'server')) {
      throw new Error(result.failure.message);
    }
  } finally {
    db.close();
  }
}

export function listenForBackgroundSync(scope: ServiceWorkerGlobalScope): void {
  scope.addEventListener('sync', (event) => {
    const e = event as SyncEvent;
    if (e.tag === OUTBOX_SYNC_TAG) e.waitUntil(drain());
  });
}
