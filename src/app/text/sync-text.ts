// The sync status in words, shared by the header's status button and the status screen. Only plain
// Vietnamese reaches the volunteer: no server message, no browser error ("Failed to fetch").
import type { Messages } from '../i18n/vi.ts';
import { formatTimeVi } from './format-time.ts';
import type { SyncView } from '../shell/sync-context.tsx';

/** "Đang đồng bộ…", "Đồng bộ lúc 14:05 · 23/11/2026" or "Chưa đồng bộ". */
export function lastSyncText(t: Messages, running: boolean, lastSyncAt: number | null): string {
  if (running) return t.sync.running;
  return lastSyncAt === null ? t.sync.never : t.sync.last(formatTimeVi(lastSyncAt));
}

/** "Cần cập nhật ứng dụng. Máy chủ cần phiên bản mới hơn. …": the state and what it means for the edits. */
export function tooOldText(t: Messages): string {
  return `${t.sync.tooOld}. ${t.sync.tooOldDetail}`;
}

/**
 * Why the last round failed, when it is something to look at; null otherwise. No network is the
 * ordinary state of a phone in a lane, not a problem: the offline state says it calmly. An expired
 * sign-in has its own banner. A build too old for the server is said as a state of its own, with the
 * promise that the edits are kept.
 */
export function syncProblemText(t: Messages, sync: SyncView): string | null {
  const { failure, status } = sync;
  if (status.needsUpdate) return tooOldText(t);
  if (!failure || status.needsSignIn || failure.kind === 'unauthenticated') return null;
  if (failure.kind === 'network') return null;
  return t.sync.failed(t.sync.failure[failure.kind]);
}

/**
 * Where a first pull not yet done stands, for the list's notice: under way, waiting for a network, or
 * stopped until the person updates the app (426) or signs in again (401): those do not end by waiting.
 */
export type FirstPullWait = 'loading' | 'waiting' | 'needs_update' | 'needs_sign_in';

export function firstPullWait(sync: SyncView, online: boolean): FirstPullWait {
  if (sync.status.needsUpdate) return 'needs_update';
  if (sync.status.needsSignIn) return 'needs_sign_in';
  return !sync.status.running && isOffline(sync, online) ? 'waiting' : 'loading';
}

/** The notice's words for where the first pull stands. */
export function firstPullText(t: Messages, wait: FirstPullWait): string {
  return {
    loading: t.list.firstPull,
    waiting: t.list.firstPullWaiting,
    needs_update: t.list.firstPullNeedsUpdate,
    needs_sign_in: t.list.firstPullNeedsSignIn,
  }[wait];
}

/** No network: the browser says so, or the last round could not reach the server. */
export function isOffline(sync: SyncView, online: boolean): boolean {
  return !online || sync.failure?.kind === 'network';
}
