// A village's household list imported by whoever manages its commune (SYNC-API.md "Importing household
// lists", [M40]–[M49]): checked against what the server holds (nothing written), then applied batch by
// batch through the push's own path (sync-service/push.ts applyMutations): merged, versioned, audited
// under the officer and their device, and pulled by the village's phones like any edit of theirs.
import type {
  ImportApplyRequest,
  ImportApplyResponse,
  ImportCheckRequest,
  ImportCheckResponse,
  ImportCounts,
} from '../../domain/import/wire.ts';
import type { MutationResult } from '../../domain/sync-protocol.ts';
import type { User } from '../../domain/users.ts';
import { lockVillageTallies } from '../police/village-tallies.ts';
import type { Queryable, Store } from '../store/store.ts';
import { applyMutations, writeRecordsAs } from '../sync-service/push.ts';
import { loadExisting, planImport, type Plan, type PlannedHousehold } from './import-match.ts';
import { appendManageAudit } from './manage-audit.ts';
import { managedVillage, type ManageScope, type ManagedVillage } from './scope.ts';
import type { ManageResult } from './villages.ts';

/** Who imports: the token's user and device (the CLI's: the named officer, device `cli`). */
export interface ImportActor {
  user: User;
  deviceId: string;
}

/**
 * [M40] The village a request names, if the caller manages its commune: another commune's village is
 * not found, as an unknown one ([M3]); an archived village takes no new households ([M7]).
 */
export async function importVillage(
  db: Queryable,
  scope: ManageScope,
  villageId: string,
): Promise<ManageResult<ManagedVillage>> {
  const village = await managedVillage(db, scope, villageId);
  if (!village) return { ok: false, code: 'not_found', message: 'no such village in your communes' };
  if (village.archived)
    return { ok: false, code: 'invalid_request', message: 'villageId: the village is archived' };
  return { ok: true, value: village };
}

/**
 * [M42] What an apply of `request` would do now, writing nothing at all. Not under the records lock:
 * the apply decides again under it ([M47]), so a check is a preview, never a promise.
 */
export async function checkHouseholds(
  db: Queryable,
  village: ManagedVillage,
  request: Pick<ImportCheckRequest, 'households'>,
  now: number,
): Promise<ImportCheckResponse & { counts: ImportCounts }> {
  const existing = await loadExisting(db, village.id, request.households);
  const plan = planImport(existing, request.households, new Date(now).toISOString());
  return {
    // What the apply would count: for the CLI's --dry-run, not part of the answer ([M42]).
    counts: countsOf(plan),
    households: plan.households.map((h) => ({
      key: h.key,
      action: h.action,
      // Ids of records still to be made mean nothing yet: the apply makes its own.
      householdId: h.action === 'create' ? null : h.householdId,
      changed: h.changed,
      members: h.members.map((m) => ({
        row: m.row,
        action: m.action,
        personId: m.action === 'create' ? null : m.personId,
        changed: m.changed,
      })),
      problems: h.problems,
    })),
  };
}

/**
 * [M46] [M47] [M48] Applies one batch of the file in one transaction with the village locked: matched
 * again there (two applies of one file at once: the second finds what the first made), written through
 * the push's path as `actor`, within this village only, and one entry on the managers' trail.
 */
export async function applyHouseholds(
  store: Store,
  village: ManagedVillage,
  actor: ImportActor,
  request: Pick<ImportApplyRequest, 'importId' | 'households'>,
  now: number,
): Promise<ImportApplyResponse> {
  const at = new Date(now).toISOString();
  return writeRecordsAs(store, actor.user.id, async (tx, lockFirst) => {
    // The village first: two applies of one file at once take turns, the second matching against
    // what the first made; a push to the village waits too.
    await lockVillageTallies(tx, [village.id]);
    const existing = await loadExisting(tx, village.id, request.households);
    const plan = planImport(existing, request.households, at);
    // The manager writes this village and nothing else, whatever their role may push ([P1], [P15]).
    const results = await applyMutations(
      tx,
      { user: actor.user, deviceId: actor.deviceId, writable: new Set([village.id]) },
      plan.mutations,
      at,
      lockFirst,
    );
    settle(plan, results);
    const counts = countsOf(plan);
    // Counts only: never a name, an ID number or any other citizen's data on the managers' trail.
    await appendManageAudit(tx, {
      at,
      actorId: actor.user.id,
      deviceId: actor.deviceId,
      communeId: village.parentId,
      action: 'import.apply',
      targetAreaId: village.id,
      details: { villageId: village.id, importId: request.importId, counts },
    });
    return {
      households: plan.households.map((h) => ({
        key: h.key,
        action: h.action,
        householdId: h.householdId,
        members: h.members.map((m) => ({ row: m.row, action: m.action, personId: m.personId })),
        problems: h.problems,
      })),
      counts,
    };
  });
}

/**
 * The plan as the merge answered it. Under the lock, at the stored versions, with values the request's
 * schema already judged, every mutation is applied; a rejection (a rule of the merge the plan does not
 * foresee) turns its rows into problems, so that the answer never reports a write that did not happen.
 */
function settle(plan: Plan, results: readonly MutationResult[]) {
  const refusal = (index: number | null): string | null => {
    if (index === null) return null;
    const r = results[index];
    if (!r) throw new Error(`import: no answer for mutation ${index}`);
    if (r.status === 'applied') return null;
    // Conflicts need another writer after the base version: none can write under the lock we hold.
    if (r.status === 'conflict') throw new Error('import: a conflict under the records lock');
    return `Máy chủ không ghi được dòng này (${r.error.message})`;
  };
  for (const h of plan.households) {
    if (h.skipped) continue;
    const refused = refusal(h.mutation);
    if (refused !== null) {
      // Without its household none of its persons was written either (invalid_reference).
      h.problems.push(...h.members.map((m) => ({ row: m.row, field: null, message: refused })));
      skip(h);
      continue;
    }
    const kept = [];
    for (const m of h.members) {
      const why = refusal(m.mutation);
      if (why === null) kept.push(m);
      else h.problems.push({ row: m.row, field: null, message: why });
    }
    h.members = kept;
    h.problems.sort((a, b) => a.row - b.row);
  }
}

function skip(h: PlannedHousehold) {
  h.skipped = true;
  if (h.action === 'create') h.householdId = null;
  h.action = 'unchanged';
  h.changed = [];
  h.members = [];
  h.problems.sort((a, b) => a.row - b.row);
}

/** [M48] What a batch did; skippedRows counts each row with a problem once. */
function countsOf(plan: Plan): ImportCounts {
  const tally = () => ({ created: 0, updated: 0, unchanged: 0 });
  const counts = { households: tally(), persons: tally(), skippedRows: 0 };
  const key = { create: 'created', update: 'updated', unchanged: 'unchanged' } as const;
  const skippedRows = new Set<number>();
  for (const h of plan.households) {
    if (!h.skipped) counts.households[key[h.action]]++;
    for (const m of h.members) counts.persons[key[m.action]]++;
    for (const p of h.problems) skippedRows.add(p.row);
  }
  counts.skippedRows = skippedRows.size;
  return counts;
}
