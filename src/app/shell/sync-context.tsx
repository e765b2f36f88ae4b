// One sync engine and scheduler while someone who keeps a notebook is signed in: it syncs at start,
// when the network returns, when the app comes back to the foreground, shortly after an edit, every
// minute while online and visible, and on "Đồng bộ ngay"; it stops at sign-out. Told that this build
// is too old for the server, it keeps the outbox, stops the automatic rounds and asks the service
// worker for the new build; the new build's page starts a new scheduler that sends what waited.
// Screens read its status through useSync().
import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { outboxCount } from '../../db/list-queries.ts';
import type { Notebook } from '../../db/notebook.ts';
import { requestBackgroundSync } from '../../sync/background-sync.ts';
import type { RoundResult, SyncEngine } from '../../sync/engine.ts';
import { setLastSyncAt } from '../../sync/last-sync.ts';
import {
  createSyncScheduler,
  IDLE_STATUS,
  INTERVAL_MS,
  type SyncScheduler,
  type SyncStatus,
} from '../../sync/scheduler.ts';
import type { Session } from '../../sync/session.ts';
import type { HttpFailure } from '../../sync/http-client.ts';
import type { AppServices } from './services.ts';
import { markRevoked } from './revoked-notice.ts';
import { useSession } from './session-context.ts';
import { checkForUpdate } from './sw-update.ts';
import { CAMPAIGNS_EVERY_MS, refreshCampaigns } from '../campaigns/refresh.ts';

export interface SyncView {
  /** A notebook syncs for this session (not before sign-in, nor for the police). */
  active: boolean;
  status: SyncStatus;
  /** What the last failed round ran into, to be said in words; null after a success. */
  failure: HttpFailure | null;
  /** The person's "Đồng bộ ngay": tries even when the server said this build is too old. */
  syncNow: () => void;
  /** The person signed in again as the same user: carry on where the outbox stands. */
  signedIn: () => Promise<void>;
  /** Stop syncing and wait for a round in flight, so that nothing lands after a wipe. */
  halt: () => Promise<void>;
  /** Start again after a halt that led nowhere (a sign-out refused at the last moment). */
  resume: () => void;
}

const INACTIVE: SyncView = {
  active: false,
  status: IDLE_STATUS,
  failure: null,
  syncNow: () => undefined,
  signedIn: () => Promise.resolve(),
  halt: () => Promise.resolve(),
  resume: () => undefined,
};

const SyncContext = createContext<SyncView>(INACTIVE);

export function useSync(): SyncView {
  return useContext(SyncContext);
}

interface Props {
  notebook: Notebook;
  services: AppServices;
  session: Session | null;
  children: ComponentChildren;
}

export function SyncProvider({ notebook, services, session, children }: Props) {
  // The police keep no notebook on the phone (and the server refuses their pushes): nothing to sync.
  const userId = session && session.user.role !== 'police' ? session.user.id : null;
  const [state, setState] = useState<{ status: SyncStatus; failure: HttpFailure | null }>({
    status: IDLE_STATUS,
    failure: null,
  });
  const [generation, setGeneration] = useState(0);
  const scheduler = useRef<SyncScheduler | null>(null);
  // Through a ref: the session's setter changes with the session, and syncing must not restart for it.
  const { setSession } = useSession();
  const setSessionRef = useRef(setSession);
  setSessionRef.current = setSession;

  useEffect(() => {
    if (!userId) return;
    let failure: HttpFailure | null = null;
    let engine: Promise<SyncEngine> | undefined;
    const transport = services.transport(async () => (await services.sessions.get())?.token);
    const loadEngine = () =>
      (engine ??= Promise.all([
        import('../../sync/engine.ts'),
        services.sessions.deviceId(),
        notebook.open(),
      ]).then(([{ createSyncEngine }, deviceId, db]) => createSyncEngine({ db, transport, deviceId })));
    // [C5] The campaigns of the volunteer's villages, for the work list offline: with a round, at most
    // every CAMPAIGNS_EVERY_MS; a failure (an older server, the network gone) keeps the list kept.
    let campaignsAt = 0;
    const campaignsRound = async () => {
      if (Date.now() - campaignsAt < CAMPAIGNS_EVERY_MS) return;
      const token = (await services.sessions.get())?.token;
      if (!token) return;
      if (await refreshCampaigns(await notebook.open(), services.campaigns, token).catch(() => false))
        campaignsAt = Date.now();
    };
    const round = async (): Promise<RoundResult> => {
      try {
        const result = await (await loadEngine()).round();
        failure = result.ok ? null : result.failure;
        if (result.ok && result.revoked) {
          // [D10] Revoked by the commune: the edits are on the server and the notebook is wiped. The
          // session goes too, and the sign-in screen says why.
          markRevoked();
          await services.sessions.clear();
          setSessionRef.current(null);
          return result;
        }
        // Inside the round: a sign-out waits for the round, so this write never lands after its wipe.
        if (result.ok) {
          await setLastSyncAt(await notebook.open(), Date.now());
          await campaignsRound();
        } else if (result.failure.kind === 'network' && (await outboxCount(notebook)) > 0)
          void requestBackgroundSync();
        // The new build is what lets the outbox go: fetch it now rather than at the next hourly look.
        else if (result.failure.kind === 'client_too_old') checkForUpdate();
        return result;
      } catch (error) {
        // A failed load of the engine's code (a chunk missing offline) is tried again next round.
        engine = undefined;
        failure = {
          kind: 'server',
          status: 0,
          message: error instanceof Error ? error.message : String(error),
        };
        throw error;
      }
    };
    const current = createSyncScheduler({
      engine: { round },
      onStatus: (status) => setState({ status, failure: status.lastError === null ? null : failure }),
    });
    scheduler.current = current;

    const syncNow = () => void current.syncNow();
    const onVisible = () => document.visibilityState === 'visible' && syncNow();
    const offChange = notebook.reads.onChange((changes) => {
      if (!changes.has('outbox')) return;
      // The outbox also shrinks when the server answers: only a queue with edits in it asks for a round.
      void outboxCount(notebook).then(
        (n) => n > 0 && current.edited(),
        () => undefined,
      );
    });
    const tick = setInterval(() => {
      if (navigator.onLine && document.visibilityState === 'visible') syncNow();
    }, INTERVAL_MS);
    addEventListener('online', syncNow);
    document.addEventListener('visibilitychange', onVisible);
    syncNow();
    return () => {
      current.stop();
      clearInterval(tick);
      removeEventListener('online', syncNow);
      document.removeEventListener('visibilitychange', onVisible);
      offChange();
      if (scheduler.current === current) scheduler.current = null;
      setState({ status: IDLE_STATUS, failure: null });
    };
  }, [notebook, services, userId, generation]);

  const view = useMemo<SyncView>(
    () =>
      userId
        ? {
            active: true,
            status: state.status,
            failure: state.failure,
            syncNow: () => void scheduler.current?.syncNow({ manual: true }),
            signedIn: () => scheduler.current?.signedIn() ?? Promise.resolve(),
            halt: async () => {
              const current = scheduler.current;
              if (!current) return;
              scheduler.current = null;
              current.stop();
              await current.idle();
            },
            resume: () => setGeneration((g) => g + 1),
          }
        : INACTIVE,
    [userId, state],
  );
  return <SyncContext.Provider value={view}>{children}</SyncContext.Provider>;
}
