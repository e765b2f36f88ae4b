// The answers a user was given, by mutation id (table mutations, keyed by user and id since migration
// 5): a mutation sent again gets its first answer, never a second application (exactly once, [P6]);
// after a crash the retries of answered mutations find them here ([S14]).
import type { MutationResult } from '../../domain/sync-protocol.ts';
import { jsonColumn, type Queryable } from '../store/store.ts';

/** The first answers to those of `ids` this user sent before, by lower-case mutation id. */
export async function earlierAnswers(
  tx: Queryable,
  userId: string,
  ids: readonly string[],
): Promise<Map<string, MutationResult>> {
  const answered = new Map<string, MutationResult>();
  const known = await tx.query<{ id: string; result: unknown }>(
    'SELECT id, result FROM mutations WHERE user_id = $1::uuid AND id = ANY($2::uuid[])',
    [userId, [...new Set(ids)]],
  );
  for (const row of known) answered.set(row.id.toLowerCase(), jsonColumn<MutationResult>(row.result));
  return answered;
}

/** The answers of the batch's new mutations, under the user who sent them (migration 5's key). */
export async function insertAnswers(
  tx: Queryable,
  results: readonly MutationResult[],
  userId: string,
  deviceId: string,
  at: string,
) {
  if (results.length === 0) return;
  await tx.query(
    `INSERT INTO mutations (id, user_id, device_id, result, at)
     SELECT x.id, $2::uuid, $3, x.result, $4::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, result jsonb)`,
    [JSON.stringify(results.map((r) => ({ id: r.id, result: r }))), userId, deviceId, at],
  );
}
