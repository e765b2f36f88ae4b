// The list's search text and filters kept in the address (`/?q=duc&loc=noCard`), so that coming back
// from a household shows the same results and a filtered list can be bookmarked.
import { useEffect, useRef } from 'preact/hooks';
import type { HouseholdFilters } from '../../db/types.ts';

export type FilterKey = keyof HouseholdFilters;
export const FILTER_KEYS: readonly FilterKey[] = ['noCard', 'noVneid', 'openTasks', 'notVisited'];

export function parseFilters(param: string | undefined): FilterKey[] {
  const wanted = new Set((param ?? '').split(','));
  return FILTER_KEYS.filter((k) => wanted.has(k));
}

function listUrl(text: string, filters: readonly FilterKey[]): string {
  const params = new URLSearchParams();
  if (text) params.set('q', text);
  if (filters.length) params.set('loc', filters.join(','));
  const search = params.toString();
  return search ? `/?${search}` : '/';
}

/**
 * Writes the list's state into the address a moment after typing stops (browsers throttle
 * history writes, so not at every keystroke); `flush` writes it at once, before a link is followed.
 * The address is replaced, not pushed: each keystroke is not a step of the Back button.
 */
export function useListUrl(text: string, filters: readonly FilterKey[]): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const state = useRef({ text, filters });
  state.current = { text, filters };

  const write = () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    // The list may still be on screen while the next screen loads: never rewrite another screen's address.
    if (location.pathname !== '/') return;
    const url = listUrl(state.current.text, state.current.filters);
    if (url !== location.pathname + location.search) history.replaceState(history.state, '', url);
  };

  const filterKey = filters.join(',');
  useEffect(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(write, 400);
  }, [text, filterKey]);
  useEffect(() => () => clearTimeout(timer.current), []);

  return () => {
    if (timer.current !== undefined) write();
  };
}
