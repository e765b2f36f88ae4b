// The demo commune (SEED_DEMO, [S4]): when the database has no area yet, one commune with three villages of
// about 100 generated households each, under a province (issue 18: communes have been directly under
// their province since 7/2025), a volunteer per village, the commune's police officer, the province's
// police officer (who reads the commune, "Tổng hợp toàn tỉnh", and directs nothing) and an admin, with
// fixed demo logins. Records go in as if pushed: version 1, field versions, sequence numbers.
import { isoDateInVietnam } from '../domain/dates.ts';
import type { Entity } from '../domain/enums.ts';
import { generateVillage } from '../demo/generate.ts';
import { createArea } from './accounts/areas.ts';
import type { Role } from '../domain/users.ts';
import { createUser } from './accounts/users.ts';
import { LOCK_RECORDS, lockForTransaction, type Store } from './store/store.ts';
import type { FieldVersion } from './sync-service/merge.ts';
import { writeRecords, type RowWrite } from './sync-service/record-rows.ts';

/**
 * The province above the demo commune: Phú Thọ, which Hòa Bình province joined on 1 July 2025. Its id
 * and the commune's stay what they were (tests and scripts name `xa-demo`).
 */
export const DEMO_PROVINCE = { id: 'tinh-phu-tho', name: 'Tỉnh Phú Thọ' } as const;

export const DEMO_COMMUNE = { id: 'xa-demo', name: 'Xã Hòa Bình' } as const;

const VILLAGES = [
  { id: 'thon-dong', name: 'Thôn Đông', seed: 6001, households: 100 },
  { id: 'thon-trung', name: 'Thôn Trung', seed: 6002, households: 100 },
  { id: 'thon-doai', name: 'Thôn Đoài', seed: 6003, households: 100 },
] as const;

export interface DemoLogin {
  phone: string;
  password: string;
  name: string;
  role: Role;
  areaIds: string[];
  /** Who they are in the printed list, where the role alone would mislead (police of a province). */
  title?: string;
}

export const DEMO_LOGINS: readonly DemoLogin[] = [
  {
    phone: '0900000001',
    password: 'so06-demo-1',
    name: 'Nguyễn Thị Lan',
    role: 'volunteer',
    areaIds: ['thon-dong'],
  },
  {
    phone: '0900000002',
    password: 'so06-demo-2',
    name: 'Trần Văn Hùng',
    role: 'volunteer',
    areaIds: ['thon-trung'],
  },
  {
    phone: '0900000003',
    password: 'so06-demo-3',
    name: 'Lê Thị Hoa',
    role: 'volunteer',
    areaIds: ['thon-doai'],
  },
  {
    phone: '0900000004',
    password: 'so06-demo-4',
    name: 'Phạm Quốc Anh',
    role: 'police',
    areaIds: [DEMO_COMMUNE.id],
  },
  { phone: '0900000005', password: 'so06-demo-5', name: 'Quản trị Hòa Bình', role: 'admin', areaIds: [] },
  // Last: a script that wants "the police" (scripts/screens.ts) finds the commune's officer first.
  {
    phone: '0900000006',
    password: 'so06-demo-6',
    name: 'Đỗ Thanh Tùng',
    role: 'police',
    areaIds: [DEMO_PROVINCE.id],
    title: 'công an tỉnh',
  },
];

/** The device recorded as the writer of seeded fields: any phone's edit of them is judged against it. */
const SEED_DEVICE = 'demo-seed';

export type SeedResult = { seeded: true; records: number } | { seeded: false };

export async function seedDemo(store: Store, now: number): Promise<SeedResult> {
  return store.transaction(async (tx) => {
    // Under the records lock: two processes starting at once seed once, and seq stays in commit order.
    await lockForTransaction(tx, store.schema, LOCK_RECORDS);
    // [S4] Only into a database without areas.
    const [count] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM areas');
    if (Number(count?.n ?? 0) > 0) return { seeded: false };

    await createArea(tx, { id: DEMO_PROVINCE.id, kind: 'province', name: DEMO_PROVINCE.name }, now);
    await createArea(
      tx,
      { id: DEMO_COMMUNE.id, kind: 'commune', name: DEMO_COMMUNE.name, parentId: DEMO_PROVINCE.id },
      now,
    );
    for (const v of VILLAGES)
      await createArea(tx, { id: v.id, kind: 'village', name: v.name, parentId: DEMO_COMMUNE.id }, now);
    const userIds = new Map<string, string>();
    for (const login of DEMO_LOGINS) {
      const created = await createUser(tx, login, now);
      if (created.ok) userIds.set(login.areaIds[0] ?? login.role, created.user.id);
    }

    const today = isoDateInVietnam(now);
    const at = new Date(now).toISOString();
    const rows: RowWrite[] = [];
    for (const v of VILLAGES) {
      const village = generateVillage({
        villageId: v.id,
        villageName: v.name,
        households: v.households,
        seed: v.seed,
        today,
      });
      const by = userIds.get(v.id) ?? '00000000-0000-4000-8000-000000000000';
      const add = (entity: Entity, record: { id: string; householdId?: string }) => {
        const { id, version: _v, ...fields } = record as Record<string, unknown> & { id: string };
        const data = Object.fromEntries(
          Object.entries(fields).filter(([, x]) => x !== undefined && x !== null),
        );
        const fieldVersions: Record<string, FieldVersion> = {};
        for (const k of Object.keys(data)) fieldVersions[k] = { v: 1, device: SEED_DEVICE };
        rows.push({
          id,
          entity,
          villageId: v.id,
          householdId: entity === 'household' ? id : String(record.householdId),
          version: 1,
          data,
          fieldVersions,
          deleted: false,
          updatedAt: at,
          updatedBy: by,
        });
      };
      for (const h of village.households) add('household', h);
      for (const p of village.persons) add('person', p);
      for (const t of village.tasks) add('task', t);
      for (const x of village.visits) add('visit', x);
    }
    await writeRecords(tx, rows);
    return { seeded: true, records: rows.length };
  });
}
