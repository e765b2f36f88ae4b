// One sync round of the phone: push the outbox in order, in batches, then pull page by page. The
// outbox is only ever shortened by the server's answers (applyPushResults); a lost answer means the
// same mutations go again, and the server answers them from memory (exactly once).
import { getPullCursor } from '../db/pull-state.ts';
import { applyPullPage, applyPushResults } from '../db/server-answers.ts';
import type { NotebookDb } from '../db/db.ts';
import { outboxEntries } from '../db/queries.ts';
import type { OutboxEntry } from '../db/types.ts';
import type { Mutation } from '../domain/sync-protocol.ts';
import type { HttpFailure } from './http-client.ts';
import { PULL_PAGE, PUSH_BATCH } from './limits.ts';
import type { SyncTransport } from './transport.ts';

export { PULL_PAGE, PUSH_BATCH };

export interface SyncEngineOptions {
  db: NotebookDb;
  transport: SyncTransport;
  deviceId: string;
  now?: () => number;
}

export type RoundResult =
  | { ok: true; pushed: number; pulled: number }
  | { ok: false; failure: HttpFailure; pushed: number; pulled: number };

function toMutation({ seq: _seq, ...mutation }: OutboxEntry): Mutation {
  return mutation;
}

export function createSyncEngine(options: SyncEngineOptions) {
  const { db, transport, deviceId } = options;
  const now = options.now ?? Date.now;

  /** Push until the outbox is empty (edits made meanwhile go too), then pull until no more. */
  async function round(): Promise<RoundResult> {
    let pushed = 0;
    let pulled = 0;
    let batchSize = PUSH_BATCH;
    for (;;) {
      const batch = await outboxEntries(db, batchSize);
      if (batch.length === 0) break;
      const answer = await transport.push({ deviceId, mutations: batch.map(toMutation) });
      if (!answer.ok) {
        // A batch too large for the server's body limit goes again in smaller pieces.
        if (answer.failure.kind === 'refused' && answer.failure.status === 413 && batch.length > 1) {
          batchSize = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        return { ok: false, failure: answer.failure, pushed, pulled };
      }
      await applyPushResults(db, batch, answer.value.results, now);
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
      const answer = await transport.pull(cursor, PULL_PAGE);
      if (!answer.ok) return { ok: false, failure: answer.failure, pushed, pulled };
      await applyPullPage(db, answer.value.changes, answer.value.cursor, answer.value.hasMore);
      pulled += answer.value.changes.length;
      if (!answer.value.hasMore) break;
    }
    return { ok: true, pushed, pulled };
  }

  return { round };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
