// The conflicts and rejections of a push, kept for the police's review (table sync_issues, read by
// police/review.ts): which household of which village each one concerns, as known after the batch ([RV8]).
import type { Entity } from '../../domain/enums.ts';
import type { Mutation, MutationResult } from '../../domain/sync-protocol.ts';
import type { Queryable } from '../store/store.ts';
import { mayWrite, villageOf, type Batch } from './batch.ts';

interface IssueRow {
  mutation_id: string;
  position: number;
  status: 'conflict' | 'rejected';
  village_id: string;
  household_id: string;
  entity: Entity;
  entity_id: string;
  detail: unknown;
}

/**
 * The conflicts and rejections of the batch that belong to a household of one of the caller's
 * villages, as known once the batch is applied (a household's village now, a child's through its
 * household; a new household refused: the village it named, if a real one). Unknown records, unknown
 * villages and other villages' records are left out: what a volunteer could not touch is not their
 * village's issue, and a forged id never reaches the review.
 */
export function issuesOf(
  batch: Batch,
  unclean: readonly { m: Mutation; position: number; result: MutationResult }[],
): IssueRow[] {
  const out: IssueRow[] = [];
  for (const { m, position, result } of unclean) {
    if (result.status === 'applied') continue;
    const row = batch.rows.get(m.entityId);
    let householdId: string | null = null;
    let villageId: string | null = null;
    if (row) {
      householdId = row.entity === 'household' ? row.id : row.householdId;
    } else if (m.entity === 'household') {
      householdId = m.entityId;
      const named = m.fields.villageId;
      if (typeof named === 'string' && batch.villages.get(named)?.kind === 'village') villageId = named;
    } else if (typeof m.fields.householdId === 'string') {
      householdId = m.fields.householdId;
    }
    if (householdId === null) continue;
    const household = batch.rows.get(householdId);
    if (household) {
      if (household.entity !== 'household') continue;
      villageId = villageOf(batch, household);
    } else if (householdId !== m.entityId) continue;
    if (villageId === null || !mayWrite(batch, villageId)) continue;
    out.push({
      mutation_id: m.id,
      position,
      status: result.status,
      village_id: villageId,
      household_id: householdId,
      entity: m.entity,
      entity_id: m.entityId,
      detail: result.status === 'conflict' ? result.conflicts : result.error,
    });
  }
  return out;
}

export async function insertIssues(
  tx: Queryable,
  issues: readonly IssueRow[],
  userId: string,
  deviceId: string,
  at: string,
) {
  if (issues.length === 0) return;
  // [RV8] Keyed by author and mutation id: each author's issue is their own, a replay is listed once.
  await tx.query(
    `INSERT INTO sync_issues (mutation_id, at, position, status, user_id, device_id, village_id, household_id,
                              entity, entity_id, detail)
     SELECT x.mutation_id, $4::timestamptz, x.position, x.status, $2::uuid, $3, x.village_id, x.household_id,
            x.entity, x.entity_id, x.detail
       FROM jsonb_to_recordset($1::jsonb) AS x(mutation_id uuid, position integer, status text,
            village_id text, household_id uuid, entity text, entity_id uuid, detail jsonb)
     ON CONFLICT (user_id, mutation_id) DO NOTHING`,
    [JSON.stringify(issues), userId, deviceId, at],
  );
}
