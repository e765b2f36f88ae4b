// Dexie's liveQuery as a Preact hook: a screen re-renders as soon as a write touches what it read.
// For the screens behind the first one; the first screen's hook is useTableQuery (table-query.ts).
import { liveQuery } from 'dexie';
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
