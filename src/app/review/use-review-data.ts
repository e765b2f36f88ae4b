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
      const [tallies, devices] = await Promise.all([
        review.tallies(token, communeId),
        review.devices(token, communeId),
      ]);
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
