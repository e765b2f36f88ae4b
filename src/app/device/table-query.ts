// A read of the notebook as a Preact hook, re-run when a write touches one of its tables.
import { useLayoutEffect, useState } from 'preact/hooks';
import type { Readable, TableName } from '../../db/reads.ts';

/**
 * The latest answer of `query`, re-run after any write to one of `tables` of `db`. The answer of an
 * earlier run or subscription (a stale keystroke) is dropped; the last answer stays on screen while the
 * next is computed. Unlike Dexie's liveQuery it does not track each key and range the query reads
 * (for the list's search that tracking cost 20–60 ms a keystroke at 10,000 households), and it needs
 * no Dexie: the first screen's reads go to IndexedDB directly (reads.ts). Writes of other tabs arrive
 * through the same announcement. It subscribes in a layout effect, so the query starts in the task of
 * the render that asked for it (a plain effect waits for the next frame).
 */
export function useTableQuery<T>(
  db: Readable,
  tables: readonly TableName[],
  query: () => Promise<T>,
  deps: readonly unknown[],
): T | undefined {
  const [state, setState] = useState<{ value: T } | { error: unknown } | undefined>(undefined);
  useLayoutEffect(() => {
    let current = true;
    let latest = 0;
    const run = () => {
      // Only the latest run may answer: an earlier run that finishes late is dropped.
      const mine = ++latest;
      query().then(
        (value) => current && mine === latest && setState({ value }),
        (error: unknown) => current && mine === latest && setState({ error }),
      );
    };
    run();
    const off = db.reads.onChange((changes) => {
      if (tables.some((table) => changes.has(table))) run();
    });
    return () => {
      current = false;
      off();
    };
    // As above: the caller names what the query depends on.
  }, [db, ...deps]);
  if (state && 'error' in state) throw state.error;
  return state?.value;
}
