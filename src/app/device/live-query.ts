// Dexie's liveQuery as a Preact hook: a screen re-renders as soon as a write touches what it read.
import Dexie, { liveQuery, type ObservabilitySet } from 'dexie';
import { useLayoutEffect, useState } from 'preact/hooks';

/**
 * The latest answer of `query`, or undefined until the first one. A new answer replaces the old only
 * when it comes from the current `deps`: an answer of an earlier subscription (a stale keystroke) is
 * dropped. The last answer stays on screen while the next one is computed, so lists do not flicker.
 * Subscribing in a layout effect starts the query in the same task as the render that asked for it
 * (a plain effect waits for the next frame), which matters for search-as-you-type.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [state, setState] = useState<{ value: T } | { error: unknown } | undefined>(undefined);
  useLayoutEffect(() => {
    let current = true;
    const subscription = liveQuery(query).subscribe({
      next: (value) => {
        if (current) setState({ value });
      },
      error: (error: unknown) => {
        if (current) setState({ error });
      },
    });
    return () => {
      current = false;
      subscription.unsubscribe();
    };
    // The caller names what the query depends on: `query` itself is a new closure at every render.
  }, deps);
  // A failed read (storage gone, quota, a closed database) goes to the nearest error boundary.
  if (state && 'error' in state) throw state.error;
  return state?.value;
}

/**
 * Like useLiveQuery, but re-runs the whole query after any write to one of `tables` of `db`, instead
 * of tracking each key and range the query reads. For the list's search, which walks thousands of
 * index keys per keystroke, that tracking costs more than re-running on the rare write made while the
 * list is on screen (measured: 20–60 ms a keystroke at 10,000 households). Writes of other tabs
 * arrive through the same Dexie event.
 */
export function useTableQuery<T>(
  db: Dexie,
  tables: readonly string[],
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
    const prefixes = tables.map((table) => `idb://${db.name}/${table}/`);
    const onMutated = (parts: ObservabilitySet) => {
      if (Object.keys(parts).some((part) => prefixes.some((prefix) => part.startsWith(prefix)))) run();
    };
    run();
    Dexie.on.storagemutated.subscribe(onMutated);
    return () => {
      current = false;
      Dexie.on.storagemutated.unsubscribe(onMutated);
    };
    // As above: the caller names what the query depends on.
  }, [db, ...deps]);
  if (state && 'error' in state) throw state.error;
  return state?.value;
}
