// The sync status in words, shared by the header's short line and the status screen's full account.
import type { Messages } from './i18n/vi.ts';
import { formatTimeVi } from './format-time.ts';
import type { SyncView } from './sync-context.tsx';

/** "Đang đồng bộ…", "Đồng bộ lúc 14:05 · 23/11/2026" or "Chưa đồng bộ". */
export function lastSyncText(t: Messages, running: boolean, lastSyncAt: number | null): string {
  if (running) return t.sync.running;
  return lastSyncAt === null ? t.sync.never : t.sync.last(formatTimeVi(lastSyncAt));
}

/**
 * Why the last round failed, or null. An expired sign-in has its own banner, and "no network" says
 * nothing the offline indicator does not already say.
 */
export function syncErrorText(t: Messages, sync: SyncView, online: boolean): string | null {
  const { failure, status } = sync;
  if (!failure || status.needsSignIn || failure.kind === 'unauthenticated') return null;
  if (failure.kind === 'network' && !online) return null;
  return t.sync.failed(t.sync.failure[failure.kind]);
}
