// Loading what the review shows. The overview and the list of areas are saved on the device after
// each successful load and shown from there when the server cannot be reached ("số liệu lúc …"); the
// drill-down screens show a clear failure instead, with "Thử lại".
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Area } from '../../domain/areas.ts';
import type { DeviceSync, TalliesAnswer } from '../../domain/review.ts';
import { loadOverview, loadReviewAreas, saveOverview, saveReviewAreas } from '../../db/review-cache.ts';
import type { HttpFailure, HttpResult } from '../../sync/http-client.ts';
import { useDb } from '../shell/db-context.ts';
import { useServices } from '../shell/services.ts';
import { useSession } from '../shell/session-context.ts';
import { everyPage, REVIEW_PAGE_SIZE } from './paging.ts';

export type Remote<T> =
  | { state: 'loading' }
  | {
      state: 'ok';
      value: T;
      /** set when this is the saved copy: why the server was not reached */ stale?: HttpFailure;
    }
  | { state: 'failed'; failure: HttpFailure };

/**
 * Runs `load` with the session's token when the screen opens, when `deps` change and on `reload()`.
 * A load that finishes after a newer one started is dropped.
 */
export function useRemote<T>(
  load: (token: string) => Promise<Remote<T>>,
  deps: readonly unknown[],
): [Remote<T>, () => void] {
  const { session } = useSession();
  const token = session?.token;
  const [result, setResult] = useState<Remote<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!token) return;
    let current = true;
    setResult((r) => (r.state === 'ok' ? r : { state: 'loading' }));
    load(token).then(
      (r) => current && setResult(r),
      (error: unknown) =>
        current &&
        setResult({
          state: 'failed',
          failure: { kind: 'network', message: error instanceof Error ? error.message : String(error) },
        }),
    );
    return () => {
      current = false;
    };
    // `load` is rebuilt at each render: `deps` say when what it reads has changed.
  }, [token, round, ...deps]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return [result, reload];
}

export const fromApi = <T>(r: HttpResult<T>): Remote<T> =>
  r.ok ? { state: 'ok', value: r.value } : { state: 'failed', failure: r.failure };

/** The areas the officer may review; the saved list when the server cannot be reached. */
export function useReviewAreas(): [Remote<Area[]>, () => void] {
  const db = useDb();
  const { account } = useServices();
  return useRemote(async (token) => {
    const r = await account.areas(token);
    if (r.ok) {
      await saveReviewAreas(db, r.value);
      return { state: 'ok', value: r.value };
    }
    const saved = await loadReviewAreas(db);
    return saved ? { state: 'ok', value: saved, stale: r.failure } : { state: 'failed', failure: r.failure };
  }, []);
}

export interface Overview {
  tallies: TalliesAnswer;
  devices: DeviceSync[];
}

/** A commune's tallies and phones, saved for offline reading after each successful load. */
export function useOverview(communeId: string | undefined): [Remote<Overview>, () => void] {
  const db = useDb();
  const { review } = useServices();
  return useRemote<Overview>(
    async (token) => {
      if (!communeId) return { state: 'loading' };
      // The phones page by page (issue 18), all of them before the overview shows: which villages are
      // quiet is judged from every phone, never from the first page of them.
      const [tallies, pages] = await Promise.all([
        review.tallies(token, communeId),
        everyPage(
          (cursor) => review.devicesPage(token, communeId, { limit: REVIEW_PAGE_SIZE, cursor }),
          (page) => page.devices,
        ),
      ]);
      const devices: HttpResult<DeviceSync[]> = pages.ok ? { ok: true, value: pages.value.rows } : pages;
      if (tallies.ok && devices.ok) {
        await saveOverview(db, communeId, tallies.value, devices.value);
        return { state: 'ok', value: { tallies: tallies.value, devices: devices.value } };
      }
      const failure: HttpFailure = !tallies.ok
        ? tallies.failure
        : !devices.ok
          ? devices.failure
          : { kind: 'network', message: 'no answer' };
      const saved = await loadOverview(db, communeId);
      return saved
        ? { state: 'ok', value: { tallies: saved.tallies, devices: saved.devices }, stale: failure }
        : { state: 'failed', failure };
    },
    [communeId],
  );
}

/**
 * A list that comes page by page (issue 18): the first page shows as soon as it is there, the rest are
 * added while the officer reads (`more` until the last), so a big commune never waits for all of it.
 * A page that fails after the first keeps what came, and says why (`failure`) beside "Thử lại".
 */
export type PagedRemote<P, T> =
  | { state: 'loading' }
  | {
      state: 'ok';
      /** The first page (what a list says besides its rows: asOf, fullIds). */
      first: P;
      rows: readonly T[];
      more: boolean;
      failure?: HttpFailure;
    }
  | { state: 'failed'; failure: HttpFailure };

/**
 * Loads every page of a list with `fetchPage(token, cursor)` when the screen opens, when `deps` change
 * and on `reload()`, showing each page as it comes. A paging that a newer one replaced stops.
 */
export function usePagedRemote<P extends { nextCursor: string | null }, T>(
  fetchPage: (token: string, cursor: string | null) => Promise<HttpResult<P>>,
  rowsOf: (page: P) => readonly T[],
  deps: readonly unknown[],
): [PagedRemote<P, T>, () => void] {
  const { session } = useSession();
  const token = session?.token;
  const [result, setResult] = useState<PagedRemote<P, T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!token) return;
    let current = true;
    setResult({ state: 'loading' });
    let first: P | null = null;
    let shown: readonly T[] = [];
    const failed = (failure: HttpFailure) =>
      current &&
      setResult(
        first === null
          ? { state: 'failed', failure }
          : { state: 'ok', first, rows: shown, more: false, failure },
      );
    everyPage(
      async (cursor) => (current ? fetchPage(token, cursor) : stopped),
      rowsOf,
      (rows, page) => {
        if (!current) return;
        first ??= page;
        // A copy: the loop goes on adding to its own array.
        shown = [...rows];
        setResult({ state: 'ok', first, rows: shown, more: page.nextCursor !== null });
      },
    ).then(
      (r) => {
        if (!r.ok && r !== stopped) failed(r.failure);
      },
      (error: unknown) =>
        failed({ kind: 'network', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
    // `fetchPage` is rebuilt at each render: `deps` say when what it reads has changed.
  }, [token, round, ...deps]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return [result, reload];
}

/** What a paging that a newer one replaced answers itself: it ends the loop, and nothing is shown. */
const stopped = {
  ok: false as const,
  failure: { kind: 'network' as const, message: 'replaced by a newer load' },
};
