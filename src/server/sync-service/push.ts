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
import { lockUserWrites, type Queryable, type Store } from '../store/store.ts';
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
import { existingVillages, villagesOfRecords } from './record-rows.ts';

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
  const results = await writeRecordsAs(store, user.id, (tx, lockFirst) =>
    applyMutations(tx, { user, deviceId, writable: writableVillages(user) }, mutations, at, lockFirst).then(
      async (results) => {
        // The token's device, whose row its login created: a push never adds a device of its own
        // naming ([D2]); its lastPushAt moves ([D4]).
        await touchDevice(tx, { deviceId, userId: user.id }, 'push', at);
        // 7. The store's transaction commits, durably, before this resolves and the answer is sent ([P17]).
        return results;
      },
    ),
  );
  return { ok: true, results };
}

/**
 * The villages a batch writes changed between the look that chose which villages to lock and the
 * look under the locks (a household moved by another push meanwhile): the transaction is rolled back
 * and run again, locking these too from the start.
 */
export class VillagesMoved extends Error {
  constructor(readonly villages: readonly string[]) {
    super('the villages of the batch changed while it was locking them');
  }
}

/** A transaction that meets VillagesMoved this many times in a row gives up (it never did in tests). */
const MAX_ATTEMPTS = 5;

/**
 * Runs `work` in one transaction that writes records as `userId`: that user's writes take turns (any
 * process), and `work` locks the villages it writes (applyMutations, step 4) — pushes of other users
 * and other villages commit in parallel ([S15]). `lockFirst`: villages to lock before anything else,
 * after a VillagesMoved.
 */
export async function writeRecordsAs<T>(
  store: Store,
  userId: string,
  work: (tx: Queryable, lockFirst: readonly string[]) => Promise<T>,
): Promise<T> {
  let lockFirst: readonly string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.transaction(async (tx) => {
        // 1. Exactly once per user ([P6], [P7]). Invariant: between the look-up of step 2 and the insert
        //    of step 6 no other write of this user commits, so a retry racing its original (on this
        //    process or another) waits here, then finds the first answer (READ COMMITTED: every
        //    statement after the lock sees each write committed before the lock was granted). The
        //    answers' primary key (user_id, id) is the backstop.
        await lockUserWrites(tx, store.schema, userId);
        return work(tx, lockFirst);
      });
    } catch (error) {
      if (!(error instanceof VillagesMoved) || attempt >= MAX_ATTEMPTS) throw error;
      lockFirst = error.villages;
    }
  }
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
 * their records, cascades, audit, answers and issues written. The caller runs it in writeRecordsAs
 * (step 1) and commits: this is the one path by which records change, whoever asks.
 */
export async function applyMutations(
  tx: Queryable,
  writer: Writer,
  mutations: readonly Mutation[],
  at: string,
  lockFirst: readonly string[] = [],
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

  // 3. Lock the villages the batch writes ([T8], [PL4]), in village order, before anything of them is
  //    read for the merge: the villages its mutations name and those its records are in now (a child is
  //    always in its household's village). Every writer of a village holds its lock from here to its
  //    commit, so within a village sequence order is commit order, and what is loaded below stays as
  //    loaded until this transaction ends.
  const named = mutations.flatMap((m) =>
    m.entity === 'household' && typeof m.fields.villageId === 'string' && AREA_ID.test(m.fields.villageId)
      ? [m.fields.villageId]
      : [],
  );
  const locked = new Set([
    ...lockFirst,
    ...named,
    ...(await villagesOfRecords(tx, referencedIds(mutations))),
  ]);
  await lockVillageTallies(tx, await existingVillages(tx, locked));

  //    Then load every record the batch touches or points at, and the households of loaded children.
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

  // 4. The villages named by households in the batch (only well-formed ids reach SQL: a NUL in a garbage
  //    id would fail the statement, not the mutation) or already stored.
  const villageIds = new Set<string>(named);
  for (const r of batch.rows.values()) villageIds.add(r.villageId);
  await loadVillages(tx, batch, villageIds);
  // Every record this batch writes is in one of these villages (a moved household's children follow it
  // into a village named here): all must be locked. One that is not was moved here by a write that
  // committed between the look above and the lock: start again, locking it too.
  const unlocked = [...batch.villages]
    .filter(([id, v]) => v.kind === 'village' && !locked.has(id))
    .map(([id]) => id);
  if (unlocked.length > 0) throw new VillagesMoved([...locked, ...unlocked]);

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
