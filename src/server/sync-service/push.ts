// The push algorithm (SYNC-API.md "Push"): one batch of mutations applied exactly once per user, in
// order, in one transaction, merged field by field, as the token's user on the token's device.
// Set-based: a handful of statements per batch, not per mutation. The steps are numbered as in the
// comments below; steps 2 to 6 are applyMutations, which a commune's household import shares
// (manage/import-households.ts). Each step's work lives in its own file: the batch's working state
// (batch.ts), one mutation (apply-mutation.ts), the answers kept for exactly once (answers.ts), the
// issues kept for the review (sync-issues.ts) and the records' SQL (record-rows.ts).
import type { Mutation, MutationResult, PushRequest } from '../../domain/sync-protocol.ts';
import type { User } from '../../domain/users.ts';
import { writableVillages } from '../accounts/areas.ts';
import { touchDevice } from '../accounts/devices.ts';
import { isTokenDevice, type Session } from '../accounts/tokens.ts';
import { appendAudit } from '../audit.ts';
import { LOCK_RECORDS, lockForTransaction, type Queryable, type Store } from '../store/store.ts';
import { earlierAnswers, insertAnswers } from './answers.ts';
import { applyDelete, applyUpsert } from './apply-mutation.ts';
import {
  AREA_ID,
  loadInto,
  loadVillages,
  normalizeIds,
  referencedIds,
  villageOf,
  type Batch,
} from './batch.ts';
import { moveChildren, recordDepartures, tombstoneChildren, writeRecords } from './record-rows.ts';
import { insertIssues, issuesOf } from './sync-issues.ts';
import { lockVillageTallies } from '../police/village-tallies.ts';

export type PushOutcome =
  | { ok: true; results: MutationResult[] }
  /** The body named another device than the token's: nothing was read or stored. */
  | { ok: false; code: 'forbidden'; message: string };

/**
 * Applies `request` as `session`'s user on `session`'s device ([A9]). Identity is the token's alone: the
 * body's deviceId must name the token's device, checked before anything is read or stored ([P3], [E7]),
 * or a volunteer could pass for another phone, whose earlier edits then never conflict with theirs
 * (merge.ts, [P9]), or add phones to the devices list ([D2]).
 */
export async function push(
  store: Store,
  session: Pick<Session, 'user' | 'deviceId'>,
  request: PushRequest,
  now: number,
): Promise<PushOutcome> {
  if (!isTokenDevice(session, request.deviceId)) {
    return {
      ok: false,
      code: 'forbidden',
      message: 'deviceId: this token was issued to another device; sign in on this device',
    };
  }
  const { user } = session;
  // The token's spelling of the device, as login stored it in tokens and devices.
  const { deviceId } = session;
  const mutations = request.mutations.map(normalizeIds);
  const at = new Date(now).toISOString();
  const results = await store.transaction(async (tx) => {
    // 1. Serialize every writer of records (any process, same database; [S15], [PL4]): sequence values are
    //    taken in commit order, so a pull never skips a row committed late; concurrent pushes touching one
    //    record behave as if sent one after the other.
    //    Exactly once rests on this lock too ([P7]). Invariant: between the look-up of step 2 and the insert
    //    of step 6 no other push commits, so a retry racing its original (on this process or another
    //    one on the same database) waits here, then finds the first answer (READ COMMITTED: every
    //    statement after the lock sees each push committed before the lock was granted). The answers'
    //    primary key (user_id, id) is the backstop: without the lock a racing duplicate would fail its
    //    whole transaction, never apply twice.
    await lockForTransaction(tx, store.schema, LOCK_RECORDS);

    // 2.–6. The batch, as the token's user on the token's device, within the villages they may write.
    const results = await applyMutations(
      tx,
      { user, deviceId, writable: writableVillages(user) },
      mutations,
      at,
    );
    // The token's device, whose row its login created: a push never adds a device of its own naming
    // ([D2]); its lastPushAt moves ([D4]).
    await touchDevice(tx, { deviceId, userId: user.id }, 'push', at);
    // 7. The store's transaction commits, durably, before this resolves and the answer is sent ([P17]).
    return results;
  });
  return { ok: true, results };
}

/**
 * Who writes a batch: the user and device the audit, the answers and the field versions name ([A22],
 * [P9]), and the villages they may write ([P15]). A push takes them from the token and the user's role
 * (writableVillages); a commune's import (manage/import-households.ts) from the token and the one
 * village its manager imports into: the police never push ([P1]), yet import into their communes.
 */
export interface Writer {
  user: User;
  deviceId: string;
  writable: ReadonlySet<string> | 'all';
}

/**
 * Steps 2 to 6 of the push: `mutations` (ids normalised, normalizeIds) applied in order as `writer`,
 * their records, cascades, audit, answers and issues written. The caller holds LOCK_RECORDS in `tx`
 * (step 1) and commits: this is the one path by which records change, whoever asks.
 */
export async function applyMutations(
  tx: Queryable,
  writer: Writer,
  mutations: readonly Mutation[],
  at: string,
): Promise<MutationResult[]> {
  const { user, deviceId } = writer;
  // 2. Which of this user's mutation ids were answered before (exactly once per user, [P6]): one statement
  //    for the batch. A mutation id belongs to its author: another user's mutation with the same id
  //    is a new mutation of that user, judged on its own, and never sees this user's answer (it may
  //    carry another village's values).
  const answered = await earlierAnswers(
    tx,
    user.id,
    mutations.map((m) => m.id),
  );

  // 3. Load every record the batch touches or points at, then the households of loaded children.
  const batch: Batch = {
    user,
    deviceId,
    at,
    rows: new Map(),
    villages: new Map(),
    writable: writer.writable,
    audit: [],
    deletedHouseholds: [],
  };
  await loadInto(tx, batch, referencedIds(mutations));
  const parents = [...batch.rows.values()].filter((r) => r.entity !== 'household').map((r) => r.householdId);
  await loadInto(tx, batch, parents);

  // 4. The villages named by households in the batch or already stored.
  const villageIds = new Set<string>();
  for (const m of mutations)
    // Only well-formed ids reach SQL: a NUL in a garbage id would fail the statement, not the mutation.
    if (
      m.entity === 'household' &&
      typeof m.fields.villageId === 'string' &&
      AREA_ID.test(m.fields.villageId)
    )
      villageIds.add(m.fields.villageId);
  for (const r of batch.rows.values()) villageIds.add(r.villageId);
  await loadVillages(tx, batch, villageIds);
  // Their counters ([T8]) locked now, in village order, before any record is written: the records'
  // triggers then find them held, and a roll-over of the day locks in the same order (no deadlock).
  // Every record this batch writes is in one of these villages (a moved household's children follow
  // it into a village named here).
  await lockVillageTallies(
    tx,
    [...batch.villages].filter(([, v]) => v.kind === 'village').map(([id]) => id),
  );

  // 5. Each mutation in order, against the batch's working state; a replay gets its first answer ([P6]).
  //    One result per mutation, in order ([P4]); a rejection or conflict does not stop the others ([P5]).
  const results: MutationResult[] = [];
  const fresh: MutationResult[] = [];
  const unclean: { m: Mutation; position: number; result: MutationResult }[] = [];
  for (const [position, m] of mutations.entries()) {
    const earlier = answered.get(m.id.toLowerCase());
    if (earlier) {
      results.push(earlier);
      continue;
    }
    const result = m.op === 'delete' ? applyDelete(batch, m) : applyUpsert(batch, m);
    answered.set(m.id.toLowerCase(), result);
    results.push(result);
    fresh.push(result);
    if (result.status !== 'applied') unclean.push({ m, position, result });
  }

  // 6. Write the final states, the cascades, the audit trail, the answers and the conflicts and
  //    rejections for the police's review (sync_issues): a few statements.
  const dirty = [...batch.rows.values()].filter((r) => r.dirty);
  await writeRecords(
    tx,
    dirty.map((r) => ({
      ...r,
      villageId: villageOf(batch, r) ?? r.villageId,
      updatedAt: at, // [R1] updatedAt/updatedBy of the last applied change
      updatedBy: user.id,
    })),
  );
  // Records whose village changed: a moved household, a child given a household of another village
  // ([P16]: the children follow; [PL8]: the old village is told).
  const left = dirty.flatMap((r) => {
    const current = villageOf(batch, r) ?? r.villageId;
    return r.loadedVillageId !== null && r.loadedVillageId !== current
      ? [{ row: r, oldVillageId: r.loadedVillageId, villageId: current }]
      : [];
  });
  const moves = left
    .filter((l) => l.row.entity === 'household')
    .map((l) => ({ householdId: l.row.id, villageId: l.villageId, oldVillageId: l.oldVillageId }));
  await moveChildren(tx, moves);
  const cascaded = await tombstoneChildren(tx, batch.deletedHouseholds, { at, userId: user.id, deviceId });
  // Last of the records' writes: the old villages' phones learn what left them (pull.ts).
  await recordDepartures(tx, {
    households: moves,
    records: left.map((l) => ({ recordId: l.row.id, oldVillageId: l.oldVillageId })),
    deletedHere: [...dirty.filter((r) => r.deleted).map((r) => r.id), ...cascaded],
  });
  await appendAudit(tx, batch.audit);
  await insertAnswers(tx, fresh, user.id, deviceId, at);
  await insertIssues(tx, issuesOf(batch, unclean), user.id, deviceId, at);
  return results;
}
