// [G4] [G8] Targets: the share of a measure ([G3]) the commune police aim at, for the commune or one
// of its villages, with an optional due date. Set, replaced or removed by PUT; each change leaves
// one entry in the managers' trail, and a PUT that changes nothing leaves none (so 50 identical PUTs
// at once are one row and one entry).
import { TARGET_MEASURES, type Target, type TargetInput, type TargetMeasure } from '../../domain/trends.ts';
import type { Session } from '../accounts/tokens.ts';
import type { Area } from '../accounts/areas.ts';
import { appendManageAudit } from '../manage/manage-audit.ts';
import type { Queryable, Store } from '../store/store.ts';

interface TargetRow {
  area_id: string;
  measure: TargetMeasure;
  percent: unknown;
  due_on: string | null;
  set_at: unknown;
  set_by: string;
}

const COLUMNS = 'area_id, measure, percent, due_on, set_at, set_by';

const toTarget = (r: TargetRow): Target => ({
  areaId: r.area_id,
  measure: r.measure,
  // numeric comes back as text from node-postgres: 92.5, not "92.5".
  percent: Number(r.percent),
  dueOn: r.due_on,
  setAt: new Date(r.set_at as string).toISOString(),
  setBy: r.set_by,
});

/** The commune an area belongs to: itself, or a village's parent. */
export const communeOf = (area: Area): string =>
  area.kind === 'commune' ? area.id : (area.parentId ?? area.id);

/**
 * [G4] Sets (or with `percent: null` removes) `area`'s target for `input.measure`, judged in scope by
 * the caller. The area's row is locked first: writes of one area's targets take turns, so that "did
 * this change anything" is judged on what the previous one left.
 */
export function setTarget(
  store: Store,
  session: Pick<Session, 'user' | 'deviceId'>,
  area: Area,
  input: TargetInput,
  now: number,
): Promise<Target | null> {
  return store.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM areas WHERE id = $1 FOR NO KEY UPDATE', [area.id]);
    const [old] = await tx.query<TargetRow>(
      `SELECT ${COLUMNS} FROM targets WHERE area_id = $1 AND measure = $2`,
      [area.id, input.measure],
    );
    const before = old ? toTarget(old) : null;
    const dueOn = input.dueOn ?? null;
    const at = new Date(now).toISOString();
    let after: Target | null;
    if (input.percent === null) {
      if (!before) return null;
      await tx.query('DELETE FROM targets WHERE area_id = $1 AND measure = $2', [area.id, input.measure]);
      after = null;
    } else {
      if (before && before.percent === input.percent && before.dueOn === dueOn) return before;
      const [row] = await tx.query<TargetRow>(
        `INSERT INTO targets (area_id, commune_id, measure, percent, due_on, set_at, set_by)
         VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::uuid)
         ON CONFLICT (area_id, measure) DO UPDATE
           SET percent = excluded.percent, due_on = excluded.due_on, set_at = excluded.set_at, set_by = excluded.set_by
         RETURNING ${COLUMNS}`,
        [area.id, communeOf(area), input.measure, input.percent, dueOn, at, session.user.id],
      );
      after = toTarget(row!);
    }
    await appendManageAudit(tx, {
      at,
      actorId: session.user.id,
      deviceId: session.deviceId,
      communeId: communeOf(area),
      action: 'target.set',
      targetAreaId: area.id,
      details: {
        measure: input.measure,
        percent: { old: before?.percent ?? null, new: after?.percent ?? null },
        dueOn: { old: before?.dueOn ?? null, new: after?.dueOn ?? null },
      },
    });
    return after;
  });
}

/**
 * [G4] The targets that apply to `area`: a commune's own and its villages' (`villages`, by name), a
 * village's own and its commune's; the commune's first, then by village in the order given, each
 * area's measures in TARGET_MEASURES' order.
 */
export async function targetsFor(db: Queryable, area: Area, villages: readonly Area[]): Promise<Target[]> {
  const communeId = communeOf(area);
  const rows =
    area.kind === 'commune'
      ? await db.query<TargetRow>(`SELECT ${COLUMNS} FROM targets WHERE commune_id = $1`, [communeId])
      : await db.query<TargetRow>(`SELECT ${COLUMNS} FROM targets WHERE area_id IN ($1, $2)`, [
          area.id,
          communeId,
        ]);
  const order = new Map<string, number>([[communeId, -1], ...villages.map((v, i) => [v.id, i] as const)]);
  return rows
    .map(toTarget)
    .sort(
      (a, b) =>
        (order.get(a.areaId) ?? villages.length) - (order.get(b.areaId) ?? villages.length) ||
        a.areaId.localeCompare(b.areaId) ||
        TARGET_MEASURES.indexOf(a.measure) - TARGET_MEASURES.indexOf(b.measure),
    );
}
