// The outbox read without Dexie, for the service worker's background delivery (src/sw/): a plain
// IndexedDB read of the `outbox` store in push order (its key, `seq`), never a write. It opens the
// notebook at whatever version it is; a phone with no notebook yet has nothing to send, and the
// read must not create one (an empty database would stand in the way of the app's first open).
import { answer, openExisting } from './raw-reads.ts';
import type { OutboxEntry } from './types.ts';

/**
 * Up to `limit` outbox entries after queue position `afterSeq`, in push order. Empty when there is no
 * notebook or no outbox in it.
 */
export async function readOutbox(
  name: string,
  afterSeq: number,
  limit: number,
  factory: IDBFactory = indexedDB,
): Promise<OutboxEntry[]> {
  // A notebook that cannot be opened now (storage gone, an upgrade under way) delivers later.
  const db = await openExisting(name, factory).catch(() => null);
  if (!db) return [];
  try {
    if (!db.objectStoreNames.contains('outbox')) return [];
    const store = db.transaction('outbox', 'readonly').objectStore('outbox');
    const entries = await answer<(OutboxEntry & { _s?: unknown })[]>(
      store.getAll(IDBKeyRange.lowerBound(afterSeq, true), limit),
    );
    // A sealed entry cannot be read without the notebook's key, which the worker never holds: the
    // delivery stops before it, as the queue's order must be kept (docs/SECURITY.md, sync while locked).
    const readable = entries.findIndex((e) => e._s !== undefined);
    return readable < 0 ? entries : entries.slice(0, readable);
  } finally {
    db.close();
  }
}
