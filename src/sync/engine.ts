// One sync round of the phone: push the outbox in order, in batches, then pull page by page. The
// outbox is only ever shortened by the server's answers (applyPushResults); a lost answer means the
// same mutations go again, and the server answers them from memory (exactly once).
import { getPullCursor } from '../db/pull-state.ts';
import { applyPullPage, applyPushResults } from '../db/server-answers.ts';
import type { NotebookDb } from '../db/db.ts';
import { outboxEntries } from '../db/queries.ts';
import { wipeNotebook } from '../db/wipe.ts';
import type { OutboxEntry } from '../db/types.ts';
import type { Mutation } from '../domain/sync-protocol.ts';
import type { HttpFailure } from './http-client.ts';
import { PULL_PAGE, PUSH_BATCH } from './limits.ts';
import type { DeviceReport, SyncTransport } from './transport.ts';

export { PULL_PAGE, PUSH_BATCH };

export interface SyncEngineOptions {
  db: NotebookDb;
  transport: SyncTransport;
  deviceId: string;
  now?: () => number;
}

export type RoundResult =
  /** `revoked`: the server asked this phone to revoke itself; its edits are handed in and it is wiped. */
  | { ok: true; pushed: number; pulled: number; revoked?: true }
  | { ok: false; failure: HttpFailure; pushed: number; pulled: number };

/** The meta row that remembers a revocation asked for (SYNC-API.md [D9]) until it is done. */
const REVOKING = 'revoking';

/** [D7] What the phone tells the server of itself: its pending edits and the storage it uses. */
async function deviceReport(db: NotebookDb): Promise<DeviceReport> {
  const pending = await db.outbox.count();
  try {
    const usage = (await navigator.storage?.estimate?.())?.usage;
    return typeof usage === 'number' ? { pending, storageBytes: usage } : { pending };
  } catch {
    return { pending };
  }
}

function toMutation({ seq: _seq, ...mutation }: OutboxEntry): Mutation {
  return mutation;
}

export function createSyncEngine(options: SyncEngineOptions) {
  const { db, transport, deviceId } = options;
  const now = options.now ?? Date.now;

  /**
   * Push until the outbox is empty (edits made meanwhile go too), then pull until no more. A phone the
   * server asks to revoke itself ([D9]) goes on pushing until its outbox is empty, then confirms ([D10])
   * and wipes its notebook: its edits reach the server first, whatever happens.
   */
  async function round(): Promise<RoundResult> {
    const result = await exchange();
    const revoking = (await db.meta.get(REVOKING)) !== undefined;
    if (!revoking || (await db.outbox.count()) > 0) return result;
    // Confirmed before the wipe; a confirmation whose answer was lost shows as an ended token (401).
    if (!result.ok && result.failure.kind !== 'unauthenticated') return result;
    if (result.ok) {
      const confirmed = await transport.confirmRevoked();
      if (!confirmed.ok && confirmed.failure.kind !== 'unauthenticated')
        return { ok: false, failure: confirmed.failure, pushed: result.pushed, pulled: result.pulled };
    }
    const wiped = await wipeNotebook(db);
    if (!wiped.ok) return result; // an edit slipped in: it goes at the next round, then the wipe
    return { ok: true, pushed: result.pushed, pulled: result.pulled, revoked: true };
  }

  const askedToRevoke = (answer: { revoke?: boolean }) =>
    answer.revoke === true ? db.meta.put({ key: REVOKING, value: true }) : undefined;

  async function exchange(): Promise<RoundResult> {
    let pushed = 0;
    let pulled = 0;
    let batchSize = PUSH_BATCH;
    for (;;) {
      const batch = await outboxEntries(db, batchSize);
      if (batch.length === 0) break;
      const answer = await transport.push(
        { deviceId, mutations: batch.map(toMutation) },
        await deviceReport(db),
      );
      if (!answer.ok) {
        // A batch too large for the server's body limit goes again in smaller pieces.
        if (answer.failure.kind === 'refused' && answer.failure.status === 413 && batch.length > 1) {
          batchSize = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        return { ok: false, failure: answer.failure, pushed, pulled };
      }
      await applyPushResults(db, batch, answer.value.results, now);
      await askedToRevoke(answer.value);
      const answered = new Set(answer.value.results.map((r) => r.id));
      const count = batch.filter((m) => answered.has(m.id)).length;
      pushed += count;
      // An answer that skipped mutations is a faulty server: stop rather than spin on them.
      if (count < batch.length) {
        return {
          ok: false,
          failure: { kind: 'server', status: 200, message: 'incomplete answer' },
          pushed,
          pulled,
        };
      }
    }
    for (;;) {
      const cursor = await getPullCursor(db);
      const answer = await transport.pull(cursor, PULL_PAGE, await deviceReport(db));
      if (!answer.ok) return { ok: false, failure: answer.failure, pushed, pulled };
      await askedToRevoke(answer.value);
      await applyPullPage(db, answer.value.changes, answer.value.cursor, answer.value.hasMore);
      pulled += answer.value.changes.length;
      if (!answer.value.hasMore) break;
    }
    return { ok: true, pushed, pulled };
  }

  return { round };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
