// The service worker's side of Background Sync: when the browser says the network is back, deliver the
// outbox to the server, as the signed-in user, even with the app closed. It only delivers: it reads the
// outbox (src/db/outbox-reader.ts) and pushes it in order, and changes nothing on the phone. The app's
// next round sends the same mutations again and gets the server's first answers ([P6]: exactly once,
// answered from memory), which it applies with everything else (the rebase, conflicts, the list's
// summaries). So the volunteer's edits reach the server from a pocket, and the worker stays small:
// no Dexie, no sync engine, no zod (issue 14's budget: the worker within 30 KB gzipped).
import { readOutbox } from '../db/outbox-reader.ts';
import { DEFAULT_DB_NAME } from '../db/db-name.ts';
import type { OutboxEntry } from '../db/types.ts';
import { OUTBOX_SYNC_TAG } from '../sync/background-sync.ts';
import { createHttpClient, type HttpClient } from '../sync/http-client.ts';
import { PUSH_BATCH } from '../sync/limits.ts';
import { createSessionStore, type SessionStore } from '../sync/session.ts';

interface SyncEvent extends ExtendableEvent {
  tag: string;
}

export interface DeliveryOptions {
  sessions?: SessionStore;
  http?: HttpClient;
  /** The notebook's IndexedDB (tests pass fake-indexeddb's). */
  indexedDB?: IDBFactory;
  dbName?: string;
  /** Asked for when the server says this build is too old, so that the new one is there at next open. */
  update?: () => Promise<unknown>;
}

/**
 * Push every queued mutation once, in queue order and batches. A failure worth retrying (no network, a
 * server error, a 429) rejects, so that the browser retries later with its own backoff. Signed out,
 * refused or too old resolve: retrying in the background cannot help, the outbox keeps every edit,
 * and the app says why when it is opened. A 413 sends the same mutations in smaller batches ([P18]).
 */
export async function deliverOutbox(options: DeliveryOptions = {}): Promise<{ delivered: number }> {
  const sessions = options.sessions ?? createSessionStore();
  const session = await sessions.get();
  if (!session) return { delivered: 0 };
  const deviceId = await sessions.deviceId();
  const http = options.http ?? createHttpClient();
  const factory = options.indexedDB ?? indexedDB;
  const name = options.dbName ?? DEFAULT_DB_NAME;
  let after = 0;
  let size = PUSH_BATCH;
  let delivered = 0;
  for (;;) {
    const batch = await readOutbox(name, after, size, factory);
    if (batch.length === 0) return { delivered };
    const answer = await http.send('/api/sync/push', {
      method: 'POST',
      token: session.token,
      json: { deviceId, mutations: batch.map(toMutation) },
    });
    if (answer.ok) {
      delivered += batch.length;
      after = batch.at(-1)!.seq!;
      continue;
    }
    const { failure } = answer;
    if (failure.kind === 'refused' && failure.status === 413 && batch.length > 1) {
      size = Math.max(1, Math.floor(batch.length / 2));
      continue;
    }
    if (failure.kind === 'network' || failure.kind === 'server' || failure.kind === 'rate_limited') {
      throw new Error(failure.message);
    }
    if (failure.kind === 'client_too_old') await options.update?.().catch(() => undefined);
    return { delivered };
  }
}

function toMutation({ seq: _seq, ...mutation }: OutboxEntry) {
  return mutation;
}

export function listenForBackgroundSync(scope: ServiceWorkerGlobalScope): void {
  scope.addEventListener('sync', (event) => {
    const e = event as SyncEvent;
    if (e.tag === OUTBOX_SYNC_TAG) {
      e.waitUntil(deliverOutbox({ update: () => scope.registration.update() }));
    }
  });
}
